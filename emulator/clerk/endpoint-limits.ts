// The per-endpoint limits Clerk documents for the Backend API on top of the per-key ones (100 / 10 s development,
// 1000 / 10 s production, which the server core applies): creating organization invitations, 250 requests an hour,
// and creating them in bulk, 50 requests an hour, each counted for the whole instance whatever the key. A request
// over a limit is answered like the per-key ones: 429 too_many_requests with Retry-After.
import type { ApiResponse } from "../core/backend";
import { type RateLimitRule, SlidingWindowRateLimiter } from "../core/rate-limit";
import { clerkErrorResponses } from "./errors";

const HOUR_MS = 60 * 60 * 1000;

/** The endpoints with a documented limit of their own. */
export type ClerkLimitedEndpoint = "createOrganizationInvitation" | "createOrganizationInvitationBulk";

export type ClerkEndpointRateLimits = Readonly<Record<ClerkLimitedEndpoint, RateLimitRule>>;

/**
 * Clerk's documented limits: `POST /v1/organizations/{organization_id}/invitations` 250 an hour and
 * `POST /v1/organizations/{organization_id}/invitations/bulk` 50 an hour, per instance.
 */
export const DOCUMENTED_CLERK_ENDPOINT_RATE_LIMITS: ClerkEndpointRateLimits = {
  createOrganizationInvitation: { requests: 250, windowMs: HOUR_MS },
  createOrganizationInvitationBulk: { requests: 50, windowMs: HOUR_MS },
};

/** Counts the limited endpoints' requests; one per emulator, so the counts outlive reseeding as the per-key ones do. */
export class ClerkEndpointLimiter {
  private readonly limiter = new SlidingWindowRateLimiter();

  /** `rules` undefined: no endpoint limits (rate limiting off, or replaced by one custom per-key rule). */
  constructor(private readonly rules: ClerkEndpointRateLimits | undefined) {}

  /** Counts one request to `endpoint`: undefined when allowed, otherwise the 429 to answer. */
  take(endpoint: ClerkLimitedEndpoint): ApiResponse | undefined {
    const rule = this.rules?.[endpoint];
    if (!rule) return undefined;
    const decision = this.limiter.take(endpoint, rule);
    if (decision.allowed) return undefined;
    const response = clerkErrorResponses.rateLimited(decision.retryAfterSeconds);
    return { ...response, headers: { ...response.headers, "Retry-After": String(decision.retryAfterSeconds) } };
  }
}
