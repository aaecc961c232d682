// The Pulumi-facing Clerk `OrganizationMembership` resource: its inputs, its outputs, and nothing else.

import * as pulumi from "../sdk";
import type { MissingUsersMode } from "../../engine/roster-plan";
import { QuietDynamicResource } from "../dynamic-resource";
import { CLERK_SECRET_PROPERTIES } from "../secrets";

/** A JSON object (Clerk metadata). Null values are not allowed: Clerk deletes keys set to null. */
export type Metadata = { [key: string]: unknown };

export interface OrganizationMembershipArgs {
  /** The Clerk organization id (`org_…`). Changing it replaces the membership. */
  organizationId: pulumi.Input<string>;
  /** The Clerk user id (`user_…`). Changing it replaces the membership. */
  userId?: pulumi.Input<string>;
  /**
   * Instead of `userId`: the user's email address, resolved to the one Clerk user who has it when the inputs are
   * checked (an address matching no user or several is an error naming it). Exactly one of `userId`/`email`.
   */
  email?: pulumi.Input<string>;
  /** The organization role key, `org:<name>` (e.g. `org:admin`, `org:member`). Default `org:member`. Updated in place. */
  role?: pulumi.Input<string>;
  /**
   * Public metadata of the membership, a JSON object of at most 8 KB. The live metadata is made equal to it:
   * keys not declared here are removed, nested ones included. Default `{}`.
   */
  publicMetadata?: pulumi.Input<Metadata>;
  /**
   * Private metadata of the membership (never sent to the frontend), a JSON object of at most 8 KB. Stored in
   * Pulumi state only as a secret. Keys not declared here are removed. Default `{}`.
   */
  privateMetadata?: pulumi.Input<Metadata>;
  /**
   * When the user is already a member on create: `true` (default) adopts that membership and converges its role and
   * metadata; `false` fails instead.
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
}

/**
 * One user's membership of one Clerk organization, with its role and metadata. `pulumi up` creates, adopts or
 * converges it; `pulumi refresh` reads it back, so out-of-band changes show as drift.
 *
 * Credentials: stack config `clerk:secretKey` (secret) and optional `clerk:apiUrl`, or the environment variables
 * `CLERK_SECRET_KEY` / `CLERK_API_URL`.
 */
export class OrganizationMembership extends QuietDynamicResource {
  /** Clerk's id of the membership (`orgmem_…`); also the resource id. */
  declare public readonly membershipId: pulumi.Output<string>;
  /** The organization id (`org_…`). */
  declare public readonly organizationId: pulumi.Output<string>;
  /** The user id (`user_…`). */
  declare public readonly userId: pulumi.Output<string>;
  /** The live role key. */
  declare public readonly role: pulumi.Output<string>;
  /** The role's display name, e.g. "Admin". */
  declare public readonly roleName: pulumi.Output<string | undefined>;
  /** The permissions the role grants, e.g. `org:sys_memberships:manage`. */
  declare public readonly permissions: pulumi.Output<string[]>;
  /** The live public metadata. */
  declare public readonly publicMetadata: pulumi.Output<Metadata>;
  /** The live private metadata; always a secret output. */
  declare public readonly privateMetadata: pulumi.Output<Metadata>;
  /** The private metadata's key names, each with a keyed digest of its value (never the value), by user id. */
  declare public readonly privateMetadataKeys: pulumi.Output<Record<string, Record<string, string>> | undefined>;
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

  constructor(name: string, args: OrganizationMembershipArgs, opts?: pulumi.CustomResourceOptions) {
    const props = clerkMembershipProps(args);
    const secretOutputs = [...(opts?.additionalSecretOutputs ?? []), ...CLERK_SECRET_PROPERTIES];
    super("clerk-membership", name, props, { ...opts, additionalSecretOutputs: secretOutputs }, "clerk", "OrganizationMembership");
  }
}

/**
 * What a Clerk membership registers with: its inputs in the form its provider takes them, and its outputs (undefined
 * until known). The provider plugin's resource of the same token takes the same.
 */
export function clerkMembershipProps(args: OrganizationMembershipArgs): pulumi.Inputs {
  return {
    organizationId: args.organizationId,
    userId: args.userId,
    email: args.email,
    role: args.role,
    publicMetadata: args.publicMetadata,
    // Always a secret input (default {}), so values read back from Clerk on refresh stay secret in state too.
    privateMetadata: pulumi.secret(args.privateMetadata ?? {}),
    adoptExisting: args.adoptExisting,
    adminRoles: args.adminRoles,
    missingUsers: args.missingUsers,
    invitations: args.invitations,
    invitationId: undefined,
    invitationStatus: undefined,
    expiresAt: undefined,
    person: undefined,
    membershipId: undefined,
    roleName: undefined,
    permissions: undefined,
    createdAt: undefined,
    updatedAt: undefined,
    privateMetadataKeys: undefined,
  };
}
