// WorkOS's organization-level roster view: a roster entry is the role slug alone, or `{ roleSlugs }` for several
// roles (`{ roleSlug }` is accepted too); a live inactive membership adds its `status`. Pure.

import { invitationSettingsProblems } from "../../engine/invitation-settings";
import { isJsonObject } from "../../engine/json";
import type { RosterEntry, RosterModel } from "../../engine/port";
import { WORKOS_ORGANIZATION_ID } from "./ids";
import { workosInvitationSettings } from "./invitation-settings";
import { workosMembershipModel, type WorkosDesiredMembership, type WorkosLiveMembership } from "./model";

function rolesEntry(roles: readonly string[]): RosterEntry {
  return roles.length === 1 && roles[0] !== undefined ? roles[0] : { roleSlugs: [...roles].sort() };
}

function isLive(member: WorkosDesiredMembership | WorkosLiveMembership): member is WorkosLiveMembership {
  return "status" in member;
}

export const workosRosterModel: RosterModel<WorkosDesiredMembership, WorkosLiveMembership> = {
  membership: workosMembershipModel,
  defaultAdminRoles: ["admin"],
  checkOrganizationId: (id) => (WORKOS_ORGANIZATION_ID.test(id) ? undefined : `"${id}" is not a WorkOS organization id (org_…)`),
  desired: (organizationId, userId, entry) => workosMembershipModel.validate({ ...entry, organizationId, userId }),
  roleEntry: (roleSlug) => ({ roleSlug }),
  // An inactive membership shows its status, so it differs from any declaration (and is reactivated).
  entryOf: (live) => {
    if (live.status !== "inactive") return rolesEntry(live.roles);
    return live.roles.length === 1 ? { roleSlug: live.roles[0], status: live.status } : { roleSlugs: [...live.roles].sort(), status: live.status };
  },
  desiredEntryOf: (desired) => rolesEntry(desired.roleSlugs),
  // Entries stored by earlier releases are objects: `{ roleSlug }` is today's role slug alone.
  canonicalEntry: (stored) => {
    if (!isJsonObject(stored)) return stored;
    const keys = Object.keys(stored);
    return keys.length === 1 && typeof stored.roleSlug === "string" ? stored.roleSlug : stored;
  },
  privateOf: () => undefined,
  hasPrivatePart: false,
  standingOf: (live) => (live.status === "inactive" || live.status === "pending" ? live.status : "active"),
  describe: (live) => `${[...live.roles].sort().join(", ")}${live.status === "active" ? "" : ` (${live.status})`}`,
  removal: (live) => ({ organizationId: live.organizationId, userId: live.userId, roleSlugs: live.roles, adoptExisting: true, onDelete: "delete" }),
  isAdmin: (member, adminRoles) => {
    if (isLive(member)) return member.status === "active" && member.roles.some((role) => adminRoles.includes(role));
    return member.roleSlugs.some((role) => adminRoles.includes(role));
  },
  checkInvitationSettings: (settings) => invitationSettingsProblems(workosMembershipModel.service, workosInvitationSettings, settings),
  // A WorkOS invitation grants one role: the first of the declared ones (the membership converges to the rest).
  invitationEntryFor: (desired) => [...desired.roleSlugs].sort()[0] ?? "",
  invitationEntryOf: (invitation) => invitation.roles[0] ?? "",
};
