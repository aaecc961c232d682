// `org-roster export`: reads a live organization and writes a roster file that, applied with `pulumi up`, changes
// nothing — the way a team adopts an existing organization. Its pending invitations are written as members named by
// email with `missingUsers: invite`: the roster adopts a pending invitation that grants what it declares, so nothing
// is sent, and one left out would be an unmanaged invitation (drift, or revoked in "remove" mode).

import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { Document, isMap, isSeq } from "yaml";
import { personLabel } from "../engine/people";
import type { Person } from "../engine/port";
import type { LiveInvitation } from "../engine/port";
import type { RosterMember } from "../roster/model";
import type { CommandContext } from "./command-context";

/** What the export reads through: the runtime's (the composition root's) API clients. */
type ServiceApis = Pick<typeof import("../runtime"), "clerkApi" | "workosApi" | "clerkInvitations" | "workosInvitations">;

/** One live member (by `userId`), or one pending invitation (by `email`), as a roster file entry. */
export type ExportedMember = RosterMember;

/** A live organization as roster entries. */
export interface ExportedOrganization {
  /** The members by user id in the service's listing order, then the pending invitations by email in the order sent. */
  members: ExportedMember[];
  /** How many of `members` are pending invitations: with any, the organization needs `missingUsers: invite`. */
  invitations: number;
  /** Pending invitations the file cannot declare as they stand, one line each: why, and what applying does to them. */
  skipped: string[];
  /** Who each member is ("Jane Doe <jane@acme.com>"), by user id, where the service says: a comment above the entry. */
  people: Map<string, string>;
}

export function registerExportCommand(program: Command, context: CommandContext): void {
  program
    .command("export")
    .description("write the live roster of one organization, pending invitations included, as a roster file (credentials from the environment)")
    .requiredOption("--service <service>", "clerk or workos")
    .requiredOption("--organization <id>", "the organization id (org_…)")
    .option("--output <file>", "write to this file instead of standard output")
    .addHelpText(
      "after",
      [
        "",
        "Credentials: CLERK_SECRET_KEY (and CLERK_API_URL) or WORKOS_API_KEY (and WORKOS_API_URL).",
        "Private metadata is exported too: keep the file private, or remove it before committing.",
        "Pending invitations are written as members named by email, with missingUsers: invite, so applying the file sends none.",
        "",
        "Example:",
        "  $ CLERK_SECRET_KEY=sk_live_… org-roster export --service clerk --organization org_2abc --output roster.yaml",
      ].join("\n"),
    )
    .action(async (options: { service: string; organization: string; output?: string }) => {
      context.exitCode = Math.max(context.exitCode, await runExport(options, context));
    });
}

