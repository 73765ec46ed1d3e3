import { afterEach, describe, expect, it, vi } from "vitest";
import { errorFields, log, withLogContext } from "./log";

function captured() {
  const lines: { stream: string; line: Record<string, unknown> }[] = [];
  for (const stream of ["log", "warn", "error"] as const)
    vi.spyOn(console, stream).mockImplementation((line: Record<string, unknown>) => void lines.push({ stream, line }));
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("log", () => {
  it("writes one object a line, its level on the matching console stream", () => {
    const lines = captured();
    log.info("a.happened", { count: 2 });
    log.warn("b.degraded");
    log.error("c.failed", errorFields(new TypeError("boom")));
    expect(lines).toEqual([
      { stream: "log", line: { level: "info", event: "a.happened", count: 2 } },
      { stream: "warn", line: { level: "warn", event: "b.degraded" } },
      { stream: "error", line: { level: "error", event: "c.failed", error: "boom", errorName: "TypeError" } },
    ]);
  });

  it("adds the fields of the work it is written in, across awaits and nested work", async () => {
    const lines = captured();
    await withLogContext({ requestId: "req_1" }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.info("outer");
      await withLogContext({ provider: "runpod" }, async () => {
        await Promise.resolve();
        log.warn("inner");
      });
      log.info("outer.again");
    });
    log.info("outside");
    expect(lines.map(({ line }) => line)).toEqual([
      { level: "info", event: "outer", requestId: "req_1" },
      { level: "warn", event: "inner", requestId: "req_1", provider: "runpod" },
      { level: "info", event: "outer.again", requestId: "req_1" },
      { level: "info", event: "outside" },
    ]);
  });

  it("keeps concurrent work's fields apart", async () => {
    const lines = captured();
    const work = (requestId: string, delay: number) =>
      withLogContext({ requestId }, async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        log.info("done");
      });
    await Promise.all([work("req_slow", 5), work("req_fast", 0)]);
    expect(lines.map(({ line }) => line.requestId)).toEqual(["req_fast", "req_slow"]);
  });

  it("lets a line's own fields win over its context's", () => {
    const lines = captured();
    withLogContext({ provider: "runpod" }, () => log.info("other", { provider: "vast-ai" }));
    expect(lines[0]?.line).toEqual({ level: "info", event: "other", provider: "vast-ai" });
  });

  it("describes a thrown value that is not an Error", () => {
    expect(errorFields("gone")).toEqual({ error: "gone" });
  });
});
