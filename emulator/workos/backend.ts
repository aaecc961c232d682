// The WorkOS service as the server core sees it: Bearer API-key auth, an X-Request-ID on every response,
// Idempotency-Key on POST, the documented per-key limits (reads 1000 / 10 s, writes 500 / 10 s) and its errors.
import type { Backend } from "../core/backend";
import { bearerToken } from "../core/headers";
import { randomRequestId } from "../core/ids";
import { WorkosApiError, WorkosErrors, workosErrorResponses } from "./errors";
import { WORKOS_AUTHORIZATION_PREFIX, WORKOS_PATH_PREFIX, workosRouter } from "./routes";
import type { WorkosStore } from "./store";

const RATE_LIMIT_WINDOW_MS = 10_000;

export function createWorkosBackend(store: WorkosStore): Backend {
  return {
    name: "workos",
    pathPrefixes: [WORKOS_PATH_PREFIX, WORKOS_AUTHORIZATION_PREFIX],
    router: workosRouter(store),
    jsonContentType: "application/json; charset=utf-8",
    errors: workosErrorResponses,
    responseHeaders: () => ({ "X-Request-ID": randomRequestId() }),
    authenticate(headers) {
      const token = bearerToken(headers);
      if (token === undefined || !store.hasApiKey(token)) return { ok: false, response: WorkosErrors.unauthorized().toResponse() };
      return { ok: true, credential: token };
    },
    checkHeaders: () => undefined,
    documentedRateLimit(credential, method) {
      return method === "GET"
        ? { bucket: `${credential}:read`, rule: { requests: 1000, windowMs: RATE_LIMIT_WINDOW_MS } }
        : { bucket: `${credential}:write`, rule: { requests: 500, windowMs: RATE_LIMIT_WINDOW_MS } };
    },
    toErrorResponse: (error) => (error instanceof WorkosApiError ? error.toResponse() : undefined),
    idempotency: { conflict: () => WorkosErrors.idempotencyKeyReused().toResponse() },
  };
}