async function runExport(options: { service: string; organization: string; output?: string }, context: CommandContext): Promise<number> {
  if (options.service !== "clerk" && options.service !== "workos") {
    context.stderr(`--service must be clerk or workos, got "${options.service}"\n`);
    return 1;
  }
  // The runtime wires the HTTP layer and the backends; loaded lazily so `validate` never needs it.
  const runtime = await import("../runtime");
  try {
    context.stderr(`listing ${options.service} organization ${options.organization}…\n`);
    const { members, invitations, skipped, people } = await exportOrganization(runtime, options.service, options.organization);
    context.stderr(`${members.length - invitations} members\n`);
    if (invitations > 0) context.stderr(`${invitations} pending invitation${invitations === 1 ? "" : "s"}, written with missingUsers: invite\n`);
    for (const line of skipped) context.stderr(`not exported: ${line}\n`);
    // `missingUsers` only where there is an invitation to adopt: an organization without one keeps the default.
    const organization = { unmanagedMembers: "report", ...(invitations > 0 ? { missingUsers: "invite" } : {}), members };
    const document = new Document({ [options.service]: { organizations: { [options.organization]: organization } } });
    // Each member named by the person above its entry, so a reviewer of the file reads people, not ids.
    const entries = document.getIn([options.service, "organizations", options.organization, "members"], true);
    if (isSeq(entries)) {
      for (const entry of entries.items) {
        const userId = isMap(entry) ? entry.get("userId") : undefined;
        const person = typeof userId === "string" ? people.get(userId) : undefined;
        if (person !== undefined && isMap(entry)) entry.commentBefore = ` ${person}`;
      }
    }
    const text = `# Exported from the live ${options.service} organization ${options.organization} on ${new Date().toISOString()}.\n${document.toString({ lineWidth: 0 })}`;
    if (options.output) writeFileSync(options.output, text);
    else context.stdout(text);
    return 0;
  } catch (error) {
    context.stderr(`export failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await runtime.closeHttpConnections();
  }
}

/**
 * Lists a live organization (credentials from the environment) as roster entries that, declared and applied,
 * change nothing. WorkOS memberships that are not active are left out (declaring them would reactivate them).
 * Pending invitations follow the members, named by email with what they grant on accepting (Clerk: the role and
 * both metadata, which Clerk copies onto the membership; WorkOS: the one role an invitation carries).
 */
export async function exportOrganization(apis: ServiceApis, service: "clerk" | "workos", organizationId: string): Promise<ExportedOrganization> {
  if (service === "clerk") {
    const live = await apis.clerkApi().list(organizationId);
    const members: ExportedMember[] = live.map((m) => ({ userId: m.userId, role: m.role, ...metadataOf(m.publicMetadata, m.privateMetadata) }));
    const invitations = await pendingInvitations(await apis.clerkInvitations().listInvitations(organizationId), (emails) => apis.clerkApi().usersByEmail(emails));
    const invitees = invitations.adopted.map((i) => ({ email: i.email, role: i.roles[0], ...metadataOf(i.publicMetadata, i.privateMetadata) }));
    return { members: [...members, ...invitees], invitations: invitees.length, skipped: invitations.skipped, people: peopleBy(live.map((m) => [m.userId, m.person])) };
  }
  const [live, workosPeople] = await Promise.all([apis.workosApi().list(organizationId), apis.workosApi().people(organizationId)]);
  const members: ExportedMember[] = live
    .filter((m) => m.status === "active")
    .map((m) => (m.roles.length === 1 ? { userId: m.userId, role: m.roles[0] } : { userId: m.userId, roles: [...m.roles].sort() }));
  const invitations = await pendingInvitations(await apis.workosInvitations().listInvitations(organizationId), (emails) => apis.workosApi().usersByEmail(emails));
  // WorkOS names the role of every organization invitation; without one the member takes the default role.
  const invitees = invitations.adopted.map((i) => ({ email: i.email, ...(i.roles[0] === undefined ? {} : { role: i.roles[0] }) }));
  return { members: [...members, ...invitees], invitations: invitees.length, skipped: invitations.skipped, people: peopleBy([...workosPeople]) };
}

/** The labels of the people known, by user id. */
function peopleBy(people: ReadonlyArray<readonly [string, Person | undefined]>): Map<string, string> {
  const labels = new Map<string, string>();
  for (const [userId, person] of people) {
    const label = personLabel(person);
    if (label !== undefined) labels.set(userId, label);
  }
  return labels;
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
 * without case) and revokes the others, so only the first listed is declared. Users are looked up only when there is
 * a pending invitation, so an organization without any costs no extra call.
 */
async function pendingInvitations(listed: readonly LiveInvitation[], usersByEmail: (emails: readonly string[]) => Promise<Map<string, string[]>>): Promise<{ adopted: LiveInvitation[]; skipped: string[] }> {
  const pending = listed.filter((invitation) => invitation.status === "pending");
  if (pending.length === 0) return { adopted: [], skipped: [] };
  const users = await usersByEmail([...new Set(pending.map((invitation) => invitation.email))]);
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
