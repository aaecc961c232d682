// The resources the provider plugin serves, by type token, each on the same engine lifecycle as its dynamic resource
// (runtime.ts), with what the dynamic resource's class does to its inputs before they leave the program.

import type { MembershipProvider } from "../engine/membership-provider";
import { isJsonObject } from "../engine/json";
import * as runtime from "../runtime";
import { compactWorkosRosterMembers, splitClerkRosterMembers } from "../resources/roster-members";
import { CLERK_SECRET_PROPERTIES } from "../resources/secrets";
import { secretValue } from "./secrets";
import { PACKAGE_NAME } from "./settings";

type Props = Record<string, unknown>;

export interface PluginResource {
  /** The service: the token's module, and the namespace of the dynamic resource's class (`index`: the package's own). */
  module: "clerk" | "workos" | "index";
  /** The resource's name: the token's last part, and the dynamic resource's class. */
  name: "OrganizationMembership" | "OrganizationRoster" | "RosterGuard";
  /** The properties kept in state only as secrets. */
  secrets: readonly string[];
  /** The program's inputs in the form the lifecycle takes (the form the dynamic resource's class sends). */
  inputs(news: Props): Props;
  /**
   * The other way: the lifecycle's inputs as a program declares them (what `pulumi import` writes into the program),
   * secrets nested in them wrapped; the properties of `secrets` are wrapped by the caller.
   */
  declared(inputs: Props): Props;
}

const asSent = (news: Props): Props => news;

/** The Clerk roster's members split into public members and secret private metadata, as its class sends them. */
function clerkRosterInputs(news: Props): Props {
  if (!isJsonObject(news.members)) return news;
  const { publicPart, privatePart } = splitClerkRosterMembers(news.members);
  const given = isJsonObject(news.privateMetadata) ? news.privateMetadata : {};
  return { ...news, members: publicPart, privateMetadata: { ...given, ...privatePart } };
}

/** A Clerk roster's inputs as a program declares them: each member's private metadata back in its entry, a secret. */
function clerkRosterDeclared(inputs: Props): Props {
  const { privateMetadata, ...rest } = inputs;
  if (!isJsonObject(rest.members) || !isJsonObject(privateMetadata)) return inputs;
  const members: Props = { ...rest.members };
  for (const [user, metadata] of Object.entries(privateMetadata)) {
    const entry = members[user];
    if (entry === undefined || !isJsonObject(metadata) || Object.keys(metadata).length === 0) continue;
    members[user] = { ...(isJsonObject(entry) ? entry : { role: entry }), privateMetadata: secretValue(metadata) };
  }
  return { ...rest, members };
}

function workosRosterInputs(news: Props): Props {
  return isJsonObject(news.members) ? { ...news, members: compactWorkosRosterMembers(news.members) } : news;
}

export const PLUGIN_RESOURCES: readonly PluginResource[] = [
  { module: "clerk", name: "OrganizationMembership", secrets: CLERK_SECRET_PROPERTIES, inputs: asSent, declared: asSent },
  { module: "workos", name: "OrganizationMembership", secrets: [], inputs: asSent, declared: asSent },
  { module: "clerk", name: "OrganizationRoster", secrets: CLERK_SECRET_PROPERTIES, inputs: clerkRosterInputs, declared: clerkRosterDeclared },
  { module: "workos", name: "OrganizationRoster", secrets: [], inputs: workosRosterInputs, declared: asSent },
];

/**
 * A Roster component's removal guard and lock, made by the plugin's `org-roster:index:Roster`: served, but not in the
 * schema (programs declare the component, never the guard).
 */
export const ROSTER_GUARD_RESOURCE: PluginResource = { module: "index", name: "RosterGuard", secrets: [], inputs: asSent, declared: asSent };

/** Every resource type the plugin serves: the schema's resources and the Roster component's guard. */
export const SERVED_RESOURCES: readonly PluginResource[] = [...PLUGIN_RESOURCES, ROSTER_GUARD_RESOURCE];

/** A resource's type token: `org-roster:clerk:OrganizationMembership`. */
export function tokenOf(resource: Pick<PluginResource, "module" | "name">): string {
  return `${PACKAGE_NAME}:${resource.module}:${resource.name}`;
}

/** The lifecycle serving `resource`: the runtime's provider of the same resource. */
export function lifecycleOf(resource: PluginResource): MembershipProvider {
  const providers: Record<string, MembershipProvider> = {
    "clerk:OrganizationMembership": runtime.clerkMembership,
    "clerk:OrganizationRoster": runtime.clerkRoster,
    "workos:OrganizationMembership": runtime.workosMembership,
    "workos:OrganizationRoster": runtime.workosRoster,
    "index:RosterGuard": runtime.rosterGuard,
  };
  const provider = providers[`${resource.module}:${resource.name}`];
  if (provider === undefined) throw new Error(`${tokenOf(resource)} has no lifecycle`);
  return provider;
}
