// The composition root, loaded at run time by the serialized shims in the provider process: wires the engine to
// each backend and the shared HTTP layer, and holds the stack configuration that `configure` delivers.

import { createHash } from "node:crypto";
import type { dynamic } from "@pulumi/pulumi";
import { ClerkMembershipApi } from "./backends/clerk/api";
import { ClerkInvitationApi } from "./backends/clerk/invitations";
import { WorkosInvitationApi } from "./backends/workos/invitations";
import { clerkMembershipModel } from "./backends/clerk/model";
import { CLERK_API_VERSION, clerkCredentialSpec, clerkServiceProfile } from "./backends/clerk/settings";
import { clerkRosterModel } from "./backends/clerk/roster";
import { WorkosMembershipApi } from "./backends/workos/api";
import { workosMembershipModel } from "./backends/workos/model";
import { workosRosterModel } from "./backends/workos/roster";
import { workosCredentialSpec, workosServiceProfile } from "./backends/workos/settings";
import { createMembershipProvider, type AdminRule, type MembershipProvider, type ProviderOptions } from "./engine/membership-provider";
import type { DesiredMembership, LiveMembership, RosterModel } from "./engine/port";
import { createRosterProvider } from "./engine/roster-provider";
import { createRosterGuardProvider } from "./engine/roster-guard";
import { withInvitations } from "./engine/membership-invitations";
import { withOrganizationRules } from "./engine/organization-rules";
import { isJsonObject } from "./engine/json";
import { keyedDigest, withPrivateMetadataKeys, type ValueDigest } from "./engine/private-metadata-keys";
import { exitWhenEngineGone } from "./engine/engine-watch";
import { withMemoryRelief } from "./engine/memory";
import { withErrorsSaidOnce, withProviderInPartialState } from "./engine/protocol";
import { SharedListingApi } from "./engine/shared-listing";
import { HttpClient, type HttpClientOptions, type ServiceProfile } from "./http/client";
import { keyHint, resolveCredentials, type CredentialSpec, type Credentials } from "./http/credentials";
import { ConfigurationError } from "./http/errors";
import { limiterFor } from "./http/rate-limiter";

/**
 * What pulumi's dynamic `configure` hands over (the SDK's ConfigureRequest): the stack configuration, secrets
 * decrypted. Only `get` is ever read, so only `get` is required: a test can hand a plain lookup.
 */
export interface ConfigureRequest {
  config: Pick<dynamic.Config, "get">;
}

let stackConfig: ConfigureRequest["config"] | undefined;

/** Stack configuration wins over environment variables; read at call time so the key is never captured. */
function configValue(key: string): string | undefined {
  const value = stackConfig?.get(key);
  return value === undefined || value === "" ? undefined : value;
}

function configure(request: ConfigureRequest): Promise<void> {
  stackConfig = request.config;
  // The engine calls configure first, so this is where a provider process starts watching that its engine lives.
  exitWhenEngineGone();
  return Promise.resolve();
}

/**
 * The settings a service's credentials are read from and named by in messages: the spec's own (stack config
 * `clerk:secretKey`, …) for the dynamic resources and the command line; the provider plugin's package configuration
 * (`org-roster:clerkSecretKey`, …) in a plugin process (see configureProviderPlugin).
 */
let settingsOf: (spec: CredentialSpec) => CredentialSpec = (spec) => spec;

/** A service's credentials, URL and limit: stack configuration first, then the environment (the one rule of credentials.ts). */
function credentialsFor(spec: CredentialSpec): Credentials {
  return resolveCredentials(settingsOf(spec), configValue, process.env);
}

const clients = new Map<string, unknown>();

/** How this process's API clients treat a service they cannot reach: retried (the provider's default) or said at once. */
let clientOptions: Pick<HttpClientOptions, "retryUnreachable"> = {};

/** The credential settings of each service, by the name the command line and roster files use. */
export const credentialSpecs = { clerk: clerkCredentialSpec, workos: workosCredentialSpec } as const;

