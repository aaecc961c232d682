// The `Roster` component: a reviewed roster file (or the same shape as an object) turned into resources, either
// one OrganizationMembership per member plus an unmanaged-member watcher per organization ("member"), or one
// OrganizationRoster per organization ("organization").

import * as pulumi from "./sdk";
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
import { DEFAULT_MAX_REMOVALS, type MissingUsersMode } from "../engine/roster-plan";
import { exceedsRemovalBudget, type GuardedOrganization } from "../engine/roster-guard";
import { QuietDynamicResource } from "./dynamic-resource";
import { type DeclaredRoles, type MembershipView, membershipsView, organizationOutput, type RosterOrganizationOutput, type RosterView, viewOf } from "./roster-outputs";
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

/** What a Roster's removal guard and removal lock record. */
export interface RosterGuardProps {
  /** The Roster's name. */
  name: string;
  /** The Roster's granularity: switching it is refused. */
  granularity: RosterGranularity;
  /** Each organization as declared, keyed as its resources are named (`clerk/org_…`). */
  organizations: Record<string, GuardedOrganization>;
  /** The lock only: the organizations over their removal budget (`Clerk org_…`), which keep it protected. */
  lockedWhileOverBudget?: string[];
}

/**
 * How a Roster makes its resources. The TypeScript `Roster` makes dynamic resources; the provider plugin's
 * `org-roster:index:Roster` makes the plugin's own resources of the same names, from the same arguments.
 */
export interface RosterResourceMaker {
  clerkRoster(name: string, args: clerk.OrganizationRosterArgs, opts: pulumi.CustomResourceOptions): pulumi.CustomResource;
  clerkMembership(name: string, args: clerk.OrganizationMembershipArgs, opts: pulumi.CustomResourceOptions): pulumi.CustomResource;
  workosRoster(name: string, args: workos.OrganizationRosterArgs, opts: pulumi.CustomResourceOptions): pulumi.CustomResource;
  workosMembership(name: string, args: workos.OrganizationMembershipArgs, opts: pulumi.CustomResourceOptions): pulumi.CustomResource;
  removalGuard(name: string, props: RosterGuardProps, opts: pulumi.CustomResourceOptions): pulumi.CustomResource;
}

/** The TypeScript Roster's resources: this package's dynamic resources. */
const DYNAMIC_RESOURCES: RosterResourceMaker = {
  clerkRoster: (name, args, opts) => new clerk.OrganizationRoster(name, args, opts),
  clerkMembership: (name, args, opts) => new clerk.OrganizationMembership(name, args, opts),
  workosRoster: (name, args, opts) => new workos.OrganizationRoster(name, args, opts),
  workosMembership: (name, args, opts) => new workos.OrganizationMembership(name, args, opts),
  removalGuard: (name, props, opts) => new RosterGuard(name, props, opts),
};

/**
 * The Roster component under its front end's type token, its resources made by `make`: the base of the TypeScript
 * `Roster` (dynamic resources) and of the provider plugin's `org-roster:index:Roster` (the plugin's resources).
 */
export class RosterComponent extends pulumi.ComponentResource {
  /** The resources created, by name: OrganizationRoster, OrganizationMembership or watcher resources. */
  public readonly resources: Record<string, pulumi.CustomResource>;
  /**
   * Per organization (keyed `clerk/org_…` / `workos/org_…`): who is in (`members`: id, email, name, role), who is
   * invited (`invitations`), who is extra (`unmanagedMembers`, `unmanagedInvitations`) and who is declared but absent,
   * from the roster's resources as the last `up` left them. Export it to read it with `pulumi stack output --json`.
   * Private metadata is not part of it.
   */
  public readonly organizations: pulumi.Output<Record<string, RosterOrganizationOutput>>;

