import { describe, expect, it } from "vitest";
import { regionOf } from "./regions";

describe("regionOf", () => {
  it.each([
    ["US", "north-america"],
    ["CA", "north-america"],
    ["DE", "europe"],
    ["FI", "europe"],
    ["JP", "asia"],
    ["TW", "asia"],
    ["AU", "oceania"],
    ["BR", "south-america"],
    ["ZA", "middle-east-africa"],
    ["us-east-1", "north-america"],
    ["us-south-2", "north-america"],
    ["europe-central-1", "europe"],
    ["asia-northeast-1", "asia"],
    ["me-west-1", "middle-east-africa"],
    ["fr-par-2", "europe"],
    ["nl-ams-1", "europe"],
    ["pl-waw-2", "europe"],
    ["ewr", "north-america"],
    ["fra", "europe"],
    ["nrt", "asia"],
    ["syd", "oceania"],
    // Azure's one-word names and GCP's region codes
    ["eastus2", "north-america"],
    ["westeurope", "europe"],
    ["japaneast", "asia"],
    ["australiaeast", "oceania"],
    ["southafricanorth", "middle-east-africa"],
    ["australia-southeast1", "oceania"],
    ["africa-south1", "middle-east-africa"],
  ])("puts %s in %s", (location, region) => {
    expect(regionOf(location)).toBe(region);
  });

  it.each(["", "moon-base-1", "XX", "FIN-01x", "global"])("does not guess for %j", (location) => {
    expect(regionOf(location)).toBeNull();
  });
});
