// JSON helpers for metadata: canonical equality (key order does not matter) and the merge patch that turns live
// metadata into declared metadata on an API that deep-merges and deletes keys set to null.

import type { JsonObject, JsonValue } from "./port";

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep equality of JSON values; object key order is ignored, array order is not. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => jsonEqual(item, b[index]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}

/**
 * The patch that, deep-merged into `live` with null meaning "delete this key", yields exactly `desired`.
 * Returns undefined when nothing needs to change. `desired` must not contain nulls (they cannot be stored).
 */
export function mergePatch(live: JsonObject, desired: JsonObject): JsonObject | undefined {
  const patch: JsonObject = {};
  for (const key of Object.keys(live)) {
    if (!Object.prototype.hasOwnProperty.call(desired, key)) patch[key] = null;
  }
  for (const [key, want] of Object.entries(desired)) {
    const have: JsonValue | undefined = live[key];
    if (jsonEqual(have, want)) continue;
    if (isJsonObject(have) && isJsonObject(want)) {
      const nested = mergePatch(have, want);
      // An empty desired object over a non-empty one still needs its keys nulled: nested is then non-empty.
      if (nested !== undefined) patch[key] = nested;
    } else {
      patch[key] = want;
    }
  }
  return Object.keys(patch).length === 0 ? undefined : patch;
}

/** Applies a merge patch the way the APIs do (reference implementation for tests and the emulator contract). */
export function applyMergePatch(target: JsonObject, patch: JsonObject): JsonObject {
  const result: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (isJsonObject(value)) result[key] = applyMergePatch(isJsonObject(result[key]) ? result[key] : {}, value);
    else result[key] = value;
  }
  return result;
}

/** Byte size of a value's JSON text (the APIs' metadata limits are on this). */
export function jsonByteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

/**
 * The top-level keys by which `kept` differs from `declared`: declared but not kept, kept with another value, kept
 * but not declared. Names only, never values, so it can describe secret metadata.
 */
export function keyDifferences(kept: JsonObject, declared: JsonObject): string[] {
  const { added: missing, changed, removed: extra } = keyChanges(kept, declared);
  const differences: string[] = [];
  if (missing.length > 0) differences.push(`key(s) ${missing.join(", ")} not kept`);
  if (changed.length > 0) differences.push(`key(s) ${changed.join(", ")} kept with another value`);
  if (extra.length > 0) differences.push(`key(s) ${extra.join(", ")} kept but not declared`);
  return differences;
}

/** The top-level keys going from `before` to `after`: added, removed, and present in both with another value. Names only. */
export function keyChanges(before: Record<string, unknown>, after: Record<string, unknown>): { added: string[]; removed: string[]; changed: string[] } {
  const has = (object: Record<string, unknown>, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);
  return {
    added: Object.keys(after).filter((key) => !has(before, key)),
    removed: Object.keys(before).filter((key) => !has(after, key)),
    changed: Object.keys(after).filter((key) => has(before, key) && !jsonEqual(before[key], after[key])),
  };
}

/** The same in words, every key in order: "costCenter changed, pager removed, team added"; undefined when none. */
export function describeKeyChanges(before: Record<string, unknown>, after: Record<string, unknown>): string | undefined {
  const { added, removed, changed } = keyChanges(before, after);
  const words = new Map<string, string>([...added.map((key) => [key, "added"] as const), ...removed.map((key) => [key, "removed"] as const), ...changed.map((key) => [key, "changed"] as const)]);
  return words.size === 0 ? undefined : [...words].sort(([a], [b]) => a.localeCompare(b)).map(([key, word]) => `${key} ${word}`).join(", ");
}
