// How an OrganizationRoster's state records which users it declares, read back by the provider and by the drift
// report. A roster that manages its members stores `members` (the declared users who are live members) and
// `absentMembers` (the declared users who are not: an add that failed, or a member removed outside Pulumi); the
// declared users are the two together, so at thousands of members the state does not carry every user id twice.
// A watcher (manageMembers false) has no `members` and stores `declaredMembers`. States written by earlier releases
// carry `declaredMembers` in both cases. Pure.

import { isJsonObject } from "./json";

type State = Record<string, unknown>;

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
