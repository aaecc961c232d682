// The Pulumi-facing WorkOS `OrganizationRoster` resource: one organization's whole declared roster.

import * as pulumi from "../sdk";
import { ROSTER_OUTPUTS, type SentInvitation, type UnmanagedInvitation, type RosterSettingsArgs, type UnmanagedMember } from "../roster-args";
import { QuietDynamicResource } from "../dynamic-resource";
import { compactWorkosRosterMembers } from "../roster-members";

/** One declared member of a WorkOS organization: one role slug or several. Default role `member`. */
export interface WorkosRosterMember {
  roleSlug?: string;
  roleSlugs?: string[];
}

export interface OrganizationRosterArgs extends RosterSettingsArgs {
  /**
   * The declared members, keyed by user id (`user_…`) or by email address (resolved to the one user who has it):
   * each `{ roleSlug }` / `{ roleSlugs }`, or the role slug alone (`"admin"`).
   */
  members: pulumi.Input<Record<string, WorkosRosterMember | string>>;
}

/** A live member in the `members` output: the role slug alone, `{ roleSlugs }` for several, plus `status` when inactive. */
export type WorkosRosterEntry = string | (WorkosRosterMember & { status?: string });

/**
 * A WorkOS organization's whole roster as ONE resource: `pulumi up` converges every member (roles, reactivation)
 * with one listing and per-member writes; refresh lists the organization once and reports drift per member,
 * including members added by hand.
 */
export class OrganizationRoster extends QuietDynamicResource {
  /** The organization id. */
  declare public readonly organizationId: pulumi.Output<string>;
  /** The live roster of declared members: user id → role slug, or `{ roleSlugs }` for several (plus `status` when inactive). */
  declare public readonly members: pulumi.Output<Record<string, WorkosRosterEntry>>;
  /** Live members that the roster does not declare (empty in "ignore" mode). */
  declare public readonly unmanagedMembers: pulumi.Output<UnmanagedMember[]>;
  /** Deactivated memberships the roster does not declare: no access, so not drift; listed for reviewers. */
  declare public readonly inactiveMembers: pulumi.Output<UnmanagedMember[] | undefined>;
  /** Pending (invited, not accepted) memberships the roster does not declare: not drift; listed for reviewers. */
  declare public readonly pendingMembers: pulumi.Output<UnmanagedMember[] | undefined>;
  /**
   * The declared users who are not live members (an add that failed, or a member removed outside Pulumi; the next
   * `up` adds them). The users this roster manages are the keys of `members` plus these.
   */
  declare public readonly absentMembers: pulumi.Output<string[] | undefined>;
  /** For a watcher (`manageMembers: false`): the user ids the roster declares. Not set when the roster manages its members. */
  declare public readonly declaredMembers: pulumi.Output<string[] | undefined>;
  /** How each member given by email was resolved: email → user id. */
  declare public readonly emails: pulumi.Output<Record<string, string>>;
  /** Who each live member is, by user id ("Jane Doe <jane@acme.com>"), where the service says: for reviewers. */
  declare public readonly people: pulumi.Output<Record<string, string> | undefined>;
  /** The invitations this roster sent to people who had no account yet (missingUsers: invite), by email. */
  declare public readonly sentInvitations: pulumi.Output<Record<string, SentInvitation> | undefined>;
  /** Pending invitations the roster does not declare (reported in "report" mode, revoked in "remove" mode). */
  declare public readonly unmanagedInvitations: pulumi.Output<UnmanagedInvitation[] | undefined>;

  constructor(name: string, args: OrganizationRosterArgs, opts?: pulumi.CustomResourceOptions) {
    const props = workosRosterProps(args);
    super("workos-roster", name, props, opts, "workos", "OrganizationRoster");
  }
}

/**
 * What a WorkOS roster registers with: its inputs in the form its provider takes them, and its outputs (undefined
 * until known). The provider plugin's resource of the same token takes the same.
 */
export function workosRosterProps(args: OrganizationRosterArgs): pulumi.Inputs {
  return {
    organizationId: args.organizationId,
    // A single role travels as the slug alone: the compact form the provider stores.
    members: pulumi.output(args.members).apply((members) => compactWorkosRosterMembers(members)),
    unmanagedMembers: args.unmanagedMembers,
    maxRemovals: args.maxRemovals,
    adminRoles: args.adminRoles,
    missingUsers: args.missingUsers,
    invitations: args.invitations,
    manageMembers: args.manageMembers,
    ...ROSTER_OUTPUTS,
  };
}
