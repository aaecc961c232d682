// The one HTTP layer both services use: a shared keep-alive undici agent, per-request timeouts, retries with
// exponential backoff and full jitter (honouring Retry-After, capped, within a total deadline), the shared rate
// limiters (the key's, and the endpoint's own when a request names one), zod validation of every response body,
// and error envelopes turned into typed errors. Every retry, the client's own and those of a backend's loop around a
// request, goes through `retryOrThrow`.

import { randomInt } from "node:crypto";
import * as v8 from "node:v8";
import type { Agent, Dispatcher } from "undici";
import type { z } from "zod";
import {
  ApiError,
  AuthenticationError,
  ConfigurationError,
  ConflictError,
  NotFoundError,
  OutcomeUnknownError,
  PermissionError,
  RateLimitError,
  RateLimitWaitError,
  ResponseShapeError,
  ServerError,
  TransportError,
  UnreachableError,
  ValidationError,
  type ApiErrorDetails,
} from "./errors";
import { type EndpointLimit, type RateLimiter, type ReleaseSlot, SlotDeadlineError, acquireAll, endpointLimiterFor } from "./rate-limiter";

/** What the HTTP layer needs to know of a service: how its errors look. */
export interface ServiceProfile {
  /** Display name used in messages, e.g. "Clerk". */
  readonly service: string;
  /** How to refer to the key in advice, e.g. "secret key (`clerk:secretKey` or CLERK_SECRET_KEY)". */
  readonly keyHint: string;
  /** Reads the service's error envelope (body is parsed JSON, or the raw text when it is not JSON). */
  parseError(status: number, body: unknown, headers: Record<string, string | undefined>): ParsedApiError;
  /** Classifies an error the generic status mapping would get wrong (e.g. Clerk's duplicate is a 400). */
  classify?(error: ParsedApiError, status: number): ErrorKind | undefined;
}

export interface ParsedApiError {
  code?: string;
  message?: string;
  requestId?: string;
  paramName?: string;
}

export type ErrorKind = "conflict" | "not-found" | "validation" | "permission";

export interface HttpClientOptions {
  baseUrl: string;
  apiKey: string;
  profile: ServiceProfile;
  /** The key's limiter, which every request goes through. */
  limiter: RateLimiter;
  /**
   * The limiter of an endpoint's own limit, for requests that name one: by default the one this process shares
   * for the service, key and endpoint (`endpointLimiterFor`).
   */
  endpointLimiter?: (endpoint: EndpointLimit) => RateLimiter;
  /** Extra headers sent on every request (e.g. an API version). */
  headers?: Record<string, string>;
  /** Per-attempt timeout (shortened to what is left of the deadline); default 30 s. */
  timeoutMs?: number;
  /** Total time allowed for one logical request, retries included; default 3 minutes. */
  deadlineMs?: number;
  /** Attempts of one request, the first included; default 10. */
  maxAttempts?: number;
  /**
   * Whether a request whose connection could not be made (the host name does not resolve, the connection is refused,
   * TLS fails) is tried again like any other network failure; default true. False makes it an UnreachableError at
   * once: for a command a person runs and waits for, where a wrong URL must be said in a second, not after retries.
   */
  retryUnreachable?: boolean;
  /** Backoff before the second attempt (it doubles for each later one, up to maxBackoffMs); default 200 ms. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /**
   * Time an attempt must have left before its deadline for an answer: a request is sent only with more than this left
   * (with less it would end as "outcome unknown"), and a retry whose wait would leave no more is not made; default 1 s,
   * at most the per-attempt timeout and a tenth of the deadline.
   */
  minAnswerMs?: number;
  /** The clock for deadlines and for Retry-After dates; Date.now by default. The limiters' clock must be the same (a deadline bounds their wait). */
  now?: () => number;
  /** How the client waits before a retry; a timer by default. */
  sleep?: (ms: number) => Promise<void>;
}

/** The moment by which one logical operation, retries included, must be done. */
export interface Deadline {
  /** On the client's clock. */
  readonly at: number;
  /** How long it was when it started, for messages. */
  readonly ms: number;
}

/** A failed attempt that may be tried again. */
export interface RetryableFailure {
  /** The server's Retry-After (parsed and capped); without it the client's backoff applies. */
  retryAfterMs?: number;
  /**
   * The limiter whose senders all hold back for the wait: a 429's, the key's or that of the endpoint the request
   * names (the key or the endpoint is over its limit, not this request).
   */
  pause?: RateLimiter;
  /** The error to throw when no retry is left; `stopped` says when and why, e.g. "after 3 attempt(s), the most allowed". */
  giveUp(stopped: string): Error;
}

