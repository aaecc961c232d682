// Clerk's organization-level roster view: a roster entry is the role alone, or `{ role, publicMetadata }` when the
// member has public metadata; the private metadata is kept apart (it is stored as a secret). At 5000 members the
// entries make most of every request the engine sends for the roster, so the common case is the compact one. Pure.

import { invitationSettingsProblems } from "../../engine/invitation-settings";
import { isJsonObject } from "../../engine/json";
import type { JsonObject, RosterEntry, RosterModel } from "../../engine/port";
import { clerkInvitationSettings } from "./invitation-settings";
import { clerkInvitationCalls } from "./invitations";
import { CLERK_ORGANIZATION_ID, clerkMembershipModel, type ClerkDesiredMembership, type ClerkLiveMembership } from "./model";

function isEmptyObject(value: unknown): boolean {
  return isJsonObject(value) && Object.keys(value).length === 0;
}

function rosterEntry(role: string, publicMetadata: JsonObject): RosterEntry {
  return isEmptyObject(publicMetadata) ? role : { role, publicMetadata };
}

export const clerkRosterModel: RosterModel<ClerkDesiredMembership, ClerkLiveMembership> = {
  membership: clerkMembershipModel,
  defaultAdminRoles: ["org:admin"],
  checkOrganizationId: (id) => (CLERK_ORGANIZATION_ID.test(id) ? undefined : `"${id}" is not a Clerk organization id (org_…)`),
  desired: (organizationId, userId, entry, privateEntry) =>
    clerkMembershipModel.validate({ ...entry, organizationId, userId, ...(privateEntry === undefined ? {} : { privateMetadata: privateEntry }) }),
  roleEntry: (role) => ({ role }),
  entryOf: (live) => rosterEntry(live.role, live.publicMetadata),
  desiredEntryOf: (desired) => rosterEntry(desired.role, desired.publicMetadata),
  // Entries stored by earlier releases are objects, `{ role }` or `{ role, publicMetadata: {} }`: the same entry.
  canonicalEntry: (stored) => {
    if (!isJsonObject(stored)) return stored;
    const { role, publicMetadata, ...rest } = stored;
    return typeof role === "string" && Object.keys(rest).length === 0 && (publicMetadata === undefined || isEmptyObject(publicMetadata)) ? role : stored;
  },
  privateOf: (member): JsonObject => member.privateMetadata,
  hasPrivatePart: true,
  // Clerk memberships are active or gone; invitations are not memberships.
  standingOf: () => "active",
  describe: (live) => live.role,
  removal: (live) => ({ ...live, adoptExisting: true }),
  isAdmin: (member, adminRoles) => adminRoles.includes(member.role),
  checkInvitationSettings: (settings) => invitationSettingsProblems(clerkMembershipModel.service, clerkInvitationSettings, settings),
  invitationEntryFor: (desired) => rosterEntry(desired.role, desired.publicMetadata),
  invitationEntryOf: (invitation) => rosterEntry(invitation.roles[0] ?? "", invitation.publicMetadata),
  // Clerk's documented limits of its invitation endpoints (calls per hour per instance).
  invitationCalls: clerkInvitationCalls,
};
