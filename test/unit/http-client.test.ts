// The HTTP client's retries against a real HTTP server on 127.0.0.1: Retry-After as whole seconds or an HTTP-date
// (capped; any other value ignored for the backoff), the deadline that ends the retries, a closed port, and a
// request naming an endpoint's own limit. The client runs on a virtual clock whose sleep only moves the clock, so
// every wait is exact (or exactly late, as a busy machine's timers are) and none is really waited.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { HttpClient, closeHttpConnections, type HttpClientOptions, type ServiceProfile } from "../../provider/http/client";
import { OutcomeUnknownError, RateLimitError, RateLimitWaitError, ServerError, TransportError, UnreachableError } from "../../provider/http/errors";
import { RateLimiter, SlotDeadlineError, type EndpointLimit } from "../../provider/http/rate-limiter";

/** 2030-01-01T00:00:00Z, a Tuesday: on a whole second, so an HTTP-date 7 s later is exactly 7000 ms away. */
const START = Date.UTC(2030, 0, 1);

const errorBody = z.object({ code: z.string().optional(), message: z.string().optional() });
const profile: ServiceProfile = {
  service: "Test",
  keyHint: "key",
  parseError(_status, body) {
    const parsed = errorBody.safeParse(body);
    return parsed.success ? parsed.data : {};
  },
};
const okBody = z.object({ ok: z.literal(true) });

class VirtualClock {
  time = START;
  readonly waits: number[] = [];
  readonly now = (): number => this.time;
  readonly sleep = (ms: number): Promise<void> => {
    this.waits.push(ms);
    this.time += ms;
    return Promise.resolve();
  };
}

type Answer = (request: IncomingMessage, response: ServerResponse, index: number) => void;

interface TestServer {
  readonly url: string;
  /** Requests received so far. */
  readonly count: number;
}

const servers: Array<ReturnType<typeof createServer>> = [];

/** A server on a free port of 127.0.0.1 that answers its nth request (0-based) with `answer`, after reading it. */
async function serve(answer: Answer): Promise<TestServer> {
  let count = 0;
  const server = createServer((request, response) => {
    const index = count++;
    request.resume();
    request.on("end", () => answer(request, response, index));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get count() {
      return count;
    },
  };
}

/** A port nothing listens on: taken from the system, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return port;
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}

/** 429 with `Retry-After: value` first, then 200. */
function rateLimitedOnce(value: string): Answer {
  return (_request, response, index) => {
    if (index === 0) json(response, 429, { code: "rate_limit_exceeded" }, { "retry-after": value });
    else json(response, 200, { ok: true });
  };
}

function clientFor(url: string, clock: VirtualClock | undefined, options: Partial<HttpClientOptions> = {}): HttpClient {
  return new HttpClient({
    baseUrl: url,
    apiKey: "sk_test_http_client",
    profile,
    // On the same clock as the client: a 429's pause ends when the virtual sleep has moved the clock past it.
    limiter: new RateLimiter({ requests: 1000, windowMs: 1000 }, clock?.now),
    baseBackoffMs: 100,
    maxBackoffMs: 400,
    ...(clock ? { now: clock.now, sleep: clock.sleep } : {}),
    ...options,
  });
}

function get(client: HttpClient) {
  return client.send({ method: "GET", path: "things", operation: "read things", schema: okBody });
}

function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error("expected the request to fail");
    },
    (error: unknown) => error as Error,
  );
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

afterAll(async () => {
  await closeHttpConnections();
});

