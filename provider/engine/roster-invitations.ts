// What an OrganizationRoster does about invitations (missingUsers: "invite"): the people it declares by an email that
// matches no user yet get exactly one pending invitation each, granting what the roster declares. Pure planning and
// state records; the lifecycle (roster-provider.ts) lists, writes and stores.
//
// Rules:
// - At most one pending invitation per (organization, email): a pending one that grants what is declared is kept
//   (ours or sent from a dashboard), never sent again.
// - Invitations cannot be edited. When the declared role or metadata changes, the pending invitation is revoked
//   FIRST and a new one sent after, so the invitee can never accept what the roster no longer grants.
// - A revoked or expired invitation is re-sent by the next `up` (once: the new one is pending), never by a refresh.
// - Dropping an invitee from the roster revokes its pending invitation; a pending invitation nobody declared is
//   unmanaged: reported (drift) in "report" mode, revoked in "remove" mode. Both kinds of revocation count toward
//   `maxRemovals`, like removed members: a truncated roster cannot wipe out an onboarding batch either.

import { isJsonObject, jsonEqual, keyDifferences } from "./json";
import type { DesiredMembership, InvitationSettings, JsonObject, InvitationStatus, Invitee, LiveInvitation, LiveMembership, RosterEntry, RosterModel, UnmanagedMode } from "./port";
import type { Departure } from "./roster-plan";
import type { ValueDigest } from "./private-metadata-keys";

/** What the state records of an invitation the roster sent (or adopted), keyed by the email as the roster writes it. */
export interface InvitationRecord {
  invitationId: string;
  status: InvitationStatus;
  /** The member's roster entry (public part) as declared when it was sent. */
  entry: RosterEntry;
  expiresAt?: string;
  sentAt?: string;
  /**
   * The service kept something other than `entry` declared: it is not sent again while the declaration stays as it
   * is (each send is an email to a person), and every `up` says so until the declaration or the service changes.
   */
  keptOther?: true;
  /**
   * With `keptOther`: a keyed digest of the private metadata declared when it was sent (never a value), so a later
   * change of only the private part is a new declaration, sent again.
   */
  declaredPrivate?: string;
}

/** A keyed digest of what `desired` declares privately, by invitee email (undefined without a digest key or private part). */
export type DeclarationDigest<D> = (email: string, desired: D) => string | undefined;

/** The declaration digest of a service's invitees, keyed by `digestOf` (derived from the API key, never stored). */
export function declarationDigest<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>, digestOf: (() => ValueDigest | undefined) | undefined): DeclarationDigest<D> {
  return (email, desired) => (model.hasPrivatePart ? digestOf?.()?.(key(email), "declared private metadata", model.privateOf(desired) ?? {}) : undefined);
}

/** Whether `record` was sent for this very declaration (entry and private part) and kept otherwise by the service. */
export function keptOtherForThisDeclaration<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>, record: InvitationRecord | undefined, email: string, desired: D, digest: DeclarationDigest<D>): boolean {
  // A record without a digest (written before digests were kept) is taken at its entry: never an email more.
  return record?.keptOther === true && jsonEqual(record.entry, model.desiredEntryOf(desired)) && (record.declaredPrivate === undefined || record.declaredPrivate === digest(email, desired));
}

export type InvitationRecords = Record<string, InvitationRecord>;

/** A pending invitation the roster does not declare (sent from a dashboard, or another tool). */
export interface UnmanagedInvitation {
  email: string;
  role: string;
  invitationId: string;
}

export interface InvitationPlan<D> {
  /** Invitations to send, after the revocations. */
  send: Array<Invitee<D>>;
  /** Invitations to revoke before anything is sent. */
  revoke: Array<{ invitation: LiveInvitation; reason: "replaced" | Departure["reason"] }>;
  /** Pending invitations that already grant what is declared. */
  keep: Array<{ email: string; invitation: LiveInvitation; desired: D }>;
  /** Pending invitations sent for the same declaration whose service kept something else: not sent again. */
  keptOther: Array<{ email: string; invitation: LiveInvitation; desired: D }>;
  /** Pending invitations nobody declares, left in place ("report": drift; "ignore"). */
  unmanaged: LiveInvitation[];
}

const key = (email: string): string => email.trim().toLowerCase();

/** Whether a live invitation grants exactly what is declared for `desired` (role or roles, and metadata). */
export function invitationGrants<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>, invitation: LiveInvitation, desired: D): boolean {
  return jsonEqual(model.invitationEntryOf(invitation), model.invitationEntryFor(desired)) && jsonEqual(model.hasPrivatePart ? invitation.privateMetadata : {}, model.privateOf(desired) ?? {});
}

