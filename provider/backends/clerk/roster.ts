// Clerk's organization-level roster view: a roster entry is `{ role, publicMetadata }` with the private metadata
// kept apart (it is stored as a secret). Empty public metadata is left out of the entry: at 5000 members the empty
// objects made a good share of every request the engine sends for the roster. Pure.

import { isJsonObject } from "../../engine/json";
import type { JsonObject, RosterModel } from "../../engine/port";
import { CLERK_ORGANIZATION_ID, clerkMembershipModel, type ClerkDesiredMembership, type ClerkLiveMembership } from "./model";

function isEmptyObject(value: unknown): boolean {
  return isJsonObject(value) && Object.keys(value).length === 0;
}

function rosterEntry(role: string, publicMetadata: JsonObject): Record<string, unknown> {
  return isEmptyObject(publicMetadata) ? { role } : { role, publicMetadata };
}

export const clerkRosterModel: RosterModel<ClerkDesiredMembership, ClerkLiveMembership> = {
  membership: clerkMembershipModel,
  defaultAdminRoles: ["org:admin"],
  checkOrganizationId: (id) => (CLERK_ORGANIZATION_ID.test(id) ? undefined : `"${id}" is not a Clerk organization id (org_…)`),
  desired: (organizationId, userId, entry, privateEntry) =>
    clerkMembershipModel.validate({ ...entry, organizationId, userId, ...(privateEntry === undefined ? {} : { privateMetadata: privateEntry }) }),
  entryOf: (live) => rosterEntry(live.role, live.publicMetadata),
  desiredEntryOf: (desired) => rosterEntry(desired.role, desired.publicMetadata),
  // Entries stored before empty metadata was left out carry `publicMetadata: {}`: the same entry.
  canonicalEntry: (stored) => {
    if (!isJsonObject(stored)) return stored;
    const { publicMetadata, ...rest } = stored;
    return isEmptyObject(publicMetadata) ? rest : stored;
  },
  privateOf: (member): JsonObject => member.privateMetadata,
  describe: (live) => live.role,
  removal: (live) => ({ ...live, adoptExisting: true }),
  isAdmin: (member, adminRoles) => adminRoles.includes(member.role),
};