describe("Retry-After", () => {
  test.each([
    ["IMF-fixdate", "Tue, 01 Jan 2030 00:00:07 GMT"],
    ["obsolete RFC 850 date", "Tuesday, 01-Jan-30 00:00:07 GMT"],
    ["obsolete asctime date", "Tue Jan  1 00:00:07 2030"],
  ])("as an HTTP-date (%s) waits until that moment", async (_form, value) => {
    const clock = new VirtualClock();
    const server = await serve(rateLimitedOnce(value));
    await expect(get(clientFor(server.url, clock))).resolves.toEqual({ ok: true });
    expect(clock.waits).toEqual([7000]);
    expect(server.count).toBe(2);
  });

  test("as whole seconds waits that long", async () => {
    const clock = new VirtualClock();
    const server = await serve(rateLimitedOnce("3"));
    await expect(get(clientFor(server.url, clock))).resolves.toEqual({ ok: true });
    expect(clock.waits).toEqual([3000]);
  });

  test("as a date already past does not wait", async () => {
    const clock = new VirtualClock();
    const server = await serve(rateLimitedOnce("Mon, 31 Dec 2029 23:59:00 GMT"));
    await expect(get(clientFor(server.url, clock))).resolves.toEqual({ ok: true });
    expect(clock.waits).toEqual([0]);
  });

  test.each(["3600", "Wed, 02 Jan 2030 00:00:00 GMT"])("beyond the deadline (%s) fails at once, saying when to run again, and pauses the key for all of it", async (value) => {
    const clock = new VirtualClock();
    const server = await serve(rateLimitedOnce(value));
    const limiter = new RateLimiter({ requests: 1000, windowMs: 1000 }, clock.now);
    const error = await rejection(get(clientFor(server.url, clock, { limiter })));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.message).toMatch(/still exceeded after 1 attempt\(s\): waiting (60 min|1 h|\d+ min|\d+ s) more would pass the 3 min retry deadline; .*run again after 2030-01-0[12]T\d\d:00:0\d\.000Z \(the service's Retry-After\)/);
    // Nothing was waited for, and nothing was sent again.
    expect(clock.waits).toEqual([]);
    expect(server.count).toBe(1);
    // The key's other requests are held back for the whole hour: they fail at once too, unsent.
    const next = await rejection(get(clientFor(server.url, clock, { limiter })));
    expect(next.message).toMatch(/was not sent: the client's limit for the API key .* frees its next slot in/);
    expect(server.count).toBe(1);
  });

  test("a request is not sent with too little of its deadline left for an answer", async () => {
    const clock = new VirtualClock();
    const server = await serve((_request, response) => json(response, 429, { code: "rate_limit_exceeded" }, { "retry-after": "2" }));
    const error = await rejection(get(clientFor(server.url, clock, { deadlineMs: 2200, minAnswerMs: 1000 })));
    // A wait of 2 s would leave 0.2 s for the answer, less than a tenth of the 2.2 s deadline: no second attempt.
    expect(error).toBeInstanceOf(RateLimitError);
    expect(clock.waits).toEqual([]);
    expect(server.count).toBe(1);
  });

  test.each([
    "soon",
    "1.5",
    "-1",
    "0x10",
    "1e3",
    "2030-01-01T00:00:07Z",
    "Tue, 01 Jan 2030 00:00:07 UTC",
    "Thu, 31 Feb 2030 00:00:07 GMT",
    "Tue, 01 Jan 2030 24:00:07 GMT",
  ])("that is neither (%s) is ignored: the backoff applies", async (value) => {
    const clock = new VirtualClock();
    const server = await serve(rateLimitedOnce(value));
    await expect(get(clientFor(server.url, clock))).resolves.toEqual({ ok: true });
    // The first backoff with full jitter: between half of baseBackoffMs and baseBackoffMs.
    expect(clock.waits).toHaveLength(1);
    expect(clock.waits[0]).toBeGreaterThanOrEqual(50);
    expect(clock.waits[0]).toBeLessThanOrEqual(100);
  });

  test("a 429 that outlasts the deadline ends in a RateLimitError that says so", async () => {
    const clock = new VirtualClock();
    const server = await serve((_request, response) => json(response, 429, { code: "rate_limit_exceeded" }, { "retry-after": "1" }));
    const error = await rejection(get(clientFor(server.url, clock, { deadlineMs: 2500 })));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: "rate_limit_exceeded", retryAfterMs: 1000 });
    expect(error.message).toMatch(/still exceeded after 3 attempt\(s\): waiting 1 s more would pass the 2\.5 s retry deadline/);
    expect(clock.waits).toEqual([1000, 1000]);
    expect(server.count).toBe(3);
  });
});

