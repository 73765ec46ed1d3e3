import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { normalisedOfferSchema } from "../shared/offers";
import { ADAPTERS } from "../workers/providers";
import { ownDatabase } from "./lib/own-database";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..");
const scrape = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(join(root, "node_modules/.bin/tsx"), ["scripts/scrape.ts", ...args], {
    cwd: root,
    env: { ...process.env, ...env },
  });
const fixture = (provider: string, name = "success") =>
  join(root, "workers/providers", provider, "fixtures", `${name}.json`);

describe("npm run scrape", () => {
  it.each([
    ["runpod", 37],
    ["vast-ai", 13],
    ["lambda-labs", 12],
    ["datacrunch", 11],
    ["vultr", 11],
    ["scaleway", 9],
  ])("prints the normalised offers of a %s recording as one JSON array", async (provider, offers) => {
    const { stdout } = await scrape(["--provider", provider, "--replay", fixture(provider), "--json"], {
      DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none",
    });
    const printed = z.array(normalisedOfferSchema).parse(JSON.parse(stdout));
    expect(printed).toHaveLength(offers);
    expect(printed.every((offer) => offer.provider === provider)).toBe(true);
  });

  it("prints RunPod's H100 SXM Secure Cloud offer in the contract's shape", async () => {
    const { stdout } = await scrape(["--provider", "runpod", "--replay", fixture("runpod"), "--json"]);
    expect(JSON.parse(stdout)).toContainEqual({
      provider: "runpod",
      instance_type: "secure:NVIDIA H100 80GB HBM3",
      gpu_model: "h100-sxm",
      gpu_name_raw: "NVIDIA H100 80GB HBM3",
      gpu_count: 1,
      price_per_hour: 2.99,
      price_per_gpu_hour: 2.99,
      price_per_hour_spot: 1.75,
      availability_status: "available",
      regions: [],
    });
  });

  it("exits non-zero with the provider's error when the recording is an error", async () => {
    const failure = await scrape(["--provider", "runpod", "--replay", fixture("runpod", "drift"), "--json"]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain("SCHEMA_DRIFT");
  });

  it("lists every adapter with its source class, method, credential and fixture origin", async () => {
    const { stdout } = await scrape(["--list"]);
    const lines = stdout.trim().split("\n");
    expect(lines.find((line) => line.startsWith("lambda-labs\t"))).toMatch(/^lambda-labs\thybrid\tapi\toptional\t/);
    expect(lines.find((line) => line.startsWith("mithril\t"))).toMatch(/^mithril\tapi-key\tapi\trequired\t/);
    expect(lines.find((line) => line.startsWith("scaleway\t"))).toMatch(/^scaleway\tapi-open\tapi\tnone\t/);
    expect(lines.find((line) => line.startsWith("shadeform\t"))).toMatch(/^shadeform\taggregator\tapi\trequired\t/);
    expect(lines.map((line) => line.split("\t")[0])).toEqual(Object.keys(ADAPTERS).sort());
    for (const line of lines)
      expect(line).toMatch(
        /^[a-z0-9-]+\t(api-open|api-key|hybrid|aggregator|html|browser)\t(api|html|browser)\t(none|optional|required)\t(recorded|documented)$/,
      );
  });

  it("refuses an unknown provider", async () => {
    const failure = await scrape(["--provider", "nope", "--replay", fixture("runpod")]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2 });
  });

  it("stores a recording into DATABASE_URL with --store", async () => {
    // Scaleway's seed row gets offers and a scrape job: in a database of this test's own, so the
    // Worker tests that scrape Scaleway in the shared one never see them.
    const databaseUrl = await ownDatabase(inject("databaseUrl"), `cloudgpus_scrape_cli_${process.pid}`);
    await scrape(["--provider", "scaleway", "--replay", fixture("scaleway"), "--store"], { DATABASE_URL: databaseUrl });
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query(
      `SELECT i.instance_type, i.price_per_hour::float AS price, i.price_includes->>'original_currency' AS currency
       FROM cloudgpus.instances i JOIN cloudgpus.providers p ON p.id = i.provider_id
       WHERE p.slug = 'scaleway' AND i.instance_type = 'H100-1-80G'`,
    );
    await client.end();
    expect(rows).toEqual([{ instance_type: "H100-1-80G", price: expect.any(Number), currency: "EUR" }]);
  });
});
