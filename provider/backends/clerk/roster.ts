// Clerk's organization-level roster view: a roster entry is `{ role, publicMetadata }` with the private metadata
// kept apart (it is stored as a secret). Pure.

import type { JsonObject, RosterModel } from "../../engine/port";
import { CLERK_ORGANIZATION_ID, clerkMembershipModel, type ClerkDesiredMembership, type ClerkLiveMembership } from "./model";

export const clerkRosterModel: RosterModel<ClerkDesiredMembership, ClerkLiveMembership> = {
  membership: clerkMembershipModel,
  defaultAdminRoles: ["org:admin"],
  checkOrganizationId: (id) => (CLERK_ORGANIZATION_ID.test(id) ? undefined : `"${id}" is not a Clerk organization id (org_…)`),
  desired: (organizationId, userId, entry, privateEntry) =>
    clerkMembershipModel.validate({ ...entry, organizationId, userId, ...(privateEntry === undefined ? {} : { privateMetadata: privateEntry }) }),
  entryOf: (live) => ({ role: live.role, publicMetadata: live.publicMetadata }),
  desiredEntryOf: (desired) => ({ role: desired.role, publicMetadata: desired.publicMetadata }),
  privateOf: (member): JsonObject => member.privateMetadata,
  describe: (live) => live.role,
  removal: (live) => ({ ...live, adoptExisting: true }),
  isAdmin: (member, adminRoles) => adminRoles.includes(member.role),
};
