// What an OrganizationRoster does about invitations against the service: plan from the live list, revoke then send,
// refresh the records, and what a diff sees of them from the state. The rules themselves are in roster-invitations.ts.

import { isJsonObject, jsonEqual } from "./json";
import type { DesiredMembership, LiveInvitation, LiveMembership } from "./port";
import { runLimited, type RosterContext } from "./roster-context";
import type { RosterInputs } from "./roster-inputs";
import {
  invitationGrants,
  invitationKeptOtherMessage,
  invitationRecord,
  invitationRecordsOf,
  keptOtherForThisDeclaration,
  planInvitations,
  recordKey,
  refreshedRecords,
  storedInvitationDepartures,
  storedInvitationsLeaving,
  unmanagedInvitation,
  type InvitationPlan,
  type InvitationRecords,
} from "./roster-invitations";
import type { Departure, RosterSettings } from "./roster-plan";
import { NO_INVITATIONS, type InvitationState } from "./roster-state";

type Props = Record<string, unknown>;

/**
 * What `up` does about invitations, planned from the live list: watched by a roster that invites, or that still has
 * invitations of its own to settle. A watcher's invitees are invited by their per-member resources: it only watches
 * for (or revokes) the others.
 */
export async function invitationPlanOf<D extends DesiredMembership, L extends LiveMembership>(ctx: RosterContext<D, L>, inputs: RosterInputs<D>, previouslyInvited: InvitationRecords): Promise<InvitationPlan<D>> {
  const { model } = ctx;
  const watchInvitations = inputs.settings.missingUsers === "invite" || Object.keys(previouslyInvited).length > 0;
  const liveInvitations = watchInvitations ? await ctx.invitationsApi().listInvitations(inputs.organizationId) : [];
  const planned = planInvitations(model, liveInvitations, inputs.invitees, previouslyInvited, inputs.settings.unmanagedMembers, new Set(Object.keys(inputs.emails)), ctx.digest);
  return inputs.settings.manageMembers ? planned : { ...planned, send: [], keep: [], keptOther: [], revoke: planned.revoke.filter((r) => r.reason === "not declared") };
}

/**
 * Revokes first (so a replaced invitation can never be accepted alongside its successor), then sends. Returns what
 * the state records: the pending invitations of declared invitees, ours whose revocation failed (retried next
 * time), and the unmanaged ones left in place.
 */
export async function applyInvitations<D extends DesiredMembership, L extends LiveMembership>(ctx: RosterContext<D, L>, inputs: RosterInputs<D>, plan: InvitationPlan<D>, previouslyInvited: InvitationRecords, failures: string[]): Promise<InvitationState> {
  const { model } = ctx;
  if (plan.send.length === 0 && plan.revoke.length === 0 && plan.keep.length === 0 && plan.keptOther.length === 0 && plan.unmanaged.length === 0 && Object.keys(previouslyInvited).length === 0) return NO_INVITATIONS;
  const backend = ctx.invitationsApi();
  const records: InvitationRecords = {};
  const privates: Props = {};
  const record = (email: string, desired: D, invitation: LiveInvitation, keptOther = false): void => {
    records[email] = invitationRecord(model.desiredEntryOf(desired), invitation, keptOther, ctx.digest(email, desired));
    const priv = model.hasPrivatePart ? invitation.privateMetadata : {};
    if (Object.keys(priv).length > 0) privates[email] = priv;
  };
  for (const { email, invitation, desired } of plan.keep) record(email, desired, invitation);
  // Kept otherwise by the service for this same declaration: recorded as it stands, said again, never re-sent.
  for (const { email, invitation, desired } of plan.keptOther) {
    record(email, desired, invitation, true);
    failures.push(`${email} (invite): ${invitationKeptOtherMessage(model, invitation, desired, true)}`);
  }
  const failedRevocations = new Set<string>();
  await runLimited(
    undefined,
    plan.revoke.map(({ invitation, reason }) => () =>
      backend.revokeInvitation(invitation).catch((error: unknown) => {
        failedRevocations.add(invitation.email.toLowerCase());
        failures.push(`${invitation.email} (revoke invitation, ${reason}): ${error instanceof Error ? error.message : String(error)}`);
      }),
    ),
  );
  // An invitee whose old invitation could not be revoked is not sent a new one: two could then be accepted.
  const sendable = plan.send.filter(({ email }) => !failedRevocations.has(email.toLowerCase()));
  if (sendable.length > 0) {
    // Each invitee has its own outcome: the ones sent are recorded, each refused one is named with why.
    const outcome = await backend.invite(inputs.organizationId, sendable, inputs.invitationSettings);
    const byEmail = new Map(outcome.sent.map((invitation) => [invitation.email.toLowerCase(), invitation]));
    for (const { email, desired } of sendable) {
      const invitation = byEmail.get(email.toLowerCase());
      if (!invitation) continue;
      // What the service kept is checked like every write: otherwise it fails once, and is not sent again.
      const granted = invitationGrants(model, invitation, desired);
      record(email, desired, invitation, !granted);
      if (!granted) failures.push(`${email} (invite): ${invitationKeptOtherMessage(model, invitation, desired, false)}`);
    }
    for (const { email, error } of outcome.failed) failures.push(`${email} (invite): ${error.message}`);
  }
  // Our invitations still pending after a failed revocation stay recorded, so the next run revokes them.
  for (const { invitation } of plan.revoke) {
    const recorded = recordKey(previouslyInvited, invitation.email);
    if (recorded !== undefined && failedRevocations.has(invitation.email.toLowerCase()) && records[recorded] === undefined) {
      records[recorded] = { ...(previouslyInvited[recorded] as InvitationRecords[string]), status: "pending" };
    }
  }
  return { records, unmanaged: plan.unmanaged.map(unmanagedInvitation), privates };
}

