// The Pulumi-facing WorkOS `OrganizationMembership` resource: its inputs, its outputs, and nothing else.

import * as pulumi from "../sdk";
import type { MissingUsersMode } from "../../engine/roster-plan";
import { QuietDynamicResource } from "../dynamic-resource";

export interface OrganizationMembershipArgs {
  /** The WorkOS organization id (`org_…`). Changing it replaces the membership. */
  organizationId: pulumi.Input<string>;
  /** The WorkOS user id (`user_…`). Changing it replaces the membership. */
  userId?: pulumi.Input<string>;
  /**
   * Instead of `userId`: the user's email address, resolved to the one WorkOS user who has it when the inputs are
   * checked (an address matching no user or several is an error naming it). Exactly one of `userId`/`email`.
   */
  email?: pulumi.Input<string>;
  /** One role slug (e.g. `admin`). Mutually exclusive with `roleSlugs`. Default `member`. Updated in place. */
  roleSlug?: pulumi.Input<string>;
  /** Several role slugs (needs multiple roles enabled in WorkOS); compared as a set. Mutually exclusive with `roleSlug`. */
  roleSlugs?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * When the user is already an active member on create: `true` (default) adopts that membership and converges its
   * roles; `false` fails instead. (An inactive membership is reactivated by WorkOS itself, keeping its id.)
   */
  adoptExisting?: pulumi.Input<boolean>;
  /**
   * The roles that count as admin when this membership is deleted (destroy, or dropped from the program): the
   * organization's last active admin is never removed; it stays in place and the operation warns. Default: the
   * service's admin role (`org:admin` / `admin`).
   */
  adminRoles?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * With `email`: when the email matches no user yet, `"error"` (default) refuses it and `"invite"` sends that person
   * one invitation with the declared role instead; once they accept, the membership replaces the invitation.
   */
  missingUsers?: pulumi.Input<MissingUsersMode>;
  /** Settings of the invitation (Clerk: expiresInDays 1–365, redirectUrl, notify, inviterUserId; WorkOS: expiresInDays 1–30, inviterUserId, locale). */
  invitations?: pulumi.Input<Record<string, pulumi.Input<string | number | boolean>>>;
  /** What `pulumi destroy` (or removing the resource) does: `"delete"` (default) or `"deactivate"`. */
  onDelete?: pulumi.Input<"delete" | "deactivate">;
}

/**
 * One user's membership of one WorkOS organization, with its roles. `pulumi up` creates, adopts, reactivates or
 * converges it; `pulumi refresh` reads it back, so role changes and deactivation out of band show as drift.
 *
 * Credentials: stack config `workos:apiKey` (secret) and optional `workos:apiUrl`, or the environment variables
 * `WORKOS_API_KEY` / `WORKOS_API_URL`.
 */
export class OrganizationMembership extends QuietDynamicResource {
  /** WorkOS's id of the membership (`om_…`); also the resource id. */
  declare public readonly membershipId: pulumi.Output<string>;
  /** The organization id (`org_…`). */
  declare public readonly organizationId: pulumi.Output<string>;
  /** The user id (`user_…`). */
  declare public readonly userId: pulumi.Output<string>;
  /** The organization's name, when WorkOS sends it. */
  declare public readonly organizationName: pulumi.Output<string | undefined>;
  /** The primary role slug. */
  declare public readonly role: pulumi.Output<string>;
  /** Every role slug of the membership. */
  declare public readonly roles: pulumi.Output<string[]>;
  /** `active`, `inactive` or `pending`. */
  declare public readonly status: pulumi.Output<string>;
  /** When the membership was created (ISO 8601). */
  declare public readonly createdAt: pulumi.Output<string>;
  /** When the membership last changed (ISO 8601). */
  declare public readonly updatedAt: pulumi.Output<string>;
  /** Whether an existing membership is adopted on create. */
  declare public readonly adoptExisting: pulumi.Output<boolean>;
  /** While the person is invited (missingUsers: "invite", no account yet): the invitation's id; unset for a membership. */
  declare public readonly invitationId: pulumi.Output<string | undefined>;
  /** While invited: pending, accepted, revoked or expired. */
  declare public readonly invitationStatus: pulumi.Output<string | undefined>;
  /** While invited: when the invitation expires (ISO 8601). */
  declare public readonly expiresAt: pulumi.Output<string | undefined>;
  /** Who the member is ("Jane Doe <jane@acme.com>"), where the service says: for reviewers. */
  declare public readonly person: pulumi.Output<string | undefined>;
  /** What delete does. */
  declare public readonly onDelete: pulumi.Output<"delete" | "deactivate">;

  constructor(name: string, args: OrganizationMembershipArgs, opts?: pulumi.CustomResourceOptions) {
    const props = workosMembershipProps(args);
    super("workos-membership", name, props, opts, "workos", "OrganizationMembership");
  }
}

/**
 * What a WorkOS membership registers with: its inputs in the form its provider takes them, and its outputs (undefined
 * until known). The provider plugin's resource of the same token takes the same.
 */
export function workosMembershipProps(args: OrganizationMembershipArgs): pulumi.Inputs {
  return {
    organizationId: args.organizationId,
    userId: args.userId,
    email: args.email,
    roleSlug: args.roleSlug,
    roleSlugs: args.roleSlugs,
    adoptExisting: args.adoptExisting,
    adminRoles: args.adminRoles,
    missingUsers: args.missingUsers,
    invitations: args.invitations,
    invitationId: undefined,
    invitationStatus: undefined,
    expiresAt: undefined,
    person: undefined,
    onDelete: args.onDelete,
    membershipId: undefined,
    organizationName: undefined,
    role: undefined,
    roles: undefined,
    status: undefined,
    createdAt: undefined,
    updatedAt: undefined,
  };
}
