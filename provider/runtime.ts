// The composition root, loaded at run time by the serialized shims in the provider process: wires the engine to
// each backend and the shared HTTP layer, and holds the stack configuration that `configure` delivers.

import { createHash } from "node:crypto";
import { ClerkMembershipApi } from "./backends/clerk/api";
import { clerkMembershipModel } from "./backends/clerk/model";
import { CLERK_API_VERSION, clerkCredentialSpec, clerkServiceProfile } from "./backends/clerk/settings";
import { clerkRosterModel } from "./backends/clerk/roster";
import { WorkosMembershipApi } from "./backends/workos/api";
import { workosMembershipModel } from "./backends/workos/model";
import { workosRosterModel } from "./backends/workos/roster";
import { workosCredentialSpec, workosServiceProfile } from "./backends/workos/settings";
import { createMembershipProvider, type MembershipProvider } from "./engine/membership-provider";
import { createRosterProvider } from "./engine/roster-provider";
import { withMemoryRelief } from "./engine/memory";
import { SharedListingApi } from "./engine/shared-listing";
import { HttpClient, type ServiceProfile } from "./http/client";
import { resolveCredentials, type CredentialSpec } from "./http/credentials";
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

function configure(request: ConfigureRequest): Promise<void> {
  stackConfig = request.config;
  return Promise.resolve();
}

const clients = new Map<string, unknown>();

/** One API client per service, URL, key and limit in this process (so one limiter per key, one pool per origin). */
function client<T>(spec: CredentialSpec, profile: ServiceProfile, build: (http: HttpClient) => T, headers?: Record<string, string>): () => T {
  return () => {
    const credentials = resolveCredentials(spec, configValue, process.env);
    const id = createHash("sha256")
      .update([spec.service, credentials.apiUrl, credentials.apiKey, credentials.rateLimit.requests, credentials.rateLimit.windowMs].join("\n"))
      .digest("hex");
    let api = clients.get(id) as T | undefined;
    if (!api) {
      const http = new HttpClient({
        baseUrl: credentials.apiUrl,
        apiKey: credentials.apiKey,
        profile,
        limiter: limiterFor(spec.service, credentials.apiKey, credentials.rateLimit),
        headers,
      });
      api = build(http);
      clients.set(id, api);
    }
    return api;
  };
}

export type DynamicProvider = MembershipProvider & { configure(request: ConfigureRequest): Promise<void> };

// Every read of one organization in this process shares one listing of it.
const clerkApi = client(clerkCredentialSpec, clerkServiceProfile, (http) => new SharedListingApi(new ClerkMembershipApi(http)), { "clerk-api-version": CLERK_API_VERSION });
const workosApi = client(workosCredentialSpec, workosServiceProfile, (http) => new SharedListingApi(new WorkosMembershipApi(http)));

/** The Clerk `OrganizationMembership` provider. */
export const clerkMembership: DynamicProvider = { configure, ...withMemoryRelief(createMembershipProvider(clerkMembershipModel, clerkApi)) };

/** The WorkOS `OrganizationMembership` provider. */
export const workosMembership: DynamicProvider = { configure, ...withMemoryRelief(createMembershipProvider(workosMembershipModel, workosApi)) };

/** The Clerk `OrganizationRoster` provider. */
export const clerkRoster: DynamicProvider = { configure, ...withMemoryRelief(createRosterProvider(clerkRosterModel, clerkApi)) };

/** The WorkOS `OrganizationRoster` provider. */
export const workosRoster: DynamicProvider = { configure, ...withMemoryRelief(createRosterProvider(workosRosterModel, workosApi)) };

/** Forgets configuration and clients (tests). */
export function resetRuntime(): void {
  stackConfig = undefined;
  clients.clear();
}

export { closeHttpConnections } from "./http/client";

/** One live member as a roster file entry, for `org-roster export`. */
export interface ExportedMember {
  userId: string;
  role?: string;
  roles?: string[];
  publicMetadata?: Record<string, unknown>;
  privateMetadata?: Record<string, unknown>;
}

/**
 * Lists a live organization (credentials from the environment) as roster entries that, declared and applied,
 * change nothing. WorkOS memberships that are not active are left out (declaring them would reactivate them).
 */
export async function exportOrganization(service: "clerk" | "workos", organizationId: string): Promise<ExportedMember[]> {
  if (service === "clerk") {
    const live = await clerkApi().list(organizationId);
    return live.map((m) => ({
      userId: m.userId,
      role: m.role,
      ...(Object.keys(m.publicMetadata).length > 0 ? { publicMetadata: m.publicMetadata } : {}),
      ...(Object.keys(m.privateMetadata).length > 0 ? { privateMetadata: m.privateMetadata } : {}),
    }));
  }
  const live = await workosApi().list(organizationId);
  return live
    .filter((m) => m.status === "active")
    .map((m) => (m.roles.length === 1 ? { userId: m.userId, role: m.roles[0] } : { userId: m.userId, roles: [...m.roles].sort() }));
}
