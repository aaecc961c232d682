// The declared roster as the rest of the package sees it: organizations and their members per service, exactly
// as written in the reviewed roster file. Defaults belong to the resources that apply it and are not filled in.

import type { MissingUsersMode } from "../engine/roster-plan";

/** One declared member of an organization: a user, identified by exactly one of `userId` or `email`. */
export interface RosterMember {
  /** The user's id: `user_…` (Clerk or WorkOS). Exactly one of `userId` and `email` is set. */
  userId?: string;
  /** The user's primary email address, for users looked up by email. Exactly one of `userId` and `email` is set. */
  email?: string;
  /**
   * The role: a Clerk role key (`org:admin`; default `org:member`) or one WorkOS role slug (`admin`; default
   * `member`). At most one of `role` and `roles` is set.
   */
  role?: string;
  /** WorkOS only: several role slugs (`[admin, billing]`), never empty. At most one of `role` and `roles` is set. */
  roles?: string[];
  /** Clerk only: public metadata of the membership, a JSON object without null values (default `{}`). */
  publicMetadata?: Record<string, unknown>;
  /** Clerk only: private metadata of the membership, a JSON object without null values (default `{}`). */
  privateMetadata?: Record<string, unknown>;
}

/** What to do with live members that the roster does not list. */
export type UnmanagedMembersPolicy = "ignore" | "report" | "remove";

/** The declared roster of one organization. */
export interface RosterOrganization {
  /** Every member the organization should have (each user at most once). */
  members: RosterMember[];
  /** Live members the roster does not list: leave them, report them as drift (the resource's default), or remove them. */
  unmanagedMembers?: UnmanagedMembersPolicy;
  /** The most memberships one update may remove (an integer ≥ 0; the resource's default is 5): a guard against a truncated roster. */
  maxRemovals?: number;
  /**
   * The roles that count as admin for the last-admin guard: Clerk role keys (default `["org:admin"]`) or WorkOS
   * role slugs (default `["admin"]`).
   */
  adminRoles?: string[];
  /**
   * A member named by an email that matches no user yet: refuse the roster ("error", the default, so nobody is
   * emailed unless the file says so) or send them an invitation ("invite").
   */
  missingUsers?: MissingUsersMode;
  /** Settings of the invitations sent (Clerk: expiresInDays, redirectUrl, notify, inviterUserId; WorkOS: expiresInDays, inviterUserId, locale). */
  invitations?: Record<string, string | number | boolean>;
}

/** One service's section: its organizations by organization id (`org_…`). */
export interface RosterSection {
  /** The declared organizations, keyed by organization id. */
  organizations: Record<string, RosterOrganization>;
}

/** A whole roster file: an optional section per service. */
export interface Roster {
  /** Clerk organizations and their memberships. */
  clerk?: RosterSection;
  /** WorkOS organizations and their memberships. */
  workos?: RosterSection;
}
