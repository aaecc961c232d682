// The contract between the backend-neutral server and one emulated service (Clerk, WorkOS): its routes, how it
// authenticates, its documented rate limits and how it words each kind of error.
import type { IncomingHttpHeaders } from "node:http";
import type { ServerErrorStatus } from "./faults";
import type { JsonValue } from "./json";
import type { SeededRandom } from "./prng";
import type { QueryParams } from "./query";
import type { RateLimitRule } from "./rate-limit";
import type { HttpMethod, Router } from "./router";

export type ResponseBody =
  | { readonly kind: "json"; readonly value: JsonValue }
  | { readonly kind: "text"; readonly contentType: string; readonly text: string }
  | { readonly kind: "empty" };

export interface ApiResponse {
  readonly status: number;
  readonly body: ResponseBody;
  /** Extra headers (Content-Type is set by the server from the body kind). */
  readonly headers?: Readonly<Record<string, string>>;
}

export function jsonResponse(status: number, value: JsonValue, headers?: Record<string, string>): ApiResponse {
  return { status, body: { kind: "json", value }, headers };
}

export function textResponse(status: number, contentType: string, text: string): ApiResponse {
  return { status, body: { kind: "text", contentType, text } };
}

export function emptyResponse(status: number): ApiResponse {
  return { status, body: { kind: "empty" } };
}

export interface ApiRequest {
  readonly method: HttpMethod;
  readonly path: string;
  /** `METHOD template` of the matched route. */
  readonly routeKey: string;
  readonly params: ReadonlyMap<string, string>;
  readonly query: QueryParams;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body of a POST, PUT or PATCH; undefined when empty (and for other methods). */
  readonly body: JsonValue | undefined;
  /** The authenticated secret key. */
  readonly credential: string;
}

/** A path parameter the matched route template declares. */
export function pathParam(request: ApiRequest, name: string): string {
  const value = request.params.get(name);
  if (value === undefined) throw new Error(`route ${request.routeKey} has no path parameter :${name}`);
  return value;
}

export type RouteHandler = (request: ApiRequest) => ApiResponse;

export type AuthResult = { readonly ok: true; readonly credential: string } | { readonly ok: false; readonly response: ApiResponse };

/** How one service words the errors the server core produces on its behalf. */
export interface BackendErrorResponses {
  routeNotFound(method: string, path: string): ApiResponse;
  malformedBody(reason: string): ApiResponse;
  /** The body of a 429; the server adds the Retry-After header. */
  rateLimited(retryAfterSeconds: number): ApiResponse;
  /** An injected server error; `random` may vary the body (e.g. a non-JSON gateway page). */
  serverError(status: ServerErrorStatus, random: SeededRandom): ApiResponse;
}

export interface Backend {
  readonly name: string;
  /** Requests whose path is one of these prefixes or starts with one and a slash belong to this backend, e.g. `/v1`. */
  readonly pathPrefixes: readonly string[];
  readonly router: Router<RouteHandler>;
  /** The exact Content-Type of JSON responses. */
  readonly jsonContentType: string;
  readonly errors: BackendErrorResponses;
  /** Headers on every response of this backend, e.g. a fresh X-Request-ID. */
  responseHeaders(): Record<string, string>;
  authenticate(headers: IncomingHttpHeaders): AuthResult;
  /** Checks run after authentication and before rate limiting (e.g. an API version header). */
  checkHeaders(headers: IncomingHttpHeaders): ApiResponse | undefined;
  /** The service's documented limit for this key and method, with the bucket it is counted in. */
  documentedRateLimit(credential: string, method: HttpMethod): { bucket: string; rule: RateLimitRule };
  /** Turns an error thrown by a route handler into a response, or undefined when it is not the service's own. */
  toErrorResponse(error: unknown): ApiResponse | undefined;
  /** Present when the service honours `Idempotency-Key` on POST: the response to a key reused with another body. */
  readonly idempotency?: { conflict(): ApiResponse };
}
