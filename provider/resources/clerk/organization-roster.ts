// The Pulumi-facing Clerk `OrganizationRoster` resource: one organization's whole declared roster.

import * as pulumi from "../sdk";
import { splitClerkRosterMembers } from "../roster-members";
import { ROSTER_OUTPUTS, type SentInvitation, type UnmanagedInvitation, type RosterSettingsArgs, type UnmanagedMember } from "../roster-args";
import type { Metadata } from "./organization-membership";
import { QuietDynamicResource } from "../dynamic-resource";
import { CLERK_SECRET_PROPERTIES } from "../secrets";

/** One declared member of a Clerk organization. */
export interface ClerkRosterMember {
  /** The organization role key. Default `org:member`. */
  role?: string;
  /** Public metadata; the live value is made equal to it. Default `{}`. */
  publicMetadata?: Metadata;
  /** Private metadata; kept in state only as a secret. Default `{}`. */
  privateMetadata?: Metadata;
}

export interface OrganizationRosterArgs extends RosterSettingsArgs {
  /**
   * The declared members, keyed by user id (`user_…`) or by email address (resolved to the one user who has it):
   * each the member's fields, or the role key alone (`"org:admin"`).
   */
  members: pulumi.Input<Record<string, ClerkRosterMember | string>>;
}

/** A live member in the `members` output: the role key alone, or `{ role, publicMetadata }` when it has public metadata. */
export type ClerkRosterEntry = string | { role: string; publicMetadata: Metadata };

/**
 * A Clerk organization's whole roster as ONE resource: `pulumi up` converges every member with one listing and
 * per-member writes; refresh lists the organization once and reports drift per member, including members added by
 * hand. Cheaper than one resource per member for large organizations.
 */
export class OrganizationRoster extends QuietDynamicResource {
  /** The organization id. */
  declare public readonly organizationId: pulumi.Output<string>;
  /** The live roster of declared members: user id → role key, or `{ role, publicMetadata }` when it has public metadata. */
  declare public readonly members: pulumi.Output<Record<string, ClerkRosterEntry>>;
  /** The live private metadata of declared members, by user id; a secret output. */
  declare public readonly privateMetadata: pulumi.Output<Record<string, Metadata>>;
  /** Live members that the roster does not declare (empty in "ignore" mode). */
  declare public readonly unmanagedMembers: pulumi.Output<UnmanagedMember[]>;
  /**
   * The declared users who are not live members (an add that failed, or a member removed outside Pulumi; the next
   * `up` adds them). The users this roster manages are the keys of `members` plus these.
   */
  declare public readonly absentMembers: pulumi.Output<string[] | undefined>;
  /** For a watcher (`manageMembers: false`): the user ids the roster declares. Not set when the roster manages its members. */
  declare public readonly declaredMembers: pulumi.Output<string[] | undefined>;
  /** How each member given by email was resolved: email → user id. */
  declare public readonly emails: pulumi.Output<Record<string, string>>;
  /**
   * Each member's private metadata as key names, each with a keyed digest of its value (never the value): shows which
   * keys differ between the declaration and what is live, in `pulumi preview --diff` and `drift-report`.
   */
  declare public readonly privateMetadataKeys: pulumi.Output<Record<string, Record<string, string>> | undefined>;
  /** Who each live member is, by user id ("Jane Doe <jane@acme.com>"), where the service says: for reviewers. */
  declare public readonly people: pulumi.Output<Record<string, string> | undefined>;
  /** The invitations this roster sent to people who had no account yet (missingUsers: invite), by email. */
  declare public readonly sentInvitations: pulumi.Output<Record<string, SentInvitation> | undefined>;
  /** Pending invitations the roster does not declare (reported in "report" mode, revoked in "remove" mode). */
  declare public readonly unmanagedInvitations: pulumi.Output<UnmanagedInvitation[] | undefined>;

  constructor(name: string, args: OrganizationRosterArgs, opts?: pulumi.CustomResourceOptions) {
    const props = clerkRosterProps(args);
    const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), ...CLERK_SECRET_PROPERTIES];
    super("clerk-roster", name, props, { ...opts, additionalSecretOutputs: secretOutputs }, "clerk", "OrganizationRoster");
  }
}

/**
 * What a Clerk roster registers with: its inputs in the form its provider takes them, and its outputs (undefined
 * until known). The provider plugin's resource of the same token takes the same.
 */
export function clerkRosterProps(args: OrganizationRosterArgs): pulumi.Inputs {
  const split = pulumi.output(args.members).apply((members) => splitClerkRosterMembers(members));
  return {
    organizationId: args.organizationId,
    members: split.publicPart,
    privateMetadata: pulumi.secret(split.privatePart as Record<string, Metadata>),
    unmanagedMembers: args.unmanagedMembers,
    maxRemovals: args.maxRemovals,
    adminRoles: args.adminRoles,
    missingUsers: args.missingUsers,
    invitations: args.invitations,
    manageMembers: args.manageMembers,
    ...ROSTER_OUTPUTS,
  };
}
