// WorkOS wire shapes (snake_case, ISO-8601 timestamps with milliseconds) for users, organization memberships and
// invitations, mapped field by field from the store's records.
import { derivedBase62Id } from "../core/ids";
import type { JsonObject } from "../core/json";
import type { WorkosInvitation, WorkosMembership, WorkosRole, WorkosStore, WorkosUser } from "./store";

/**
 * Where the service sends invitees: the environment's configured invitation page with the token appended. The
 * emulated environment has no application, so a placeholder page stands in.
 */
export const INVITATION_PAGE_URL = "https://app.example.com/invite";

function iso(timeMs: number): string {
  return new Date(timeMs).toISOString();
}

function isoOrNull(timeMs: number | null): string | null {
  return timeMs === null ? null : iso(timeMs);
}

export function serializeUser(user: WorkosUser): JsonObject {
  return {
    object: "user",
    id: user.id,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    email_verified: user.emailVerified,
    profile_picture_url: null,
    external_id: null,
    metadata: {},
    locale: null,
    last_sign_in_at: null,
    created_at: iso(user.createdAt),
    updated_at: iso(user.updatedAt),
  };
}

export function serializeMembership(store: WorkosStore, membership: WorkosMembership): JsonObject {
  const roles = membership.roleSlugs.map((slug) => ({ slug }));
  const user = store.getUser(membership.userId);
  const body: JsonObject = {
    object: "organization_membership",
    id: membership.id,
    user_id: membership.userId,
    organization_id: membership.organizationId,
    organization_name: store.getOrganization(membership.organizationId)?.name ?? "",
    status: membership.status,
    directory_managed: membership.directoryManaged,
    role: roles[0] ?? { slug: "" },
    roles,
    custom_attributes: structuredClone(membership.customAttributes),
    created_at: iso(membership.createdAt),
    updated_at: iso(membership.updatedAt),
  };
  if (user) body.user = serializeUser(user);
  return body;
}

export function serializeInvitation(store: WorkosStore, invitation: WorkosInvitation): JsonObject {
  return {
    object: "invitation",
    id: invitation.id,
    email: invitation.email,
    state: invitation.state,
    accepted_at: isoOrNull(invitation.acceptedAt),
    revoked_at: isoOrNull(invitation.revokedAt),
    expires_at: iso(invitation.expiresAt),
    organization_id: invitation.organizationId,
    inviter_user_id: invitation.inviterUserId,
    accepted_user_id: invitation.acceptedUserId,
    role_slug: store.invitationRoleSlug(invitation),
    created_at: iso(invitation.createdAt),
    updated_at: iso(invitation.updatedAt),
    token: invitation.token,
    accept_invitation_url: `${INVITATION_PAGE_URL}?invitation_token=${encodeURIComponent(invitation.token)}`,
  };
}

export function serializeList(data: JsonObject[], before: string | null, after: string | null): JsonObject {
  return { object: "list", data, list_metadata: { before, after } };
}

/** An environment role as an organization's role list gives it; the emulator keeps no permissions, so it lists none. */
export function serializeRole(role: WorkosRole): JsonObject {
  return {
    object: "role",
    id: derivedBase62Id("role", role.slug),
    slug: role.slug,
    name: role.name ?? role.slug,
    description: null,
    type: "EnvironmentRole",
    resource_type_slug: "organization",
    permissions: [],
    created_at: iso(role.createdAt),
    updated_at: iso(role.updatedAt),
  };
}
