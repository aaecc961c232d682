// The Pulumi-facing WorkOS `OrganizationRoster` resource: one organization's whole declared roster.

import * as pulumi from "@pulumi/pulumi";
import workosRosterShim = require("../../shims/workos-roster");
import { ROSTER_OUTPUTS, type RosterSettingsArgs, type UnmanagedMember } from "../roster-args";
import { QuietDynamicResource } from "../promise-stacks";

/** One declared member of a WorkOS organization: one role slug or several. Default role `member`. */
export interface WorkosRosterMember {
  roleSlug?: string;
  roleSlugs?: string[];
}

export interface OrganizationRosterArgs extends RosterSettingsArgs {
  /** The declared members, keyed by user id (`user_…`) or by email address (resolved to the one user who has it). */
  members: pulumi.Input<Record<string, WorkosRosterMember>>;
}

/**
 * A WorkOS organization's whole roster as ONE resource: `pulumi up` converges every member (roles, reactivation)
 * with one listing and per-member writes; refresh lists the organization once and reports drift per member,
 * including members added by hand.
 */
export class OrganizationRoster extends QuietDynamicResource {
  /** The organization id. */
  declare public readonly organizationId: pulumi.Output<string>;
  /** The live roster of declared members: user id → `{ roleSlug }` or `{ roleSlugs }` (plus `status` when inactive). */
  declare public readonly members: pulumi.Output<Record<string, WorkosRosterMember & { status?: string }>>;
  /** Live members that the roster does not declare (empty in "ignore" mode). */
  declare public readonly unmanagedMembers: pulumi.Output<UnmanagedMember[]>;
  /** The user ids this roster manages. */
  declare public readonly declaredMembers: pulumi.Output<string[]>;
  /** How each member given by email was resolved: email → user id. */
  declare public readonly emails: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: OrganizationRosterArgs, opts?: pulumi.CustomResourceOptions) {
    const props: pulumi.Inputs = {
      organizationId: args.organizationId,
      members: args.members,
      unmanagedMembers: args.unmanagedMembers,
      maxRemovals: args.maxRemovals,
      adminRoles: args.adminRoles,
      manageMembers: args.manageMembers,
      ...ROSTER_OUTPUTS,
    };
    super(workosRosterShim, name, props, opts, "workos", "OrganizationRoster");
  }
}