export interface RequestSpec<T> {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  /** Human name of the operation for messages, e.g. "create membership". */
  operation: string;
  query?: Record<string, string | number | readonly string[] | undefined>;
  body?: unknown;
  /** Schema of the success body; omit for an empty or ignored body. */
  schema?: z.ZodType<T>;
  /**
   * Whether a retry after an ambiguous failure (timeout, dropped connection, 5xx) is safe. True for
   * GET/PUT/PATCH/DELETE and for POSTs with an idempotency key; otherwise OutcomeUnknownError is thrown and the
   * caller decides (read back before retrying).
   */
  idempotent?: boolean;
  idempotencyKey?: string;
  /**
   * The deadline of a caller's own retry loop around this request (e.g. a create read back after a lost answer), so
   * the whole loop ends in time; a new one from the client's deadlineMs by default.
   */
  deadline?: Deadline;
  /**
   * A limit of the endpoint's own besides the key's (e.g. Clerk's 50 bulk invitation calls an hour): the request
   * then holds a slot of both limiters, and a 429 pauses this endpoint's senders rather than the key's.
   */
  endpointLimit?: EndpointLimit;
}

/** What one attempt came to: the validated body, or a failure worth another attempt (others are thrown). */
type AttemptOutcome<T> = { readonly done: true; readonly value: T } | { readonly done: false; readonly failure: RetryableFailure };

interface PreparedRequest {
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
  readonly idempotent: boolean;
  readonly deadline: Deadline;
  /** The limiters the request takes a slot of, in the order they are taken: the endpoint's first, then the key's. */
  readonly limiters: readonly RateLimiter[];
}

const RETRYABLE_STATUS = new Set([408, 500, 502, 503, 504]);

/**
 * The keep-alive agent every request goes through. Built from undici's Agent file alone (below), it has `dispatch`
 * and `close` but not the `request`/`stream`/… methods undici's index adds to every dispatcher: send with `send()`.
 */
let sharedAgent: Pick<Agent, "dispatch" | "close"> | undefined;

/**
 * The two parts of undici the client uses, its Agent and its request API, loaded on the first request (a provider
 * process that only validates inputs never pays for them). Each is required from its own file: undici's index also
 * loads fetch, WebSocket, EventSource, its caches and mocks (122 ms in the provider process on Node 22, against
 * 50 ms for these two), and the first request of every command waited for it. undici is pinned to one version in
 * package.json, so the two paths are fixed; every request of the test suites goes through them.
 */
interface UndiciParts {
  readonly Agent: typeof import("undici").Agent;
  /** undici's `Dispatcher.prototype.request`, which `undici.request(url, options)` calls on `options.dispatcher`. */
  readonly request: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
}

let undiciParts: UndiciParts | undefined;

/**
 * undici parses HTTP with llhttp compiled to WebAssembly. Once a few hundred kilobytes of responses went through it,
 * V8 re-compiles its (large) parser function with the optimizing tier, which takes ~35 MB of compiler memory for a
 * moment: the biggest single spike in the provider's peak memory when it lists thousands of members. The baseline
 * tier parses responses of this size just as fast as far as a request's time shows, so the optimizing tier is turned
 * off for WebAssembly before undici compiles its parser. It only concerns WebAssembly compiled later in this process.
 */
function keepWebAssemblyOnBaselineTier(): void {
  try {
    v8.setFlagsFromString("--liftoff-only");
  } catch {
    // A runtime that refuses the flag keeps its default tiering: only the memory peak is higher.
  }
}

function undici(): UndiciParts {
  if (!undiciParts) {
    keepWebAssemblyOnBaselineTier();
    undiciParts = {
      Agent: require("undici/lib/dispatcher/agent") as UndiciParts["Agent"],
      request: require("undici/lib/api/api-request") as UndiciParts["request"],
    };
  }
  return undiciParts;
}

/**
 * The shared keep-alive agent and the function that sends one request through it. Loads undici and creates the agent
 * on the first call: a request calls this before it takes a rate-limiter slot, so a failure to load undici is
 * reported as itself, not as a network failure of a request that was never sent.
 */