export function planInvitations<D extends DesiredMembership, L extends LiveMembership>(
  model: RosterModel<D, L>,
  invitations: readonly LiveInvitation[],
  invitees: ReadonlyMap<string, D>,
  previouslyInvited: InvitationRecords,
  mode: UnmanagedMode,
  /** Emails the roster now declares as members (they resolve to users): their pending invitations are superseded. */
  memberEmails: ReadonlySet<string> = new Set(),
  digest: DeclarationDigest<D> = () => undefined,
): InvitationPlan<D> {
  const plan: InvitationPlan<D> = { send: [], revoke: [], keep: [], keptOther: [], unmanaged: [] };
  const pending = new Map<string, LiveInvitation[]>();
  for (const invitation of invitations) {
    if (invitation.status !== "pending") continue;
    pending.set(key(invitation.email), [...(pending.get(key(invitation.email)) ?? []), invitation]);
  }
  const declared = new Set<string>();
  for (const [email, desired] of invitees) {
    declared.add(key(email));
    const candidates = pending.get(key(email)) ?? [];
    const kept = candidates.find((invitation) => invitationGrants(model, invitation, desired));
    // Ours, sent for this very declaration, and kept otherwise by the service: sending it again would only email the
    // person again and be kept the same way.
    const recorded = previouslyInvited[recordKey(previouslyInvited, email) ?? ""];
    const same = kept ? undefined : candidates.find((invitation) => recorded?.invitationId === invitation.id && keptOtherForThisDeclaration(model, recorded, email, desired, digest));
    for (const invitation of candidates) if (invitation !== kept && invitation !== same) plan.revoke.push({ invitation, reason: "replaced" });
    if (kept) plan.keep.push({ email, invitation: kept, desired });
    else if (same) plan.keptOther.push({ email, invitation: same, desired });
    else plan.send.push({ email, desired });
  }
  const ours = new Set(Object.keys(previouslyInvited).map(key));
  const members = new Set([...memberEmails].map(key));
  for (const [email, candidates] of pending) {
    if (declared.has(email)) continue;
    for (const invitation of candidates) {
      // Still declared, now as a member (the person has an account): the membership replaces the invitation, and
      // nobody leaves, so it does not count toward maxRemovals.
      if (ours.has(email) && members.has(email)) plan.revoke.push({ invitation, reason: "replaced" });
      else if (ours.has(email)) plan.revoke.push({ invitation, reason: "no longer declared" });
      else if (mode === "remove") plan.revoke.push({ invitation, reason: "not declared" });
      else if (mode === "report") plan.unmanaged.push(invitation);
    }
  }
  return plan;
}

/** The revocations that count toward `maxRemovals`, as departures named by email. */
export function invitationDepartures(revocations: InvitationPlan<unknown>["revoke"]): Departure[] {
  return revocations
    .filter((r): r is { invitation: LiveInvitation; reason: Departure["reason"] } => r.reason !== "replaced")
    .map(({ invitation, reason }) => ({ userId: `${invitation.email} (pending invitation)`, role: invitation.roles.join(", "), reason }))
    .sort((a, b) => a.userId.localeCompare(b.userId));
}

/** What is said of an invitation the service kept otherwise: what it kept, what was declared (key names only), what to do. */
export function invitationKeptOtherMessage<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>, invitation: LiveInvitation, desired: D, again: boolean): string {
  const lines: string[] = [];
  const keptEntry = model.invitationEntryOf(invitation);
  const declaredEntry = model.invitationEntryFor(desired);
  if (!jsonEqual(keptEntry, declaredEntry)) lines.push(`kept ${JSON.stringify(keptEntry)}, declared ${JSON.stringify(declaredEntry)}`);
  if (model.hasPrivatePart) {
    const privateChanges = keyDifferences(invitation.privateMetadata, (model.privateOf(desired) ?? {}) as JsonObject);
    if (privateChanges.length > 0) lines.push(`privateMetadata: ${privateChanges.join(", ")}`);
  }
  return `${model.membership.service} ${again ? "still keeps" : "sent the invitation but kept"} something other than declared (${lines.join("; ")}); it is not sent again while the declaration stays as it is (each send emails the person). Find what changes it on write and stop it, or declare what ${model.membership.service} keeps, then run \`pulumi up\` again`;
}

