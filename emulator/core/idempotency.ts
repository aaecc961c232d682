// Idempotency-Key replay cache: the first response to a key is replayed for 24 hours to the same request, a
// different request under that key is a conflict; server errors are not kept, so they can be retried.
import type { ApiResponse } from "./backend";

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

interface Entry {
  readonly fingerprint: string;
  readonly response: ApiResponse;
  readonly expiresAt: number;
}

export type IdempotencyLookup =
  | { readonly kind: "miss" }
  | { readonly kind: "replay"; readonly response: ApiResponse }
  | { readonly kind: "conflict" };

export class IdempotencyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Looks `key` up for a request whose method, path and canonical body make up `fingerprint`. */
  lookup(key: string, fingerprint: string): IdempotencyLookup {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return { kind: "miss" };
    }
    return entry.fingerprint === fingerprint ? { kind: "replay", response: entry.response } : { kind: "conflict" };
  }

  /** Keeps the response for `key` unless it is a server error. */
  remember(key: string, fingerprint: string, response: ApiResponse): void {
    if (response.status >= 500) return;
    this.entries.set(key, { fingerprint, response, expiresAt: this.now() + IDEMPOTENCY_TTL_MS });
  }

  clear(): void {
    this.entries.clear();
  }
}