function sender(): (url: string, options: Omit<Dispatcher.RequestOptions, "origin" | "path">) => Promise<Dispatcher.ResponseData> {
  const { Agent, request } = undici();
  const agent = (sharedAgent ??= new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 30_000, connections: 32, pipelining: 1 }));
  return (url, options) => {
    const target = new URL(url);
    return request.call(agent as Dispatcher, { ...options, origin: target.origin, path: `${target.pathname}${target.search}` });
  };
}

/** Closes pooled connections (tests and short-lived tools call this before exiting). */
export async function closeHttpConnections(): Promise<void> {
  const current = sharedAgent;
  sharedAgent = undefined;
  if (current) await current.close();
}

/**
 * The one rule for API URLs, applied by `check` (through the credentials) and by every client before it sends
 * anything: what is wrong with `raw`, phrased to follow the setting's name, or undefined. Refuses URLs that would
 * send a key in clear text to another machine.
 */
export function apiUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // The value is not echoed: a key pasted into the wrong setting would be printed with it.
    return "is not a URL; expected e.g. https://api.example.com";
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && isLoopback(url.hostname)) return undefined;
  if (url.protocol === "http:") {
    return `uses plain http:// for ${url.hostname}, which would send the API key unencrypted; use https:// (http:// is allowed only for loopback addresses such as 127.0.0.1)`;
  }
  return `must be an https:// URL, got ${url.protocol}`;
}

/** The URL, or a ConfigurationError naming `setting` when `apiUrlProblem` finds one. */
export function checkApiUrl(raw: string, setting: string): URL {
  const problem = apiUrlProblem(raw);
  if (problem) throw new ConfigurationError(`${setting} ${problem}`);
  return new URL(raw);
}

