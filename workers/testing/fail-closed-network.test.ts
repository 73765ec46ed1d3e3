import { describe, expect, it } from "vitest";

describe("test network guard", () => {
  it("rejects requests to the internet", async () => {
    await expect(fetch("https://api.runpod.io/graphql")).rejects.toThrow(/blocked in tests/);
    await expect(fetch(new Request("https://example.com/"))).rejects.toThrow(/blocked in tests/);
  });

  it("refuses WebSockets to the internet", () => {
    expect(() => new WebSocket("wss://example.com/v2")).toThrow(/blocked in tests/);
  });

  it("lets loopback through to the test servers", async () => {
    // Nothing listens on port 1: the request is attempted and fails at the socket, not at the guard.
    const outcome = await fetch("http://127.0.0.1:1/").catch((error: unknown) => error);
    expect(String(outcome)).not.toMatch(/blocked in tests/);
  });
});
