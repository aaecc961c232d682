// Per-key sliding-window rate limiter: at most `requests` accepted requests in any `windowMs` span. A rejected
// request learns how long until the oldest accepted one leaves the window (the Retry-After value).

export interface RateLimitRule {
  readonly requests: number;
  readonly windowMs: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class SlidingWindowRateLimiter {
  private readonly accepted = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Records a request for `bucket` under `rule`; rejected requests are not recorded. */
  take(bucket: string, rule: RateLimitRule): RateLimitDecision {
    const now = this.now();
    const windowStart = now - rule.windowMs;
    const times = (this.accepted.get(bucket) ?? []).filter((time) => time > windowStart);
    if (times.length >= rule.requests) {
      this.accepted.set(bucket, times);
      const oldest = times[0] ?? now;
      const waitMs = oldest + rule.windowMs - now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    times.push(now);
    this.accepted.set(bucket, times);
    return { allowed: true };
  }

  reset(): void {
    this.accepted.clear();
  }
}
