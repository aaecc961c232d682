// The composition root, loaded at run time by the serialized shim in the provider process: wires the engine to
// each backend and the shared HTTP layer, and holds the stack configuration that `configure` delivers.

import { createHash } from "node:crypto";
import { ClerkMembershipApi } from "./backends/clerk/api";
import { clerkMembershipModel } from "./backends/clerk/model";
import { CLERK_API_VERSION, clerkServiceProfile, clerkSettings } from "./backends/clerk/settings";
import { createMembershipProvider, type MembershipProvider } from "./engine/membership-provider";
import { HttpClient } from "./http/client";
import { limiterFor } from "./http/rate-limiter";

/** What pulumi's dynamic `configure` hands over: the stack configuration, secrets decrypted. */
export interface ConfigureRequest {
  config: { get(key: string): string | undefined };
}

let stackConfig: ConfigureRequest["config"] | undefined;

/** Stack configuration wins over environment variables; read at call time so the key is never captured. */
function configValue(key: string): string | undefined {
  const value = stackConfig?.get(key);
  return value === undefined || value === "" ? undefined : value;
}

async function configure(request: ConfigureRequest): Promise<void> {
  stackConfig = request.config;
  return Promise.resolve();
}

const apis = new Map<string, ClerkMembershipApi>();

function clerkApi(): ClerkMembershipApi {
  const settings = clerkSettings(configValue, process.env);
  const id = createHash("sha256").update(`${settings.apiUrl}\n${settings.secretKey}\n${settings.rateLimit.requests}/${settings.rateLimit.windowMs}`).digest("hex");
  let api = apis.get(id);
  if (!api) {
    const http = new HttpClient({
      baseUrl: settings.apiUrl,
      apiKey: settings.secretKey,
      profile: clerkServiceProfile,
      limiter: limiterFor("clerk", settings.secretKey, settings.rateLimit),
      headers: { "clerk-api-version": CLERK_API_VERSION },
    });
    api = new ClerkMembershipApi(http);
    apis.set(id, api);
  }
  return api;
}

export type DynamicProvider = MembershipProvider & { configure(request: ConfigureRequest): Promise<void> };

/** The Clerk `OrganizationMembership` provider. */
export const clerkMembership: DynamicProvider = { configure, ...createMembershipProvider(clerkMembershipModel, clerkApi) };

/** Forgets configuration and clients (tests). */
export function resetRuntime(): void {
  stackConfig = undefined;
  apis.clear();
}

export { closeHttpConnections } from "./http/client";
