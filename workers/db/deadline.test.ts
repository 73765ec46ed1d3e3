import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError, withDatabaseDeadline, withinDeadline } from "./deadline";

const settlesAfter = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

describe("withinDeadline", () => {
  it("gives up work that outlasts the deadline with a DatabaseUnavailableError", async () => {
    const outcome = withDatabaseDeadline(20, () => withinDeadline(settlesAfter(2_000, "late")));
    await expect(outcome).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });

  it("answers work that ends in time, and counts the deadline from its start, not from each call", async () => {
    await withDatabaseDeadline(200, async () => {
      expect(await withinDeadline(settlesAfter(5, "first"))).toBe("first");
      await settlesAfter(250, null);
      await expect(withinDeadline(settlesAfter(5, "second"))).rejects.toBeInstanceOf(DatabaseUnavailableError);
    });
  });

  it("leaves work outside any deadline alone", async () => {
    expect(await withinDeadline(settlesAfter(30, "whenever"))).toBe("whenever");
  });
});
