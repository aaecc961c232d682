// Inputs and outputs shared by the Clerk and WorkOS `OrganizationRoster` resources.

import type * as pulumi from "./sdk";
import type { MissingUsersMode } from "../engine/roster-plan";

/** What to do with live members that the roster does not declare. */
export type UnmanagedMembersMode = "ignore" | "report" | "remove";

export interface RosterSettingsArgs {
  /** The organization id (`org_…`). Changing it replaces the roster. */
  organizationId: pulumi.Input<string>;
  /**
   * Live active members not declared here: `"ignore"`; `"report"` (default: they show as drift, so a scheduled
   * `pulumi preview --refresh --expect-no-changes` exits 7 and names them); `"remove"` (`pulumi up` removes them).
   * Inactive (deactivated) and pending (invited) WorkOS memberships grant no access: they are listed in
   * `inactiveMembers` / `pendingMembers`, never drift, never removed.
   */
  unmanagedMembers?: pulumi.Input<UnmanagedMembersMode>;
  /**
   * The most members one `pulumi up` may remove (declared members deleted from the roster plus unmanaged members in
   * "remove" mode). A plan above it fails before removing anyone. Default 5.
   */
  maxRemovals?: pulumi.Input<number>;
  /** Role keys/slugs that count as admin for the last-admin guard. Default `org:admin` (Clerk) or `admin` (WorkOS). */
  adminRoles?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * `true` (default): this resource creates, updates and removes the declared members. `false`: the members are
   * managed elsewhere (per-member resources); this resource only watches for, reports or removes unmanaged ones.
   */
  manageMembers?: pulumi.Input<boolean>;
  /**
   * A member named by an email that matches no user yet: `"error"` (default: the roster is refused, so nobody is
   * emailed unless this says so) or `"invite"` (they are sent one invitation with the declared role, tracked until
   * accepted, then converged as a member).
   */
  missingUsers?: pulumi.Input<MissingUsersMode>;
  /** Settings of the invitations sent (Clerk: expiresInDays 1–365, redirectUrl, notify, inviterUserId; WorkOS: expiresInDays 1–30, inviterUserId, locale). */
  invitations?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
}

/** An invitation the roster sent, as its state records it (by email). */
export interface SentInvitation {
  invitationId: string;
  /** pending, accepted, revoked or expired. */
  status: string;
  expiresAt?: string;
  sentAt?: string;
}

/** A pending invitation the roster does not declare. */
export interface UnmanagedInvitation {
  email: string;
  role: string;
  invitationId: string;
}

/** A live member that the roster does not declare. */
export interface UnmanagedMember {
  userId: string;
  /** Who it is, e.g. "Jane Doe <jane@acme.com>", when the service says. */
  person?: string;
  /** The role(s) in the service's own words. */
  role: string;
  membershipId: string;
}

/** The output properties both roster resources declare (their values are set by the provider). */
export const ROSTER_OUTPUTS = {
  declaredMembers: undefined,
  absentMembers: undefined,
  inactiveMembers: undefined,
  pendingMembers: undefined,
  unmanagedMembersMode: undefined,
  emails: undefined,
  people: undefined,
  privateMetadataKeys: undefined,
  sentInvitations: undefined,
  unmanagedInvitations: undefined,
} as const;
