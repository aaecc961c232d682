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
}

/** An error response from the API (after retries, where retrying made sense). */
export class ApiError extends Error {
  readonly service: string;
  readonly operation: string;
  readonly status: number;
  readonly code: string | undefined;
  readonly apiMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly paramName: string | undefined;

  constructor(details: ApiErrorDetails, advice?: string) {
    super(ApiError.compose(details, advice));
    this.name = new.target.name;
    this.service = details.service;
    this.operation = details.operation;
    this.status = details.status;
    this.code = details.code;
    this.apiMessage = details.apiMessage;
    this.requestId = details.requestId;
    this.paramName = details.paramName;
  }

  private static compose(details: ApiErrorDetails, advice: string | undefined): string {
    const code = details.code ? ` ${details.code}` : "";
    const said = details.apiMessage ? `: ${details.apiMessage}` : "";
    const next = advice ? `. ${advice}` : "";
    const trace = details.requestId ? ` (request id ${details.requestId})` : "";
    return `${details.service} ${details.operation} failed with HTTP ${details.status}${code}${said}${next}${trace}`;
  }
}

/** 401: the key is missing, malformed or not valid for this instance. */
export class AuthenticationError extends ApiError {
  constructor(details: ApiErrorDetails, keyHint: string) {
    super(details, `Check the ${details.service} ${keyHint}; it must belong to the instance that owns these organizations`);
  }
}

/** 403: the key may not do this, or a quota forbids it. */
export class PermissionError extends ApiError {}

/** 404: the addressed object (or one it refers to) does not exist. */
export class NotFoundError extends ApiError {}

/** 409 or a duplicate-style 400: the object conflicts with existing state. */
export class ConflictError extends ApiError {}

/** 400/422: the API rejected the request's parameters. */
export class ValidationError extends ApiError {}

/** 429 after every retry the deadline allowed. */
export class RateLimitError extends ApiError {
  readonly retryAfterMs: number | undefined;
  constructor(details: ApiErrorDetails, retryAfterMs: number | undefined) {
    super(details, "The API rate limit was exceeded for longer than the retry deadline; lower the request rate (maxRequestsPerSecond) or run again later");
    this.retryAfterMs = retryAfterMs;
  }
}

/** 5xx after every retry the deadline allowed. */
export class ServerError extends ApiError {}

/** The request may or may not have been applied (timeout, dropped connection or 5xx on a non-idempotent request). */
export class OutcomeUnknownError extends Error {
  readonly service: string;
  readonly operation: string;
  constructor(service: string, operation: string, cause: string) {
    super(`${service} ${operation}: no answer (${cause}); the request may or may not have been applied`);
    this.name = "OutcomeUnknownError";
    this.service = service;
    this.operation = operation;
  }
}

/** The network failed for every attempt the deadline allowed. */
export class TransportError extends Error {
  constructor(service: string, operation: string, cause: string, attempts: number) {
    super(`${service} ${operation} failed after ${attempts} attempt(s): ${cause}. Check that the API URL is reachable from this machine`);
    this.name = "TransportError";
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

/** A backend's explanation of an API error (what to do next), keeping the status, code and request id. */
export function explainedError(message: string, cause: ApiError): Error {
  const id = cause.requestId ? `, request id ${cause.requestId}` : "";
  const error = new Error(`${message} [HTTP ${cause.status}${cause.code ? ` ${cause.code}` : ""}${id}]`, { cause });
  error.name = cause.name;
  return error;
}