describe("deadline", () => {
  test("a service answering 503 is retried until the deadline, and the error says so", async () => {
    const clock = new VirtualClock();
    const server = await serve((_request, response) => json(response, 503, { code: "unavailable" }));
    // The deadline also bounds each attempt's real timeout: 10 s leaves every attempt at least its 1 s answer margin,
    // so a slow answer on a busy machine is not taken for a timeout.
    const error = await rejection(get(clientFor(server.url, clock, { deadlineMs: 10_000, maxAttempts: 1000 })));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 503, code: "unavailable" });
    expect(error.message).toMatch(/kept failing after \d+ attempt\(s\): waiting \d+ ms more would pass the 10 s retry deadline/);
    expect(clock.time - START).toBeLessThan(9_000);
    expect(server.count).toBe(clock.waits.length + 1);
    expect(server.count).toBeGreaterThan(2);
  });

  test("a wait that would end exactly when the last attempt must be sent ends the retries with the service's error", async () => {
    // Retry-After 1 s, then 100 ms left of the 1.1 s deadline: no more than the answer margin, so no second attempt.
    const clock = new VirtualClock();
    const server = await serve((_request, response) => json(response, 503, { code: "unavailable" }, { "retry-after": "1" }));
    const error = await rejection(get(clientFor(server.url, clock, { deadlineMs: 1100, minAnswerMs: 100 })));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toMatch(/kept failing after 1 attempt\(s\): waiting 1 s more would pass the 1\.1 s retry deadline/);
    expect(clock.waits).toEqual([]);
    expect(server.count).toBe(1);
  });

  test("a wait that ended late (a busy event loop) ends the retries with the service's error, not a limiter's", async () => {
    // Every sleep ends 50 ms after it should, as a timer does on a loaded machine: the second wait, due to end
    // 50 ms before the last moment an attempt may be sent, ends past it.
    const clock = new VirtualClock();
    const late: VirtualClock["sleep"] = (ms) => clock.sleep(ms).then(() => void (clock.time += 50));
    const server = await serve((_request, response) => json(response, 503, { code: "unavailable" }, { "retry-after": "1" }));
    const error = await rejection(get(clientFor(server.url, clock, { deadlineMs: 2200, minAnswerMs: 100, sleep: late })));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 503, code: "unavailable" });
    expect(error.message).toMatch(/kept failing after 2 attempt\(s\): the 1 s wait for the next ended 50 ms late, leaving no time for its answer before the 2\.2 s retry deadline/);
    expect(clock.waits).toEqual([1000, 1000]);
    expect(server.count).toBe(2);
  });

  test("a request whose operation's deadline is spent is not sent, and the error says the deadline, not a limiter", async () => {
    // A caller's own retry loop (a create read back after a lost answer) hands its deadline on: here 50 ms of 30 s
    // are left, less than the answer margin, while every limiter has free slots.
    const clock = new VirtualClock();
    const server = await serve((_request, response) => json(response, 200, { ok: true }));
    const limiter = new RateLimiter({ requests: 1000, windowMs: 1000 }, clock.now);
    const client = clientFor(server.url, clock, { limiter, minAnswerMs: 100 });
    const spent = { at: clock.time + 50, ms: 30_000 };
    const error = await rejection(client.send({ method: "GET", path: "things", operation: "read things", schema: okBody, deadline: spent }));
    expect(error).toBeInstanceOf(RateLimitWaitError);
    expect(error.message).toBe("Test read things was not sent: the 30 s retry deadline of the operation it belongs to left no time for an answer; run again later");
    expect(error.message).not.toMatch(/limit/);
    expect([server.count, limiter.slotsTaken]).toEqual([0, 0]);
    // With time left, the same request goes out.
    await expect(client.send({ method: "GET", path: "things", operation: "read things", schema: okBody, deadline: { at: clock.time + 5_000, ms: 30_000 } })).resolves.toEqual({ ok: true });
  });

  test("a Retry-After past the deadline ends the retries at once, without waiting", async () => {
    const clock = new VirtualClock();
    const server = await serve((_request, response) => json(response, 503, {}, { "retry-after": "5" }));
    const error = await rejection(get(clientFor(server.url, clock, { deadlineMs: 1000 })));
    expect(error.message).toMatch(/after 1 attempt\(s\): waiting 5 s more would pass the 1 s retry deadline/);
    expect(clock.waits).toEqual([]);
  });

  test("the attempts run out before the deadline when maxAttempts says so", async () => {
    const clock = new VirtualClock();
    const server = await serve((_request, response) => json(response, 503, {}));
    const error = await rejection(get(clientFor(server.url, clock, { maxAttempts: 3 })));
    expect(error.message).toMatch(/after 3 attempt\(s\), the most allowed/);
    expect(server.count).toBe(3);
  });

  test("an attempt waiting for an answer ends with the deadline, not with the longer per-attempt timeout", async () => {
    // The server never answers; the real clock measures how long the client waited.
    const server = await serve(() => undefined);
    const started = Date.now();
    const error = await rejection(get(clientFor(server.url, undefined, { deadlineMs: 300, timeoutMs: 30_000 })));
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toMatch(/the request timed out/);
    expect(error.message).toMatch(/retry deadline/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe("connection refused", () => {
  test("a GET is retried, then fails with the cause", async () => {
    const clock = new VirtualClock();
    const client = clientFor(`http://127.0.0.1:${await closedPort()}`, clock, { maxAttempts: 3 });
    const error = await rejection(get(client));
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toMatch(/read things failed after 3 attempt\(s\), the most allowed: ECONNREFUSED: connect ECONNREFUSED/);
    expect(client.requestCount).toBe(3);
    expect(clock.waits).toHaveLength(2);
  });

  test("a POST without an idempotency key is retried too: nothing of it was sent", async () => {
    const clock = new VirtualClock();
    const client = clientFor(`http://127.0.0.1:${await closedPort()}`, clock, { maxAttempts: 3 });
    const error = await rejection(client.send({ method: "POST", path: "things", operation: "create thing", body: { a: 1 }, schema: okBody }));
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(client.requestCount).toBe(3);
  });

  test("a client told not to retry an unreachable service fails at once, naming the URL and the cause", async () => {
    const clock = new VirtualClock();
    const url = `http://127.0.0.1:${await closedPort()}`;
    const client = clientFor(url, clock, { maxAttempts: 3, retryUnreachable: false });
    const error = await rejection(get(client));
    expect(error).toBeInstanceOf(UnreachableError);
    expect(error.message).toBe(`the Test API at ${url} cannot be reached (ECONNREFUSED: connect ECONNREFUSED ${url.slice("http://".length)})`);
    expect(client.requestCount).toBe(1);
    expect(clock.waits).toEqual([]);
  });

  test("a client told not to retry an unreachable service fails at once when TLS fails (https to a plain-http server)", async () => {
    const clock = new VirtualClock();
    const server = await serve((_request, response) => json(response, 200, { ok: true }));
    const url = server.url.replace("http://", "https://");
    const client = clientFor(url, clock, { maxAttempts: 3, retryUnreachable: false });
    const error = await rejection(get(client));
    expect(error).toBeInstanceOf(UnreachableError);
    expect(error.message).toMatch(new RegExp(`^the Test API at ${url} cannot be reached \\((EPROTO|ERR_SSL_\\w+): `));
    expect(client.requestCount).toBe(1);
  });

  test("without retries of an unreachable service, a connection dropped after the request was sent is still retried", async () => {
    const clock = new VirtualClock();
    const server = await serve((request, response, index) => (index === 0 ? request.socket.destroy() : json(response, 200, { ok: true })));
    const client = clientFor(server.url, clock, { maxAttempts: 3, retryUnreachable: false });
    await expect(get(client)).resolves.toEqual({ ok: true });
    expect(server.count).toBe(2);
  });

  test("whereas a POST whose connection drops after it was sent is not repeated: its outcome is unknown", async () => {
    const clock = new VirtualClock();
    const server = await serve((request) => request.socket.destroy());
    const client = clientFor(server.url, clock, { maxAttempts: 3 });
    const error = await rejection(client.send({ method: "POST", path: "things", operation: "create thing", body: { a: 1 }, schema: okBody }));
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(server.count).toBe(1);
  });
});

describe("an endpoint's own limit", () => {
  const HOUR_MS = 60 * 60 * 1000;

  /** A client whose key and endpoint limiters run on the clock, and a POST naming the endpoint's limit. */
  function endpointClient(url: string, clock: VirtualClock, endpoint: EndpointLimit, options: Partial<HttpClientOptions> = {}) {
    const key = new RateLimiter({ requests: 1000, windowMs: 1000 }, clock.now);
    const endpointLimiter = new RateLimiter(endpoint.limit, clock.now);
    const client = clientFor(url, clock, { limiter: key, endpointLimiter: () => endpointLimiter, ...options });
    const post = () => client.send({ method: "POST", path: "things/bulk", operation: "create things", body: [{ a: 1 }], schema: okBody, endpointLimit: endpoint });
    return { key, endpointLimiter, client, post };
  }

  test("a request takes a slot of both limiters, and a 429 pauses the endpoint's senders, not the key's", async () => {
    const clock = new VirtualClock();
    const server = await serve((_request, response) => json(response, 429, { code: "too_many_requests" }, { "retry-after": "5" }));
    const { key, endpointLimiter, post } = endpointClient(server.url, clock, { name: "POST things/bulk", limit: { requests: 10, windowMs: HOUR_MS } }, { maxAttempts: 1 });
    expect(await rejection(post())).toBeInstanceOf(RateLimitError);
    expect([endpointLimiter.slotsTaken, key.slotsTaken]).toEqual([1, 1]);
    // The key's other requests go on at once; the endpoint's wait for the Retry-After.
    await expect(key.acquire(clock.now() + 1)).resolves.toBeInstanceOf(Function);
    const paused = endpointLimiter.acquire(clock.now() + 4_000);
    await expect(paused).rejects.toBeInstanceOf(SlotDeadlineError);
    await expect(paused).rejects.toMatchObject({ readyAt: START + 5_000 });
  });

  test("a 429 then an answer: the retry waits for the Retry-After and goes through both limiters again", async () => {
    const clock = new VirtualClock();
    const server = await serve(rateLimitedOnce("5"));
    const { key, endpointLimiter, post } = endpointClient(server.url, clock, { name: "POST things/bulk", limit: { requests: 10, windowMs: HOUR_MS } });
    await expect(post()).resolves.toEqual({ ok: true });
    expect(clock.waits).toEqual([5_000]);
    expect(server.count).toBe(2);
    // Both attempts were sent: two slots of the endpoint for its hour; the key's first freed after its second.
    expect([endpointLimiter.slotsTaken, key.slotsTaken]).toEqual([2, 1]);
  });

  test("a request the endpoint's limiter cannot let out before the deadline is refused without being sent", async () => {
    const clock = new VirtualClock();
    const server = await serve((_request, response) => json(response, 200, { ok: true }));
    const { key, endpointLimiter, post } = endpointClient(server.url, clock, { name: "POST things/bulk", limit: { requests: 1, windowMs: HOUR_MS } });
    await expect(post()).resolves.toEqual({ ok: true });
    await clock.sleep(60_000);
    const error = await rejection(post());
    expect(error).toBeInstanceOf(RateLimitWaitError);
    expect(error.message).toBe(
      "Test create things was not sent: the client's limit for POST things/bulk (1 requests per 60 min) frees its next slot in 59 min, after the 3 min retry deadline; run again later",
    );
    expect(server.count).toBe(1);
    // Nothing was sent: the key's slot was never taken (the endpoint's is checked first).
    expect([endpointLimiter.slotsTaken, key.slotsTaken]).toEqual([1, 0]);
  });
});