/**
 * Sets this process up for the org-roster command line: the stack configuration it read (`pulumi config` of the stack
 * `--stack` names; undefined: the environment only), resolved by the same rules as the provider's; and clients that
 * fail at once, naming the URL, when a service cannot be reached, instead of retrying as `pulumi up` does.
 */
export function configureCommandLine(config: ((key: string) => string | undefined) | undefined): void {
  stackConfig = config === undefined ? undefined : { get: config };
  clientOptions = { retryUnreachable: false };
  clients.clear();
}

/**
 * Sets this process up as the provider plugin: `config` is the provider's configuration (by the plugin's setting
 * names), and `settings` renames each service's settings to those names, so every credential rule and message of
 * credentials.ts holds unchanged under the names a plugin user sets.
 */
export function configureProviderPlugin(config: (key: string) => string | undefined, settings: (spec: CredentialSpec) => CredentialSpec): void {
  stackConfig = { get: config };
  settingsOf = settings;
  clients.clear();
  exitWhenEngineGone();
}

/** A service's credentials as every client of this process resolves them; a ConfigurationError names the setting. */
export function serviceCredentials(service: keyof typeof credentialSpecs): Credentials {
  return credentialsFor(credentialSpecs[service]);
}

/**
 * One API client of each kind (memberships, invitations) per service, URL, key and limit in this process; every kind
 * of one key shares that key's limiter, and all of them one connection pool per origin.
 */
function client<T>(kind: string, spec: CredentialSpec, profile: ServiceProfile, build: (http: HttpClient) => T, headers?: Record<string, string>): () => T {
  return () => {
    const credentials = credentialsFor(spec);
    const id = createHash("sha256")
      .update([kind, spec.service, credentials.apiUrl, credentials.apiKey, credentials.rateLimit.requests, credentials.rateLimit.windowMs].join("\n"))
      .digest("hex");
    let api = clients.get(id) as T | undefined;
    if (!api) {
      const http = new HttpClient({
        baseUrl: credentials.apiUrl,
        apiKey: credentials.apiKey,
        // The key named by the settings this process reads it from (the plugin's, in a plugin process).
        profile: { ...profile, keyHint: keyHint(settingsOf(spec)) },
        limiter: limiterFor(spec.service, credentials.apiKey, credentials.rateLimit),
        headers,
        ...clientOptions,
      });
      api = build(http);
      clients.set(id, api);
    }
    return api;
  };
}

/**
 * What `check` reports about a service's configuration: the resolution every API client goes through, run without
 * building a client or calling anything, so `pulumi preview` fails on what `pulumi up` would.
 */
function configurationOf(spec: CredentialSpec): ProviderOptions {
  return {
    configurationProblem: () => {
      try {
        credentialsFor(spec);
        return undefined;
      } catch (error) {
        if (error instanceof ConfigurationError) return error.message;
        throw error;
      }
    },
  };
}

export type DynamicProvider = MembershipProvider & { configure(request: ConfigureRequest): Promise<void> };

/**
 * The digest of private metadata values, keyed by a secret derived from the service's API key (never stored), so
 * the key lists in state tell changes apart without revealing values; undefined without credentials.
 */
function privateValueDigest(spec: CredentialSpec): () => ValueDigest | undefined {
  return () => {
    try {
      const { apiKey } = credentialsFor(spec);
      return keyedDigest(createHash("sha256").update("pulumi-org-roster private metadata keys\n").update(apiKey).digest());
    } catch (error) {
      if (error instanceof ConfigurationError) return undefined;
      throw error;
    }
  };
}

/** A Clerk roster's private metadata by member (user id, or email for an invitee). */
const rosterPrivates = (props: Record<string, unknown>): Record<string, unknown> => (isJsonObject(props.privateMetadata) ? props.privateMetadata : {});

/** A Clerk membership's private metadata, under its user id (or email, for an invitee). */
const membershipPrivates = (props: Record<string, unknown>): Record<string, unknown> => {
  const member = typeof props.userId === "string" ? props.userId : typeof props.email === "string" ? props.email : undefined;
  return member === undefined ? {} : { [member]: props.privateMetadata };
};

