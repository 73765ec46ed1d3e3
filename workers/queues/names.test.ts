import { describe, expect, it } from "vitest";
import { routeQueue } from "./names";

describe("routeQueue", () => {
  it.each([
    ["cloudgpus-scrape", { kind: "scrape", deadLetter: false }],
    ["cloudgpus-browser-scrape", { kind: "browser-scrape", deadLetter: false }],
    ["cloudgpus-maintenance-dlq", { kind: "maintenance", deadLetter: true }],
    ["cloudgpus-notify-staging", { kind: "notify", deadLetter: false }],
    ["cloudgpus-browser-scrape-dlq-production", { kind: "browser-scrape", deadLetter: true }],
  ])("routes %s", (name, route) => {
    expect(routeQueue(name)).toEqual(route);
  });

  it.each(["cloudgpus-unknown", "scrape", "other-scrape", "cloudgpus-scrape-dlq-dlq", ""])(
    "does not route %j",
    (name) => {
      expect(routeQueue(name)).toBeNull();
    },
  );
});
