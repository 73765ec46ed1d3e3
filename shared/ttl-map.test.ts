import { describe, expect, it } from "vitest";
import { TtlMap } from "./ttl-map";

describe("TtlMap", () => {
  it("answers an entry until its time, then forgets it", () => {
    const map = new TtlMap<string, number>(10);
    map.set("a", 1, 1_000);
    expect(map.get("a", 999)).toBe(1);
    expect(map.get("a", 1_000)).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it("drops the least recently set entry once full", () => {
    const map = new TtlMap<string, number>(2);
    map.set("a", 1, 10);
    map.set("b", 2, 10);
    map.set("a", 3, 10); // set again: now the newest
    map.set("c", 4, 10);
    expect([map.get("a", 0), map.get("b", 0), map.get("c", 0)]).toEqual([3, undefined, 4]);
  });

  it("keeps a null value apart from no value", () => {
    const map = new TtlMap<string, null>(2);
    map.set("a", null, 10);
    expect(map.get("a", 0)).toBeNull();
    expect(map.get("b", 0)).toBeUndefined();
  });

  it("forgets every entry whose value matches", () => {
    const map = new TtlMap<string, number>(10);
    for (const [key, value] of [
      ["a", 1],
      ["b", 2],
      ["c", 1],
    ] as const)
      map.set(key, value, 10);
    map.deleteWhere((value) => value === 1);
    expect([map.get("a", 0), map.get("b", 0), map.get("c", 0)]).toEqual([undefined, 2, undefined]);
  });
});
