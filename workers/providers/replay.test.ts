import { describe, expect, it } from "vitest";
import { type Recording, recordedBaseUrl, recordingSchema, replayFetch } from "./replay";

const recording: Recording = recordingSchema.parse({
  provider: "example",
  recordedAt: null,
  origin: "documented",
  exchanges: [
    {
      request: { method: "GET", url: "https://api.example.com/v2/plans?type=all" },
      response: { status: 200, body: { page: 1 } },
    },
    {
      request: { method: "GET", url: "https://api.example.com/v2/plans?type=all&cursor=abc" },
      response: { status: 200, body: { page: 2 } },
    },
    {
      request: { method: "POST", url: "https://api.example.com/graphql", bodyIncludes: "gpuTypes" },
      response: { status: 200, body: { data: 1 } },
    },
    {
      request: { method: "POST", url: "https://api.example.com/graphql" },
      response: { status: 200, body: { data: "other" } },
    },
    {
      request: { method: "GET", url: "https://api.example.com/page" },
      response: { status: 503, headers: { "Retry-After": "9" }, body: "<html>down</html>" },
    },
  ],
});
const replay = replayFetch(recording);
const json = async (response: Response) => response.json();

describe("replay fetch", () => {
  it("answers with the first exchange whose method, host and path match, ignoring a trailing slash", async () => {
    expect(await json(await replay("https://api.example.com/v2/plans/?type=all"))).toEqual({ page: 1 });
  });

  it("requires the recorded query parameters and ignores extra ones", async () => {
    expect(await json(await replay("https://api.example.com/v2/plans?per_page=500&type=all"))).toEqual({ page: 1 });
    expect((await replay("https://api.example.com/v2/plans?per_page=500")).status).toBe(404);
  });

  it("tells pages apart by their recorded cursor", async () => {
    // The first exchange (no cursor recorded) also matches; recordings list the specific page first when needed.
    const second = recordingSchema.parse({ ...recording, exchanges: [recording.exchanges[1], recording.exchanges[0]] });
    expect(await json(await replayFetch(second)("https://api.example.com/v2/plans?type=all&cursor=abc"))).toEqual({
      page: 2,
    });
  });

  it("matches bodyIncludes against the request body", async () => {
    const ask = (query: string) =>
      replay("https://api.example.com/graphql", { method: "POST", body: JSON.stringify({ query }) });
    expect(await json(await ask("{ gpuTypes { id } }"))).toEqual({ data: 1 });
    expect(await json(await ask("{ myself { id } }"))).toEqual({ data: "other" });
  });

  it("replays status, headers and text bodies as recorded", async () => {
    const response = await replay("https://api.example.com/page");
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("9");
    expect(await response.text()).toBe("<html>down</html>");
  });

  it("answers 404 for anything it has not recorded", async () => {
    expect((await replay("https://api.example.com/v3/other")).status).toBe(404);
    expect((await replay("https://elsewhere.example.com/v2/plans?type=all")).status).toBe(404);
    expect((await replay("https://api.example.com/v2/plans?type=all", { method: "DELETE" })).status).toBe(404);
  });

  it("rejects a fixture that is not a recording", () => {
    expect(recordingSchema.safeParse({ provider: "x", exchanges: [] }).success).toBe(false);
  });

  it("finds the host a recording was made against", () => {
    const old = recordingSchema.parse({
      provider: "lambda-labs",
      recordedAt: "2025-06-01T00:00:00Z",
      origin: "recorded",
      source: {
        repository: "example/recorder",
        path: "answers/lambda.json",
        commit: "0123abc",
        kind: "a test's example",
      },
      exchanges: [
        {
          request: { method: "GET", url: "https://cloud.lambdalabs.com/api/v1/instance-types" },
          response: { status: 200, body: {} },
        },
      ],
    });
    expect(recordedBaseUrl(old, "https://cloud.lambda.ai")).toBe("https://cloud.lambdalabs.com");
  });
});

describe("recordingSchema", () => {
  it("refuses a recorded fixture that does not say where it was found and when", () => {
    const bare = { provider: "x", recordedAt: null, origin: "recorded", exchanges: [] };
    expect(recordingSchema.safeParse(bare).success).toBe(false);
    expect(
      recordingSchema.safeParse({
        ...bare,
        recordedAt: "2025-01-01",
        source: { repository: "a/b", path: "c.json", commit: "not-a-commit", kind: "k" },
      }).success,
    ).toBe(false);
    expect(recordingSchema.safeParse({ ...bare, origin: "documented" }).success).toBe(true);
  });
});
