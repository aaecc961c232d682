// `org-roster export`: reads live organizations of Clerk and WorkOS and writes one roster file that, applied with
// `pulumi up`, changes nothing — the way a team adopts existing organizations. Members are named by email where the
// roster's own lookup gives back exactly that member, by user id otherwise. Pending invitations are written as
// members named by email with `missingUsers: invite`: the roster adopts a pending invitation that grants what it
// declares, so nothing is sent, and one left out would be an unmanaged invitation (drift, or revoked in "remove"
// mode). Credentials are resolved as the stack's resources resolve them: a stack's configuration (`--stack`), else
// the environment.
// Loaded when the command runs (export-command.ts holds its options).

import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { Document, isMap, isSeq } from "yaml";
import { named, personLabel } from "../engine/people";
import type { LiveInvitation, Person } from "../engine/port";
import type { UsersByEmail } from "../engine/roster-inputs";
import { unreachableAdvice } from "../http/credentials";
import { ConfigurationError, UnreachableError } from "../http/errors";
import { formatEntryNote, type EntryNote } from "../roster/entry-notes";
import { ROSTER_SCHEMA_COMMENT } from "../roster/json-schema";
import type { RosterMember } from "../roster/model";
import { RosterValidationError } from "../roster/problems";
import { GENERATED_ORGANIZATION_IDS, serviceOfOrganizationId } from "../roster/schema";
import { validateRoster } from "../roster/validate";
import type { CommandContext } from "./command-context";
import { readStackConfig, StackConfigError } from "./stack-config";

/** What the export reads through: the runtime's (the composition root's) API clients. */
type ServiceApis = Pick<typeof import("../runtime"), "clerkApi" | "workosApi" | "clerkInvitations" | "workosInvitations">;

type Service = keyof typeof GENERATED_ORGANIZATION_IDS;
const SERVICES: readonly Service[] = ["clerk", "workos"];

/** One live member (by `email` or `userId`), or one pending invitation (by `email`), as a roster file entry. */
export type ExportedMember = RosterMember;

/** A live organization as roster entries. */
export interface ExportedOrganization {
  /** The members in the service's listing order, then the pending invitations by email in the order sent. */
  members: ExportedMember[];
  /** The comment above each entry of `members` (same index): who the member is, or which invitation it stands for. */
  notes: Array<EntryNote | undefined>;
  /** How many of `members` are pending invitations: with any, the organization needs `missingUsers: invite`. */
  invitations: number;
  /** Pending invitations the file cannot declare as they stand, one line each: why, and what applying does to them. */
  skipped: string[];
  /** Members written by user id, one line each: who, and why not by email. */
  keptById: string[];
}

export interface ExportOptions {
  organization?: string[];
  clerkOrganization?: string[];
  workosOrganization?: string[];
  service?: string;
  stack?: string;
  cwd?: string;
  output?: string;
}

/** A mistake in the command line, said before anything is read. */
class UsageError extends Error {}

