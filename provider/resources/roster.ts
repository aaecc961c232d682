// The `Roster` component: a reviewed roster file (or the same shape as an object) turned into resources, either
// one OrganizationMembership per member plus an unmanaged-member watcher per organization ("member"), or one
// OrganizationRoster per organization ("organization").

import * as pulumi from "@pulumi/pulumi";
import {
  formatProblem,
  formatProblems,
  formatRosterFileFailure,
  loadRosterFile,
  RosterValidationError,
  validateRoster,
  type Roster as RosterDocument,
  type RosterMember,
  type RosterOrganization,
  type RosterProblem,
} from "../roster";
import * as clerk from "./clerk";
import * as workos from "./workos";

export type RosterGranularity = "member" | "organization";

export interface RosterArgs {
  /** Path of a roster YAML file (relative to the Pulumi project directory). Exactly one of `file` and `roster`. */
  file?: string;
  /** The roster as an object, in the roster file's shape. Exactly one of `file` and `roster`. */
  roster?: RosterDocument;
  /**
   * `"organization"` (default): one OrganizationRoster per organization — a constant number of engine steps, best
   * for large organizations. `"member"`: one OrganizationMembership per member (named from organization and user,
   * so reordering the file changes nothing) plus one watcher per organization for unmanaged members.
   */
  granularity?: RosterGranularity;
}

/**
 * A declared roster of Clerk and WorkOS organizations. Problems with the arguments or the roster stop the program
 * with every one of them, printed as `org-roster validate` prints them.
 */
export class Roster extends pulumi.ComponentResource {
  /** The resources created, by name: OrganizationRoster, OrganizationMembership or watcher resources. */
  public readonly resources: Record<string, pulumi.CustomResource>;

  constructor(name: string, args: RosterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pulumi-org-roster:index:Roster", name, {}, opts);
    const { document, granularity } = rosterInputs(name, args);
    const parent = { parent: this };
    this.resources = {};

    for (const [organizationId, organization] of Object.entries(document.clerk?.organizations ?? {})) {
      const settings = rosterSettings(organization);
      if (granularity === "organization") {
        this.add(`clerk/${organizationId}`, new clerk.OrganizationRoster(`clerk/${organizationId}`, { organizationId, members: clerkMembers(organization), ...settings }, parent));
        continue;
      }
      for (const member of organization.members) {
        const key = memberKey(member);
        this.add(`clerk/${organizationId}/${key}`, new clerk.OrganizationMembership(`clerk/${organizationId}/${key}`, {
          organizationId,
          ...identity(member),
          role: member.role,
          publicMetadata: member.publicMetadata,
          privateMetadata: member.privateMetadata,
          // The organization's admin roles guard each member's delete too (the last admin is never removed).
          adminRoles: organization.adminRoles,
          ...invitationSettings(organization),
        }, parent));
      }
      this.add(`clerk/${organizationId}/unmanaged`, new clerk.OrganizationRoster(`clerk/${organizationId}/unmanaged`, { organizationId, members: clerkMembers(organization, false), ...settings, manageMembers: false }, parent));
    }

    for (const [organizationId, organization] of Object.entries(document.workos?.organizations ?? {})) {
      const settings = rosterSettings(organization);
      if (granularity === "organization") {
        this.add(`workos/${organizationId}`, new workos.OrganizationRoster(`workos/${organizationId}`, { organizationId, members: workosMembers(organization), ...settings }, parent));
        continue;
      }
      for (const member of organization.members) {
        const key = memberKey(member);
        this.add(`workos/${organizationId}/${key}`, new workos.OrganizationMembership(`workos/${organizationId}/${key}`, { organizationId, ...identity(member), ...workosRoles(member), adminRoles: organization.adminRoles, ...invitationSettings(organization) }, parent));
      }
      this.add(`workos/${organizationId}/unmanaged`, new workos.OrganizationRoster(`workos/${organizationId}/unmanaged`, { organizationId, members: workosMembers(organization), ...settings, manageMembers: false }, parent));
    }
    this.registerOutputs({});
  }

  private add(name: string, resource: pulumi.CustomResource): void {
    this.resources[name] = resource;
  }
}

