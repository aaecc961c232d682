// Private metadata as key names with a keyed digest of each value: which keys changed is visible, values never.

import { describeKeyChanges } from "../../provider/engine/json";
import { keyedDigest, privateMetadataKeys } from "../../provider/engine/private-metadata-keys";

const digest = keyedDigest(Buffer.from("a secret derived from the API key"));

describe("privateMetadataKeys", () => {
  it("lists each member's keys with a digest of each value, never the value", () => {
    const keys = privateMetadataKeys({ user_b: { pager: "P1", costCenter: 42 }, user_a: {}, "ada@newhire.dev": { pager: "P2" } }, digest);
    expect(Object.keys(keys)).toEqual(["ada@newhire.dev", "user_b"]);
    expect(Object.keys(keys.user_b ?? {})).toEqual(["costCenter", "pager"]);
    expect(keys.user_b?.pager).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(keys)).not.toContain("P1");
  });

  it("digests equal values alike whatever their key order, and a changed value differently", () => {
    const first = privateMetadataKeys({ user_a: { profile: { a: 1, b: [1, { c: 2, d: 3 }] } } }, digest);
    const reordered = privateMetadataKeys({ user_a: { profile: { b: [1, { d: 3, c: 2 }], a: 1 } } }, digest);
    const changed = privateMetadataKeys({ user_a: { profile: { a: 2, b: [1, { c: 2, d: 3 }] } } }, digest);
    expect(reordered).toEqual(first);
    expect(changed.user_a?.profile).not.toBe(first.user_a?.profile);
  });

  it("binds the member and the key: one value looks different under another member, key or secret", () => {
    const value = "shared";
    const sameValue = privateMetadataKeys({ user_a: { x: value, y: value }, user_b: { x: value } }, digest);
    expect(new Set([sameValue.user_a?.x, sameValue.user_a?.y, sameValue.user_b?.x]).size).toBe(3);
    expect(privateMetadataKeys({ user_a: { x: value } }, keyedDigest(Buffer.from("another key"))).user_a?.x).not.toBe(sameValue.user_a?.x);
  });
});

describe("describeKeyChanges", () => {
  it("says which keys were added, removed or changed, in key order", () => {
    expect(describeKeyChanges({ costCenter: "1", pager: "2", same: "3" }, { costCenter: "9", same: "3", team: "4" })).toBe("costCenter changed, pager removed, team added");
    expect(describeKeyChanges({ a: "1" }, { a: "1" })).toBeUndefined();
  });
});
