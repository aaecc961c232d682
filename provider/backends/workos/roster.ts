// WorkOS's organization-level roster view: a roster entry is `{ roleSlug }` or `{ roleSlugs }`. Pure.

import type { RosterModel } from "../../engine/port";
import { WORKOS_ORGANIZATION_ID } from "./ids";
import { workosMembershipModel, type WorkosDesiredMembership, type WorkosLiveMembership } from "./model";

function rolesEntry(roles: readonly string[]): Record<string, unknown> {
  return roles.length === 1 ? { roleSlug: roles[0] } : { roleSlugs: [...roles].sort() };
}

function isLive(member: WorkosDesiredMembership | WorkosLiveMembership): member is WorkosLiveMembership {
  return "status" in member;
}

export const workosRosterModel: RosterModel<WorkosDesiredMembership, WorkosLiveMembership> = {
  membership: workosMembershipModel,
  defaultAdminRoles: ["admin"],
  checkOrganizationId: (id) => (WORKOS_ORGANIZATION_ID.test(id) ? undefined : `"${id}" is not a WorkOS organization id (org_…)`),
  desired: (organizationId, userId, entry) => workosMembershipModel.validate({ ...entry, organizationId, userId }),
  // An inactive membership shows its status, so it differs from any declaration (and is reactivated).
  entryOf: (live) => ({ ...rolesEntry(live.roles), ...(live.status === "inactive" ? { status: live.status } : {}) }),
  desiredEntryOf: (desired) => rolesEntry(desired.roleSlugs),
  privateOf: () => undefined,
  describe: (live) => `${[...live.roles].sort().join(", ")}${live.status === "active" ? "" : ` (${live.status})`}`,
  removal: (live) => ({ organizationId: live.organizationId, userId: live.userId, roleSlugs: live.roles, adoptExisting: true, onDelete: "delete" }),
  isAdmin: (member, adminRoles) => {
    if (isLive(member)) return member.status === "active" && member.roles.some((role) => adminRoles.includes(role));
    return member.roleSlugs.some((role) => adminRoles.includes(role));
  },
};
