// A client-side sliding-window limiter: at most `requests` sends in any `windowMs`, shared by every resource of the
// provider process that uses the same API key; a 429 seen by one request pauses all of them.

import { createHash } from "node:crypto";

export interface RateLimit {
  requests: number;
  windowMs: number;
}

export class RateLimiter {
  private readonly sent: number[] = [];
  private head = 0;
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly limit: RateLimit, private readonly now: () => number = Date.now) {
    if (!(limit.requests >= 1) || !(limit.windowMs > 0)) {
      throw new RangeError(`rate limit must allow at least 1 request per window, got ${limit.requests}/${limit.windowMs} ms`);
    }
  }

  /** Resolves when one more request may be sent; requests are admitted in arrival order. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** Holds every sender back for `ms` (a 429's Retry-After); never shortens an existing pause. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.head < this.sent.length && (this.sent[this.head] ?? 0) <= now - this.limit.windowMs) this.head++;
      if (this.head > 1024) {
        this.sent.splice(0, this.head);
        this.head = 0;
      }
      const inWindow = this.sent.length - this.head;
      let waitMs = this.pausedUntil - now;
      if (inWindow >= this.limit.requests) {
        const oldest = this.sent[this.head] ?? now;
        waitMs = Math.max(waitMs, oldest + this.limit.windowMs - now);
      }
      if (waitMs <= 0) {
        this.sent.push(now);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
}

const limiters = new Map<string, RateLimiter>();

/**
 * The one limiter for this service and API key in this process. The key is hashed so the registry never holds it.
 * A later call with a different limit replaces the limit (configuration wins over defaults).
 */
export function limiterFor(service: string, apiKey: string, limit: RateLimit): RateLimiter {
  const id = `${service}:${createHash("sha256").update(apiKey).digest("hex").slice(0, 16)}`;
  const existing = limiters.get(id);
  if (existing && existing.limit.requests === limit.requests && existing.limit.windowMs === limit.windowMs) return existing;
  const limiter = new RateLimiter(limit);
  limiters.set(id, limiter);
  return limiter;
}
