// The client-side limiter shared by every resource of the provider process that uses the same API key.
//
// A request holds one of the limit's `requests` slots from the moment it is sent until one window after its
// response came back. The server counts a request when it arrives, which is after we sent it and before we heard
// the answer; so when a slot is reused (one window after the previous answer), the previous request is already out
// of the server's window, whatever the network did in between. No window of the server's length can then see more
// than `requests` of ours, without guessing a safety margin for arrival skew: the only cost is one round trip per
// slot and window. Within that rule requests go out as soon as a slot is free (a whole window's worth at once at
// the start), which is as fast as the server's limit allows.
// A 429 seen by any request (another client using the same key) pauses all of them for its Retry-After.

import { createHash } from "node:crypto";

export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** Called when the request's answer (or its failure) came back: the slot is free again one window later. */
export type ReleaseSlot = () => void;

export class RateLimiter {
  private inFlight = 0;
  /** When the answers of recent requests came back, oldest first (those still inside the window). */
  private readonly answered: number[] = [];
  private head = 0;
  private pausedUntil = 0;
  private readonly waiting: Array<(release: ReleaseSlot) => void> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = 0;

  constructor(readonly limit: RateLimit, private readonly now: () => number = Date.now) {
    if (!(limit.requests >= 1) || !(limit.windowMs > 0)) {
      throw new RangeError(`rate limit must allow at least 1 request per window, got ${limit.requests}/${limit.windowMs} ms`);
    }
  }

  /**
   * Resolves when one more request may be sent, with the function to call once its answer came back (or it
   * failed). Requests are admitted in arrival order.
   */
  acquire(): Promise<ReleaseSlot> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.admit();
    });
  }

  /** Holds every sender back for `ms` (a 429's Retry-After); never shortens an existing pause. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    this.admit();
  }

  /** Requests sent and not answered yet, plus those answered less than a window ago. */
  get slotsTaken(): number {
    this.expire(this.now());
    return this.taken();
  }

  /** Slots taken, once expire() has dropped the answers older than the window. */
  private taken(): number {
    return this.inFlight + this.answered.length - this.head;
  }

  private admit(): void {
    const now = this.now();
    this.expire(now);
    while (this.waiting.length > 0) {
      const waitMs = this.waitMs(now);
      if (waitMs > 0) {
        // Infinite: every slot is in flight; the next answer calls admit again.
        if (Number.isFinite(waitMs)) this.wakeAt(now + waitMs);
        return;
      }
      this.inFlight++;
      this.waiting.shift()?.(this.releaser());
    }
  }

  private waitMs(now: number): number {
    let waitMs = this.pausedUntil - now;
    if (this.taken() >= this.limit.requests) {
      const oldest = this.answered[this.head];
      waitMs = Math.max(waitMs, oldest === undefined ? Infinity : oldest + this.limit.windowMs - now);
    }
    return waitMs;
  }

  private releaser(): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.answered.push(this.now());
      this.admit();
    };
  }

  private expire(now: number): void {
    while (this.head < this.answered.length && (this.answered[this.head] ?? 0) <= now - this.limit.windowMs) this.head++;
    if (this.head > 1024) {
      this.answered.splice(0, this.head);
      this.head = 0;
    }
  }

  /** One timer at a time, for the earliest moment a waiting request may go. */
  private wakeAt(at: number): void {
    if (this.timer !== undefined && this.timerAt <= at) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.admit();
    }, Math.max(1, Math.ceil(at - this.now())));
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
