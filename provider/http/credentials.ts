// Resolves one service's credentials, API URL and client-side rate limit from stack configuration, falling back to
// environment variables; read at call time so nothing is captured in the serialized provider. Every API client and
// every `check` go through it, so a preview refuses exactly the configuration an API call would: without a network
// call, and naming the setting to change (never the key itself).

import { apiUrlProblem } from "./client";
import { ConfigurationError } from "./errors";
import type { RateLimit } from "./rate-limiter";

export interface CredentialSpec {
  service: string;
  /** Stack config key and environment variable of the API key, e.g. `clerk:secretKey` / CLERK_SECRET_KEY. */
  keyConfig: string;
  keyEnv: string;
  /** What the service calls the key, e.g. "secret key". */
  keyName: string;
  /** What a key looks like, and how to say it. */
  keyPattern: RegExp;
  keyShape: string;
  urlConfig: string;
  urlEnv: string;
  defaultUrl: string;
  /** What is wrong with a well-formed URL for this service (phrased after the setting's name), if anything. */
  urlProblem?(url: URL): string | undefined;
  rateConfig: string;
  rateEnv: string;
  /** The documented limit for this key when none is configured. */
  documentedLimit(key: string): RateLimit;
}

export interface Credentials {
  apiKey: string;
  apiUrl: string;
  /**
   * The setting `apiUrl` came from, as messages name it: `stack config clerk:apiUrl`, `the CLERK_API_URL environment
   * variable`, or the default's own words.
   */
  apiUrlSetting: string;
  rateLimit: RateLimit;
}

/** How advice refers to the key, e.g. "secret key (`clerk:secretKey` or CLERK_SECRET_KEY)". */
export function keyHint(spec: CredentialSpec): string {
  return `${spec.keyName} (\`${spec.keyConfig}\` or ${spec.keyEnv})`;
}

export function resolveCredentials(spec: CredentialSpec, config: (key: string) => string | undefined, env: NodeJS.ProcessEnv): Credentials {
  const keyFromConfig = config(spec.keyConfig);
  const apiKey = keyFromConfig ?? nonEmpty(env[spec.keyEnv]);
  if (!apiKey) {
    throw new ConfigurationError(`No ${spec.service} API key: set it with \`pulumi config set --secret ${spec.keyConfig} <${spec.keyShape}>\` or the ${spec.keyEnv} environment variable`);
  }
  if (!spec.keyPattern.test(apiKey)) {
    // Stack config wins over the environment: name the one the key came from.
    const where = keyFromConfig !== undefined ? `stack config ${spec.keyConfig}` : `the ${spec.keyEnv} environment variable`;
    throw new ConfigurationError(
      `The ${spec.service} API key in ${where} does not look like one (expected ${spec.keyShape}); set it with \`pulumi config set --secret ${spec.keyConfig} <${spec.keyShape}>\` or the ${spec.keyEnv} environment variable`,
    );
  }
  const urlFromConfig = config(spec.urlConfig);
  const urlFromEnv = nonEmpty(env[spec.urlEnv]);
  const apiUrl = urlFromConfig ?? urlFromEnv ?? spec.defaultUrl;
  const apiUrlSetting =
    urlFromConfig !== undefined ? `stack config ${spec.urlConfig}` : urlFromEnv !== undefined ? `the ${spec.urlEnv} environment variable` : `the default ${spec.service} API URL (neither ${spec.urlConfig} nor ${spec.urlEnv} is set)`;
  if (urlFromConfig !== undefined || urlFromEnv !== undefined) {
    // The same rule the HTTP client enforces before sending anything, then the service's own.
    const problem = apiUrlProblem(apiUrl) ?? spec.urlProblem?.(new URL(apiUrl));
    if (problem) throw new ConfigurationError(`${apiUrlSetting} ${problem}; ${setApiUrl(spec)}`);
  }
  const perSecond = config(spec.rateConfig) ?? nonEmpty(env[spec.rateEnv]);
  return { apiKey, apiUrl, apiUrlSetting, rateLimit: perSecond ? perSecondLimit(perSecond, spec.rateConfig) : spec.documentedLimit(apiKey) };
}

/** How to set the service's API URL, in the words every message uses. */
function setApiUrl(spec: CredentialSpec): string {
  return `set it with \`pulumi config set ${spec.urlConfig} <url>\` or the ${spec.urlEnv} environment variable`;
}

/** What to say after the service could not be reached at `credentials.apiUrl`: the setting to check and how to set it. */
export function unreachableAdvice(spec: CredentialSpec, credentials: Credentials): string {
  return `check ${credentials.apiUrlSetting} (${setApiUrl(spec)}), and that this machine can reach it`;
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
