// How an OrganizationRoster's state records which users it declares, read back by the provider and by the drift
// report. A roster that manages its members stores `members` (the declared users who are live members) and
// `absentMembers` (the declared users who are not: an add that failed, or a member removed outside Pulumi); the
// declared users are the two together, so at thousands of members the state does not carry every user id twice.
// A watcher (manageMembers false) has no `members` and stores `declaredMembers`. States written by earlier releases
// carry `declaredMembers` in both cases. Also the whole state a roster writes, and the inputs a refresh hands back.
// Pure.

import { isJsonObject } from "./json";
import { named, personLabel, rosterPeople } from "./people";
import type { DesiredMembership, LiveMembership, MembershipStanding, RosterModel, UnmanagedMember, UnmanagedMode } from "./port";
import type { InvitationRecords, UnmanagedInvitation } from "./roster-invitations";
import type { RosterSettings } from "./roster-plan";

type State = Record<string, unknown>;
type Props = Record<string, unknown>;

/** The user ids a stored roster declares. */
export function declaredMembersOf(state: State): Set<string> {
  if (Array.isArray(state.declaredMembers)) return new Set(strings(state.declaredMembers));
  const members = state.members;
  const declared = new Set(isJsonObject(members) ? Object.keys(members) : []);
  if (Array.isArray(state.absentMembers)) for (const userId of strings(state.absentMembers)) declared.add(userId);
  return declared;
}

/**
 * The declared users the stored roster last found in the organization: the declared ones without those it recorded
 * as absent. (A watcher's state, or one from an earlier release, records no absence: then all of them.)
 */
export function declaredMembersPresentIn(state: State): Set<string> {
  const present = declaredMembersOf(state);
  if (Array.isArray(state.absentMembers)) for (const userId of strings(state.absentMembers)) present.delete(userId);
  return present;
}

/** The state properties that record `declared`, given the `members` map being stored. */
export function declaredMembersState(declared: ReadonlySet<string>, members: State, manageMembers: boolean): State {
  if (!manageMembers) return { declaredMembers: [...declared].sort() };
  return { absentMembers: [...declared].filter((userId) => !Object.prototype.hasOwnProperty.call(members, userId)).sort() };
}

function strings(values: readonly unknown[]): string[] {
  return values.filter((value): value is string => typeof value === "string");
}

/** A live member no declaration covers, as the state lists it. */
export function unmanagedMember<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>, member: L): UnmanagedMember {
  const person = personLabel(member.person);
  return { userId: member.userId, ...(person === undefined ? {} : { person }), role: model.describe(member), membershipId: member.membershipId };
}

/** The invitation side of a state: records of ours, pending ones nobody declared, the invitees' private parts. */
export interface InvitationState {
  records: InvitationRecords;
  unmanaged: UnmanagedInvitation[];
  privates: Props;
  /** The invitation settings applied (recorded so a refresh hands back the inputs as given). */
  settings?: Props;
  /** A watcher's declared invitees (invited by their per-member resources): email → entry; never unmanaged. */
  watched?: Props;
}
export const NO_INVITATIONS: InvitationState = { records: {}, unmanaged: [], privates: {} };

/** The state of a roster: what is live of what it declares, who else is there, the invitations, its settings. */
export function rosterState<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>, organizationId: string, live: readonly L[], declared: ReadonlySet<string>, settings: RosterSettings, emails: Record<string, string>, invitations: InvitationState = NO_INVITATIONS): Props {
  const members: Props = {};
  const privates: Props = {};
  // Who each live member is, for reviewers: by the service's word, else the email the roster named them by.
  const people: Record<string, string> = {};
  const labelOf = rosterPeople(emails);
  // Undeclared members by standing: only active ones are unmanaged (drift in "report" mode); inactive and pending
  // memberships grant no access, so they are listed for reviewers but are never drift and never removed.
  const undeclared: Record<MembershipStanding, UnmanagedMember[]> = { active: [], inactive: [], pending: [] };
  // In "ignore" mode nobody undeclared is listed, so nobody undeclared is named either.
  const listed = settings.unmanagedMembers !== "ignore";
  for (const member of [...live].sort((a, b) => a.userId.localeCompare(b.userId))) {
    const label = listed || declared.has(member.userId) ? labelOf(member.userId, member.person) : undefined;
    if (label !== undefined) people[member.userId] = label;
    if (declared.has(member.userId)) {
      if (!settings.manageMembers) continue;
      members[member.userId] = model.entryOf(member);
      const priv = model.privateOf(member);
      if (priv && Object.keys(priv).length > 0) privates[member.userId] = priv;
    } else {
      undeclared[model.standingOf(member)].push(unmanagedMember(model, member));
    }
  }
  return {
    organizationId,
    members,
    privateMetadata: { ...privates, ...invitations.privates },
    ...declaredMembersState(declared, members, settings.manageMembers),
    unmanagedMembers: listed ? undeclared.active : [],
    ...(listed && undeclared.inactive.length > 0 ? { inactiveMembers: undeclared.inactive } : {}),
    ...(listed && undeclared.pending.length > 0 ? { pendingMembers: undeclared.pending } : {}),
    unmanagedMembersMode: settings.unmanagedMembers,
    maxRemovals: settings.maxRemovals,
    adminRoles: settings.adminRoles,
    manageMembers: settings.manageMembers,
    emails,
    ...(Object.keys(people).length > 0 ? { people } : {}),
    // Only rosters that invite carry these, so the state of one that never does is what it always was.
    ...(settings.missingUsers === "invite" ? { missingUsers: settings.missingUsers } : {}),
    ...(Object.keys(invitations.records).length > 0 ? { sentInvitations: invitations.records } : {}),
    ...(invitations.settings && Object.keys(invitations.settings).length > 0 ? { invitationSettings: invitations.settings } : {}),
    ...(invitations.watched && Object.keys(invitations.watched).length > 0 ? { watchedInvitees: invitations.watched } : {}),
    ...(listed && invitations.unmanaged.length > 0 ? { unmanagedInvitations: invitations.unmanaged } : {}),
  };
}

