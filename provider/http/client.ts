// The one HTTP layer both services use: a shared keep-alive undici agent, per-request timeouts, retries with
// exponential backoff and full jitter (honouring Retry-After, capped, within a total deadline), the shared rate
// limiter, zod validation of every response body, and error envelopes turned into typed errors.

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
  ResponseShapeError,
  ServerError,
  TransportError,
  ValidationError,
  type ApiErrorDetails,
} from "./errors";
import type { RateLimiter } from "./rate-limiter";

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
  limiter: RateLimiter;
  /** Extra headers sent on every request (e.g. an API version). */
  headers?: Record<string, string>;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** Total time allowed for one logical request, retries included. */
  deadlineMs?: number;
  maxAttempts?: number;
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Upper bound for a server's Retry-After. */
  maxRetryAfterMs?: number;
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
}

const RETRYABLE_STATUS = new Set([408, 500, 502, 503, 504]);

let sharedAgent: Agent | undefined;

/** undici, loaded on the first request: a provider process that only validates inputs never pays for it. */
let undiciModule: Promise<typeof import("undici")> | undefined;

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

async function agent(): Promise<{ agent: Agent; request: typeof import("undici").request }> {
  if (!undiciModule) keepWebAssemblyOnBaselineTier();
  undiciModule ??= import("undici");
  const undici = await undiciModule;
  sharedAgent ??= new undici.Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 30_000, connections: 32, pipelining: 1 });
  return { agent: sharedAgent, request: undici.request };
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
  private readonly maxRetryAfterMs: number;
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
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  }

  get service(): string {
    return this.options.profile.service;
  }

  /** Sends one logical request and returns the validated body (undefined when there is no schema). */
  async send<T>(spec: RequestSpec<T>): Promise<T> {
    const idempotent = spec.idempotent ?? (spec.method !== "POST" || spec.idempotencyKey !== undefined);
    const url = this.url(spec.path, spec.query);
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.options.apiKey}`,
      accept: "application/json",
      "user-agent": "pulumi-org-roster",
      ...this.options.headers,
    };
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    if (body !== undefined) headers["content-type"] = "application/json";
    if (spec.idempotencyKey) headers["idempotency-key"] = spec.idempotencyKey;

    const http = await agent();
    const started = Date.now();
    let lastFailure = "";
    for (let attempt = 1; ; attempt++) {
      const release = await this.options.limiter.acquire();
      this.requestCount++;
      let response: Dispatcher.ResponseData;
      let text: string;
      try {
        response = await http.request(url, {
          method: spec.method,
          headers,
          body,
          dispatcher: http.agent,
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.timeoutMs,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        text = await response.body.text();
        release();
      } catch (error) {
        release();
        lastFailure = describeNetworkError(error);
        const notSent = isConnectionRefused(error);
        if (!idempotent && !notSent) throw new OutcomeUnknownError(this.service, spec.operation, lastFailure);
        const wait = this.backoff(attempt);
        if (!this.canRetry(attempt, started, wait)) throw new TransportError(this.service, spec.operation, lastFailure, attempt);
        await sleep(wait);
        continue;
      }

      const status = response.statusCode;
      if (status >= 200 && status < 300) return this.parse(spec, text);

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
        const retryAfterMs = this.retryAfter(headerMap["retry-after"]);
        const wait = retryAfterMs ?? this.backoff(attempt);
        this.options.limiter.pause(wait);
        if (!this.canRetry(attempt, started, wait)) throw new RateLimitError(details, retryAfterMs);
        await sleep(wait);
        continue;
      }
      if (RETRYABLE_STATUS.has(status)) {
        lastFailure = `HTTP ${status}`;
        if (!idempotent) throw new OutcomeUnknownError(this.service, spec.operation, `HTTP ${status}${parsed.code ? ` ${parsed.code}` : ""}`);
        const retryAfterMs = this.retryAfter(headerMap["retry-after"]);
        const wait = retryAfterMs ?? this.backoff(attempt);
        if (!this.canRetry(attempt, started, wait)) {
          throw new ServerError(details, `The service kept failing for ${attempt} attempt(s); try again later`);
        }
        await sleep(wait);
        continue;
      }
      throw this.toError(details, status, parsed);
    }
  }

  private toError(details: ApiErrorDetails, status: number, parsed: ParsedApiError): ApiError {
    const kind = this.options.profile.classify?.(parsed, status);
    if (status === 401) return new AuthenticationError(details, this.options.profile.keyHint);
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

  /** Exponential backoff with full jitter for `attempt` (1-based): also for callers' own retry loops. */
  backoff(attempt: number): number {
    const ceiling = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** (attempt - 1));
    return randomInt(Math.max(1, Math.floor(ceiling / 2)), Math.max(2, ceiling) + 1);
  }

  private retryAfter(header: string | undefined): number | undefined {
    if (!header) return undefined;
    const seconds = Number(header);
    let ms: number;
    if (Number.isFinite(seconds)) ms = seconds * 1000;
    else {
      const date = Date.parse(header);
      if (Number.isNaN(date)) return undefined;
      ms = date - Date.now();
    }
    return Math.min(this.maxRetryAfterMs, Math.max(0, ms));
  }

  private canRetry(attempt: number, started: number, waitMs: number): boolean {
    return attempt < this.maxAttempts && Date.now() - started + waitMs < this.deadlineMs;
  }
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

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (error.name === "TimeoutError" || error.name === "AbortError") return "the request timed out";
    return typeof code === "string" ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

function isConnectionRefused(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === "ECONNREFUSED";
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
