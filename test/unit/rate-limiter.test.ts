// The shared client-side limiter: a slot is taken from a request's send until one window after its answer, so no
// window of the server's length ever sees more than the limit, requests are admitted in order, and a 429's pause
// holds every sender back. A request to an endpoint with a limit of its own holds a slot of that endpoint's limiter
// and of the key's; no request waits past its deadline. Driven by jest's fake clock: every time below is exact, not
// a wall-clock measurement.

import { SlidingWindowRateLimiter } from "../../emulator/core/rate-limit";
import { RateLimiter, type ReleaseSlot, SlotDeadlineError, acquireAll, endpointLimiterFor, limiterFor } from "../../provider/http/rate-limiter";

beforeEach(() => {
  jest.useFakeTimers({ now: 1_000_000 });
});

afterEach(() => {
  jest.useRealTimers();
});

/** Waits `ms` on the fake clock; 0 does not wait at all (a timer of 0 ms would wait 1 ms). */
function sleep(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A deterministic pseudo-random sequence (so a failure can be replayed). */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

interface Sent {
  sentAt: number;
  arrivedAt: number;
  answeredAt: number;
}

/**
 * Sends `count` requests through the limiter on the fake clock. Request i takes `latency(i)` ms from send to answer;
 * the server sees it `arrival(i)` ms after its send (somewhere between its send and its answer).
 */
async function simulate(limiter: RateLimiter, count: number, latency: (index: number) => number, arrival: (index: number, latencyMs: number) => number, onArrival?: (index: number) => void): Promise<Sent[]> {
  const record: Sent[] = [];
  const order: number[] = [];
  let done = 0;
  const all = Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const release = await limiter.acquire();
      order.push(index);
      const sentAt = Date.now();
      const ms = latency(index);
      const arrive = Math.min(ms, Math.max(0, arrival(index, ms)));
      await sleep(arrive);
      const arrivedAt = Date.now();
      onArrival?.(index);
      await sleep(ms - arrive);
      record[index] = { sentAt, arrivedAt, answeredAt: Date.now() };
      release();
      done++;
    }),
  );
  // Run the fake clock until every request was answered (bounded: a limiter that never admits fails the test).
  for (let step = 0; done < count && step < 100_000; step++) await jest.advanceTimersByTimeAsync(1);
  await all;
  expect(order).toEqual(Array.from({ length: count }, (_, index) => index));
  return record;
}

describe("RateLimiter", () => {
  it("sends a whole window's worth at once, then reuses each slot exactly one window after its answer", async () => {
    const limiter = new RateLimiter({ requests: 5, windowMs: 300 });
    const start = Date.now();
    const record = await simulate(limiter, 12, () => 20, () => 10);
    for (let i = 0; i < 5; i++) expect(record[i]?.sentAt).toBe(start);
    // The first five were answered at +20: their slots are free at +320, the next five go then, the last two at +640.
    for (let i = 5; i < 10; i++) expect(record[i]?.sentAt).toBe(start + 320);
    for (let i = 10; i < 12; i++) expect(record[i]?.sentAt).toBe(start + 640);
  });

  it("never lets a server's sliding window see more than the limit, whatever the latency", async () => {
    const server = new SlidingWindowRateLimiter();
    const rule = { requests: 10, windowMs: 200 };
    const random = sequence(7);
    const rejected: number[] = [];
    const record = await simulate(
      new RateLimiter(rule),
      120,
      () => Math.floor(random() * 90),
      (_, ms) => Math.floor(random() * (ms + 1)),
      (index) => {
        if (!server.take("key", rule).allowed) rejected.push(index);
      },
    );
    expect(rejected).toEqual([]);
    // And no slower than needed: each window of arrivals is full, up to one round trip per reuse.
    const lastAnswer = Math.max(...record.map((r) => r.answeredAt));
    const firstSend = Math.min(...record.map((r) => r.sentAt));
    expect(lastAnswer - firstSend).toBeLessThan((120 / 10) * (200 + 90));
  });

  it("lets the server see a request the moment the previous holder of its slot left the server's window", async () => {
    // Zero latency: arrival = send = answer. A window's worth at t0, the next at exactly t0 + window.
    const server = new SlidingWindowRateLimiter();
    const rule = { requests: 3, windowMs: 100 };
    const rejected: number[] = [];
    const record = await simulate(new RateLimiter(rule), 9, () => 0, () => 0, (index) => {
      if (!server.take("key", rule).allowed) rejected.push(index);
    });
    expect(rejected).toEqual([]);
    const start = record[0]?.sentAt ?? 0;
    expect(record.map((r) => r.sentAt - start)).toEqual([0, 0, 0, 100, 100, 100, 200, 200, 200]);
  });

  it("keeps a slot taken while its request is unanswered", async () => {
    const limiter = new RateLimiter({ requests: 2, windowMs: 50 });
    const first = await limiter.acquire();
    await limiter.acquire();
    let third: ReleaseSlot | undefined;
    void limiter.acquire().then((release) => (third = release));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(third).toBeUndefined();
    expect(limiter.slotsTaken).toBe(2);
    first();
    first(); // a second call changes nothing
    await jest.advanceTimersByTimeAsync(49);
    expect(third).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(third).toBeDefined();
    expect(limiter.slotsTaken).toBe(2);
  });

  it("holds every sender back after a pause (a 429's Retry-After), and a shorter pause never shortens it", async () => {
    const limiter = new RateLimiter({ requests: 100, windowMs: 1000 });
    (await limiter.acquire())();
    limiter.pause(250);
    limiter.pause(10);
    let admitted = 0;
    void Promise.all([limiter.acquire(), limiter.acquire()]).then(() => (admitted = 2));
    await jest.advanceTimersByTimeAsync(249);
    expect(admitted).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(admitted).toBe(2);
  });

  it("is shared per service and key; a new limit replaces the old one", () => {
    const a = limiterFor("clerk", "sk_test_one", { requests: 10, windowMs: 1000 });
    expect(limiterFor("clerk", "sk_test_one", { requests: 10, windowMs: 1000 })).toBe(a);
    expect(limiterFor("clerk", "sk_test_two", { requests: 10, windowMs: 1000 })).not.toBe(a);
    expect(limiterFor("workos", "sk_test_one", { requests: 10, windowMs: 1000 })).not.toBe(a);
    expect(limiterFor("clerk", "sk_test_one", { requests: 20, windowMs: 1000 }).limit.requests).toBe(20);
  });

  it("rejects a limit that allows nothing", () => {
    expect(() => new RateLimiter({ requests: 0, windowMs: 1000 })).toThrow(/at least 1 request/);
  });
});

