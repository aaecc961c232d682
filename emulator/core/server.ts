// The HTTP server shared by every emulated service: routes each request to the admin API or to a backend, and
// runs the API pipeline (stats, latency, faults, authentication, rate limit, body parsing, idempotency, handler).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { AdminApi } from "./admin";
import { type ApiRequest, type ApiResponse, type Backend, type RouteHandler, jsonResponse } from "./backend";
import { classifyBody, readBodyText } from "./body";
import type { FaultInjector } from "./faults";
import { singleHeader } from "./headers";
import type { IdempotencyCache } from "./idempotency";
import { type JsonValue, canonicalJson } from "./json";
import type { LatencyInjector } from "./latency";
import type { SeededRandom } from "./prng";
import { QueryParams } from "./query";
import type { RateLimitRule, SlidingWindowRateLimiter } from "./rate-limit";
import { type HttpMethod, type RouteMatch, routeKeyOf } from "./router";
import { DROPPED_STATUS, type RequestStats, UNMATCHED_ROUTE } from "./stats";

export const HOST = "127.0.0.1";

/** `documented`: each service's published limits; false: none; a rule: that limit per secret key. */
export type RateLimitPolicy = "documented" | false | RateLimitRule;

export interface EmulatorServerParts {
  readonly backends: readonly Backend[];
  readonly admin: AdminApi;
  readonly latency: LatencyInjector;
  readonly faults: FaultInjector;
  readonly random: SeededRandom;
  readonly stats: RequestStats;
  readonly rateLimiter: SlidingWindowRateLimiter;
  readonly rateLimitPolicy: RateLimitPolicy;
  readonly idempotency: IdempotencyCache;
}

const HTTP_METHODS: readonly string[] = ["GET", "POST", "PUT", "PATCH", "DELETE"] satisfies HttpMethod[];
const BODY_METHODS: readonly string[] = ["POST", "PUT", "PATCH"] satisfies HttpMethod[];

function isHttpMethod(method: string): method is HttpMethod {
  return HTTP_METHODS.includes(method);
}

function belongsTo(prefix: string, path: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}

export class EmulatorServer {
  private readonly server: Server;