function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || hostname === "::1" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export class HttpClient {
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly deadlineMs: number;
  private readonly maxAttempts: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly minAnswerMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly endpointLimiter: (endpoint: EndpointLimit) => RateLimiter;
  /** Requests sent, attempts included: for reports and tests. */
  requestCount = 0;

  constructor(private readonly options: HttpClientOptions) {
    this.base = checkApiUrl(options.baseUrl, `${options.profile.service} API URL`);
    if (!this.base.pathname.endsWith("/")) this.base.pathname += "/";
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.deadlineMs = options.deadlineMs ?? 180_000;
    this.maxAttempts = options.maxAttempts ?? 10;
    this.baseBackoffMs = options.baseBackoffMs ?? 200;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.minAnswerMs = Math.min(options.minAnswerMs ?? 1000, this.timeoutMs);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.endpointLimiter = options.endpointLimiter ?? ((endpoint) => endpointLimiterFor(options.profile.service, options.apiKey, endpoint));
  }

  get service(): string {
    return this.options.profile.service;
  }

  /** Sends one logical request and returns the validated body (undefined when there is no schema). */
  async send<T>(spec: RequestSpec<T>): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.apiKey}`,
      accept: "application/json",
      "user-agent": "pulumi-org-roster",
      ...this.options.headers,
    };
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    if (body !== undefined) headers["content-type"] = "application/json";
    if (spec.idempotencyKey) headers["idempotency-key"] = spec.idempotencyKey;
    const request: PreparedRequest = {
      url: this.url(spec.path, spec.query),
      headers,
      body,
      idempotent: spec.idempotent ?? (spec.method !== "POST" || spec.idempotencyKey !== undefined),
      deadline: spec.deadline ?? this.deadline(),
      // The endpoint's first: a request waiting for it (up to its window) holds no slot of the key meanwhile.
      limiters: spec.endpointLimit ? [this.endpointLimiter(spec.endpointLimit), this.options.limiter] : [this.options.limiter],
    };

    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(spec, request);
      if (outcome.done) return outcome.value;
      await this.retryOrThrow(attempt, request.deadline, outcome.failure);
    }
  }

  /** A new deadline for one logical operation: deadlineMs from now. */
  deadline(): Deadline {
    return { at: this.now() + this.deadlineMs, ms: this.deadlineMs };
  }

  /**
   * The one way to retry: waits before the attempt after `attempt` (1-based) for the server's Retry-After when it
   * gave one (in full: a service that asks for an hour is not asked again sooner), backoff with full jitter otherwise;
   * or, when the attempts are used up or that wait would leave the next attempt no time for an answer before
   * `deadline`, throws `failure.giveUp` at once. Also for a backend's own retry loop around `send`, so it ends by the same
   * rules.
   *
   * A wait that ended too late for another attempt (a timer fires late on a busy machine) also throws
   * `failure.giveUp`: the next attempt would only be refused unsent, and the limiters would be blamed for a deadline
   * the failing service used up.
   */
  async retryOrThrow(attempt: number, deadline: Deadline, failure: RetryableFailure): Promise<void> {
    const waitMs = failure.retryAfterMs ?? this.backoff(attempt);
    // The other senders hold back whether or not this request tries again: the key (or the endpoint) is over its limit.
    failure.pause?.pause(waitMs);
    if (attempt >= this.maxAttempts) throw failure.giveUp(`after ${attempt} attempt(s), the most allowed`);
    const waitEnds = this.now() + waitMs;
    if (waitEnds >= this.sendBy(deadline)) {
      throw failure.giveUp(`after ${attempt} attempt(s): waiting ${duration(waitMs)} more would pass the ${duration(deadline.ms)} retry deadline`);
    }
    await this.sleep(waitMs);
    const woke = this.now();
    if (woke >= this.sendBy(deadline)) {
      throw failure.giveUp(
        `after ${attempt} attempt(s): the ${duration(waitMs)} wait for the next ended ${duration(woke - waitEnds)} late, leaving no time for its answer before the ${duration(deadline.ms)} retry deadline`,
      );
    }
  }

  private async attempt<T>(spec: RequestSpec<T>, request: PreparedRequest): Promise<AttemptOutcome<T>> {
    const send = sender();
    const release = await this.slots(spec, request);
    this.requestCount++;
    // No attempt outlives the deadline: waiting for an answer is part of the time the request may take.
    const timeoutMs = Math.max(1, Math.min(this.timeoutMs, request.deadline.at - this.now()));
    let response: Dispatcher.ResponseData;
    let text: string;
    try {
      response = await send(request.url, {
        method: spec.method,
        headers: request.headers,
        body: request.body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.body.text();
    } catch (error) {
      const cause = describeNetworkError(error);
      if (this.options.retryUnreachable === false && isUnreachable(error)) throw new UnreachableError(this.service, this.options.baseUrl, cause);
      // A refused connection sent nothing, so even a request that must not be repeated can be sent again.
      if (!request.idempotent && !isConnectionRefused(error)) throw new OutcomeUnknownError(this.service, spec.operation, cause);
      return { done: false, failure: { giveUp: (stopped) => new TransportError(this.service, spec.operation, cause, stopped) } };
    } finally {
      release();
    }

    const status = response.statusCode;
    if (status >= 200 && status < 300) return { done: true, value: this.parse(spec, text) };

    const headerMap = flattenHeaders(response.headers);
    const parsed = this.options.profile.parseError(status, parseJson(text) ?? text, headerMap);
    const details: ApiErrorDetails = {
      service: this.service,
      operation: spec.operation,
      status,
      code: parsed.code,
      apiMessage: parsed.message,
      requestId: parsed.requestId ?? headerMap["x-request-id"],
      paramName: parsed.paramName,
    };

    if (status === 429) {
      // Not processed: safe to send again, whatever the method.
      const retryAfterMs = this.retryAfter(headerMap["retry-after"]);
      const retryAt = retryAfterMs === undefined ? "later" : `after ${new Date(this.now() + retryAfterMs).toISOString()} (the service's Retry-After)`;
      const advice = (stopped: string) =>
        `The API rate limit was still exceeded ${stopped}; lower the request rate (maxRequestsPerSecond) or run again ${retryAt}`;
      // The endpoint's limiter when the request names one: its own, smaller limit is the one a 429 there most likely
      // means, and pausing the key's would hold every other request of the key back for it (up to the cap). Were it
      // the key's limit, the key's other requests meet their own 429s and pause the key's limiter.
      const pause = request.limiters[0];
      return { done: false, failure: { retryAfterMs, pause, giveUp: (stopped) => new RateLimitError({ ...details, retryAfterMs }, advice(stopped)) } };
    }
    if (RETRYABLE_STATUS.has(status)) {
      if (!request.idempotent) throw new OutcomeUnknownError(this.service, spec.operation, `HTTP ${status}${parsed.code ? ` ${parsed.code}` : ""}`);
      const retryAfterMs = this.retryAfter(headerMap["retry-after"]);
      return { done: false, failure: { retryAfterMs, giveUp: (stopped) => new ServerError(details, `The service kept failing ${stopped}; try again later`) } };
    }
    throw this.toError(details, status, parsed);
  }

  /**
   * A slot of each of the request's limiters, or, when one cannot be had before the deadline, a RateLimitWaitError
   * before anything is sent: sending after a long wait would leave the request no time for its answer.
   */
  private async slots(spec: RequestSpec<unknown>, request: PreparedRequest): Promise<ReleaseSlot> {
    const deadline = `the ${duration(request.deadline.ms)} retry deadline`;
    const sendBy = this.sendBy(request.deadline);
    // A caller's own retry loop (see RequestSpec.deadline) may come with its deadline spent: no limiter is to blame.
    if (this.now() >= sendBy) {
      throw new RateLimitWaitError(this.service, spec.operation, `${deadline} of the operation it belongs to left no time for an answer`);
    }
    try {
      // A slot had too late would leave the request no time for its answer: it is refused unsent instead.
      return await acquireAll(request.limiters, sendBy);
    } catch (error) {
      if (!(error instanceof SlotDeadlineError)) throw error;
      const { requests, windowMs } = error.limiter.limit;
      const which = error.limiter === this.options.limiter ? "the API key" : (spec.endpointLimit?.name ?? "the endpoint");
      const when = error.readyAt === undefined ? `freed no slot within ${deadline}` : `frees its next slot in ${duration(roundUpWait(error.readyAt - this.now()))}, after ${deadline}`;
      throw new RateLimitWaitError(this.service, spec.operation, `the client's limit for ${which} (${requests} requests per ${duration(windowMs)}) ${when}`);
    }
  }

  private toError(details: ApiErrorDetails, status: number, parsed: ParsedApiError): ApiError {
    const kind = this.options.profile.classify?.(parsed, status);
    if (status === 401) {
      const { service, keyHint } = this.options.profile;
      return new AuthenticationError(details, `Check the ${service} ${keyHint}; it must belong to the instance that owns these organizations`);
    }
    if (kind === "conflict" || (kind === undefined && status === 409)) return new ConflictError(details);
    if (kind === "not-found" || (kind === undefined && status === 404)) return new NotFoundError(details);
    if (kind === "permission" || (kind === undefined && status === 403)) return new PermissionError(details);
    if (kind === "validation" || status === 400 || status === 422) return new ValidationError(details);
    if (status >= 500) return new ServerError(details);
    return new ApiError(details);
  }

  private parse<T>(spec: RequestSpec<T>, text: string): T {
    if (!spec.schema) return undefined as T;
    const json = parseJson(text);
    if (json === undefined) throw new ResponseShapeError(this.service, spec.operation, "the body is not JSON");
    const result = spec.schema.safeParse(json);
    if (!result.success) {
      const problems = result.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
        .join("; ");
      throw new ResponseShapeError(this.service, spec.operation, problems);
    }
    return result.data;
  }

  private url(path: string, query: RequestSpec<unknown>["query"]): string {
    const url = new URL(path.replace(/^\//, ""), this.base);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const item of value as readonly string[]) url.searchParams.append(key, item);
      else url.searchParams.append(key, String(value));
    }
    return url.toString();
  }

  /** Exponential backoff with full jitter after `attempt` (1-based). */
  private backoff(attempt: number): number {
    const ceiling = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (attempt - 1));
    return randomInt(Math.max(1, Math.floor(ceiling / 2)), Math.max(2, ceiling) + 1);
  }

  /**
   * The moment an attempt must be sent before, so that it has more than its answer margin left (minAnswerMs, at most
   * a tenth of a short deadline). The one rule for both: the limiters refuse a slot at or after it (their deadline
   * is the moment a slot must be had before), and a retry is made only when its wait ends before it; were the two
   * to differ at this moment, a retry would be allowed that the limiters then refuse.
   */
  private sendBy(deadline: Deadline): number {
    return deadline.at - Math.min(this.minAnswerMs, deadline.ms / 10);
  }

  /** A server's Retry-After as a wait; undefined when absent or not valid (the backoff applies then). */
  private retryAfter(header: string | undefined): number | undefined {
    return parseRetryAfter(header, this.now());
  }
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY = `(?:${WEEKDAYS.join("|")})`;
const MONTH = `(${MONTHS.join("|")})`;
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
/** The three forms of an HTTP-date (RFC 9110 section 5.6.7), each capturing day, month, year and time. */
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850_DATE = new RegExp(`^(?:${LONG_WEEKDAYS.join("|")}), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);

/**
 * Retry-After as milliseconds from `now`: whole seconds (`120`) or an HTTP-date (a date already past means no wait).
 * Anything else is ignored (undefined) rather than guessed at: `1.5`, `-1`, `0x10` or a date in another format.
 */
function parseRetryAfter(header: string | undefined, now: number): number | undefined {
  // Whitespace around a field value is not part of it (RFC 9110 section 5.5).
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = parseHttpDate(value, now);
  return date === undefined ? undefined : Math.max(0, date - now);
}

function parseHttpDate(value: string, now: number): number | undefined {
  const imf = IMF_FIXDATE.exec(value);
  if (imf) return utc(Number(imf[3]), imf[2], Number(imf[1]), imf.slice(4, 7));
  const rfc850 = RFC850_DATE.exec(value);
  if (rfc850) {
    // A two-digit year more than 50 years ahead is the most recent past year that ends in those digits (RFC 9110).
    const thisYear = new Date(now).getUTCFullYear();
    let year = thisYear - (thisYear % 100) + Number(rfc850[3]);
    if (year > thisYear + 50) year -= 100;
    return utc(year, rfc850[2], Number(rfc850[1]), rfc850.slice(4, 7));
  }
  const asctime = ASCTIME_DATE.exec(value);
  if (asctime) return utc(Number(asctime[6]), asctime[1], Number(asctime[2]), asctime.slice(3, 6));
  return undefined;
}

/** The instant of a date and a time of day ([hh, mm, ss]) in UTC, or undefined when there is none (31 Feb, 25:00). */
function utc(year: number, monthName: string | undefined, day: number, time: Array<string | undefined>): number | undefined {
  const month = MONTHS.indexOf(monthName ?? "");
  const [hour = NaN, minute = NaN, second = NaN] = time.map(Number);
  // 60 is a leap second; Date.UTC carries it into the next minute.
  if (month < 0 || !(hour <= 23 && minute <= 59 && second <= 60)) return undefined;
  const instant = Date.UTC(year, month, day, hour, minute, second);
  // Date.UTC carries 31 Feb over into March: such a day is no date.
  return day >= 1 && new Date(instant).getUTCDate() === day ? instant : undefined;
}

/** A long wait in whole minutes (rounded up), which is how precise a message about it needs to be. */
function roundUpWait(ms: number): number {
  return ms >= 120_000 ? Math.ceil(ms / 60_000) * 60_000 : ms;
}

/** A wait or deadline for messages: "150 ms", "2.5 s", "3 min". */
function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Math.round(ms / 100) / 10} s`;
}

