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
//
// Some endpoints have a limit of their own besides the key's (Clerk: 50 bulk invitation calls an hour). A request to
// one takes a slot of that endpoint's limiter and one of the key's, by the same rule, and is sent only when it holds
// both. The bookkeeping stays bounded whatever the window, an hour included: a limiter keeps at most `requests`
// answer times inside its window (older ones are dropped in batches) and one entry per waiting request.
// A request waits no longer than its deadline: a limiter refuses a request it cannot let out in time, at once when
// it can tell (its window is full of answers too recent, or it is paused), otherwise when the deadline comes, rather
// than let it wait an hour and be sent with no time left for its answer.

import { createHash } from "node:crypto";

export interface RateLimit {
  requests: number;
  windowMs: number;
}

/** A limit of one endpoint, kept besides the key's: `name` tells the endpoints of one key apart and names it in messages. */
export interface EndpointLimit {
  readonly name: string;
  readonly limit: RateLimit;
}

/**
 * Called when the request's answer (or its failure) came back: the slot is free again one window later. "unsent":
 * nothing went out with the slot (another limiter refused the request), so it is free at once.
 */
export type ReleaseSlot = (outcome?: "answered" | "unsent") => void;

/** A limiter could not let a request out before its deadline; the request holds none of its slots. */
export class SlotDeadlineError extends Error {
  /** `readyAt`: the earliest moment a slot could have been had, when it was known (refused at once). */
  constructor(readonly limiter: RateLimiter, readonly readyAt: number | undefined) {
    super(`no slot of ${limiter.limit.requests} per ${limiter.limit.windowMs} ms before the deadline`);
    this.name = "SlotDeadlineError";
  }
}

interface Waiter {
  readonly resolve: (release: ReleaseSlot) => void;
  readonly reject: (error: SlotDeadlineError) => void;
  readonly deadline: number;
  timer?: ReturnType<typeof setTimeout>;
}

export class RateLimiter {
  private inFlight = 0;
  /** When the answers of recent requests came back, oldest first (those still inside the window). */
  private readonly answered: number[] = [];
  private head = 0;
  private pausedUntil = 0;
  private readonly waiting: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerAt = 0;

  constructor(readonly limit: RateLimit, private readonly now: () => number = Date.now) {
    if (!(limit.requests >= 1) || !(limit.windowMs > 0)) {
      throw new RangeError(`rate limit must allow at least 1 request per window, got ${limit.requests}/${limit.windowMs} ms`);
    }
  }

  /**
   * Resolves when one more request may be sent, with the function to call once its answer came back (or it
   * failed). Requests are admitted in arrival order. With a `deadline` (on this limiter's clock), rejects with a
   * SlotDeadlineError, holding no slot, as soon as it is known that no slot can be had before it: at once when the
   * slots ahead cannot all be free by then, otherwise when the deadline comes.
   */
  acquire(deadline = Infinity): Promise<ReleaseSlot> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, deadline };
      this.waiting.push(waiter);
      this.admit();
      const position = this.waiting.indexOf(waiter);
      if (position < 0 || !Number.isFinite(deadline)) return;
      const readyAt = this.earliestAdmission(position, this.now());
      if (readyAt >= deadline) this.giveUp(waiter, readyAt);
      else waiter.timer = setTimeout(() => this.giveUp(waiter), Math.max(1, Math.ceil(deadline - this.now())));
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
    for (let next = this.waiting[0]; next !== undefined; next = this.waiting[0]) {
      // Its timer may not have fired yet: a slot given now would send the request too late.
      if (next.deadline <= now) {
        this.giveUp(next);
        continue;
      }
      const waitMs = this.waitMs(now);
      if (waitMs > 0) {
        // Infinite: every slot is in flight; the next answer calls admit again.
        if (Number.isFinite(waitMs)) this.wakeAt(now + waitMs);
        return;
      }
      this.waiting.shift();
      if (next.timer !== undefined) clearTimeout(next.timer);
      this.inFlight++;
      next.resolve(this.releaser());
    }
  }

  /** Takes `waiter` out of the queue and rejects it; `readyAt` as in SlotDeadlineError. */
  private giveUp(waiter: Waiter, readyAt?: number): void {
    const index = this.waiting.indexOf(waiter);
    if (index < 0) return;
    this.waiting.splice(index, 1);
    if (waiter.timer !== undefined) clearTimeout(waiter.timer);
    // Nobody left to wake: the timer would only keep the process alive (up to a pause's length).
    if (this.waiting.length === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    waiter.reject(new SlotDeadlineError(this, readyAt));
  }

  /**
   * The earliest moment the request at `position` of the queue (0-based) could be admitted, as far as is known
   * now: the requests ahead of it and itself need that many slots free, each answered slot frees one window after
   * its answer, and a slot still in flight frees no sooner than one window from now.
   */
  private earliestAdmission(position: number, now: number): number {
    const toFree = position + 1 - (this.limit.requests - this.taken());
    let at = now;
    if (toFree > 0) {
      const answeredAt = this.answered[this.head + toFree - 1];
      at = (answeredAt ?? now) + this.limit.windowMs;
    }
    return Math.max(at, this.pausedUntil);
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
    return (outcome = "answered") => {
      if (released) return;
      released = true;
      this.inFlight--;
      if (outcome === "answered") this.answered.push(this.now());
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

/**
 * One slot of each limiter, taken in the order given, as one ReleaseSlot that releases them all. Every caller names
 * its limiters in one order (the HTTP client: the endpoint's, then the key's), so no two requests each hold a slot
 * the other waits for; the stricter first, so a request waiting for it holds no slot of the others meanwhile. When
 * one refuses (its deadline), the slots already taken are given back unused and its SlotDeadlineError is thrown.
 */
export async function acquireAll(limiters: readonly RateLimiter[], deadline = Infinity): Promise<ReleaseSlot> {
  const held: ReleaseSlot[] = [];
  try {
    for (const limiter of limiters) held.push(await limiter.acquire(deadline));
  } catch (error) {
    for (const release of held) release("unsent");
    throw error;
  }
  return (outcome) => {
    for (const release of held) release(outcome);
  };
}

const limiters = new Map<string, RateLimiter>();

function keyId(service: string, apiKey: string): string {
  return `${service}:${createHash("sha256").update(apiKey).digest("hex").slice(0, 16)}`;
}

/** The registered limiter of `id`, or a new one when there is none or it has another limit (which it replaces). */
function shared(id: string, limit: RateLimit): RateLimiter {
  const existing = limiters.get(id);
  if (existing && existing.limit.requests === limit.requests && existing.limit.windowMs === limit.windowMs) return existing;
  const limiter = new RateLimiter(limit);
  limiters.set(id, limiter);
  return limiter;
}

/**
 * The one limiter for this service and API key in this process. The key is hashed so the registry never holds it.
 * A later call with a different limit replaces the limit (configuration wins over defaults).
 */
export function limiterFor(service: string, apiKey: string, limit: RateLimit): RateLimiter {
  return shared(keyId(service, apiKey), limit);
}

/**
 * The one limiter of one endpoint's own limit for this service and API key in this process, besides the key's
 * (`limiterFor`). Endpoint limits are the service's documented constants, so the same name always comes with the
 * same limit; a different one would replace it, and forget what was sent within its window.
 */
export function endpointLimiterFor(service: string, apiKey: string, endpoint: EndpointLimit): RateLimiter {
  return shared(`${keyId(service, apiKey)}:${endpoint.name}`, endpoint.limit);
}
