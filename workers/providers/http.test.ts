import { describe, expect, it } from "vitest";
import { createProviderHttp, ProviderError, USER_AGENT } from "./http";

type Handler = (request: Request) => Response | Promise<Response>;
const fakeFetch =
  (handler: Handler): typeof fetch =>
  async (input, init) =>
    handler(new Request(input, init));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as ProviderError,
  );

describe("provider fetch wrapper", () => {
  it("returns parsed JSON and records the exchange", async () => {
    const http = createProviderHttp({ fetch: fakeFetch(() => Response.json({ ok: true })) });
    expect(await http.json({ url: "https://api.example.com/v1/types" })).toEqual({ ok: true });
    expect(http.exchanges).toMatchObject([
      { method: "GET", url: "https://api.example.com/v1/types", status: 200, bytes: 11 },
    ]);
  });

  it("hands back the response headers with the body when asked, for paged listings", async () => {
    const http = createProviderHttp({
      fetch: fakeFetch(() => Response.json({ servers: {} }, { headers: { "X-Total-Count": "135" } })),
    });
    const { body, headers } = await http.jsonWithHeaders({ url: "https://api.example.com/servers?page=1" });
    expect(body).toEqual({ servers: {} });
    expect(headers.get("x-total-count")).toBe("135");
  });

  it("names the project in its User-Agent and sends JSON bodies", async () => {
    let seen: Request | undefined;
    const http = createProviderHttp({
      fetch: fakeFetch((request) => {
        seen = request;
        return Response.json({});
      }),
    });
    await http.json({ method: "POST", url: "https://api.example.com/graphql", body: { query: "{ a }" } });
    expect(seen?.headers.get("user-agent")).toBe(USER_AGENT);
    expect(seen?.headers.get("content-type")).toBe("application/json");
    expect(await seen?.text()).toBe('{"query":"{ a }"}');
  });

  it("sends one request at a time", async () => {
    let inFlight = 0;
    let most = 0;
    const http = createProviderHttp({
      fetch: fakeFetch(async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        return Response.json({});
      }),
    });
    await Promise.all([1, 2, 3].map((n) => http.json({ url: `https://api.example.com/${n}` })));
    expect(most).toBe(1);
  });

  it.each([
    [401, "INVALID_API_KEY", false],
    [403, "FORBIDDEN", false],
    [404, "NOT_FOUND", false],
    [400, "BAD_REQUEST", false],
    [500, "UPSTREAM_UNAVAILABLE", true],
    [502, "UPSTREAM_UNAVAILABLE", true],
    [503, "UPSTREAM_UNAVAILABLE", true],
  ])("classifies HTTP %i as %s (retryable: %s)", async (status, code, retryable) => {
    const http = createProviderHttp({ fetch: fakeFetch(() => new Response("nope", { status })) });
    const error = await failure(http.json({ url: "https://api.example.com/x" }));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ code, retryable, details: { status } });
  });

  it("honours Retry-After on 429, in seconds or as a date", async () => {
    const now = new Date("2026-11-20T12:00:00Z");
    const seconds = createProviderHttp({
      fetch: fakeFetch(() => new Response("", { status: 429, headers: { "Retry-After": "120" } })),
      now: () => now,
    });
    expect(await failure(seconds.json({ url: "https://a.example/" }))).toMatchObject({
      code: "RATE_LIMITED",
      retryable: true,
      details: { retryAfterSeconds: 120 },
    });
    const date = createProviderHttp({
      fetch: fakeFetch(
        () => new Response("", { status: 429, headers: { "Retry-After": "Fri, 20 Nov 2026 12:05:00 GMT" } }),
      ),
      now: () => now,
    });
    expect(await failure(date.json({ url: "https://a.example/" }))).toMatchObject({
      details: { retryAfterSeconds: 300 },
    });
  });

  it("recognises a bot challenge served instead of data", async () => {
    const page = "<html><title>Just a moment...</title><div id='cf-chl-widget'></div></html>";
    const http = createProviderHttp({
      fetch: fakeFetch(() => new Response(page, { status: 403, headers: { "Content-Type": "text/html" } })),
    });
    expect(await failure(http.json({ url: "https://a.example/" }))).toMatchObject({
      code: "BLOCKED",
      retryable: false,
    });
    const captcha = createProviderHttp({
      fetch: fakeFetch(() => new Response("<form class='g-recaptcha'>captcha</form>", { status: 200 })),
    });
    expect(await failure(captcha.json({ url: "https://a.example/" }))).toMatchObject({ code: "CAPTCHA_REQUIRED" });
  });

  it("turns HTML or a truncated body into INVALID_RESPONSE", async () => {
    const html = createProviderHttp({
      fetch: fakeFetch(() => new Response("<html>maintenance</html>", { headers: { "Content-Type": "text/html" } })),
    });
    expect(await failure(html.json({ url: "https://a.example/" }))).toMatchObject({
      code: "INVALID_RESPONSE",
      retryable: true,
    });
    const truncated = createProviderHttp({ fetch: fakeFetch(() => new Response('{"offers": [{"id": 1, "gpu_na')) });
    expect(await failure(truncated.json({ url: "https://a.example/" }))).toMatchObject({ code: "INVALID_RESPONSE" });
  });

  it("refuses bodies above its size limit", async () => {
    const http = createProviderHttp({
      fetch: fakeFetch(() => Response.json({ padding: "x".repeat(2_000) })),
      maxBytes: 1_000,
    });
    expect(await failure(http.json({ url: "https://a.example/" }))).toMatchObject({ code: "INVALID_RESPONSE" });
  });

  it("maps network failures and timeouts to retryable codes", async () => {
    const reset = createProviderHttp({
      fetch: async () => {
        throw new TypeError("Network connection lost.");
      },
    });
    expect(await failure(reset.json({ url: "https://a.example/" }))).toMatchObject({
      code: "ECONNRESET",
      retryable: true,
    });
    const slow = createProviderHttp({
      timeoutMs: 20,
      fetch: (_input, init) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason))),
    });
    expect(await failure(slow.json({ url: "https://a.example/" }))).toMatchObject({
      code: "ETIMEDOUT",
      retryable: true,
    });
  });

  it("never records an API key passed in the query string", async () => {
    const http = createProviderHttp({ fetch: fakeFetch(() => Response.json({})) });
    await http.json({ url: "https://api.example.com/graphql?api_key=secret123&x=1" });
    expect(http.exchanges[0]!.url).not.toContain("secret123");
  });
});
