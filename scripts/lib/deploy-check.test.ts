import { describe, expect, it } from "vitest";
import { deployProblems, parseDryRun } from "./deploy-check";

// What `wrangler deploy --dry-run --env staging` printed for this repository (wrangler 4.155).
const STAGING = `
 ⛅️ wrangler 4.155.0 (update available 4.164.0)
───────────────────────────────────────────────
✨ Read 3 files from the assets directory /work/main/web/public
Total Upload: 3891.14 KiB / gzip: 796.96 KiB
Your Worker has access to the following bindings:
Binding                                                          Resource
env.PROVIDER_BREAKER (ProviderBreaker)                           Durable Object
env.RATE_LIMITER (RateLimiter)                                   Durable Object
env.CACHE (<staging-kv-namespace-id>)                            KV Namespace
env.SCRAPE_QUEUE (cloudgpus-scrape-staging)                      Queue
env.BROWSER_SCRAPE_QUEUE (cloudgpus-browser-scrape-staging)      Queue
env.NOTIFY_QUEUE (cloudgpus-notify-staging)                      Queue
env.MAINTENANCE_QUEUE (cloudgpus-maintenance-staging)            Queue
env.HYPERDRIVE (<staging-hyperdrive-cached-id>)                  Hyperdrive Config
env.HYPERDRIVE_UNCACHED (<staging-hyperdrive-uncached-id>)       Hyperdrive Config
env.SCREENSHOTS (cloudgpus-screenshots-staging)                  R2 Bucket
env.BROWSER                                                      Browser Run
env.ASSETS                                                       Assets
env.ENVIRONMENT ("staging")                                      Environment Variable
env.SITE_URL ("https://staging.cloudgpus.io")                    Environment Variable
env.CORS_ORIGINS ("https://staging.cloudgpus.io")                Environment Variable

--dry-run: exiting now.
`;
const DEVELOPMENT = STAGING.replaceAll("-staging", "")
  .replace("<staging-kv-namespace-id>", "00000000000000000000000000000000")
  .replace("<staging-hyperdrive-cached-id>", "00000000000000000000000000000001")
  .replace("<staging-hyperdrive-uncached-id>", "00000000000000000000000000000002");

describe("deploy:check", () => {
  const development = parseDryRun("development", DEVELOPMENT);

  it("reads the sizes and every binding of a dry run", () => {
    const staging = parseDryRun("staging", STAGING);
    expect(staging.gzipKiB).toBe(796.96);
    expect(staging.uploadKiB).toBe(3891.14);
    expect([...staging.bindings.keys()]).toHaveLength(15);
    expect(staging.bindings.get("CACHE")).toBe("<staging-kv-namespace-id>");
    expect(staging.bindings.get("BROWSER")).toBe("");
  });

  it("passes development, whose zero ids are the local ones", () => {
    expect(deployProblems(development, development)).toEqual([]);
  });

  it("names each placeholder id left in staging", () => {
    expect(deployProblems(parseDryRun("staging", STAGING), development)).toEqual([
      "CACHE still has the placeholder id <staging-kv-namespace-id>: create the resource and put its id in wrangler.toml [env.staging]",
      "HYPERDRIVE still has the placeholder id <staging-hyperdrive-cached-id>: create the resource and put its id in wrangler.toml [env.staging]",
      "HYPERDRIVE_UNCACHED still has the placeholder id <staging-hyperdrive-uncached-id>: create the resource and put its id in wrangler.toml [env.staging]",
    ]);
  });

  it("fails a missing binding and a bundle over 1 MiB gzipped", () => {
    const filled = STAGING.replace(/<staging-[a-z-]+-id>/g, "3f9a7c1e5b2d4f6a8c0e1b3d5f7a9c2e")
      .replace("gzip: 796.96 KiB", "gzip: 1100.5 KiB")
      .replace(/^env\.SCREENSHOTS .*$/m, "");
    expect(deployProblems(parseDryRun("production", filled), development)).toEqual([
      "the bundle is 1100.5 KiB gzipped, over the 1024 KiB budget",
      "binding SCREENSHOTS is missing (development has it)",
    ]);
  });
});
