// WorkOS's configuration keys, documented rate limits and error envelope.

import type { ServiceProfile } from "../../http/client";
import { keyHint, type CredentialSpec } from "../../http/credentials";
import { workosErrorWire } from "./wire";

export const workosCredentialSpec: CredentialSpec = {
  service: "WorkOS",
  keyConfig: "workos:apiKey",
  keyEnv: "WORKOS_API_KEY",
  keyName: "API key",
  keyPattern: /^sk_\S+$/,
  keyShape: "sk_…",
  urlConfig: "workos:apiUrl",
  urlEnv: "WORKOS_API_URL",
  defaultUrl: "https://api.workos.com",
  // The endpoints' paths start with /user_management/ themselves: a base URL ending in it doubles that part, and
  // every call then fails with a 404 that reads as if the organization or user did not exist.
  urlProblem: (url) =>
    /\/user_management\/?$/.test(url.pathname)
      ? "ends in /user_management, but it must be the API's base URL without that suffix, e.g. https://api.workos.com or the emulator's http://127.0.0.1:<port> (the provider adds /user_management/… to every request itself)"
      : undefined,
  rateConfig: "workos:maxRequestsPerSecond",
  rateEnv: "WORKOS_MAX_REQUESTS_PER_SECOND",
  // Documented per environment: writes 500 / 10 s (reads 1000 / 10 s); one limiter at the write limit, 10% margin.
  documentedLimit: () => ({ requests: 450, windowMs: 10_000 }),
};

export const workosServiceProfile: ServiceProfile = {
  service: "WorkOS",
  keyHint: keyHint(workosCredentialSpec),
  parseError(_status, body) {
    const parsed = workosErrorWire.safeParse(body);
    if (!parsed.success) return { message: typeof body === "string" ? body.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 200) : undefined };
    const detail = parsed.data.errors?.map((e) => e.message).filter(Boolean).join("; ");
    const message = parsed.data.message ?? parsed.data.error_description ?? parsed.data.error ?? undefined;
    return {
      code: parsed.data.code ?? parsed.data.error ?? undefined,
      message: detail ? `${message ?? "invalid request"}: ${detail}` : message,
      paramName: parsed.data.errors?.[0]?.field ?? undefined,
    };
  },
};