/** A roster as read: the document, or the lines saying what is wrong with it. */
interface ReadRoster {
  document?: RosterDocument;
  failure?: string;
}

/**
 * The roster and granularity a Roster's arguments declare. Every problem with them, the arguments' own and the
 * roster's, is thrown at once as a RunError: Pulumi prints its message alone, so a mistake in the roster reads as
 * `org-roster validate` prints it (one `place: path: message` line each) rather than as a crash with a stack.
 */
function rosterInputs(name: string, args: RosterArgs): { document: RosterDocument; granularity: RosterGranularity } {
  const source = `Roster ${name}`;
  const problems: RosterProblem[] = [];
  const argument = (path: string, message: string): void => void problems.push({ file: source, line: 0, column: 0, path, message });
  let read: ReadRoster = {};
  if (args.file !== undefined && args.roster !== undefined) argument("roster", "is set together with file; set exactly one of file and roster");
  else if (args.roster !== undefined) read = readObject(args.roster, source);
  else if (args.file === undefined) argument("file", "is missing; set exactly one of file (the path of a roster YAML file) and roster (the roster as an object)");
  else if (typeof args.file !== "string") argument("file", `${describe(args.file)} is not allowed; allowed: the path of a roster YAML file, relative to the Pulumi project directory`);
  else read = readFile(args.file);
  const granularity = args.granularity ?? "organization";
  if (granularity !== "member" && granularity !== "organization") argument("granularity", `${describe(granularity)} is not allowed; allowed: "organization" (the default) or "member"`);

  const lines = [...problems.map(formatProblem), ...(read.failure !== undefined ? [read.failure] : [])];
  if (lines.length > 0 || read.document === undefined) throw new pulumi.RunError(lines.join("\n"));
  return { document: read.document, granularity };
}

function readObject(roster: unknown, source: string): ReadRoster {
  try {
    return { document: validateRoster(roster, source) };
  } catch (error) {
    // Anything but the roster's own problems is a fault of this package, and keeps its stack.
    if (!(error instanceof RosterValidationError)) throw error;
    return { failure: formatProblems(error.problems) };
  }
}

function readFile(file: string): ReadRoster {
  try {
    return { document: loadRosterFile(file) };
  } catch (error) {
    return { failure: formatRosterFileFailure(file, error) };
  }
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  return `a ${value === null ? "null" : Array.isArray(value) ? "list" : typeof value}`;
}

/** A member's stable name within its organization: the user id, or the email address in lower case. */
export function memberKey(member: RosterMember): string {
  return member.userId ?? (member.email ?? "").toLowerCase();
}

function identity(member: RosterMember): { userId?: string; email?: string } {
  return member.userId !== undefined ? { userId: member.userId } : { email: member.email };
}

/** A member's invitation settings: the organization's, for a member named by email (the only kind that is invited). */
function invitationSettings(organization: RosterOrganization): { missingUsers?: "error" | "invite"; invitations?: Record<string, string | number | boolean> } {
  return { missingUsers: organization.missingUsers, invitations: organization.invitations };
}

function rosterSettings(organization: RosterOrganization) {
  return {
    unmanagedMembers: organization.unmanagedMembers,
    maxRemovals: organization.maxRemovals,
    adminRoles: organization.adminRoles,
    missingUsers: organization.missingUsers,
    invitations: organization.invitations,
  };
}

function clerkMembers(organization: RosterOrganization, withPrivate = true): Record<string, clerk.ClerkRosterMember> {
  return Object.fromEntries(
    organization.members.map((member) => [
      member.userId ?? member.email ?? "",
      { role: member.role, publicMetadata: member.publicMetadata, ...(withPrivate ? { privateMetadata: member.privateMetadata } : {}) },
    ]),
  );
}

function workosRoles(member: RosterMember): workos.WorkosRosterMember {
  if (member.roles !== undefined) return { roleSlugs: member.roles };
  return member.role !== undefined ? { roleSlug: member.role } : {};
}

function workosMembers(organization: RosterOrganization): Record<string, workos.WorkosRosterMember> {
  return Object.fromEntries(organization.members.map((member) => [member.userId ?? member.email ?? "", workosRoles(member)]));
}
