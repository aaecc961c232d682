// The client-side limiter shared by every resource of the provider process that uses the same API key.
//
// Two rules hold together:
// - a hard cap: at most `requests` sends in any `windowMs` (plus a small safety margin, because the server counts
//   arrivals, which trail our sends by a varying network delay);
// - even pacing: after a short burst, sends are spaced `(windowMs + margin) / requests` apart, so the server never
//   sees a whole window's worth arrive in a clump at the edge of its own window.
// A 429 seen by any request pauses all of them (its Retry-After).

import { createHash } from "node:crypto";

export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** Share of the window added as a safety margin against send/arrival skew (and its bounds). */
const MARGIN_SHARE = 0.05;
const MIN_MARGIN_MS = 20;
/** Share of the window's requests that may go out back to back before pacing applies. */
const BURST_SHARE = 0.2;

export class RateLimiter {
  private readonly sent: number[] = [];
  private head = 0;
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();
  /** The window the cap is checked over: the server's window plus the margin. */
  readonly capWindowMs: number;
  /** Spacing of paced sends. */
  readonly intervalMs: number;
  /** Sends that may go out back to back (a token bucket's capacity). */
  readonly burst: number;
  private tokens: number;
  private refilledAt: number;

  constructor(readonly limit: RateLimit, private readonly now: () => number = Date.now) {
    if (!(limit.requests >= 1) || !(limit.windowMs > 0)) {
      throw new RangeError(`rate limit must allow at least 1 request per window, got ${limit.requests}/${limit.windowMs} ms`);
    }
    this.capWindowMs = limit.windowMs + Math.max(MIN_MARGIN_MS, limit.windowMs * MARGIN_SHARE);
    this.intervalMs = this.capWindowMs / limit.requests;
    this.burst = Math.max(1, Math.floor(limit.requests * BURST_SHARE));
    this.tokens = this.burst;
    this.refilledAt = now();
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
    // After a pause, start again gently rather than with a full burst: tokens only accrue from the pause's end.
    this.tokens = Math.min(this.tokens, 1);
    this.refilledAt = Math.max(this.refilledAt, this.pausedUntil);
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.now();
      this.refill(now);
      while (this.head < this.sent.length && (this.sent[this.head] ?? 0) <= now - this.capWindowMs) this.head++;
      if (this.head > 1024) {
        this.sent.splice(0, this.head);
        this.head = 0;
      }
      let waitMs = this.pausedUntil - now;
      if (this.sent.length - this.head >= this.limit.requests) {
        const oldest = this.sent[this.head] ?? now;
        waitMs = Math.max(waitMs, oldest + this.capWindowMs - now);
      }
      if (this.tokens < 1) waitMs = Math.max(waitMs, (1 - this.tokens) * this.intervalMs);
      if (waitMs <= 0) {
        this.tokens -= 1;
        this.sent.push(now);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(waitMs)));
    }
  }

  private refill(now: number): void {
    if (now <= this.refilledAt) return;
    this.tokens = Math.min(this.burst, this.tokens + (now - this.refilledAt) / this.intervalMs);
    this.refilledAt = now;
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
