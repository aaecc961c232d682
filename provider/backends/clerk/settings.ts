// Clerk's configuration keys, documented rate limits and error envelope.

import type { ServiceProfile } from "../../http/client";
import { keyHint, type CredentialSpec } from "../../http/credentials";
import type { EndpointLimit } from "../../http/rate-limiter";
import { clerkErrorEnvelopeWire } from "./wire";

export const CLERK_API_VERSION = "2025-11-10";

export const clerkCredentialSpec: CredentialSpec = {
  service: "Clerk",
  keyConfig: "clerk:secretKey",
  keyEnv: "CLERK_SECRET_KEY",
  keyName: "secret key",
  keyPattern: /^sk_(test|live)_\S+$/,
  keyShape: "sk_test_… or sk_live_…",
  urlConfig: "clerk:apiUrl",
  urlEnv: "CLERK_API_URL",
  defaultUrl: "https://api.clerk.com/v1",
  rateConfig: "clerk:maxRequestsPerSecond",
  rateEnv: "CLERK_MAX_REQUESTS_PER_SECOND",
  // Documented per instance: production 1000 / 10 s, development 100 / 10 s; we keep a 10% margin.
  documentedLimit: (key) => ({ requests: key.startsWith("sk_live_") ? 900 : 90, windowMs: 10_000 }),
};

const HOUR_MS = 60 * 60 * 1000;

/**
 * Clerk's documented limits of single endpoints, per instance, besides the one above. No margin: the client's
 * limiter never lets a window see more than the limit, and the roster refuses a plan of more bulk calls than one
 * hour allows, which a smaller number here would make fail halfway instead.
 */
export const CLERK_ENDPOINT_LIMITS = {
  /** `POST /v1/organizations/{organization_id}/invitations`: 250 requests an hour. */
  createInvitation: { name: "POST /v1/organizations/{organization_id}/invitations", limit: { requests: 250, windowMs: HOUR_MS } },
  /** `POST /v1/organizations/{organization_id}/invitations/bulk`: 50 requests an hour. */
  createInvitationsBulk: { name: "POST /v1/organizations/{organization_id}/invitations/bulk", limit: { requests: 50, windowMs: HOUR_MS } },
} as const satisfies Record<string, EndpointLimit>;

export const clerkServiceProfile: ServiceProfile = {
  service: "Clerk",
  keyHint: keyHint(clerkCredentialSpec),
  parseError(_status, body) {
    const parsed = clerkErrorEnvelopeWire.safeParse(body);
    if (!parsed.success) return { message: typeof body === "string" ? body.slice(0, 200) : undefined };
    const first = parsed.data.errors?.[0];
    return {
      code: first?.code ?? undefined,
      message: first?.long_message ?? first?.message ?? undefined,
      requestId: parsed.data.clerk_trace_id ?? undefined,
      paramName: first?.meta?.param_name ?? undefined,
    };
  },
  classify(error, status) {
    if (error.code === "already_a_member_in_organization") return "conflict";
    if (error.code === "resource_not_found" || status === 404) return "not-found";
    return undefined;
  },
};
