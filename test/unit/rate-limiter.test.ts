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
