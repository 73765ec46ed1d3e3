import { chmod, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { chromiumPath } from "../../scripts/lib/browser-replay";
import { freePort } from "../../scripts/lib/free-port";
import { useSystemChromiumForBrowserBinding } from "../../scripts/lib/local-browser";
import { startLocalPostgres } from "../../scripts/lib/local-postgres";
import { migrateDatabase } from "../../scripts/lib/migrate";
import { ACCESS_TEST } from "../auth/fixtures/access-test";
import { ECB_BASE_URL } from "../ingest/fx-rates";
import { ADAPTERS } from "../providers";
import { startFixtureServer } from "./fixture-server";
import { startNeonWsProxy } from "./neon-ws-proxy";
import { startStallingDatabases } from "./stalling-database";

/**
 * One real PostgreSQL for the whole run (fresh temp dir, deleted afterwards), migrated once.
 * `TEST_DATABASE_URL` points the suite at another server instead (it is migrated too).
 */
export default async function setup(project: TestProject) {
  // Browser scrapes in the Worker tests go through the real local BROWSER binding, on chromium.
  const chromium = chromiumPath();
  if (chromium) await useSystemChromiumForBrowserBinding(chromium);
  let databaseUrl = process.env.TEST_DATABASE_URL;
  let stopDatabase = async () => {};
  if (!databaseUrl) {
    const root = await mkdtemp(join(tmpdir(), "cloudgpus-test-"));
    await chmod(root, 0o755); // as root, the server runs as the `postgres` user and must reach its data dir
    const server = await startLocalPostgres({
      dataDir: join(root, "postgres"),
      port: await freePort(),
      persistent: false,
    });
    databaseUrl = server.url;
    stopDatabase = server.stop;
  }
  await migrateDatabase(databaseUrl);
  const proxy = await startNeonWsProxy();
  const stalling = await startStallingDatabases(databaseUrl);
  const root = join(import.meta.dirname, "../..");
  const fixtures = await startFixtureServer(root, {
    ecb: join(root, "workers/ingest/fixtures/ecb"),
    postmark: join(root, "workers/alerts/fixtures/postmark"),
    dns: join(root, "workers/alerts/fixtures/dns"),
    access: join(root, "workers/auth/fixtures/access"),
  });
  // The Worker under test scrapes the recorded sources: every adapter's base URL points at its
  // `success` recording on the fixture server; tests pass other fixtures in an env of their own.
  const bindings: Record<string, string> = {
    [ECB_BASE_URL.env]: `${fixtures.url}/ecb/daily`,
    // Alert mail goes to Postmark's recorded answer, webhook hosts are resolved from documented ones.
    POSTMARK_SERVER_TOKEN: "POSTMARK_API_TEST",
    POSTMARK_BASE_URL: `${fixtures.url}/postmark/sent`,
    DNS_RESOLVER_URL: `${fixtures.url}/dns/answers/dns-query`,
    // Cloudflare Access in front of /admin: JWTs signed by the test key whose public half the
    // fixture server answers as the team's certs (workers/auth/fixtures/access).
    ACCESS_TEAM_DOMAIN: ACCESS_TEST.teamDomain,
    ACCESS_AUD: ACCESS_TEST.audience,
    ACCESS_CERTS_URL: `${fixtures.url}/access/certs/cdn-cgi/access/certs`,
  };
  for (const adapter of Object.values(ADAPTERS)) {
    bindings[adapter.baseUrl.env] = `${fixtures.url}/${adapter.slug}/success`;
    if (adapter.credential) bindings[adapter.credential.secret] = `test-${adapter.slug}-key`;
  }
  project.provide("databaseUrl", databaseUrl);
  project.provide("neonWsProxy", proxy.address);
  project.provide("fixtureServer", fixtures.url);
  project.provide("providerBindings", bindings);
  project.provide("stallingDatabases", { atConnect: stalling.atConnect, atQuery: stalling.atQuery });
  return async () => {
    await fixtures.close();
    await proxy.close();
    await stalling.close();
    await stopDatabase();
  };
}