/**
 * A refresh of the invitations (never a write): each record's current status; an accepted one's invitee is now a
 * user, looked up by email and counted as declared (so the new member is not reported as unmanaged); pending
 * invitations nobody declares. `declared` and `emails` are completed in place.
 */
export async function refreshInvitations<D extends DesiredMembership, L extends LiveMembership>(ctx: RosterContext<D, L>, organizationId: string, settings: RosterSettings, records: InvitationRecords, declared: Set<string>, emails: Record<string, string>, settingsRecorded: unknown, watched: Props = {}): Promise<InvitationState> {
  const { model } = ctx;
  if (settings.missingUsers !== "invite" && Object.keys(records).length === 0) return NO_INVITATIONS;
  const listed = await ctx.invitationsApi().listInvitations(organizationId);
  const refreshed = refreshedRecords(records, listed);
  const accepted = Object.entries(refreshed).filter(([, record]) => record.status === "accepted").map(([email]) => email);
  if (accepted.length > 0) {
    const found = await ctx.usersByEmail(accepted);
    for (const email of accepted) {
      const ids = found.get(email.toLowerCase()) ?? [];
      if (ids.length !== 1 || !ids[0]) continue;
      declared.add(ids[0]);
      emails[email] = ids[0];
      delete refreshed[email];
    }
  }
  const byId = new Map(listed.map((invitation) => [invitation.id, invitation]));
  const privates: Props = {};
  for (const [email, record] of Object.entries(refreshed)) {
    const priv = model.hasPrivatePart ? byId.get(record.invitationId)?.privateMetadata : undefined;
    if (priv && Object.keys(priv).length > 0) privates[email] = priv;
  }
  const ours = new Set(Object.values(refreshed).map((record) => record.invitationId));
  const recordedEmails = new Set([...Object.keys(refreshed), ...Object.keys(watched)].map((email) => email.toLowerCase()));
  const unmanaged = listed.filter((invitation) => invitation.status === "pending" && !ours.has(invitation.id) && !recordedEmails.has(invitation.email.toLowerCase())).map(unmanagedInvitation);
  return { records: refreshed, unmanaged, privates, watched, ...(isJsonObject(settingsRecorded) ? { settings: settingsRecorded } : {}) };
}

/** What a diff sees of invitations. */
export interface InvitationChanges {
  readonly changed: boolean;
  /** The invitees without a pending invitation that grants what is declared, by email. */
  readonly toSend: string[];
  /** Who leaves by a revoked invitation, for the removal budget. */
  readonly leaving: Departure[];
  /** Our pending invitations no longer declared (revoked by `up`), by email. */
  readonly revoked: string[];
  /** Whether invitations change otherwise: kept otherwise by the service, unmanaged ones, whom a watcher watches. */
  readonly otherwise: boolean;
}

/**
 * What a diff sees of invitations, from the stored state (no API call): an invitee without a pending invitation
 * that grants what is declared (never sent, revoked or expired out of band, or declared differently since), our
 * pending invitations no longer declared, unmanaged pending ones; and how many would be sent or revoked.
 */
export function invitationChanges<D extends DesiredMembership, L extends LiveMembership>(ctx: RosterContext<D, L>, olds: Props, inputs: RosterInputs<D>, storedPrivates: Props): InvitationChanges {
  const { model } = ctx;
  const records = invitationRecordsOf(olds);
  const toSend: string[] = [];
  let keptOther = false;
  const watched = isJsonObject(olds.watchedInvitees) ? olds.watchedInvitees : {};
  // A watcher sends nothing (its invitees' per-member resources do); a change of whom it watches reaches its state.
  for (const [email, desired] of inputs.settings.manageMembers ? inputs.invitees : new Map<string, D>()) {
    const recorded = recordKey(records, email);
    const record = recorded === undefined ? undefined : records[recorded];
    const granted = record?.status === "pending" && jsonEqual(record.entry, model.desiredEntryOf(desired)) && jsonEqual(storedPrivates[recorded ?? ""] ?? {}, model.privateOf(desired) ?? {});
    // Sent for this declaration and kept otherwise: still to fix (so a change), but not sent again.
    if (record?.status === "pending" && keptOtherForThisDeclaration(model, record, email, desired, ctx.digest)) keptOther = true;
    else if (!granted) toSend.push(email);
  }
  // An invitee who accepted (or has an account now) is declared as a member: not a departure, whatever the state
  // last recorded, so a plain `up` after acceptances counts them as the apply does.
  const stored = storedInvitationsLeaving(olds, inputs.invitees.keys(), Object.keys(inputs.emails), inputs.settings.unmanagedMembers);
  const leaving = storedInvitationDepartures(stored, inputs.settings.unmanagedMembers);
  const unmanaged = stored.unmanaged;
  const watchedChanged = !inputs.settings.manageMembers && !jsonEqual(Object.keys(watched).sort(), [...inputs.invitees.keys()].sort());
  const otherwise = keptOther || unmanaged.length > 0 || watchedChanged;
  return { changed: toSend.length > 0 || leaving.length > 0 || otherwise, toSend, leaving, revoked: stored.ours.map(({ email }) => email), otherwise };
}
