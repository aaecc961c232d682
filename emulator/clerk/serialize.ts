// Clerk wire shapes (snake_case, Unix-millisecond timestamps) for memberships, organizations, users and
// organization invitations, mapped field by field from the store's records. Every field Clerk's OpenAPI description marks required is present
// (test/integration/emulator/clerk-contract.test.ts checks them against it).
import { derivedBase62Id } from "../core/ids";
import type { JsonObject } from "../core/json";
import { type ClerkInvitation, type ClerkMembership, type ClerkOrganization, type ClerkRole, type ClerkStore, type ClerkUser, MANAGE_MEMBERSHIPS_PERMISSION, organizationSlug } from "./store";

const IMAGE_BASE_URL = "https://img.clerk.com/emulator";
/**
 * The emulated instance's Frontend API, where an invitation's link leads (Clerk's links accept the invitation's
 * ticket there); `.invalid`, so no such link can reach anything.
 */
const FRONTEND_API_URL = "https://clerk.emulator.invalid";

/** What an organization answer carries beyond the organization itself. */
export interface OrganizationExtras {
  /** `members_count`; left out when undefined (GET /organizations/{id} sends it only on request). */
  readonly membersCount?: number;
  /** `missing_member_with_elevated_permissions`; left out when undefined. */
  readonly missingMemberWithElevatedPermissions?: boolean;
  /** `pending_invitations_count`; 0 when undefined. */
  readonly pendingInvitationsCount?: number;
}

export function serializeOrganization(organization: ClerkOrganization, extras: OrganizationExtras = {}): JsonObject {
  return {
    object: "organization",
    id: organization.id,
    name: organization.name,
    slug: organizationSlug(organization),
    image_url: `${IMAGE_BASE_URL}/${organization.id}`,
    has_image: false,
    ...(extras.membersCount === undefined ? {} : { members_count: extras.membersCount }),
    ...(extras.missingMemberWithElevatedPermissions === undefined
      ? {}
      : { missing_member_with_elevated_permissions: extras.missingMemberWithElevatedPermissions }),
    pending_invitations_count: extras.pendingInvitationsCount ?? 0,
    max_allowed_memberships: organization.maxAllowedMemberships,
    admin_delete_enabled: true,
    public_metadata: structuredClone(organization.publicMetadata),
    private_metadata: structuredClone(organization.privateMetadata),
    // `created_by` is a string when present: an organization no user created leaves it out.
    ...(organization.createdBy === null ? {} : { created_by: organization.createdBy }),
    created_at: organization.createdAt,
    updated_at: organization.updatedAt,
  };
}

function primaryEmailAddress(user: ClerkUser): string | null {
  return user.emailAddresses[0]?.emailAddress ?? null;
}

function serializePublicUserData(user: ClerkUser): JsonObject {
  return {
    user_id: user.id,
    first_name: user.firstName,
    last_name: user.lastName,
    // Deprecated in favour of image_url, but still required in every answer of this API version.
    profile_image_url: `${IMAGE_BASE_URL}/${user.id}`,
    image_url: `${IMAGE_BASE_URL}/${user.id}`,
    has_image: false,
    identifier: primaryEmailAddress(user) ?? user.username ?? user.id,
    username: user.username,
  };
}

export function serializeMembership(store: ClerkStore, membership: ClerkMembership): JsonObject {
  const organization = store.getOrganization(membership.organizationId);
  const user = store.getUser(membership.userId);
  const role = store.getRole(membership.role);
  const body: JsonObject = {
    object: "organization_membership",
    id: membership.id,
    role: membership.role,
    role_name: role?.name ?? membership.role,
    permissions: [...(role?.permissions ?? [])],
    public_metadata: structuredClone(membership.publicMetadata),
    private_metadata: structuredClone(membership.privateMetadata),
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
  };
  if (organization) {
    body.organization = serializeOrganization(organization, {
      membersCount: store.membersCount(organization.id),
      pendingInvitationsCount: store.pendingInvitationsCount(organization.id),
    });
  }
  if (user) body.public_user_data = serializePublicUserData(user);
  return body;
}

