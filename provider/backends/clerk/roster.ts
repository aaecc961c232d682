// Clerk's organization-level roster view: a roster entry is the role alone, or `{ role, publicMetadata }` when the
// member has public metadata; the private metadata is kept apart (it is stored as a secret). At 5000 members the
// entries make most of every request the engine sends for the roster, so the common case is the compact one. Pure.

import { isJsonObject } from "../../engine/json";
import type { InputProblem, JsonObject, RosterEntry, RosterModel } from "../../engine/port";
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
  checkInvitationSettings: (settings) => {
    const problems: InputProblem[] = [];
    const problem = (key: string, allowed: string) => problems.push({ property: "invitations", reason: `invitations.${key}: ${allowed}` });
    for (const [key, value] of Object.entries(settings)) {
      if (key === "expiresInDays") {
        if (!(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 365)) problem(key, "must be a whole number of days from 1 to 365 (Clerk's limits; default 30)");
      } else if (key === "redirectUrl") {
        if (typeof value !== "string" || !/^https?:\/\/\S+$/.test(value)) problem(key, "must be an http(s) URL where the invitation link leads, e.g. https://app.example.com/accept-invitation");
      } else if (key === "notify") {
        if (typeof value !== "boolean") problem(key, "must be true (default: Clerk emails the invitation) or false");
      } else if (key === "inviterUserId") {
        if (typeof value !== "string" || !/^user_[A-Za-z0-9]+$/.test(value)) problem(key, "must be a Clerk user id (user_…) of an admin of the organization");
      } else {
        problem(key, "is not a Clerk invitation setting; allowed: expiresInDays, redirectUrl, notify, inviterUserId");
      }
    }
    return problems;
  },
  invitationEntryFor: (desired) => rosterEntry(desired.role, desired.publicMetadata),
  invitationEntryOf: (invitation) => rosterEntry(invitation.roles[0] ?? "", invitation.publicMetadata),
  // Clerk's documented limits of its invitation endpoints (calls per hour per instance).
  invitationCalls: clerkInvitationCalls,
};