function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function flattenHeaders(headers: Dispatcher.ResponseData["headers"]): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(headers)) flat[key.toLowerCase()] = Array.isArray(value) ? value[0] : value;
  return flat;
}

/**
 * The fields of a network error, read by shape: errors raised inside Node (sockets, timers) need not be instances of
 * the `Error` this code sees (a test runner's sandbox has its own), and AbortSignal's timeout is a DOMException.
 */
function errorFields(error: unknown): { name?: unknown; code?: unknown; message?: unknown; errors?: unknown } {
  return typeof error === "object" && error !== null ? error : {};
}

function describeNetworkError(error: unknown): string {
  const { name, code, message } = errorFields(error);
  if (name === "TimeoutError" || name === "AbortError") return "the request timed out";
  if (typeof message !== "string") return String(error);
  return typeof code === "string" ? `${code}: ${message}` : message;
}

/** Whether the connection was refused, so nothing of the request was sent (by every address, when several were tried). */
function isConnectionRefused(error: unknown): boolean {
  return everyAttemptFailed(error, (code) => code === "ECONNREFUSED");
}

/** Network error codes that say no connection to the service could be made: nothing was sent. */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  // TLS: the handshake failed (a plain-http server, a certificate not trusted or not for this host).
  "EPROTO",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
]);

/** Whether no connection could be made to the service (by every address, when several were tried). */
function isUnreachable(error: unknown): boolean {
  return everyAttemptFailed(error, (code) => UNREACHABLE_CODES.has(code) || /^ERR_(SSL|TLS)_/.test(code));
}

/** Whether `failed` holds for the error's code, or for every address's error when several were tried. */
function everyAttemptFailed(error: unknown, failed: (code: string) => boolean): boolean {
  const { code, errors } = errorFields(error);
  if (Array.isArray(errors) && errors.length > 0) return errors.every((each) => everyAttemptFailed(each, failed));
  return typeof code === "string" && failed(code);
}
