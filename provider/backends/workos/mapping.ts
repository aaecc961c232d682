// One explicit function per direction between WorkOS wire shapes and the domain.

import type { WorkosDesiredMembership, WorkosLiveMembership } from "./model";
import type { WorkosCreateMembershipWire, WorkosMembershipWire, WorkosUpdateMembershipWire } from "./wire";

export function deserializeMembership(wire: WorkosMembershipWire): WorkosLiveMembership {
  const roles = wire.roles?.map((role) => role.slug) ?? (wire.role ? [wire.role.slug] : []);
  return {
    membershipId: wire.id,
    organizationId: wire.organization_id,
    userId: wire.user_id,
    organizationName: wire.organization_name ?? undefined,
    role: wire.role?.slug ?? roles[0] ?? "",
    roles,
    status: wire.status,
    createdAt: wire.created_at,
    updatedAt: wire.updated_at,
  };
}

/** One slug goes as `role_slug`, which works whether or not multiple roles are enabled. */
export function serializeRoles(roleSlugs: readonly string[]): WorkosUpdateMembershipWire {
  return roleSlugs.length === 1 ? { role_slug: roleSlugs[0] } : { role_slugs: [...roleSlugs] };
}

export function serializeCreateMembership(desired: WorkosDesiredMembership): WorkosCreateMembershipWire {
  return { user_id: desired.userId, organization_id: desired.organizationId, ...serializeRoles(desired.roleSlugs) };
}