/** The inviter as an invitation shows them (OrganizationInvitationPublicUserData: no username, no profile_image_url). */
function serializeInviter(user: ClerkUser): JsonObject {
  return {
    user_id: user.id,
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: `${IMAGE_BASE_URL}/${user.id}`,
    has_image: false,
    identifier: primaryEmailAddress(user) ?? user.username ?? user.id,
  };
}

/** The link the invitee follows: the ticket, and where to land afterwards when the invitation names a redirect_url. */
function invitationUrl(invitation: ClerkInvitation): string {
  const url = new URL("/v1/tickets/accept", FRONTEND_API_URL);
  url.searchParams.set("ticket", invitation.ticket);
  if (invitation.redirectUrl !== null) url.searchParams.set("redirect_url", invitation.redirectUrl);
  return url.toString();
}

export function serializeInvitation(store: ClerkStore, invitation: ClerkInvitation): JsonObject {
  const role = store.getRole(invitation.role);
  const inviter = invitation.inviterUserId === null ? undefined : store.getUser(invitation.inviterUserId);
  return {
    object: "organization_invitation",
    id: invitation.id,
    email_address: invitation.emailAddress,
    role: invitation.role,
    role_name: role?.name ?? invitation.role,
    organization_id: invitation.organizationId,
    inviter_id: invitation.inviterUserId,
    public_inviter_data: inviter ? serializeInviter(inviter) : null,
    status: invitation.status,
    public_metadata: structuredClone(invitation.publicMetadata),
    private_metadata: structuredClone(invitation.privateMetadata),
    url: invitationUrl(invitation),
    expires_at: invitation.expiresAt,
    created_at: invitation.createdAt,
    updated_at: invitation.updatedAt,
  };
}

/**
 * A user as GET /users answers it. Emulated users sign in with nothing but their email addresses: no password,
 * second factor, phone number, web3 wallet, passkey or external account, no sign-in or session activity yet.
 */
export function serializeUser(user: ClerkUser): JsonObject {
  const imageUrl = `${IMAGE_BASE_URL}/${user.id}`;
  return {
    object: "user",
    id: user.id,
    external_id: null,
    primary_email_address_id: user.emailAddresses[0]?.id ?? null,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    locale: null,
    profile_image_url: imageUrl,
    image_url: imageUrl,
    has_image: false,
    public_metadata: {},
    private_metadata: {},
    unsafe_metadata: {},
    email_addresses: user.emailAddresses.map((address) => ({
      id: address.id,
      object: "email_address",
      email_address: address.emailAddress,
      reserved: false,
      verification: { object: "verification_admin", status: "verified", strategy: "admin", attempts: null, expire_at: null },
      linked_to: [],
      created_at: user.createdAt,
      updated_at: user.updatedAt,
    })),
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    password_enabled: false,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    mfa_enabled_at: null,
    mfa_disabled_at: null,
    password_last_updated_at: null,
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    last_sign_in_at: null,
    banned: false,
    locked: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: null,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    delete_self_enabled: true,
    create_organization_enabled: true,
    create_organizations_limit: null,
    last_active_at: null,
    legal_accepted_at: null,
  };
}

/** A role's id: derived from its key, so it is the same in every answer and after a state dump is loaded back. */
export function roleId(role: ClerkRole): string {
  return derivedBase62Id("role", role.key);
}

/** An organization role of the instance, with its permissions as objects (system ones are those Clerk defines: `org:sys_…`). */
export function serializeRole(role: ClerkRole): JsonObject {
  return {
    object: "role",
    id: roleId(role),
    name: role.name,
    key: role.key,
    description: null,
    is_creator_eligible: role.permissions.includes(MANAGE_MEMBERSHIPS_PERMISSION),
    permissions: role.permissions.map((key) => ({
      object: "permission",
      id: derivedBase62Id("perm", key),
      name: key,
      key,
      description: "",
      type: key.startsWith("org:sys_") ? "system" : "user",
      created_at: role.createdAt,
      updated_at: role.updatedAt,
    })),
    created_at: role.createdAt,
    updated_at: role.updatedAt,
  };
}
