import { describe, expect, it } from "vitest";
import { identifyGpu } from "../../../shared/gpu-identity";
import { pricesOutsideBands } from "../../testing/bands";
import { scrapeRecording } from "../../testing/recordings";
import drift from "./fixtures/drift.json";
import empty from "./fixtures/empty.json";
import error from "./fixtures/error.json";
import partial from "./fixtures/partial.json";
import recorded from "./fixtures/recorded-2026-08-10.json";
import success from "./fixtures/success.json";
import { AWS_GPU_INSTANCES, AWS_SPOT_URL, aws, onDemandUrl } from "./index";

const VIRGINIA_URL = onDemandUrl("https://b0.p.awsstatic.com", "US East (N. Virginia)");

describe("aws adapter", () => {
  it("prices each GPU instance type per region, for the whole instance, in dollars", async () => {
    const { offers } = await scrapeRecording(aws, success);
    expect(offers.find((offer) => offer.instanceType === "p5.48xlarge/us-east-1")).toMatchObject({
      instanceName: "p5.48xlarge",
      gpuNameRaw: "NVIDIA H100",
      gpuCount: 8,
      gpuMemoryGb: 80,
      formFactor: "SXM",
      currency: "USD",
      pricePerHour: 55.04,
      pricePerHourSpot: 17.8912,
      availability: "limited",
      regions: ["us-east-1"],
      vcpuCount: 192,
      ramGb: 2199, // 2048 GiB
      sourceUrl: VIRGINIA_URL,
    });
    expect(offers.find((offer) => offer.instanceType === "p5.48xlarge/us-west-2")).toMatchObject({
      pricePerHour: 55.04,
      pricePerHourSpot: 21.0412,
      regions: ["us-west-2"],
    });
  });

  it("names the GPU, count and memory from the instance table, since AWS's prices do not", async () => {
    const { offers } = await scrapeRecording(aws, success);
    const offer = (key: string) => offers.find((candidate) => candidate.instanceType === key);
    expect(offer("p4d.24xlarge/us-east-1")).toMatchObject({
      gpuNameRaw: "NVIDIA A100 40GB",
      gpuCount: 8,
      gpuMemoryGb: 40,
    });
    expect(offer("p4de.24xlarge/us-east-1")).toMatchObject({ gpuNameRaw: "NVIDIA A100 80GB", gpuMemoryGb: 80 });
    expect(offer("p5.4xlarge/us-east-1")).toMatchObject({ gpuNameRaw: "NVIDIA H100", gpuCount: 1, pricePerHour: 6.88 });
    expect(offer("p5en.48xlarge/us-east-1")).toMatchObject({ gpuNameRaw: "NVIDIA H200", gpuMemoryGb: 141 });
    expect(offer("p6-b200.48xlarge/us-east-1")).toMatchObject({ gpuNameRaw: "NVIDIA B200", gpuCount: 8 });
    expect(offer("g6e.12xlarge/us-east-1")).toMatchObject({ gpuNameRaw: "NVIDIA L40S", gpuCount: 4, gpuMemoryGb: 48 });
    expect(offer("g5.xlarge/us-east-1")).toMatchObject({
      gpuNameRaw: "NVIDIA A10G",
      gpuCount: 1,
      pricePerHourSpot: 0.4233,
    });
    expect(offer("g4dn.xlarge/us-east-1")).toMatchObject({ gpuNameRaw: "NVIDIA T4", gpuMemoryGb: 16 });
  });

  it("maps every GPU of the instance table to a catalog GPU", () => {
    const unmapped = Object.entries(AWS_GPU_INSTANCES).flatMap(([type, gpu]) => {
      const identity = identifyGpu({ name: gpu.gpu, memoryGb: gpu.memoryGb, formFactor: gpu.formFactor });
      return identity.slug ? [] : [`${type}: ${gpu.gpu}`];
    });
    expect(unmapped).toEqual([]);
  });

  it("leaves out CPU types, and reports fractional and unknown GPU types instead of guessing", async () => {
    const { offers, skipped } = await scrapeRecording(aws, success);
    expect(offers).toHaveLength(13); // 11 in N. Virginia, 2 in Oregon
    expect(offers.map((offer) => offer.instanceName)).not.toContain("m7i.large");
    expect(skipped).toMatchObject([
      { instanceType: "g6f.large/us-east-1", cause: "excluded", reason: "a fraction of one GPU" },
      { instanceType: "g4ad.xlarge/us-east-1", cause: "excluded", reason: /not in the adapter's instance/ },
    ]);
  });

  it("keeps spot empty where the feed says N/A* or lists no price", async () => {
    const { offers } = await scrapeRecording(aws, success);
    expect(offers.find((offer) => offer.instanceType === "p4d.24xlarge/us-east-1")?.pricePerHourSpot).toBeNull();
    expect(offers.find((offer) => offer.instanceType === "g6e.xlarge/us-west-2")?.pricePerHourSpot).toBeNull();
  });

  it("asks only for the locations AWS publishes and the one spot feed", async () => {
    const { exchanges } = await scrapeRecording(aws, success);
    const found = exchanges.filter((exchange) => exchange.status === 200).map((exchange) => exchange.url);
    expect(found).toEqual([VIRGINIA_URL, onDemandUrl("https://b0.p.awsstatic.com", "US West (Oregon)"), AWS_SPOT_URL]);
    expect(VIRGINIA_URL).toBe(
      "https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/ec2/USD/current/ec2-ondemand-without-sec-sel/US%20East%20(N.%20Virginia)/Linux/index.json",
    );
  });

  it("keeps AWS's prices inside every GPU's plausible band", async () => {
    expect(pricesOutsideBands("aws", (await scrapeRecording(aws, success)).offers)).toEqual([]);
    expect(pricesOutsideBands("aws", (await scrapeRecording(aws, recorded)).offers)).toEqual([]);
  });

  it("reads the spot prices of AWS's recorded spot feed for the region they are quoted in", async () => {
    const { offers, skipped } = await scrapeRecording(aws, recorded);
    expect(skipped).toEqual([]);
    // inf1 is an Inferentia (not a GPU) type; only the three g4dn types of the location document are offers.
    expect(offers.map((offer) => [offer.instanceType, offer.pricePerHourSpot])).toEqual([
      ["g4dn.xlarge/af-south-1", 0.2452],
      ["g4dn.12xlarge/af-south-1", 0.9625],
      ["g4dn.metal/af-south-1", 10.381],
    ]);
    expect(offers[2]).toMatchObject({ gpuCount: 8, gpuNameRaw: "NVIDIA T4", pricePerHour: 10.344 });
  });

  it("returns no offers for a location with no instances", async () => {
    expect(await scrapeRecording(aws, empty)).toMatchObject({ offers: [], skipped: [] });
  });

  it("keeps the good entries, reports unreadable ones, and still prices on-demand when the spot feed fails", async () => {
    const { offers, skipped } = await scrapeRecording(aws, partial);
    expect(offers.map((offer) => [offer.instanceType, offer.pricePerHour, offer.pricePerHourSpot])).toEqual([
      ["p5.48xlarge/us-east-1", 55.04, null],
    ]);
    expect(skipped.map((record) => [record.instanceType, record.reason])).toEqual([
      [undefined, expect.stringMatching(/spot feed not read \(UPSTREAM_UNAVAILABLE\)/)],
      ["g6e.xlarge/us-east-1", expect.stringMatching(/^price:/)],
      ["g5.xlarge/us-east-1", expect.stringMatching(/0\.0000000000 is not a price/)],
    ]);
  });

  it("fails the scrape as schema drift when the prices are not under `regions`", async () => {
    await expect(scrapeRecording(aws, drift)).rejects.toMatchObject({ code: "SCHEMA_DRIFT" });
  });

  it("fails as BLOCKED when AWS answers the location document with 403 Access Denied", async () => {
    await expect(scrapeRecording(aws, error)).rejects.toMatchObject({ code: "BLOCKED", details: { status: 403 } });
  });

  it("fails with NOT_FOUND when no location has a document", async () => {
    const none = { provider: "aws", recordedAt: null, origin: "documented", exchanges: [] };
    await expect(scrapeRecording(aws, none)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