  constructor(private readonly parts: EmulatorServerParts) {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        process.stderr.write(`emulator: unhandled error for ${request.method} ${request.url}: ${String(error)}\n`);
        if (!response.headersSent) this.write(response, jsonResponse(500, { error: "emulator_failure" }), "application/json", {});
      });
    });
  }

  /** Starts listening on 127.0.0.1 (`port` 0 picks a free port) and resolves with the base URL. */
  async listen(port: number): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, HOST, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
    const address = this.server.address() as AddressInfo;
    return `http://${HOST}:${address.port}`;
  }

  /** Stops listening and closes every open connection, in-flight or idle. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", `http://${HOST}`);
    const method = request.method ?? "GET";
    const bodyText = await readBodyText(request);
    if (belongsTo(this.parts.admin.pathPrefix, url.pathname)) {
      this.write(response, this.parts.admin.handle(method, url.pathname, classifyBody(bodyText)), "application/json", {});
      return;
    }
    const backend = this.parts.backends.find((candidate) => candidate.pathPrefixes.some((prefix) => belongsTo(prefix, url.pathname)));
    const match = backend && isHttpMethod(method) ? backend.router.match(method, url.pathname) : undefined;
    const routeKey = match?.routeKey ?? routeKeyOf(method, UNMATCHED_ROUTE);
    this.parts.stats.recordRequest(routeKey);
    if (!backend) {
      this.sendApi(response, undefined, jsonResponse(404, { error: "not_found", message: `no emulated service serves ${url.pathname}` }));
      return;
    }
    await this.parts.latency.wait();
    const fault = match ? this.parts.faults.decide(routeKey) : ({ kind: "none" } as const);
    switch (fault.kind) {
      case "drop":
        this.drop(response);
        return;
      case "rateLimited":
        this.sendApi(response, backend, withRetryAfter(backend.errors.rateLimited(fault.retryAfterSeconds), fault.retryAfterSeconds));
        return;
      case "serverError":
        this.sendApi(response, backend, backend.errors.serverError(fault.status, this.parts.random));
        return;
      default: {
        const result = this.process(backend, match, request, url, bodyText);
        if (fault.kind === "dropAfterCommit") this.drop(response);
        else this.sendApi(response, backend, result);
      }
    }
  }

  /** Authentication, header checks, rate limit, body parsing, idempotency and the route handler, in that order. */
  private process(
    backend: Backend,
    match: RouteMatch<RouteHandler> | undefined,
    request: IncomingMessage,
    url: URL,
    bodyText: string,
  ): ApiResponse {
    const method = request.method ?? "GET";
    if (!match || !isHttpMethod(method)) return backend.errors.routeNotFound(method, url.pathname);
    const auth = backend.authenticate(request.headers);
    if (!auth.ok) return auth.response;
    const headerProblem = backend.checkHeaders(request.headers);
    if (headerProblem) return headerProblem;
    const limited = this.checkRateLimit(backend, auth.credential, method);
    if (limited) return limited;
    let body: JsonValue | undefined;
    if (BODY_METHODS.includes(method)) {
      const parsed = classifyBody(bodyText);
      if (parsed.kind === "malformed") return backend.errors.malformedBody(parsed.reason);
      body = parsed.kind === "json" ? parsed.value : undefined;
    }
    const apiRequest: ApiRequest = {
      method,
      path: url.pathname,
      routeKey: match.routeKey,
      params: match.params,
      query: new QueryParams(url.search),
      headers: request.headers,
      body,
      credential: auth.credential,
    };
    return this.withIdempotency(backend, apiRequest, url, () => this.invoke(backend, match.handler, apiRequest));
  }

  private checkRateLimit(backend: Backend, credential: string, method: HttpMethod): ApiResponse | undefined {
    const policy = this.parts.rateLimitPolicy;
    if (policy === false) return undefined;
    const { bucket, rule } =
      policy === "documented" ? backend.documentedRateLimit(credential, method) : { bucket: credential, rule: policy };
    const decision = this.parts.rateLimiter.take(`${backend.name}:${bucket}`, rule);
    if (decision.allowed) return undefined;
    return withRetryAfter(backend.errors.rateLimited(decision.retryAfterSeconds), decision.retryAfterSeconds);
  }

  private withIdempotency(backend: Backend, request: ApiRequest, url: URL, run: () => ApiResponse): ApiResponse {
    const key = singleHeader(request.headers, "idempotency-key");
    if (!backend.idempotency || request.method !== "POST" || key === undefined || key === "") return run();
    const cacheKey = `${backend.name}:${request.credential}:${key}`;
    const fingerprint = `${request.method} ${url.pathname}${url.search} ${canonicalJson(request.body ?? null)}`;
    const found = this.parts.idempotency.lookup(cacheKey, fingerprint);
    if (found.kind === "replay") return found.response;
    if (found.kind === "conflict") return backend.idempotency.conflict();
    const response = run();
    this.parts.idempotency.remember(cacheKey, fingerprint, response);
    return response;
  }

  private invoke(backend: Backend, handler: RouteHandler, request: ApiRequest): ApiResponse {
    try {
      return handler(request);
    } catch (error) {
      const mapped = backend.toErrorResponse(error);
      if (mapped) return mapped;
      process.stderr.write(`emulator: ${request.routeKey} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      return backend.errors.serverError(500, this.parts.random);
    }
  }

  private sendApi(response: ServerResponse, backend: Backend | undefined, apiResponse: ApiResponse): void {
    if (!this.write(response, apiResponse, backend?.jsonContentType ?? "application/json", backend?.responseHeaders() ?? {})) return;
    this.parts.stats.recordOutcome(apiResponse.status);
  }

  private drop(response: ServerResponse): void {
    this.parts.stats.recordOutcome(DROPPED_STATUS);
    response.socket?.destroy();
  }

  /** Writes the response; false when the connection is already gone. */
  private write(response: ServerResponse, apiResponse: ApiResponse, jsonContentType: string, baseHeaders: Record<string, string>): boolean {
    if (response.headersSent || response.destroyed || !response.socket || response.socket.destroyed) return false;
    const headers: Record<string, string | number> = { ...baseHeaders, ...apiResponse.headers };
    let payload = "";
    const body = apiResponse.body;
    if (body.kind === "json") {
      headers["Content-Type"] = jsonContentType;
      payload = JSON.stringify(body.value);
    } else if (body.kind === "text") {
      headers["Content-Type"] = body.contentType;
      payload = body.text;
    }
    headers["Content-Length"] = Buffer.byteLength(payload, "utf8");
    response.writeHead(apiResponse.status, headers);
    response.end(payload);
    return true;
  }
}

function withRetryAfter(response: ApiResponse, seconds: number): ApiResponse {
  return { ...response, headers: { ...response.headers, "Retry-After": String(seconds) } };
}
