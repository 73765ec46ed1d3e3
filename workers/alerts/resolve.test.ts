import { describe, expect, it } from "vitest";
import { type Recording, replayFetch } from "../providers/replay";
import { hostResolvesPublicly } from "./resolve";

// DNS-over-HTTPS JSON answers in the form Cloudflare's resolver documents
// (developers.cloudflare.com/1.1.1.1/encryption/dns-over-https/make-api-requests/dns-json/).
const RESOLVER = "https://cloudflare-dns.com/dns-query";
const answers = (name: string, a: string[], aaaa: string[] = [], status = 0): Recording => ({
  provider: "cloudflare-dns",
  recordedAt: null,
  origin: "documented",
  exchanges: [
    ["A", 1, a],
    ["AAAA", 28, aaaa],
  ].map(([type, code, data]) => ({
    request: { method: "GET", url: `${RESOLVER}?name=${name}&type=${type}` },
    response: {
      status: 200,
      headers: { "Content-Type": "application/dns-json" },
      body: {
        Status: status,
        TC: false,
        RD: true,
        RA: true,
        AD: false,
        CD: false,
        Question: [{ name, type: code }],
        Answer: (data as string[]).map((address) => ({ name, type: code, TTL: 300, data: address })),
      },
    },
  })),
});

describe("resolving a webhook's host", () => {
  it("accepts a name whose every address is public", async () => {
    const fetch = replayFetch(answers("hooks.example.com", ["93.184.216.34"], ["2606:2800:220:1:248:1893:25c8:1946"]));
    expect(await hostResolvesPublicly(fetch, RESOLVER, "hooks.example.com")).toEqual({
      ok: true,
      addresses: ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
    });
  });

  it("refuses a name that resolves to a private or metadata address, for good", async () => {
    const rebinding = replayFetch(answers("evil.example.net", ["93.184.216.34", "169.254.169.254"]));
    expect(await hostResolvesPublicly(rebinding, RESOLVER, "evil.example.net")).toEqual({
      ok: false,
      fatal: true,
      reason: "evil.example.net resolves to 169.254.169.254, a link-local address (cloud metadata lives here)",
    });
    const v6 = replayFetch(answers("inside.example.net", [], ["fd12:3456::1"]));
    expect(await hostResolvesPublicly(v6, RESOLVER, "inside.example.net")).toMatchObject({ ok: false, fatal: true });
  });

  it("tries again later when the name does not resolve or the resolver fails", async () => {
    const missing = replayFetch(answers("gone.example.com", [], [], 3));
    expect(await hostResolvesPublicly(missing, RESOLVER, "gone.example.com")).toEqual({
      ok: false,
      fatal: false,
      reason: "gone.example.com does not resolve (NXDOMAIN)",
    });
    const down: typeof fetch = async () => new Response("", { status: 502 });
    expect(await hostResolvesPublicly(down, RESOLVER, "hooks.example.com")).toMatchObject({ ok: false, fatal: false });
  });

  it("refuses a literal private address without asking", async () => {
    const never: typeof fetch = async () => {
      throw new Error("no request expected");
    };
    expect(await hostResolvesPublicly(never, RESOLVER, "10.0.0.7")).toEqual({
      ok: false,
      fatal: true,
      reason: "the host is a private address",
    });
  });
});
