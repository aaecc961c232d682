// One explicit function per direction between Clerk's wire shapes and the domain. Field by field: metadata keys
// are user data and pass through untouched.

import type { JsonObject, Person } from "../../engine/port";
import type { ClerkDesiredMembership, ClerkLiveMembership } from "./model";
import type { ClerkCreateMembershipWire, ClerkMembershipWire } from "./wire";

export function deserializeMembership(wire: ClerkMembershipWire, userIdFallback?: string): ClerkLiveMembership {
  const userId = wire.public_user_data?.user_id ?? userIdFallback;
  if (!userId) throw new Error(`Clerk membership ${wire.id} has no public_user_data.user_id`);
  return {
    membershipId: wire.id,
    organizationId: wire.organization.id,
    userId,
    role: wire.role,
    roleName: wire.role_name ?? undefined,
    permissions: wire.permissions ?? [],
    publicMetadata: (wire.public_metadata ?? {}) as JsonObject,
    privateMetadata: (wire.private_metadata ?? {}) as JsonObject,
    createdAt: new Date(wire.created_at).toISOString(),
    updatedAt: new Date(wire.updated_at).toISOString(),
    ...personOf(wire),
  };
}

/** Who the member is: `identifier` is the user's primary identifier (an email address, or a username or phone). */
function personOf(wire: ClerkMembershipWire): { person?: Person } {
  const data = wire.public_user_data;
  const name = [data?.first_name, data?.last_name].filter((part) => typeof part === "string" && part.trim() !== "").join(" ");
  const email = data?.identifier?.includes("@") ? data.identifier : undefined;
  return name === "" && email === undefined ? {} : { person: { ...(email ? { email } : {}), ...(name ? { name } : {}) } };
}

export function serializeCreateMembership(desired: ClerkDesiredMembership): ClerkCreateMembershipWire {
  const body: ClerkCreateMembershipWire = { user_id: desired.userId, role: desired.role };
  if (Object.keys(desired.publicMetadata).length > 0) body.public_metadata = desired.publicMetadata;
  if (Object.keys(desired.privateMetadata).length > 0) body.private_metadata = desired.privateMetadata;
  return body;
}