// Every read of one organization in this process shares one listing of it. These and the invitation clients are
// exported for the command line (`org-roster export` writes members and pending invitations), which reaches the
// services through the same clients and credentials (see configureCommandLine).
export const clerkApi = client("memberships", clerkCredentialSpec, clerkServiceProfile, (http) => new SharedListingApi(new ClerkMembershipApi(http)), { "clerk-api-version": CLERK_API_VERSION });
export const workosApi = client("memberships", workosCredentialSpec, workosServiceProfile, (http) => new SharedListingApi(new WorkosMembershipApi(http)));
export const clerkInvitations = client("invitations", clerkCredentialSpec, clerkServiceProfile, (http) => new ClerkInvitationApi(http), { "clerk-api-version": CLERK_API_VERSION });
export const workosInvitations = client("invitations", workosCredentialSpec, workosServiceProfile, (http) => new WorkosInvitationApi(http));

/**
 * A lifecycle as the provider process serves it: partial applies keep the serialized provider, memory is relieved,
 * refusals are said once without a stack.
 */
function served(provider: MembershipProvider): MembershipProvider {
  return withErrorsSaidOnce(withMemoryRelief(withProviderInPartialState(provider)));
}

/** Who is an admin for a membership resource's last-admin rule: its `adminRoles`, or the service's default admin roles. */
function adminRule<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>): AdminRule<L> {
  return { isAdmin: (live, adminRoles) => model.isAdmin(live, adminRoles ?? model.defaultAdminRoles), describe: (live) => model.describe(live) };
}

/** The Clerk `OrganizationMembership` provider. */
export const clerkMembership: DynamicProvider = {
  configure,
  ...served(
    withPrivateMetadataKeys(
      withOrganizationRules(
        withInvitations(createMembershipProvider(clerkMembershipModel, clerkApi, configurationOf(clerkCredentialSpec), adminRule(clerkRosterModel)), clerkRosterModel, (emails) => clerkApi().usersByEmail(emails), clerkInvitations, privateValueDigest(clerkCredentialSpec)),
        clerkMembershipModel,
        (organizationId) => clerkApi().organizationRules(organizationId),
        async (organizationId, userId) => (await clerkApi().glance({ organizationId, userId }).catch(() => undefined)) !== undefined,
      ),
      privateValueDigest(clerkCredentialSpec),
      membershipPrivates,
    ),
  ),
};

/** The WorkOS `OrganizationMembership` provider. */
export const workosMembership: DynamicProvider = {
  configure,
  ...served(
    withOrganizationRules(
      withInvitations(createMembershipProvider(workosMembershipModel, workosApi, configurationOf(workosCredentialSpec), adminRule(workosRosterModel)), workosRosterModel, (emails) => workosApi().usersByEmail(emails), workosInvitations),
      workosMembershipModel,
      (organizationId) => workosApi().organizationRules(organizationId),
    ),
  ),
};

/** The Clerk `OrganizationRoster` provider. */
export const clerkRoster: DynamicProvider = {
  configure,
  ...served(withPrivateMetadataKeys(createRosterProvider(clerkRosterModel, clerkApi, { ...configurationOf(clerkCredentialSpec), privateValueDigest: privateValueDigest(clerkCredentialSpec) }, clerkInvitations), privateValueDigest(clerkCredentialSpec), rosterPrivates)),
};

/** The WorkOS `OrganizationRoster` provider. */
export const workosRoster: DynamicProvider = { configure, ...served(createRosterProvider(workosRosterModel, workosApi, configurationOf(workosCredentialSpec), workosInvitations)) };

/** A Roster component's removal guard (no API call, no configuration). */
export const rosterGuard: MembershipProvider = withErrorsSaidOnce(createRosterGuardProvider());

/** Forgets configuration and clients (tests). */
export function resetRuntime(): void {
  stackConfig = undefined;
  settingsOf = (spec) => spec;
  clientOptions = {};
  clients.clear();
}

export { closeHttpConnections } from "./http/client";
