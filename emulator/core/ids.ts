// Identifier generators shaped like the real services' ids: Clerk's prefixed 27-character base62 KSUIDs and
// WorkOS's prefixed ULIDs (time-ordered, Crockford base32). Ids are random, not drawn from the fault PRNG.
import { createHash, randomBytes, randomUUID } from "node:crypto";

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const CROCKFORD32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function encode(bytes: Uint8Array, alphabet: string, length: number): string {
  let out = "";
  for (let index = 0; index < length; index += 1) {
    out += alphabet[(bytes[index % bytes.length] ?? 0) % alphabet.length];
  }
  return out;
}

/** `prefix_` followed by 27 random base62 characters, e.g. `orgmem_2g7np7Hrk0SN6kj5EDMLDaKNL0S`. */
export function randomBase62Id(prefix: string): string {
  return `${prefix}_${encode(randomBytes(27), BASE62, 27)}`;
}

/** `prefix_` followed by 27 base62 characters derived from `source`: the same source always gives the same id. */
export function derivedBase62Id(prefix: string, source: string): string {
  return `${prefix}_${encode(createHash("sha256").update(source).digest(), BASE62, 27)}`;
}

/** `prefix_` followed by a ULID for `timeMs`: 10 time characters then 16 random ones. */
export function ulidId(prefix: string, timeMs: number): string {
  return ulid(prefix, timeMs, randomBytes(16));
}

/** `prefix_` followed by a ULID for `timeMs` whose 16 last characters derive from `source`: the same inputs, the same id. */
export function derivedUlidId(prefix: string, timeMs: number, source: string): string {
  return ulid(prefix, timeMs, createHash("sha256").update(source).digest());
}

function ulid(prefix: string, timeMs: number, randomness: Uint8Array): string {
  let time = "";
  let remaining = Math.max(0, Math.floor(timeMs));
  for (let index = 0; index < 10; index += 1) {
    time = (CROCKFORD32[remaining % 32] ?? "0") + time;
    remaining = Math.floor(remaining / 32);
  }
  return `${prefix}_${time}${encode(randomness, CROCKFORD32, 16)}`;
}

/** A random lowercase hex token, used for trace ids. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString("hex");
}

/** A random UUID, used for request ids. */
export function randomRequestId(): string {
  return randomUUID();
}
