// Clerk's configuration keys, documented rate limits and error envelope.

import type { ServiceProfile } from "../../http/client";
import type { CredentialSpec } from "../../http/credentials";
import { clerkErrorEnvelopeWire } from "./wire";

export const CLERK_API_VERSION = "2025-11-10";

export const clerkCredentialSpec: CredentialSpec = {
  service: "Clerk",
  keyConfig: "clerk:secretKey",
  keyEnv: "CLERK_SECRET_KEY",
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

export const clerkServiceProfile: ServiceProfile = {
  service: "Clerk",
  keyHint: "secret key (`clerk:secretKey` or CLERK_SECRET_KEY)",
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