/**
 * The inputs that would produce what is live, from a refresh's listing and invitations and the state it wrote: in
 * the same shape as check's, so a preview's diff shows only what differs.
 */
export function refreshedInputs<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>, props: Props, live: readonly L[], declared: ReadonlySet<string>, settings: RosterSettings, emails: Record<string, string>, invitations: InvitationState, state: Props): Props {
  const members: Props = {};
  const privates: Props = {};
  for (const member of live) {
    if (!declared.has(member.userId)) continue;
    members[member.userId] = model.entryOf(member);
    const priv = model.privateOf(member);
    if (priv && Object.keys(priv).length > 0) privates[member.userId] = priv;
  }
  // A watcher's invitees stand as declared (their resources track the invitations).
  for (const [email, entry] of Object.entries(invitations.watched ?? {})) members[email] = entry;
  // A pending invitation stands for its invitee as the roster declared them; one no longer pending does not.
  for (const [email, record] of Object.entries(invitations.records)) {
    if (record.status !== "pending") continue;
    members[email] = record.entry;
    const priv = invitations.privates[email];
    if (priv !== undefined) privates[email] = priv;
  }
  // The inputs that would produce what is live, in the same shape as check's (so a preview's diff, which
  // compares these with check's, shows only what differs). Private metadata is there for a service that has it
  // (the resource always passes it as a secret, and the engine keeps a refreshed input secret when the stored
  // one was); a watcher never holds it.
  return {
    organizationId: props.organizationId,
    members,
    ...(model.hasPrivatePart ? { privateMetadata: settings.manageMembers ? privates : {} } : {}),
    unmanagedMembers: modeWithFindings(settings.unmanagedMembers, state.unmanagedMembers as UnmanagedMember[]),
    maxRemovals: settings.maxRemovals,
    adminRoles: settings.adminRoles,
    manageMembers: settings.manageMembers,
    ...(settings.missingUsers === "invite" ? { missingUsers: "invite" } : {}),
    ...(isJsonObject(props.invitationSettings) && Object.keys(props.invitationSettings).length > 0 ? { invitations: props.invitationSettings } : {}),
    ...(Object.keys(emails).length > 0 ? { emails } : {}),
  };
}

/** Unmanaged members a refresh found, named where they are listed. */
const NAMED_UNMANAGED = 20;

/**
 * The `unmanagedMembers` input as a refresh hands it back: the mode, followed by the unmanaged members it found and
 * what turns the drift check green. A preview's diff compares it with the plain mode the program declares, so the
 * members that make the check red are named in `pulumi preview --diff` itself, not only in the drift report.
 */
export function modeWithFindings(mode: UnmanagedMode, unmanaged: readonly UnmanagedMember[]): string {
  if (mode === "ignore" || unmanaged.length === 0) return mode;
  const who = unmanaged.slice(0, NAMED_UNMANAGED).map((m) => `${named(m.userId, m.person)} (${m.role})`);
  if (unmanaged.length > NAMED_UNMANAGED) who.push(`and ${unmanaged.length - NAMED_UNMANAGED} more (org-roster drift-report lists them all)`);
  return mode === "report"
    ? `report: live members not in the roster: ${who.join(", ")}; add them to the roster, or remove them from the organization (or set unmanagedMembers: remove)`
    : `remove: live members not in the roster, removed by the next \`pulumi up --refresh\`: ${who.join(", ")}`;
}
