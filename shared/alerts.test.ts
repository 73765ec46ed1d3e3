import { createHmac, timingSafeEqual } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  alertRuleSchema,
  conditionsHolding,
  eventsToFire,
  firingKey,
  type MatchOffer,
  type MatchRule,
  ruleProblems,
  signatureHeader,
} from "./alerts";

const rule = (overrides: Partial<MatchRule> = {}): MatchRule => ({
  id: "rule-1",
  kind: "on_demand",
  providerIds: null,
  reliabilityTier: null,
  region: null,
  maxPricePerGpuHour: 2,
  backInStock: false,
  ...overrides,
});
const offer = (overrides: Partial<MatchOffer> = {}): MatchOffer => ({
  instanceId: "offer-1",
  providerId: "runpod-id",
  reliabilityTier: "standard",
  regions: ["us-east-1"],
  gpuCount: 8,
  pricePerGpuHour: 1.99,
  pricePerHourSpot: 12,
  availability: "available",
  isActive: true,
  ...overrides,
});

describe("alert rules", () => {
  const valid = { gpu: "h100-sxm", max_price_per_gpu_hour: 2, channel: "email", target: "ops@example.com" };

  it("parses a rule with its defaults", () => {
    expect(alertRuleSchema.parse(valid)).toEqual({ ...valid, kind: "on_demand", back_in_stock: false, digest: false });
  });

  it.each([
    ["an unknown field", { ...valid, maxPrice: 2 }],
    ["a GPU that is not a slug", { ...valid, gpu: "H100 SXM" }],
    ["a negative price", { ...valid, max_price_per_gpu_hour: -1 }],
    ["a price as text", { ...valid, max_price_per_gpu_hour: "2" }],
    ["an unknown channel", { ...valid, channel: "sms" }],
    ["an unknown kind", { ...valid, kind: "reserved" }],
    ["an empty provider list", { ...valid, providers: [] }],
    ["an unknown tier", { ...valid, tier: "gold" }],
  ])("refuses %s", (_name, body) => {
    expect(alertRuleSchema.safeParse(body).success).toBe(false);
  });

  it.each([
    [
      "a rule that watches nothing",
      { gpu: "h100-sxm", channel: "email", target: "ops@example.com" },
      [["max_price_per_gpu_hour", "give max_price_per_gpu_hour, back_in_stock: true, or both"]],
    ],
    ["an email that is not one", { ...valid, target: "ops at example" }, [["target", "not an email address"]]],
    [
      "a digest on a webhook",
      { ...valid, channel: "webhook", target: "https://hooks.example.com/x", digest: true },
      [["digest", "a digest is for email only"]],
    ],
    [
      "a Slack target that is not Slack's",
      { ...valid, channel: "slack", target: "https://hooks.example.com/services/T0/B0/x" },
      [["target", "not a Slack incoming-webhook URL (https://hooks.slack.com/services/…)"]],
    ],
    [
      "a webhook to the metadata service",
      { ...valid, channel: "webhook", target: "https://169.254.169.254/latest" },
      [["target", "the host is a link-local address (cloud metadata lives here)"]],
    ],
  ])("names the problem of %s", (_name, body, problems) => {
    expect(ruleProblems(alertRuleSchema.parse(body))).toEqual(problems);
  });

  it("accepts Slack's own webhook URLs and back-in-stock-only rules", () => {
    const slack = {
      gpu: "a100-80gb",
      back_in_stock: true,
      channel: "slack",
      target: "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
    };
    expect(ruleProblems(alertRuleSchema.parse(slack))).toEqual([]);
  });
});

describe("when a rule holds", () => {
  it("holds for a price at or under the bound, in stock", () => {
    expect(conditionsHolding(rule(), offer())).toEqual(["price_below"]);
    expect(conditionsHolding(rule({ maxPricePerGpuHour: 1.99 }), offer())).toEqual(["price_below"]);
    expect(conditionsHolding(rule({ maxPricePerGpuHour: 1.98 }), offer())).toEqual([]);
  });

  it("does not hold for a price nobody can rent", () => {
    expect(conditionsHolding(rule(), offer({ availability: "sold_out" }))).toEqual([]);
    expect(conditionsHolding(rule(), offer({ isActive: false }))).toEqual([]);
  });

  it("watches the spot price per GPU for a spot rule", () => {
    // $12/h spot for 8 GPUs is $1.50 per GPU-hour.
    expect(conditionsHolding(rule({ kind: "spot", maxPricePerGpuHour: 1.5 }), offer())).toEqual(["price_below"]);
    expect(conditionsHolding(rule({ kind: "spot", maxPricePerGpuHour: 1.49 }), offer())).toEqual([]);
    expect(conditionsHolding(rule({ kind: "spot" }), offer({ pricePerHourSpot: null }))).toEqual([]);
  });

  it("narrows by provider, tier and region", () => {
    expect(conditionsHolding(rule({ providerIds: ["lambda-id"] }), offer())).toEqual([]);
    expect(conditionsHolding(rule({ providerIds: ["lambda-id", "runpod-id"] }), offer())).toEqual(["price_below"]);
    expect(conditionsHolding(rule({ reliabilityTier: "enterprise" }), offer())).toEqual([]);
    expect(conditionsHolding(rule({ region: "eu-west-1" }), offer())).toEqual([]);
    expect(conditionsHolding(rule({ region: "us-east-1" }), offer())).toEqual(["price_below"]);
  });

  it("holds back in stock while the offer can be rented", () => {
    const stock = rule({ maxPricePerGpuHour: null, backInStock: true });
    expect(conditionsHolding(stock, offer({ availability: "limited" }))).toEqual(["back_in_stock"]);
    expect(conditionsHolding(stock, offer({ availability: "waitlist" }))).toEqual([]);
  });

  it("fires once per crossing, and again after a reset", () => {
    const key = firingKey("rule-1", "offer-1", "price_below");
    const scrape1 = eventsToFire(new Set([key]), new Set());
    expect(scrape1).toEqual({ fire: [key], reset: [] });
    const scrape2 = eventsToFire(new Set([key]), new Set([key]));
    expect(scrape2).toEqual({ fire: [], reset: [] });
    const scrape3 = eventsToFire(new Set(), new Set([key]));
    expect(scrape3).toEqual({ fire: [], reset: [key] });
    expect(eventsToFire(new Set([key]), new Set())).toEqual({ fire: [key], reset: [] });
  });
});

describe("webhook signatures", () => {
  it("verify with the README's recipe (Node's crypto)", async () => {
    const secret = "whsec_3f9a7c1e5b2d4f6a8c0e1b3d5f7a9c2e";
    const body = JSON.stringify({ events: [{ event: "price_below" }] });
    const header = await signatureHeader(secret, 1_764_633_600, body);
    expect(header).toMatch(/^t=1764633600,v1=[0-9a-f]{64}$/);

    // The recipe, as a receiver writes it (README, "Webhook signatures").
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header)!;
    const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    expect(timingSafeEqual(Buffer.from(expected, "hex"), Buffer.from(v1!, "hex"))).toBe(true);
    // Any other body or time does not verify.
    const forged = createHmac("sha256", secret).update(`${t}.${body} `).digest("hex");
    expect(forged).not.toBe(v1);
  });

  it('is HMAC-SHA256 over "<t>.<body>" (a value computed apart, with Python\'s hmac module)', async () => {
    expect(await signatureHeader("whsec_test", 1_764_633_600, '{"a":1}')).toBe(
      "t=1764633600,v1=061a9e466ef219976632ccfead66b8e555a2a73100d687fa438981b09a9a6117",
    );
  });
});
