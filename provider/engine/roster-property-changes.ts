// What an OrganizationRoster's update changes, by property path, from what its diff decided (roster-review.ts):
// each member who joins, leaves or changes (`members.user_…`, `members.user_….role`), each private metadata key
// (`privateMetadata.user_….note`, whose values the CLI shows as [secret]), each setting, each unmanaged member removed
// or reported, each invitation to send or revoke (`members["ada@acme.com"]`). Pure.

import { propertyPath, recordValueChanges, type PropertyChanges } from "./detailed-diff";
import { isJsonObject, jsonEqual } from "./json";
import type { DesiredMembership, LiveMembership, RosterModel } from "./port";
import { settingsInputProps, storedRosterSettings, type RosterInputs } from "./roster-inputs";

type Props = Record<string, unknown>;

/** What the diff found beside the declared members and settings. */
export interface RosterReviewFindings {
  /** The users declared before the update. */
  readonly previouslyDeclared: ReadonlySet<string>;
  /** Unmanaged members the update removes (`unmanagedMembers: remove`). */
  readonly removedUnmanaged: ReadonlyArray<{ readonly userId: string }>;
  /** Whether unmanaged members are reported (drift) without being removed. */
  readonly reportsUnmanaged: boolean;
  /** The invitees the update invites, by email. */
  readonly invited: readonly string[];
  /** The invitations the update revokes (their invitees no longer declared), by email. */
  readonly revokedInvitations: readonly string[];
  /** Whether invitations change otherwise (kept otherwise by the service, unmanaged, watched): no path says it. */
  readonly invitationsOtherwise: boolean;
}

/**
 * The property changes of an update from the state `olds` to `inputs`, or undefined when something changes that no
 * path of the inputs says (the CLI then compares the properties itself), as for a watcher (its members are managed
 * by their own resources). Old values come from the state, but for the settings (the state names them otherwise),
 * members declared while absent and invitees: from the previous inputs.
 */
export function rosterPropertyChanges<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>, olds: Props, inputs: RosterInputs<D>, findings: RosterReviewFindings): PropertyChanges | undefined {
  if (findings.invitationsOtherwise || !inputs.settings.manageMembers) return undefined;
  const changes: PropertyChanges = {};
  const [storedSettings, settings] = [settingsInputProps(storedRosterSettings(model, olds)), settingsInputProps(inputs.settings)];
  for (const key of Object.keys({ ...storedSettings, ...settings })) recordValueChanges(changes, [key], storedSettings[key], settings[key], { depth: 0, inputDiff: true });
  const liveMembers = isJsonObject(olds.members) ? olds.members : {};
  const livePrivates = isJsonObject(olds.privateMetadata) ? olds.privateMetadata : {};
  for (const [userId, desired] of inputs.desired) {
    const live = liveMembers[userId];
    // An entry stored in an older form that means the same is no change.
    if (live === undefined || !jsonEqual(model.canonicalEntry(live), model.desiredEntryOf(desired))) recordValueChanges(changes, ["members", userId], live, model.desiredEntryOf(desired));
    recordValueChanges(changes, ["privateMetadata", userId], livePrivates[userId] ?? {}, model.privateOf(desired) ?? {}, { depth: 1 });
  }
  for (const userId of [...findings.previouslyDeclared].sort()) {
    if (inputs.desired.has(userId)) continue;
    // A member declared but absent is in the previous inputs only.
    changes[propertyPath(["members", userId])] = { kind: "delete", ...(userId in liveMembers ? {} : { inputDiff: true }) };
    if (isJsonObject(livePrivates[userId])) changes[propertyPath(["privateMetadata", userId])] = { kind: "delete" };
  }
  // A revoked invitation's invitee is in the previous inputs only.
  for (const email of findings.revokedInvitations) {
    changes[propertyPath(["members", email])] = { kind: "delete", inputDiff: true };
    if (isJsonObject(livePrivates[email])) changes[propertyPath(["privateMetadata", email])] = { kind: "delete" };
  }
  for (const email of findings.invited) {
    changes[propertyPath(["members", email])] = { kind: "add" };
    const invitee = inputs.invitees.get(email);
    if (invitee) recordValueChanges(changes, ["privateMetadata", email], livePrivates[email] ?? {}, model.privateOf(invitee) ?? {}, { depth: 1 });
  }
  // A change of the unmanagedMembers setting says it; otherwise the unmanaged members it removes or reports do.
  if ("unmanagedMembers" in changes) return changes;
  const listed = Array.isArray(olds.unmanagedMembers) ? (olds.unmanagedMembers as unknown[]) : [];
  for (const member of findings.removedUnmanaged) {
    const index = listed.findIndex((candidate) => isJsonObject(candidate) && candidate.userId === member.userId);
    // Listed only by a listing this diff made (the state was written in "ignore" mode): the list as a whole changes.
    if (index < 0) changes.unmanagedMembers = { kind: "update" };
    else changes[`unmanagedMembers[${index}]`] = { kind: "delete" };
  }
  if (findings.reportsUnmanaged) changes.unmanagedMembers = { kind: "update" };
  return changes;
}
