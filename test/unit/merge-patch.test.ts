import { applyMergePatch, jsonEqual, mergePatch } from "../../provider/engine/json";
import type { JsonObject } from "../../provider/engine/port";

describe("mergePatch", () => {
  it("returns undefined when live already equals declared, whatever the key order", () => {
    expect(mergePatch({ a: 1, b: { c: [1, 2], d: "x" } }, { b: { d: "x", c: [1, 2] }, a: 1 })).toBeUndefined();
  });

  it("sets removed top-level keys to null", () => {
    expect(mergePatch({ keep: 1, drop: 2 }, { keep: 1 })).toEqual({ drop: null });
  });

  it("removes nested keys with a nested null and leaves their siblings alone", () => {
    const live = { team: { name: "core", oncall: true, tags: ["a"] }, tier: "gold" };
    const declared = { team: { name: "core", tags: ["a"] }, tier: "gold" };
    expect(mergePatch(live, declared)).toEqual({ team: { oncall: null } });
  });

  it("replaces arrays and scalars wholesale", () => {
    expect(mergePatch({ tags: ["a", "b"], n: 1 }, { tags: ["b"], n: 2 })).toEqual({ tags: ["b"], n: 2 });
  });

  it("empties an object by nulling each of its keys", () => {
    expect(mergePatch({ team: { a: 1, b: 2 } }, { team: {} })).toEqual({ team: { a: null, b: null } });
  });

  it("replaces a scalar with an object and an object with a scalar", () => {
    expect(mergePatch({ a: 5, b: { c: 1 } }, { a: { x: 1 }, b: 3 })).toEqual({ a: { x: 1 }, b: 3 });
  });

  it("applying the computed patch to live metadata yields exactly the declared metadata", () => {
    const cases: Array<[JsonObject, JsonObject]> = [
      [{}, { a: 1 }],
      [{ a: 1 }, {}],
      [{ a: { b: { c: 1, d: 2 } }, e: [1] }, { a: { b: { c: 2 } }, f: { g: "h" } }],
      [{ a: { b: 1 } }, { a: { b: 1, c: { d: true } } }],
      [{ a: "x", nested: { deep: { deeper: { k: 1, l: 2 } } } }, { nested: { deep: { deeper: { l: 3 } } } }],
    ];
    for (const [live, declared] of cases) {
      const patch = mergePatch(live, declared);
      const result = patch ? applyMergePatch(live, patch) : live;
      expect(jsonEqual(result, declared)).toBe(true);
    }
  });
});

describe("jsonEqual", () => {
  it("ignores object key order but not array order", () => {
    expect(jsonEqual({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
  });

  it("tells a missing key from a key holding a value", () => {
    expect(jsonEqual({ a: 1 }, { a: 1, b: 0 })).toBe(false);
  });
});
