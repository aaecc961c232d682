// WorkOS wire shapes (snake_case, ISO-8601 timestamps with milliseconds) for users and organization memberships,
// mapped field by field from the store's records.
import type { JsonObject } from "../core/json";
import type { WorkosMembership, WorkosStore, WorkosUser } from "./store";

function iso(timeMs: number): string {
  return new Date(timeMs).toISOString();
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

export function serializeList(data: JsonObject[], before: string | null, after: string | null): JsonObject {
  return { object: "list", data, list_metadata: { before, after } };
}
