import { execFile } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "./lib/free-port";
import { ownDatabase } from "./lib/own-database";
import { type Stack, startStack, waitUntilHealthy } from "./lib/stack";

// A price alert end to end in `wrangler dev`: a webhook subscription to a receiver on this
// machine (allowed by the development-only ALERTS_ALLOW_LOOPBACK), then scrapes stored with
// `npm run scrape -- --replay … --store --announce`. A price drop under the bound brings exactly one
// signed POST; the same scrape stored again brings none.

const ROOT = join(import.meta.dirname, "..");
const ADMIN_TOKEN = crypto.randomUUID();
const PROVIDER = "voltage-park";
const RECORDING = join(ROOT, `workers/providers/${PROVIDER}/fixtures/success.json`);

let stack: Stack;
let state: string;
let receiver: Server;
let receiverUrl: string;
const received: { signature: string | undefined; body: string }[] = [];

function scrape(recording: string) {
  return promisify(execFile)(
    join(ROOT, "node_modules/.bin/tsx"),
    ["scripts/scrape.ts", "--provider", PROVIDER, "--replay", recording, "--store", "--announce", stack.url],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: stack.database.url, ADMIN_TOKEN } },
  );
}

async function until(condition: () => boolean, seconds: number) {
  const deadline = Date.now() + seconds * 1_000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
}

describe("a price alert in wrangler dev", () => {
  beforeAll(async () => {
    state = await mkdtemp(join(tmpdir(), "cloudgpus-alerts-"));
    receiver = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      received.push({
        signature: request.headers["x-cloudgpus-signature"] as string | undefined,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      response.writeHead(204).end();
    });
    const port = await freePort();
    await new Promise<void>((resolve) => receiver.listen(port, "127.0.0.1", resolve));
    receiverUrl = `http://127.0.0.1:${port}/hooks/cloudgpus`;
    stack = await startStack({
      port: String(await freePort()),
      persistTo: state,
      env: {
        ...process.env,
        DATABASE_URL: await ownDatabase(inject("databaseUrl"), `cloudgpus_alerts_${process.pid}`),
      },
      vars: { ADMIN_TOKEN, ALERTS_ALLOW_LOOPBACK: "true" },
      stdio: "ignore",
      log: () => {},
    });
    await waitUntilHealthy(stack.url);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => receiver?.close(resolve));
    await rm(state, { recursive: true, force: true });
  });

  it("POSTs one signed alert after a price drop, and none after the same scrape again", async () => {
    // Voltage Park's recording lists an H100 SXM node at $1.99 per GPU-hour (ethernet).
    const original = await readFile(RECORDING, "utf8");
    expect(original).toContain('"gpu_price_ethernet": "1.99"');
    await scrape(RECORDING);

    const made = await fetch(`${stack.url}/api/alerts`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        gpu: "h100-sxm",
        providers: [PROVIDER],
        max_price_per_gpu_hour: 1.85,
        channel: "webhook",
        target: receiverUrl,
      }),
    });
    expect(made.status).toBe(201);
    const { alert, signing_secret: secret } = (await made.json()) as { alert: { id: string }; signing_secret: string };

    // The same recording with that node's price cut to $1.79 (written for this test only).
    const cut = join(state, "voltage-park-cut.json");
    const recording = JSON.parse(original) as { note?: string };
    recording.note =
      "Derived in scripts/alerts.test.ts from success.json: the H100 ethernet price cut from 1.99 to 1.79.";
    await writeFile(
      cut,
      JSON.stringify(recording).replace('"gpu_price_ethernet":"1.99"', '"gpu_price_ethernet":"1.79"'),
    );
    expect(await readFile(cut, "utf8")).toContain('"gpu_price_ethernet":"1.79"');

    await scrape(cut);
    await until(() => received.length > 0, 45);
    expect(received).toHaveLength(1);
    const [post] = received;
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(post?.signature ?? "") ?? [];
    expect(createHmac("sha256", secret).update(`${t}.${post?.body}`).digest("hex")).toBe(v1);
    const payload = JSON.parse(post?.body ?? "{}") as { subscription: string; events: Record<string, unknown>[] };
    expect(payload.subscription).toBe(alert.id);
    expect(payload.events).toEqual([
      expect.objectContaining({
        event: "price_below",
        price_per_gpu_hour: 1.79,
        provider: expect.objectContaining({ slug: PROVIDER }),
        gpu: expect.objectContaining({ slug: "h100-sxm" }),
      }),
    ]);

    // The same scrape again: the price still holds under the bound, so nothing fires.
    await scrape(cut);
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    expect(received).toHaveLength(1);
  }, 180_000);
});
