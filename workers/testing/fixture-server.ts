import { readdir, readFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import { join } from "node:path";
import { type Recording, recordedBaseUrl, recordingSchema, replayFetch } from "../providers/replay";

/**
 * A loopback HTTP server that plays every provider recording in the repository, so the Worker can
 * scrape "live" in tests without the internet: `http://127.0.0.1:<port>/<provider>/<fixture>/…`
 * answers what `workers/providers/<provider>/fixtures/<fixture>.json` recorded for `…`.
 * Fixture sets outside providers/ (the ECB rates) live under `extraFixtureDirs`.
 */
export async function startFixtureServer(root: string, extraFixtureDirs: Record<string, string> = {}) {
  const fixtures = new Map<string, Recording>();
  const providersDir = join(root, "workers/providers");
  const sets: Record<string, string> = { ...extraFixtureDirs };
  for (const entry of await readdir(providersDir, { withFileTypes: true })) {
    if (entry.isDirectory()) sets[entry.name] = join(providersDir, entry.name, "fixtures");
  }
  for (const [name, dir] of Object.entries(sets)) {
    const files = await readdir(dir).catch(() => [] as string[]);
    for (const file of files.filter((candidate) => candidate.endsWith(".json"))) {
      fixtures.set(
        `${name}/${file.replace(/\.json$/, "")}`,
        recordingSchema.parse(JSON.parse(await readFile(join(dir, file), "utf8"))),
      );
    }
  }

  const server = createServer(async (request: IncomingMessage, response) => {
    const url = new URL(request.url ?? "/", "http://fixtures");
    const [, set, fixture, ...rest] = url.pathname.split("/");
    const recording = fixtures.get(`${set}/${fixture}`);
    if (!recording) {
      response.writeHead(404).end(`no fixture ${set}/${fixture}`);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    // A recording may span hosts (OCI: price list on apexapps.oracle.com, shapes on www.oracle.com):
    // the request goes to the host of the exchange recorded for its path, else to the first one's.
    const path = `/${rest.join("/")}`.replace(/\/+$/, "");
    const samePath = recording.exchanges.find(
      (exchange) => new URL(exchange.request.url).pathname.replace(/\/+$/, "") === path,
    );
    const base = samePath
      ? new URL(samePath.request.url).origin
      : recordedBaseUrl(recording, new URL(recording.exchanges[0]?.request.url ?? "https://unknown").origin);
    const target = `${base}/${rest.join("/")}${url.search}`;
    const replayed = await replayFetch(recording)(target, {
      method: request.method,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    response.writeHead(replayed.status, Object.fromEntries(replayed.headers));
    response.end(Buffer.from(await replayed.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    fixtures: [...fixtures.keys()],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