/** Whether `promise` has settled, after the microtasks already queued ran (the fake clock does not move). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await jest.advanceTimersByTimeAsync(0);
  return done;
}

describe("an endpoint's limiter and the key's, acquired together", () => {
  it("lets a request out only when both allow it: it waits for the stricter, holding no slot of the other meanwhile", async () => {
    const endpoint = new RateLimiter({ requests: 2, windowMs: 1000 });
    const key = new RateLimiter({ requests: 5, windowMs: 100 });
    const start = Date.now();
    const first = await acquireAll([endpoint, key]);
    const second = await acquireAll([endpoint, key]);
    let third: ReleaseSlot | undefined;
    let thirdAt = 0;
    void acquireAll([endpoint, key]).then((release) => {
      third = release;
      thirdAt = Date.now();
    });
    await jest.advanceTimersByTimeAsync(10);
    first();
    second();
    // The key has room; the endpoint's window is full: the third waits, and the key's other senders go on.
    expect(third).toBeUndefined();
    expect(key.slotsTaken).toBe(2);
    const others = await Promise.all([key.acquire(), key.acquire(), key.acquire()]);
    expect(key.slotsTaken).toBe(5);
    await jest.advanceTimersByTimeAsync(200);
    expect(third).toBeUndefined();
    expect(key.slotsTaken).toBe(3);
    // One endpoint window after the first two answers, not one key window.
    await jest.advanceTimersByTimeAsync(1010 - 210);
    expect(third).toBeDefined();
    expect(thirdAt - start).toBe(1010);
    expect(endpoint.slotsTaken).toBe(1);
    expect(key.slotsTaken).toBe(4);
    for (const release of others) release();
    expect(key.slotsTaken).toBe(4);
  });

  it("frees a slot of both on the answer, each one of its own window later", async () => {
    const endpoint = new RateLimiter({ requests: 1, windowMs: 1000 });
    const key = new RateLimiter({ requests: 1, windowMs: 100 });
    const release = await acquireAll([endpoint, key]);
    await jest.advanceTimersByTimeAsync(5_000);
    expect([endpoint.slotsTaken, key.slotsTaken]).toEqual([1, 1]);
    release();
    release(); // a second call changes nothing
    expect([endpoint.slotsTaken, key.slotsTaken]).toEqual([1, 1]);
    await jest.advanceTimersByTimeAsync(100);
    expect([endpoint.slotsTaken, key.slotsTaken]).toEqual([1, 0]);
    await jest.advanceTimersByTimeAsync(900);
    expect([endpoint.slotsTaken, key.slotsTaken]).toEqual([0, 0]);
  });

  it("gives the slots already taken back unused when a later limiter refuses by the deadline", async () => {
    const endpoint = new RateLimiter({ requests: 1, windowMs: 60 * 60 * 1000 });
    const key = new RateLimiter({ requests: 10, windowMs: 100 });
    key.pause(10_000);
    const refused = acquireAll([endpoint, key], Date.now() + 5_000);
    await expect(refused).rejects.toBeInstanceOf(SlotDeadlineError);
    await expect(refused).rejects.toMatchObject({ limiter: key, readyAt: Date.now() + 10_000 });
    // Nothing was sent with the endpoint's slot: it is free at once, not an hour later.
    expect(endpoint.slotsTaken).toBe(0);
    await jest.advanceTimersByTimeAsync(10_000);
    await expect(acquireAll([endpoint, key], Date.now() + 1)).resolves.toBeInstanceOf(Function);
  });
});

describe("a deadline", () => {
  it("refuses at once a request that cannot have a slot before it, telling when one frees; it holds no slot", async () => {
    const hour = 60 * 60 * 1000;
    const limiter = new RateLimiter({ requests: 2, windowMs: hour });
    const start = Date.now();
    (await limiter.acquire())();
    await jest.advanceTimersByTimeAsync(60_000);
    (await limiter.acquire())();
    const refused = limiter.acquire(Date.now() + 180_000);
    await expect(refused).rejects.toMatchObject({ name: "SlotDeadlineError", readyAt: start + hour });
    // The second in the queue needs both answered slots free: the later one's window.
    let waiting = limiter.acquire(start + hour + 1);
    const behind = limiter.acquire(start + hour + 60_000);
    await expect(behind).rejects.toMatchObject({ readyAt: start + 60_000 + hour });
    expect(limiter.slotsTaken).toBe(2);
    await jest.advanceTimersByTimeAsync(start + hour - Date.now() - 1);
    expect(await settled(waiting)).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    (await waiting)();
    // Without a deadline a request waits as long as it takes.
    waiting = limiter.acquire();
    await jest.advanceTimersByTimeAsync(59_999);
    expect(await settled(waiting)).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await expect(waiting).resolves.toBeInstanceOf(Function);
  });

  it("refuses a request still waiting when it comes (the slots were in flight), and the queue goes on", async () => {
    const limiter = new RateLimiter({ requests: 1, windowMs: 1000 });
    const start = Date.now();
    const inFlight = await limiter.acquire();
    const late = limiter.acquire(start + 5_000);
    const patient = limiter.acquire(start + 60_000);
    await jest.advanceTimersByTimeAsync(4_999);
    expect(await settled(late)).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await expect(late).rejects.toMatchObject({ name: "SlotDeadlineError", readyAt: undefined });
    inFlight();
    await jest.advanceTimersByTimeAsync(999);
    expect(await settled(patient)).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await expect(patient).resolves.toBeInstanceOf(Function);
    expect(Date.now() - start).toBe(6_000);
  });

  it("counts a pause (a 429's Retry-After)", async () => {
    const limiter = new RateLimiter({ requests: 10, windowMs: 1000 });
    limiter.pause(30_000);
    await expect(limiter.acquire(Date.now() + 30_000)).rejects.toMatchObject({ readyAt: Date.now() + 30_000 });
    const admitted = limiter.acquire(Date.now() + 30_001);
    await jest.advanceTimersByTimeAsync(30_000);
    await expect(admitted).resolves.toBeInstanceOf(Function);
  });
});

describe("endpointLimiterFor", () => {
  it("is shared per service, key and endpoint, apart from the key's own limiter", () => {
    const bulk = { name: "POST /invitations/bulk", limit: { requests: 50, windowMs: 3_600_000 } };
    const a = endpointLimiterFor("clerk", "sk_test_one", bulk);
    expect(endpointLimiterFor("clerk", "sk_test_one", { ...bulk })).toBe(a);
    expect(a.limit).toEqual(bulk.limit);
    expect(a).not.toBe(limiterFor("clerk", "sk_test_one", { requests: 50, windowMs: 3_600_000 }));
    expect(endpointLimiterFor("clerk", "sk_test_one", { ...bulk, name: "POST /invitations" })).not.toBe(a);
    expect(endpointLimiterFor("clerk", "sk_test_two", bulk)).not.toBe(a);
    expect(endpointLimiterFor("workos", "sk_test_one", bulk)).not.toBe(a);
  });
});