  constructor(type: string, name: string, args: RosterArgs, make: RosterResourceMaker, opts?: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
    const { document, granularity } = rosterInputs(name, args);
    this.resources = {};

    // The removal guard is diffed before anything of the roster is written (everything depends on it): dropping a
    // section over its budget, or switching granularity, is refused by `pulumi preview` already.
    const organizations = guardedOrganizations(document);
    const guard = this.add(`${name}/removal-guard`, make.removalGuard(`${name}/removal-guard`, { name, granularity, organizations }, { parent: this }));
    const options: pulumi.CustomResourceOptions = { parent: this, dependsOn: [guard] };
    const outputs: Record<string, pulumi.Output<RosterOrganizationOutput>> = {};

    for (const [organizationId, organization] of Object.entries(document.clerk?.organizations ?? {})) {
      const settings = rosterSettings(organization);
      const key = `clerk/${organizationId}`;
      if (granularity === "organization") {
        const roster = this.add(key, make.clerkRoster(key, { organizationId, members: clerkMembers(organization), ...settings }, options));
        outputs[key] = rosterOutput("clerk", organizationId, roster, organization);
        continue;
      }
      const memberships: pulumi.CustomResource[] = [];
      for (const member of organization.members) {
        const memberName = `${key}/${memberKey(member)}`;
        memberships.push(this.add(memberName, make.clerkMembership(memberName, {
          organizationId,
          ...identity(member),
          role: member.role,
          publicMetadata: member.publicMetadata,
          privateMetadata: member.privateMetadata,
          // The organization's admin roles guard each member's delete too (the last admin is never removed).
          adminRoles: organization.adminRoles,
          ...invitationSettings(organization),
        }, options)));
      }
      const watcher = this.add(`${key}/unmanaged`, make.clerkRoster(`${key}/unmanaged`, { organizationId, members: clerkMembers(organization, false), ...settings, manageMembers: false }, options));
      outputs[key] = membershipsOutput("clerk", organizationId, memberships, watcher, organization);
    }

    for (const [organizationId, organization] of Object.entries(document.workos?.organizations ?? {})) {
      const settings = rosterSettings(organization);
      const key = `workos/${organizationId}`;
      if (granularity === "organization") {
        const roster = this.add(key, make.workosRoster(key, { organizationId, members: workosMembers(organization), ...settings }, options));
        outputs[key] = rosterOutput("workos", organizationId, roster, organization);
        continue;
      }
      const memberships: pulumi.CustomResource[] = [];
      for (const member of organization.members) {
        const memberName = `${key}/${memberKey(member)}`;
        memberships.push(this.add(memberName, make.workosMembership(memberName, { organizationId, ...identity(member), ...workosRoles(member), adminRoles: organization.adminRoles, ...invitationSettings(organization) }, options)));
      }
      const watcher = this.add(`${key}/unmanaged`, make.workosRoster(`${key}/unmanaged`, { organizationId, members: workosMembers(organization), ...settings, manageMembers: false }, options));
      outputs[key] = membershipsOutput("workos", organizationId, memberships, watcher, organization);
    }
    // The lock is deleted before everything else of the roster (it depends on all of it) and is protected while
    // deleting the roster would remove more members from an organization than its budget allows: removing the whole
    // Roster from the program, or `pulumi destroy`, is then refused by the engine (in preview too), and a refused lock
    // keeps everything it depends on. Updated last, only once everything else of the roster was written, it records
    // the organizations as last applied: the guard's record is written first, also by an `up` refused after it, so
    // the lock's diff counts a dropped section again against what `up` would actually remove (the deletes come after).
    const overBudget = Object.values(organizations).filter(exceedsRemovalBudget);
    const locked = Object.values(this.resources).filter((resource) => resource !== guard);
    const lockProps = { name, granularity, organizations, lockedWhileOverBudget: overBudget.map((o) => `${o.service} ${o.organizationId}`) };
    this.add(`${name}/removal-lock`, make.removalGuard(`${name}/removal-lock`, lockProps, { parent: this, dependsOn: locked, ...(overBudget.length > 0 ? { protect: true } : {}) }));
    this.organizations = pulumi.all(outputs);
    this.registerOutputs({ organizations: this.organizations });
  }

