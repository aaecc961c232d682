// Clerk credentials, API URL and rate limit, from stack configuration (`clerk:*`) or the environment, and how
// Clerk's error envelope reads.

import { ConfigurationError } from "../../http/errors";
import type { ServiceProfile } from "../../http/client";
import type { RateLimit } from "../../http/rate-limiter";
import { clerkErrorEnvelopeWire } from "./wire";

export const CLERK_DEFAULT_API_URL = "https://api.clerk.com/v1";
export const CLERK_API_VERSION = "2025-11-10";

export interface ClerkSettings {
  secretKey: string;
  apiUrl: string;
  rateLimit: RateLimit;
}

/** Reads settings: stack config first, then CLERK_SECRET_KEY / CLERK_API_URL / CLERK_MAX_REQUESTS_PER_SECOND. */
export function clerkSettings(config: (key: string) => string | undefined, env: NodeJS.ProcessEnv): ClerkSettings {
  const secretKey = config("clerk:secretKey") ?? env.CLERK_SECRET_KEY;
  if (!secretKey) {
    throw new ConfigurationError("No Clerk secret key: set it with `pulumi config set --secret clerk:secretKey <sk_…>` or the CLERK_SECRET_KEY environment variable");
  }
  if (!/^sk_(test|live)_\S+$/.test(secretKey)) {
    throw new ConfigurationError("The Clerk secret key does not look like one (expected sk_test_… or sk_live_…); check clerk:secretKey or CLERK_SECRET_KEY");
  }
  const apiUrl = config("clerk:apiUrl") ?? env.CLERK_API_URL ?? CLERK_DEFAULT_API_URL;
  const perSecond = config("clerk:maxRequestsPerSecond") ?? env.CLERK_MAX_REQUESTS_PER_SECOND;
  return { secretKey, apiUrl, rateLimit: perSecond ? perSecondLimit(perSecond) : clerkDocumentedLimit(secretKey) };
}

/** Documented per-instance limits (production 1000 / 10 s, development 100 / 10 s), with a 10% margin. */
export function clerkDocumentedLimit(secretKey: string): RateLimit {
  return { requests: secretKey.startsWith("sk_live_") ? 900 : 90, windowMs: 10_000 };
}

function perSecondLimit(raw: string): RateLimit {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(`clerk:maxRequestsPerSecond must be a positive number, got "${raw}"`);
  }
  return value >= 1 ? { requests: Math.floor(value), windowMs: 1000 } : { requests: 1, windowMs: Math.ceil(1000 / value) };
}

export const clerkServiceProfile: ServiceProfile = {
  service: "Clerk",
  keyHint: "`clerk:secretKey` or CLERK_SECRET_KEY",
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
