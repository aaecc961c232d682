// Resolves one service's credentials, API URL and client-side rate limit from stack configuration, falling back to
// environment variables; read at call time so nothing is captured in the serialized provider.

import { ConfigurationError } from "./errors";
import type { RateLimit } from "./rate-limiter";

export interface CredentialSpec {
  service: string;
  /** Stack config key and environment variable of the API key, e.g. `clerk:secretKey` / CLERK_SECRET_KEY. */
  keyConfig: string;
  keyEnv: string;
  /** What a key looks like, and how to say it. */
  keyPattern: RegExp;
  keyShape: string;
  urlConfig: string;
  urlEnv: string;
  defaultUrl: string;
  rateConfig: string;
  rateEnv: string;
  /** The documented limit for this key when none is configured. */
  documentedLimit(key: string): RateLimit;
}

export interface Credentials {
  apiKey: string;
  apiUrl: string;
  rateLimit: RateLimit;
}

export function resolveCredentials(spec: CredentialSpec, config: (key: string) => string | undefined, env: NodeJS.ProcessEnv): Credentials {
  const apiKey = config(spec.keyConfig) ?? nonEmpty(env[spec.keyEnv]);
  if (!apiKey) {
    throw new ConfigurationError(`No ${spec.service} API key: set it with \`pulumi config set --secret ${spec.keyConfig} <${spec.keyShape}>\` or the ${spec.keyEnv} environment variable`);
  }
  if (!spec.keyPattern.test(apiKey)) {
    throw new ConfigurationError(`The ${spec.service} API key does not look like one (expected ${spec.keyShape}); check ${spec.keyConfig} or ${spec.keyEnv}`);
  }
  const apiUrl = config(spec.urlConfig) ?? nonEmpty(env[spec.urlEnv]) ?? spec.defaultUrl;
  const perSecond = config(spec.rateConfig) ?? nonEmpty(env[spec.rateEnv]);
  return { apiKey, apiUrl, rateLimit: perSecond ? perSecondLimit(perSecond, spec.rateConfig) : spec.documentedLimit(apiKey) };
}

function perSecondLimit(raw: string, setting: string): RateLimit {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(`${setting} must be a positive number of requests per second, got "${raw}"`);
  }
  return value >= 1 ? { requests: Math.floor(value), windowMs: 1000 } : { requests: 1, windowMs: Math.ceil(1000 / value) };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
