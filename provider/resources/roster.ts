// The `Roster` component: a reviewed roster file (or the same shape as an object) turned into resources, either
// one OrganizationMembership per member plus an unmanaged-member watcher per organization ("member"), or one
// OrganizationRoster per organization ("organization").

import * as pulumi from "@pulumi/pulumi";
import { loadRosterFile, validateRoster, type Roster as RosterDocument, type RosterMember, type RosterOrganization } from "../roster";
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

/** A declared roster of Clerk and WorkOS organizations. */
export class Roster extends pulumi.ComponentResource {
  /** The resources created, by name: OrganizationRoster, OrganizationMembership or watcher resources. */
  public readonly resources: Record<string, pulumi.CustomResource>;

  constructor(name: string, args: RosterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pulumi-org-roster:index:Roster", name, {}, opts);
    if ((args.file === undefined) === (args.roster === undefined)) throw new Error(`Roster ${name}: set exactly one of file and roster`);
    const document = args.file !== undefined ? loadRosterFile(args.file) : validateRoster(args.roster, `Roster ${name}`);
    const granularity = args.granularity ?? "organization";
    if (granularity !== "member" && granularity !== "organization") throw new Error(`Roster ${name}: granularity must be "member" or "organization"`);
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
        this.add(`workos/${organizationId}/${key}`, new workos.OrganizationMembership(`workos/${organizationId}/${key}`, { organizationId, ...identity(member), ...workosRoles(member) }, parent));
      }
      this.add(`workos/${organizationId}/unmanaged`, new workos.OrganizationRoster(`workos/${organizationId}/unmanaged`, { organizationId, members: workosMembers(organization), ...settings, manageMembers: false }, parent));
    }
    this.registerOutputs({});
  }

  private add(name: string, resource: pulumi.CustomResource): void {
    this.resources[name] = resource;
  }
}

/** A member's stable name within its organization: the user id, or the email address in lower case. */
export function memberKey(member: RosterMember): string {
  return member.userId ?? (member.email ?? "").toLowerCase();
}

function identity(member: RosterMember): { userId?: string; email?: string } {
  return member.userId !== undefined ? { userId: member.userId } : { email: member.email };
}

function rosterSettings(organization: RosterOrganization) {
  return {
    unmanagedMembers: organization.unmanagedMembers,
    maxRemovals: organization.maxRemovals,
    adminRoles: organization.adminRoles,
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
