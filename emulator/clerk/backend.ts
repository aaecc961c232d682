// The Clerk service as the server core sees it: Bearer secret-key auth, the optional Clerk-API-Version header,
// the documented per-key rate limits (development keys 100 / 10 s, production keys 1000 / 10 s), with the
// per-endpoint hourly ones its routes apply, and its errors.
import type { Backend } from "../core/backend";
import { bearerToken, singleHeader } from "../core/headers";
import { ClerkEndpointLimiter, type ClerkEndpointRateLimits } from "./endpoint-limits";
import { ClerkApiError, ClerkErrors, clerkErrorResponses } from "./errors";
import { CLERK_PATH_PREFIX, clerkRouter } from "./routes";
import type { ClerkStore } from "./store";

/**
 * The Backend API versions Clerk has released, the ones `Clerk-API-Version` may name: those Clerk's "Available
 * versions" page lists (2021-02-05, 2024-10-01, 2025-04-10, 2025-11-10) and 2026-05-12, which Clerk's description
 * of 2025-11-10 names as the next version and its official SDKs send. Any other value, including dates Clerk's
 * repository of OpenAPI files once held a file for without releasing them (2025-03-12, 2025-12-03), is refused
 * with 400 api_version_invalid, as Clerk refuses an invalid version.
 */
export const CLERK_API_VERSIONS = ["2021-02-05", "2024-10-01", "2025-04-10", "2025-11-10", "2026-05-12"] as const;

const RATE_LIMIT_WINDOW_MS = 10_000;

export interface ClerkBackendOptions {
  /**
   * The per-endpoint limits (invitation creation) to apply; undefined for none. The emulator passes Clerk's
   * documented ones, or overrides of them, when its rate-limit policy is `documented`.
   */
  readonly endpointRateLimits?: ClerkEndpointRateLimits;
}

export function createClerkBackend(store: ClerkStore, options: ClerkBackendOptions = {}): Backend {
  return {
    name: "clerk",
    pathPrefixes: [CLERK_PATH_PREFIX],
    router: clerkRouter(store, new ClerkEndpointLimiter(options.endpointRateLimits)),
    // The official SDK compares the response Content-Type with `===`, so no charset parameter.
    jsonContentType: "application/json",
    errors: clerkErrorResponses,
    responseHeaders: () => ({}),
    authenticate(headers) {
      const token = bearerToken(headers);
      if (token === undefined) return { ok: false, response: ClerkErrors.authorizationHeaderInvalid().toResponse() };
      if (!store.hasSecretKey(token)) return { ok: false, response: ClerkErrors.secretKeyInvalid().toResponse() };
      return { ok: true, credential: token };
    },
    checkHeaders(headers) {
      const version = singleHeader(headers, "clerk-api-version");
      if (version === undefined || (CLERK_API_VERSIONS as readonly string[]).includes(version)) return undefined;
      return ClerkErrors.apiVersionInvalid(version, CLERK_API_VERSIONS).toResponse();
    },
    documentedRateLimit(credential) {
      const requests = credential.startsWith("sk_live_") ? 1000 : 100;
      return { bucket: credential, rule: { requests, windowMs: RATE_LIMIT_WINDOW_MS } };
    },
    toErrorResponse: (error) => (error instanceof ClerkApiError ? error.toResponse() : undefined),
  };
}