/** The record of an invitation that is pending now. */
export function invitationRecord(entry: RosterEntry, invitation: LiveInvitation, keptOther = false, declaredPrivate?: string): InvitationRecord {
  return {
    invitationId: invitation.id,
    status: invitation.status,
    entry,
    ...(keptOther ? { keptOther: true as const } : {}),
    ...(keptOther && declaredPrivate !== undefined ? { declaredPrivate } : {}),
    ...(invitation.expiresAt ? { expiresAt: invitation.expiresAt } : {}),
    ...(invitation.createdAt ? { sentAt: invitation.createdAt } : {}),
  };
}

/** Records refreshed from a listing: each one's current status (an invitation no longer listed counts as revoked). */
export function refreshedRecords(records: InvitationRecords, invitations: readonly LiveInvitation[]): InvitationRecords {
  const byId = new Map(invitations.map((invitation) => [invitation.id, invitation]));
  const refreshed: InvitationRecords = {};
  for (const [email, record] of Object.entries(records)) {
    const live = byId.get(record.invitationId);
    refreshed[email] = live ? { ...record, status: live.status, ...(live.expiresAt ? { expiresAt: live.expiresAt } : {}) } : { ...record, status: "revoked" };
  }
  return refreshed;
}

export function unmanagedInvitation(invitation: LiveInvitation): UnmanagedInvitation {
  return { email: invitation.email, role: invitation.roles.join(", "), invitationId: invitation.id };
}

/**
 * The pending invitations a stored roster state says an update would leave behind: ours for invitees no longer
 * declared (`ours`; an invitee who accepted, or has an account now, is declared as a member and is not one), and
 * those nobody declares (`unmanaged`: drift in "report" mode, revoked in "remove" mode; none in "ignore" mode). The
 * diff counts them against `maxRemovals` and `drift-report` lists them, from this one rule.
 */
export function storedInvitationsLeaving(state: Record<string, unknown>, declaredEmails: Iterable<string>, memberEmails: Iterable<string>, mode: UnmanagedMode): { ours: Array<{ email: string; entry: RosterEntry }>; unmanaged: UnmanagedInvitation[] } {
  const declared = new Set([...declaredEmails].map(key));
  const members = new Set([...memberEmails].map(key));
  const ours = Object.entries(invitationRecordsOf(state))
    .filter(([email, record]) => record.status === "pending" && !declared.has(key(email)) && !members.has(key(email)))
    .map(([email, record]) => ({ email, entry: record.entry }));
  const stored = Array.isArray(state.unmanagedInvitations) ? (state.unmanagedInvitations as UnmanagedInvitation[]) : [];
  const unmanaged = mode === "ignore" ? [] : stored.filter((invitation) => !declared.has(key(invitation.email)));
  return { ours, unmanaged };
}

/** The departures an update counts of `storedInvitationsLeaving`: ours, and the unmanaged ones "remove" mode revokes. */
export function storedInvitationDepartures(leaving: ReturnType<typeof storedInvitationsLeaving>, mode: UnmanagedMode): Departure[] {
  return [
    ...leaving.ours.map(({ email }) => ({ userId: `${email} (pending invitation)`, reason: "no longer declared" as const })),
    ...(mode === "remove" ? leaving.unmanaged.map((u) => ({ userId: `${u.email} (pending invitation)`, role: u.role, reason: "not declared" as const })) : []),
  ];
}

/** The invitation records of a stored state ({} for states written before invitations, or without any). */
export function invitationRecordsOf(state: Record<string, unknown>): InvitationRecords {
  const records = state.sentInvitations;
  return isJsonObject(records) ? (records as unknown as InvitationRecords) : {};
}

/** The email key of `email` in `records`, whatever its case. */
export function recordKey(records: InvitationRecords, email: string): string | undefined {
  return Object.keys(records).find((recorded) => key(recorded) === key(email));
}

/**
 * What a preview says before `up` invites anyone: each invitation is an email to a person outside the organization,
 * which cannot be taken back once sent. A Clerk roster with `notify: false` creates the invitations without email.
 */
export function invitationNotice(service: string, organizationId: string, emails: readonly string[], settings: InvitationSettings): string {
  const what = settings.notify === false ? `will create ${emails.length} invitation(s), without an email (notify: false), for` : `will send an invitation email to`;
  return `${service} organization ${organizationId}: \`pulumi up\` ${what} ${emails.join(", ")} (missingUsers: invite)`;
}
