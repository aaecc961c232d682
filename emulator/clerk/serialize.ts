// Clerk wire shapes (snake_case, Unix-millisecond timestamps) for memberships, organizations and users, mapped
// field by field from the store's records.
import type { JsonObject } from "../core/json";
import type { ClerkMembership, ClerkOrganization, ClerkStore, ClerkUser } from "./store";

const IMAGE_BASE_URL = "https://img.clerk.com/emulator";

export function serializeOrganization(organization: ClerkOrganization, membersCount: number): JsonObject {
  return {
    object: "organization",
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    image_url: `${IMAGE_BASE_URL}/${organization.id}`,
    has_image: false,
    members_count: membersCount,
    pending_invitations_count: 0,
    max_allowed_memberships: organization.maxAllowedMemberships,
    admin_delete_enabled: true,
    public_metadata: structuredClone(organization.publicMetadata),
    private_metadata: structuredClone(organization.privateMetadata),
    created_by: organization.createdBy,
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
  if (organization) body.organization = serializeOrganization(organization, store.membersCount(organization.id));
  if (user) body.public_user_data = serializePublicUserData(user);
  return body;
}

export function serializeUser(user: ClerkUser): JsonObject {
  return {
    object: "user",
    id: user.id,
    first_name: user.firstName,
    last_name: user.lastName,
    username: user.username,
    image_url: `${IMAGE_BASE_URL}/${user.id}`,
    has_image: false,
    primary_email_address_id: user.emailAddresses[0]?.id ?? null,
    primary_phone_number_id: null,
    email_addresses: user.emailAddresses.map((address) => ({
      id: address.id,
      object: "email_address",
      email_address: address.emailAddress,
      reserved: false,
      verification: { status: "verified", strategy: "admin", attempts: null, expire_at: null },
      linked_to: [],
      created_at: user.createdAt,
      updated_at: user.updatedAt,
    })),
    phone_numbers: [],
    public_metadata: {},
    private_metadata: {},
    unsafe_metadata: {},
    banned: false,
    locked: false,
    last_sign_in_at: null,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}