  private add<R extends pulumi.CustomResource>(name: string, resource: R): R {
    this.resources[name] = resource;
    return resource;
  }
}

/**
 * A declared roster of Clerk and WorkOS organizations. Problems with the arguments or the roster stop the program
 * with every one of them, printed as `org-roster validate` prints them.
 */
export class Roster extends RosterComponent {
  constructor(name: string, args: RosterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pulumi-org-roster:index:Roster", name, args, DYNAMIC_RESOURCES, opts);
  }
}

const ROSTER_VIEW: ReadonlyArray<keyof RosterView> = ["members", "people", "emails", "sentInvitations", "unmanagedMembers", "unmanagedInvitations", "absentMembers"];
const MEMBERSHIP_VIEW: ReadonlyArray<keyof MembershipView> = ["userId", "email", "role", "roles", "status", "person", "invitationId", "invitationStatus", "expiresAt"];

/** An organization's output from its OrganizationRoster. */
function rosterOutput(service: "clerk" | "workos", organizationId: string, roster: pulumi.CustomResource, organization: RosterOrganization): pulumi.Output<RosterOrganizationOutput> {
  return viewOf<RosterView>(roster, ROSTER_VIEW).apply((view) => organizationOutput(service, organizationId, view, declaredRoles(organization)));
}

/** An organization's output from its per-member resources and its watcher. */
function membershipsOutput(service: "clerk" | "workos", organizationId: string, memberships: readonly pulumi.CustomResource[], watcher: pulumi.CustomResource, organization: RosterOrganization): pulumi.Output<RosterOrganizationOutput> {
  const views = pulumi.all(memberships.map((membership) => viewOf<MembershipView>(membership, MEMBERSHIP_VIEW)));
  return pulumi.all([views, viewOf<RosterView>(watcher, ROSTER_VIEW)]).apply(([members, watched]) => organizationOutput(service, organizationId, membershipsView(members, watched), declaredRoles(organization)));
}

/** The role(s) each member declared by email is invited with, by lower-cased email. */
function declaredRoles(organization: RosterOrganization): DeclaredRoles {
  const roles: DeclaredRoles = {};
  for (const member of organization.members) {
    if (member.email === undefined) continue;
    const declared = member.roles ?? (member.role === undefined ? [] : [member.role]);
    roles[member.email.toLowerCase()] = declared;
  }
  return roles;
}

/** Each organization as the removal guard records it, keyed as its resources are named (`clerk/org_…`). */
function guardedOrganizations(document: RosterDocument): Record<string, GuardedOrganization> {
  const organizations: Record<string, GuardedOrganization> = {};
  const services = [["clerk", "Clerk", document.clerk], ["workos", "WorkOS", document.workos]] as const;
  for (const [prefix, service, section] of services) {
    for (const [organizationId, organization] of Object.entries(section?.organizations ?? {})) {
      organizations[`${prefix}/${organizationId}`] = {
        service,
        organizationId,
        maxRemovals: organization.maxRemovals ?? DEFAULT_MAX_REMOVALS,
        members: organization.members.map((member) => member.userId ?? member.email ?? ""),
      };
    }
  }
  return organizations;
}

/**
 * A Roster's removal guard: records the organizations the roster had, and refuses (in its diff, so in `pulumi preview`)
 * a change that drops a section over its removal budget or switches granularity. Also the roster's lock (protected
 * while an organization is over its budget), which records the same as last applied and refuses the same. Writes
 * nothing anywhere.
 */
class RosterGuard extends QuietDynamicResource {
  constructor(name: string, props: RosterGuardProps, opts: pulumi.CustomResourceOptions) {
    super("roster-guard", name, props, opts, "index", "RosterGuard");
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
function invitationSettings(organization: RosterOrganization): { missingUsers?: MissingUsersMode; invitations?: Record<string, string | number | boolean> } {
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