export async function runExport(options: ExportOptions, context: CommandContext): Promise<number> {
  let chosen: Map<Service, string[]>;
  let config: ((key: string) => string | undefined) | undefined;
  try {
    chosen = chosenOrganizations(options);
    config = options.stack === undefined ? undefined : await stackSettings(options.stack, resolve(options.cwd ?? "."));
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof StackConfigError)) throw error;
    context.stderr(`export: ${error.message}\n`);
    return 1;
  }
  // The runtime wires the HTTP layer and the backends; loaded lazily so `validate` never needs it.
  const runtime = await import("../runtime");
  runtime.configureCommandLine(config);

  try {
    // Every service asked for has its credentials before anything is read.
    const credentials = new Map(
      [...chosen.keys()].map((name) => {
        try {
          return [name, runtime.serviceCredentials(name)] as const;
        } catch (error) {
          if (!(error instanceof ConfigurationError)) throw error;
          const read = options.stack === undefined ? "read from the environment; --stack <name> reads a stack's configuration" : `read from the configuration of stack ${options.stack}, then the environment`;
          throw new UsageError(`${error.message} (${read})`);
        }
      }),
    );
    const roster: Partial<Record<Service, { organizations: Record<string, unknown> }>> = {};
    const notes: Array<{ path: string[]; notes: Array<EntryNote | undefined> }> = [];
    for (const [name, organizationIds] of chosen) {
      const organizations: Record<string, unknown> = {};
      for (const organizationId of organizationIds) {
        context.stderr(`listing ${name} organization ${organizationId}…\n`);
        let exported: ExportedOrganization;
        try {
          exported = await exportOrganization(runtime, name, organizationId);
        } catch (error) {
          if (!(error instanceof UnreachableError)) throw error;
          const used = credentials.get(name);
          throw new UsageError(used === undefined ? error.message : `${error.message}; ${unreachableAdvice(runtime.credentialSpecs[name], used)}`);
        }
        const { members, invitations, skipped, keptById } = exported;
        context.stderr(`${name} organization ${organizationId}: ${members.length - invitations} members\n`);
        if (invitations > 0) context.stderr(`${invitations} pending invitation${invitations === 1 ? "" : "s"}, written with missingUsers: invite\n`);
        for (const line of keptById) context.stderr(`kept by user id: ${line}\n`);
        for (const line of skipped) context.stderr(`not exported: ${line}\n`);
        // `missingUsers` only where there is an invitation to adopt: an organization without one keeps the default.
        organizations[organizationId] = { unmanagedMembers: "report", ...(invitations > 0 ? { missingUsers: "invite" } : {}), members };
        notes.push({ path: [name, "organizations", organizationId, "members"], notes: exported.notes });
      }
      roster[name] = { organizations };
    }
    const document = new Document(roster);
    // Each entry is named by the person (or invitation) above it, so a reviewer of the file reads people, not ids.
    for (const { path, notes: above } of notes) {
      const entries = document.getIn(path, true);
      if (!isSeq(entries)) continue;
      entries.items.forEach((entry, index) => {
        const note = above[index];
        const comment = note === undefined ? undefined : formatEntryNote(note);
        if (comment !== undefined && isMap(entry)) entry.commentBefore = comment;
      });
    }
    const what = [...chosen].map(([name, ids]) => `${GENERATED_ORGANIZATION_IDS[name].service} organization${ids.length === 1 ? "" : "s"} ${ids.join(", ")}`).join(" and ");
    const text = `${ROSTER_SCHEMA_COMMENT}\n# Exported from the live ${what} on ${new Date().toISOString()}.\n${document.toString({ lineWidth: 0 })}`;
    if (options.output) writeFileSync(options.output, text);
    else context.stdout(text);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) context.stderr(`export: ${error.message}\n`);
    else context.stderr(`export failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await runtime.closeHttpConnections();
  }
}

/**
 * The organizations to export by service, in the order given (each once), every id checked by the roster schema's
 * rules for its section, so the file written validates. `--organization` ids go to `--service`, or to the service
 * whose ids have their shape.
 */
function chosenOrganizations(options: ExportOptions): Map<Service, string[]> {
  if (options.service !== undefined && !SERVICES.includes(options.service as Service)) throw new UsageError(`--service must be clerk or workos, got "${options.service}"`);
  if (options.cwd !== undefined && options.stack === undefined) throw new UsageError("--cwd is the directory of the Pulumi project of --stack: give --stack <name> too");
  const chosen = new Map<Service, string[]>();
  const add = (service: Service, organizationId: string) => {
    const ids = chosen.get(service) ?? [];
    if (!ids.includes(organizationId)) ids.push(organizationId);
    chosen.set(service, ids);
  };
  for (const organizationId of options.organization ?? []) {
    const service = (options.service as Service | undefined) ?? serviceOfOrganizationId(organizationId);
    if (service === undefined) {
      const { clerk, workos } = GENERATED_ORGANIZATION_IDS;
      throw new UsageError(
        `cannot tell the service of organization "${organizationId}" from its id (Clerk: ${clerk.shape}; WorkOS: ${workos.shape}); name it with --clerk-organization or --workos-organization`,
      );
    }
    add(service, organizationId);
  }
  for (const organizationId of options.clerkOrganization ?? []) add("clerk", organizationId);
  for (const organizationId of options.workosOrganization ?? []) add("workos", organizationId);
  if (chosen.size === 0) throw new UsageError("name the organizations to export: --organization <id> (repeatable), or --clerk-organization / --workos-organization <id>");
  // Sections in the order of the file: clerk, then workos.
  const ordered = new Map(SERVICES.flatMap((service) => (chosen.has(service) ? [[service, chosen.get(service) ?? []] as const] : [])));
  try {
    validateRoster(Object.fromEntries([...ordered].map(([service, ids]) => [service, { organizations: Object.fromEntries(ids.map((id) => [id, { members: [] }])) }])), "export");
  } catch (error) {
    if (!(error instanceof RosterValidationError)) throw error;
    throw new UsageError(error.problems.map((problem) => problem.message).join("; "));
  }
  return ordered;
}

/** The service settings of the stack `--stack` names: every key the credentials read, and nothing else. */
async function stackSettings(stack: string, cwd: string): Promise<(key: string) => string | undefined> {
  const { clerkCredentialSpec } = await import("../backends/clerk/settings");
  const { workosCredentialSpec } = await import("../backends/workos/settings");
  const keys = [clerkCredentialSpec, workosCredentialSpec].flatMap((spec) => [spec.keyConfig, spec.urlConfig, spec.rateConfig]);
  return readStackConfig(stack, cwd, keys);
}

/** A service's live organization as the export reads it, before members are named. */
interface ServiceListing {
  /** The members to declare, each as its entry by user id, and who the service says they are. */
  members: Array<{ entry: ExportedMember & { userId: string }; person?: Person }>;
  invitations: readonly LiveInvitation[];
  /** What a pending invitation grants on accepting, as its entry's fields besides the email. */
  grants(invitation: LiveInvitation): ExportedMember;
  usersByEmail: UsersByEmail;
}

/**
 * Clerk: every member with its role and both metadata, who it is from the membership listing; an invitation grants
 * its role and both metadata, which Clerk copies onto the membership.
 */
async function clerkListing(apis: ServiceApis, organizationId: string): Promise<ServiceListing> {
  const api = apis.clerkApi();
  const live = await api.list(organizationId);
  return {
    members: live.map((m) => ({ entry: { userId: m.userId, role: m.role, ...metadataOf(m.publicMetadata, m.privateMetadata) }, person: m.person })),
    invitations: await apis.clerkInvitations().listInvitations(organizationId),
    grants: (i) => ({ role: i.roles[0], ...metadataOf(i.publicMetadata, i.privateMetadata) }),
    usersByEmail: (emails) => api.usersByEmail(emails),
  };
}

/**
 * WorkOS: the active memberships with their roles (declaring one that is not active would reactivate it), who each
 * is from a listing of the organization's users; an invitation grants the one role it carries, or the default role.
 */
async function workosListing(apis: ServiceApis, organizationId: string): Promise<ServiceListing> {
  const api = apis.workosApi();
  const [live, people] = await Promise.all([api.list(organizationId), api.people(organizationId)]);
  return {
    members: live
      .filter((m) => m.status === "active")
      .map((m) => ({ entry: m.roles.length === 1 ? { userId: m.userId, role: m.roles[0] } : { userId: m.userId, roles: [...m.roles].sort() }, person: people.get(m.userId) })),
    invitations: await apis.workosInvitations().listInvitations(organizationId),
    grants: (i) => (i.roles[0] === undefined ? {} : { role: i.roles[0] }),
    usersByEmail: (emails) => api.usersByEmail(emails),
  };
}

/**
 * Lists a live organization as roster entries that, declared and applied, change nothing. A member is named by the
 * email the service gives for them when no other member of the organization has that address and looking it up (the
 * lookup the roster makes of every member named by email) finds that user and no other; by user id otherwise.
 * Pending invitations follow the members, named by email. One lookup covers the members' and the invitations'
 * addresses.
 */
export async function exportOrganization(apis: ServiceApis, service: Service, organizationId: string): Promise<ExportedOrganization> {
  const listing = service === "clerk" ? await clerkListing(apis, organizationId) : await workosListing(apis, organizationId);
  const pending = listing.invitations.filter((invitation) => invitation.status === "pending");
  const holders = new Map<string, number>();
  for (const { person } of listing.members) {
    const address = person?.email?.toLowerCase();
    if (address !== undefined) holders.set(address, (holders.get(address) ?? 0) + 1);
  }
  const lookedUp = [...new Set([...listing.members.flatMap(({ person }) => (person?.email !== undefined && holders.get(person.email.toLowerCase()) === 1 ? [person.email] : [])), ...pending.map((invitation) => invitation.email)])];
  const users = lookedUp.length === 0 ? new Map<string, string[]>() : await listing.usersByEmail(lookedUp);

  const members: ExportedMember[] = [];
  const notes: Array<EntryNote | undefined> = [];
  const keptById: string[] = [];
  for (const { entry, person } of listing.members) {
    const { userId, ...grants } = entry;
    const email = person?.email;
    const why = email === undefined ? "the service gives no email address for this user" : whyNotByEmail(email, userId, holders, users);
    if (why === undefined && email !== undefined) {
      members.push({ email, ...grants });
      notes.push({ kind: "person", name: person?.name, email, userId });
    } else {
      members.push(entry);
      notes.push({ kind: "person", name: person?.name, email });
      keptById.push(`${named(userId, personLabel(person))}: ${why}`);
    }
  }
  const invitations = adoptablePendingInvitations(pending, users);
  for (const invitation of invitations.adopted) {
    members.push({ email: invitation.email, ...listing.grants(invitation) });
    notes.push({ kind: "invitation", invitationId: invitation.id });
  }
  return { members, notes, invitations: invitations.adopted.length, skipped: invitations.skipped, keptById };
}

/** Why a member cannot be named by `email` in the file (the roster would not resolve it to `userId`), if anything. */
function whyNotByEmail(email: string, userId: string, holders: ReadonlyMap<string, number>, users: ReadonlyMap<string, string[]>): string | undefined {
  const address = email.toLowerCase();
  const shared = holders.get(address) ?? 0;
  if (shared > 1) return `${email} is the address of ${shared} members of this organization`;
  const owners = users.get(address) ?? [];
  if (owners.length === 1 && owners[0] === userId) return undefined;
  if (owners.length === 0) return `looking up ${email} finds no user, so a roster could not resolve it`;
  return `${email} belongs to ${owners.length} users (${[...owners].sort().join(", ")}), so a roster could not resolve it to one`;
}

/** Metadata only where there is some, so a member without any stays a bare role in the file. */
function metadataOf(publicMetadata: Record<string, unknown>, privateMetadata: Record<string, unknown>): Pick<ExportedMember, "publicMetadata" | "privateMetadata"> {
  return {
    ...(Object.keys(publicMetadata).length > 0 ? { publicMetadata } : {}),
    ...(Object.keys(privateMetadata).length > 0 ? { privateMetadata } : {}),
  };
}

/**
 * The pending invitations a roster can declare by email and adopt, in the order listed, and a line for each one it
 * cannot. An address that already belongs to a user cannot stand for its invitation: the roster resolves it to that
 * user and adds (or keeps) the membership directly. The roster keeps one pending invitation per address (compared
 * without case) and revokes the others, so only the first listed is declared.
 */
function adoptablePendingInvitations(pending: readonly LiveInvitation[], users: ReadonlyMap<string, string[]>): { adopted: LiveInvitation[]; skipped: string[] } {
  const adopted: LiveInvitation[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const invitation of pending) {
    const address = invitation.email.toLowerCase();
    const owners = users.get(address) ?? [];
    if (owners.length > 0) {
      skipped.push(
        `the pending invitation of ${invitation.email} (${invitation.id}): the address belongs to ${owners.join(", ")}, so a roster naming it would add that user directly; ` +
          "applying the file reports the invitation as unmanaged (revoke it, and declare the user by id to add them)",
      );
    } else if (seen.has(address)) {
      skipped.push(`the pending invitation of ${invitation.email} (${invitation.id}): a second one for that address; applying the file revokes it and keeps the first`);
    } else {
      seen.add(address);
      adopted.push(invitation);
    }
  }
  return { adopted, skipped };
}
