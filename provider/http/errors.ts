// Typed errors for every HTTP failure: decisions (adopt, treat-as-gone, retry) test the class or the code, never the
// message text. Messages name the service, the operation and what to do; they never contain credentials.

export interface ApiErrorDetails {
  service: string;
  operation: string;
  status: number;
  code?: string;
  /** The API's own explanation, already free of credentials. */
  apiMessage?: string;
  /** Clerk's `clerk_trace_id` or WorkOS's `X-Request-ID`, for support tickets. */
  requestId?: string;
  /** The request parameter the API blamed, when it says. */
  paramName?: string;
  /** A 429's Retry-After (capped), when the server gave one. */
  retryAfterMs?: number;
}

/** What an ApiError may carry besides the response's details. */
export interface ApiErrorOptions {
  /**
   * A backend's explanation of the error (what to do next): it replaces the composed message, and the status, code
   * and request id follow it in brackets.
   */
  explanation?: string;
  cause?: unknown;
}

/**
 * An error response from the API (after retries, where retrying made sense). Every subclass keeps this
 * constructor's parameters: `explainedError` re-creates an error through its own class, so that a decision taken
 * with `instanceof` sees the class the HTTP layer chose, explained or not.
 */
export class ApiError extends Error {
  readonly service: string;
  readonly operation: string;
  readonly status: number;
  readonly code: string | undefined;
  readonly apiMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly paramName: string | undefined;
  /** A 429's Retry-After (capped), when the server gave one. */
  readonly retryAfterMs: number | undefined;

  constructor(details: ApiErrorDetails, advice?: string, options: ApiErrorOptions = {}) {
    const message = options.explanation === undefined ? ApiError.compose(details, advice) : ApiError.explain(details, options.explanation);
    // Only an error that has a cause gets the property (Error sets it even when the value given is undefined).
    super(message, "cause" in options ? { cause: options.cause } : undefined);
    this.name = new.target.name;
    this.service = details.service;
    this.operation = details.operation;
    this.status = details.status;
    this.code = details.code;
    this.apiMessage = details.apiMessage;
    this.requestId = details.requestId;
    this.paramName = details.paramName;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** The details this error was built from, to build another error of the same response. */
  get details(): ApiErrorDetails {
    const { service, operation, status, code, apiMessage, requestId, paramName, retryAfterMs } = this;
    return { service, operation, status, code, apiMessage, requestId, paramName, retryAfterMs };
  }

  private static compose(details: ApiErrorDetails, advice: string | undefined): string {
    const code = details.code ? ` ${details.code}` : "";
    const said = details.apiMessage ? `: ${details.apiMessage}` : "";
    const next = advice ? `. ${advice}` : "";
    const trace = details.requestId ? ` (request id ${details.requestId})` : "";
    return `${details.service} ${details.operation} failed with HTTP ${details.status}${code}${said}${next}${trace}`;
  }

  private static explain(details: ApiErrorDetails, explanation: string): string {
    const id = details.requestId ? `, request id ${details.requestId}` : "";
    return `${explanation} [HTTP ${details.status}${details.code ? ` ${details.code}` : ""}${id}]`;
  }
}

/** 401: the key is missing, malformed or not valid for this instance. */
export class AuthenticationError extends ApiError {}

/** 403: the key may not do this, or a quota forbids it. */
export class PermissionError extends ApiError {}

/** 404: the addressed object (or one it refers to) does not exist. */
export class NotFoundError extends ApiError {}

/** 409 or a duplicate-style 400: the object conflicts with existing state. */
export class ConflictError extends ApiError {}

/** 400/422: the API rejected the request's parameters. */
export class ValidationError extends ApiError {}

/** 429 after every retry the deadline allowed. */
export class RateLimitError extends ApiError {}

/**
 * The request could not go out before its deadline: the client's own rate limiter had no slot in time (the key's or
 * an endpoint's window is full of requests too recent), or the operation it belongs to had spent the deadline
 * already. Nothing was sent; `reason` says which.
 */
export class RateLimitWaitError extends Error {
  readonly service: string;
  readonly operation: string;
  constructor(service: string, operation: string, reason: string) {
    super(`${service} ${operation} was not sent: ${reason}; run again later`);
    this.name = "RateLimitWaitError";
    this.service = service;
    this.operation = operation;
  }
}

/** 5xx after every retry the deadline allowed. */
export class ServerError extends ApiError {}

/** The request may or may not have been applied (timeout, dropped connection or 5xx on a non-idempotent request). */
export class OutcomeUnknownError extends Error {
  readonly service: string;
  readonly operation: string;
  /** What happened instead of an answer, e.g. "HTTP 503" or "the request timed out". */
  readonly detail: string;
  constructor(service: string, operation: string, detail: string) {
    super(`${service} ${operation}: no answer (${detail}); the request may or may not have been applied`);
    this.name = "OutcomeUnknownError";
    this.service = service;
    this.operation = operation;
    this.detail = detail;
  }
}

/** The network failed for every attempt the deadline allowed. */
export class TransportError extends Error {
  /** `stopped` says when and why the retries ended, e.g. "after 3 attempt(s), the most allowed". */
  constructor(service: string, operation: string, cause: string, stopped: string) {
    super(`${service} ${operation} failed ${stopped}: ${cause}. Check that the API URL is reachable from this machine`);
    this.name = "TransportError";
  }
}

/**
 * No connection to the API could be made (its host name does not resolve, the connection is refused, TLS fails), so
 * nothing was sent; thrown at once, without retries, by a client told not to retry those (`retryUnreachable: false`).
 */
export class UnreachableError extends Error {
  readonly service: string;
  /** The API's base URL as configured. */
  readonly url: string;
  constructor(service: string, url: string, cause: string) {
    super(`the ${service} API at ${url} cannot be reached (${cause})`);
    this.name = "UnreachableError";
    this.service = service;
    this.url = url;
  }
}

/** The API answered with a body that does not have the documented shape. */
export class ResponseShapeError extends Error {
  constructor(service: string, operation: string, problems: string) {
    super(`${service} ${operation} returned an unexpected response shape (${problems}); this client may be out of date with the API`);
    this.name = "ResponseShapeError";
  }
}

/** Bad client configuration (missing key, unsafe URL), found before any request. */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}

/** The constructor every ApiError class has (see ApiError). */
type ApiErrorClass<E extends ApiError> = new (details: ApiErrorDetails, advice?: string, options?: ApiErrorOptions) => E;

/**
 * A backend's explanation of an API error (what to do next), keeping the status, code and request id: an error of
 * the cause's own class with the same details, the explanation as its message and the cause attached.
 */
export function explainedError<E extends ApiError>(explanation: string, cause: E): E {
  const ErrorClass = cause.constructor as ApiErrorClass<E>;
  return new ErrorClass(cause.details, undefined, { explanation, cause });
}
