// JSON value types and the few helpers every backend needs to read, copy and measure request/response bodies.
// Metadata keys are user data, so nothing here renames or reshapes keys.

export type JsonPrimitive = null | boolean | number | string;
export type JsonValue = JsonPrimitive | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** True for a value made only of JSON types (plain objects, arrays, strings, finite numbers, booleans, null). */
export function isJsonValue(value: unknown): value is JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(isJsonValue);
  // A tag check rather than a prototype comparison, so objects from another realm (structuredClone, vm) pass.
  if (Object.prototype.toString.call(value) !== "[object Object]") return false;
  return Object.values(value as object).every(isJsonValue);
}

/** Parses JSON text; `ok: false` carries the parser's message. */
export function parseJson(text: string): { ok: true; value: JsonValue } | { ok: false; reason: string } {
  try {
    // JSON.parse can only produce JSON values, so narrowing its `any` to JsonValue is exact.
    const value = JSON.parse(text) as JsonValue;
    return { ok: true, value };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Size in bytes of the UTF-8 serialization, the unit in which API size limits are stated. */
export function serializedByteLength(value: JsonValue): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

/** Serialization with object keys sorted at every depth, so equal values give equal text. */
export function canonicalJson(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isJsonObject(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] ?? null)}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A deep copy of `value`, or undefined. Stores hand out copies so callers cannot change their state. */
export function cloneIfDefined<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : structuredClone(value);
}
