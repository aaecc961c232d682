// The shared client-side limiter: at most N sends in any window, admitted in order, and a 429's pause holds
// every sender back.

import { RateLimiter, limiterFor } from "../../provider/http/rate-limiter";

describe("RateLimiter", () => {
  it("admits at most `requests` sends in any window, in arrival order", async () => {
    const limiter = new RateLimiter({ requests: 5, windowMs: 300 });
    const started = Date.now();
    const admitted: Array<{ index: number; at: number }> = [];
    await Promise.all(Array.from({ length: 10 }, (_, index) => limiter.acquire().then(() => admitted.push({ index, at: Date.now() - started }))));
    expect(admitted.map((a) => a.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (let i = 5; i < admitted.length; i++) {
      expect((admitted[i]?.at ?? 0) - (admitted[i - 5]?.at ?? 0)).toBeGreaterThanOrEqual(295);
    }
  });

  it("paces sends evenly after a short burst, slightly under the limit", async () => {
    const limiter = new RateLimiter({ requests: 100, windowMs: 1000 });
    expect(limiter.burst).toBe(20);
    expect(limiter.intervalMs).toBeCloseTo(10.5, 5);
    const started = Date.now();
    const at: number[] = [];
    await Promise.all(Array.from({ length: 40 }, () => limiter.acquire().then(() => at.push(Date.now() - started))));
    // The burst goes out at once; the remaining 20 follow one interval apart.
    expect(at[19] ?? Infinity).toBeLessThan(50);
    expect(at[39] ?? 0).toBeGreaterThanOrEqual(20 * 10.5 - 5);
    // Send i needs i + 1 tokens: the 20 of the burst plus one per interval since the start (a late timer may let
    // two go back to back, never ahead of that schedule).
    for (let i = 20; i < at.length; i++) expect(at[i] ?? 0).toBeGreaterThanOrEqual((i - 19) * 10.5 - 2);
  });

  it("keeps any window of the server's length under the limit despite arrival skew", async () => {
    // 20 per 200 ms: the cap counts over 220 ms, so 21 sends never fit in 210 ms, burst included.
    const limiter = new RateLimiter({ requests: 20, windowMs: 200 });
    expect(limiter.capWindowMs).toBe(220);
    const started = Date.now();
    const at: number[] = [];
    await Promise.all(Array.from({ length: 45 }, () => limiter.acquire().then(() => at.push(Date.now() - started))));
    for (let i = 20; i < at.length; i++) expect((at[i] ?? 0) - (at[i - 20] ?? 0)).toBeGreaterThanOrEqual(210);
  });

  it("restarts gently after a pause instead of with a full burst", async () => {
    const limiter = new RateLimiter({ requests: 200, windowMs: 1000 });
    await limiter.acquire();
    limiter.pause(100);
    const started = Date.now();
    const at: number[] = [];
    await Promise.all(Array.from({ length: 6 }, () => limiter.acquire().then(() => at.push(Date.now() - started))));
    expect(at[0] ?? 0).toBeGreaterThanOrEqual(95);
    // One send at the pause's end, then paced (tokens accrue from the pause's end, 5.25 ms each), not a burst of 40.
    expect(at[5] ?? 0).toBeGreaterThanOrEqual(100 + 5 * 5.25 - 3);
  });

  it("holds every sender back after a pause (a 429's Retry-After)", async () => {
    const limiter = new RateLimiter({ requests: 100, windowMs: 1000 });
    await limiter.acquire();
    limiter.pause(250);
    const started = Date.now();
    await Promise.all([limiter.acquire(), limiter.acquire()]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it("is shared per service and key, and never keeps the key itself", () => {
    const a = limiterFor("clerk", "sk_test_one", { requests: 10, windowMs: 1000 });
    expect(limiterFor("clerk", "sk_test_one", { requests: 10, windowMs: 1000 })).toBe(a);
    expect(limiterFor("clerk", "sk_test_two", { requests: 10, windowMs: 1000 })).not.toBe(a);
    expect(limiterFor("workos", "sk_test_one", { requests: 10, windowMs: 1000 })).not.toBe(a);
    expect(JSON.stringify(a)).not.toContain("sk_test_one");
  });

  it("rejects a limit that allows nothing", () => {
    expect(() => new RateLimiter({ requests: 0, windowMs: 1000 })).toThrow(/at least 1 request/);
  });
});
