// Clerk's metadata PATCH semantics: a deep merge where a `null` at any depth deletes that key. Where the patch
// has an object and the target has something else, the target is replaced by the patch object, nulls dropped.
import { type JsonObject, type JsonValue, isJsonObject } from "../core/json";

/** Defines `key` as an own property, so a `__proto__` key stays data instead of changing the prototype. */
function setOwn(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `value` with every null-valued object key removed, at every depth (array elements are kept as they are). */
export function withoutNulls(value: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (child === null) continue;
    setOwn(result, key, isJsonObject(child) ? withoutNulls(child) : structuredClone(child));
  }
  return result;
}

/** The result of merging `patch` into `target`; neither argument is modified. */
export function mergeMetadata(target: JsonObject, patch: JsonObject): JsonObject {
  const result = structuredClone(target);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
      continue;
    }
    const current = Object.prototype.hasOwnProperty.call(result, key) ? result[key] : undefined;
    if (isJsonObject(value)) setOwn(result, key, isJsonObject(current) ? mergeMetadata(current, value) : withoutNulls(value));
    else setOwn(result, key, structuredClone(value));
  }
  return result;
}
