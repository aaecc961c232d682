// The OrganizationRoster lifecycle: one resource holds an organization's whole declared member map. One listing
// per operation, per-member writes through the same backend API, guards before any write, partial failures kept
// in state (and named) so the next `up` continues where this one stopped.

import { jsonEqual, isJsonObject } from "./json";
import { configurationProblems, type CheckResult, type CreateResult, type DiffResult, type MembershipProvider, type ProviderOptions, type ReadResult, type UpdateResult } from "./membership-provider";
import {
  MembershipExistsError,
  PartialApplyError,
  type DesiredMembership,
  type InputProblem,
  type InvitationApi,
  type LiveInvitation,
  type LiveMembership,
  type MembershipStanding,
  type MembershipApi,
  type RosterModel,
  type UnmanagedMember,
  type UnmanagedMode,
} from "./port";
import { normalizeRosterInputs, rosterInputProps, storedRosterSettings, type RosterInputs } from "./roster-inputs";
import { adoptionNotice, departures, guardPlan, guardRemovals, lastAdminKeptMessage, lastAdminToKeep, missingAdminProblem, planRoster, undeclaredMembers, unmanagedRemovalNotice, type Departure, type RosterPlan, type RosterSettings } from "./roster-plan";
import { membershipLimitProblems, unknownRoleProblems, type DeclaredRoles, type HeadCountChange } from "./organization-rules";
import {
  invitationGrants,
  invitationKeptOtherMessage,
  declarationDigest,
  keptOtherForThisDeclaration,
  invitationNotice,
  invitationDepartures,
  invitationRecord,
  invitationRecordsOf,
  planInvitations,
  recordKey,
  refreshedRecords,
  unmanagedInvitation,
  type InvitationPlan,
  type InvitationRecords,
  type UnmanagedInvitation,
} from "./roster-invitations";
import { status, warn } from "./engine-log";
import { reserveInvitations } from "./invitation-budget";
import { named, peopleOf, personLabel, rosterPeople } from "./people";
import { ResourceInitError, checkFailures, withoutProvider } from "./protocol";
import { declaredMembersOf, declaredMembersPresentIn, declaredMembersState } from "./roster-state";
import { PROVIDER_KEY, containsUnknown } from "./validation";
import { verifiedApi } from "./verify-kept";

type Props = Record<string, unknown>;

/** Writes in flight at once for one roster; the shared rate limiter holds them back further. */
const WRITE_CONCURRENCY = 8;

export function createRosterProvider<D extends DesiredMembership, L extends LiveMembership>(
  model: RosterModel<D, L>,
  serviceApi: () => MembershipApi<D, L>,
  options: ProviderOptions = {},
  invitationApi?: () => InvitationApi<D>,
): MembershipProvider {
  /** What an invitee's invitation was declared with privately, as a keyed digest (a kept-otherwise record keeps it). */
  const digest = declarationDigest(model, options.privateValueDigest);
  // Every write is checked against the declaration: what the service kept is what gets recorded.
  const api = (): MembershipApi<D, L> => verifiedApi(model.membership, serviceApi());
  const service = model.membership.service;
  const usersByEmail = (emails: readonly string[]) => api().usersByEmail(emails);
  /** The organization's members, each with who it is (for a service whose listing does not say, one more listing). */
  const listNamed = async (organizationId: string): Promise<L[]> => {
    const backend = api();
    const [live, people] = await Promise.all([backend.list(organizationId), backend.people?.(organizationId)]);
    return people === undefined ? live : live.map((member) => (member.person === undefined && people.has(member.userId) ? { ...member, person: people.get(member.userId) } : member));
  };
  const invitationsApi = (): InvitationApi<D> => {
    if (!invitationApi) throw new Error(`${service} organization rosters cannot send invitations`);
    return invitationApi();
  };
  /** Reserves what sending `sending` invitations takes of the instance's hourly budget, or refuses (nothing sent). */
  const reserveForRoster = (organizationId: string, sending: number): void => reserveInvitations(model, invitationsApi, organizationId, `the roster of ${organizationId}`, sending);

  /** A live member no declaration covers, as the state lists it. */
  const unmanagedMember = (member: L): UnmanagedMember => {
    const person = personLabel(member.person);
    return { userId: member.userId, ...(person === undefined ? {} : { person }), role: model.describe(member), membershipId: member.membershipId };
  };

  /** The invitation side of a state: records of ours, pending ones nobody declared, the invitees' private parts. */
  interface InvitationState {
    records: InvitationRecords;
    unmanaged: UnmanagedInvitation[];
    privates: Props;
    /** The invitation settings applied (recorded so a refresh hands back the inputs as given). */
    settings?: Props;
    /** A watcher's declared invitees (invited by their per-member resources): email → entry; never unmanaged. */
    watched?: Props;
  }
  const NO_INVITATIONS: InvitationState = { records: {}, unmanaged: [], privates: {} };

  function toState(organizationId: string, live: readonly L[], declared: ReadonlySet<string>, settings: RosterSettings, emails: Record<string, string>, invitations: InvitationState = NO_INVITATIONS): Props {
    const members: Props = {};
    const privates: Props = {};
    // Who each live member is, for reviewers: by the service's word, else the email the roster named them by.
    const people: Record<string, string> = {};
    const labelOf = rosterPeople(emails);
    // Undeclared members by standing: only active ones are unmanaged (drift in "report" mode); inactive and pending
    // memberships grant no access, so they are listed for reviewers but are never drift and never removed.
    const undeclared: Record<MembershipStanding, UnmanagedMember[]> = { active: [], inactive: [], pending: [] };
    for (const member of [...live].sort((a, b) => a.userId.localeCompare(b.userId))) {
      const label = labelOf(member.userId, member.person);
      if (label !== undefined) people[member.userId] = label;
      if (declared.has(member.userId)) {
        if (!settings.manageMembers) continue;
        members[member.userId] = model.entryOf(member);
        const priv = model.privateOf(member);
        if (priv && Object.keys(priv).length > 0) privates[member.userId] = priv;
      } else {
        undeclared[model.standingOf(member)].push(unmanagedMember(member));
      }
    }
    const listed = settings.unmanagedMembers !== "ignore";
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

  async function inputsOrThrow(raw: Props): Promise<RosterInputs<D>> {
    const result = await normalizeRosterInputs(model, withoutProvider(raw), usersByEmail);
    if ("problems" in result) throw new Error(`invalid ${service} roster: ${result.problems.map((p) => p.reason).join("; ")}`);
    return result.inputs;
  }

  /**
   * Lists the organization, guards the plan, applies it; on failures keeps what was applied and names who failed.
   * `deleting`: the roster itself is being deleted, which cannot be refused, so instead of refusing a plan that leaves
   * no admin, the last admin is left in place (and that is said).
   */
  async function apply(inputs: RosterInputs<D>, previouslyDeclared: ReadonlySet<string>, previouslyInvited: InvitationRecords = {}, deleting = false): Promise<Props> {
    const backend = api();
    const live = await listNamed(inputs.organizationId);
    const plan = planRoster(model, live, inputs.desired, previouslyDeclared, inputs.settings);
    const invitationPlan = await invitationPlanOf(inputs, previouslyInvited);
    reserveForRoster(inputs.organizationId, invitationPlan.send.length);
    const [overLimit] = inputs.settings.manageMembers ? await membershipLimit(inputs.organizationId, headCountChange(plan, invitationPlan)) : [];
    if (overLimit) throw new Error(overLimit.reason);
    guardPlan(model, inputs.organizationId, plan, inputs.desired, inputs.settings, !deleting, invitationDepartures(invitationPlan.revoke));
    const keptAdmin = deleting ? lastAdminToKeep(live, [...plan.removeDeclared, ...plan.removeUnmanaged], (m) => model.isAdmin(m, inputs.settings.adminRoles)) : undefined;
    if (keptAdmin) {
      plan.removeDeclared = plan.removeDeclared.filter((m) => m !== keptAdmin);
      await warn(lastAdminKeptMessage(service, keptAdmin, model.describe(keptAdmin)));
    }

    const progress = writeProgress(service, inputs.organizationId, plan.create.length + plan.converge.length + plan.removeDeclared.length + plan.removeUnmanaged.length);
    const result = new Map(live.map((m) => [m.userId, m]));
    // A write's answer may not say who the member is (WorkOS): the listing's word stays.
    const settle = (userId: string, updated: L): void => {
      const person = result.get(userId)?.person;
      result.set(userId, person !== undefined && updated.person === undefined ? { ...updated, person } : updated);
    };
    const labelOf = rosterPeople(inputs.emails);
    const who = (userId: string): string => named(userId, labelOf(userId, result.get(userId)?.person));
    const failures: string[] = [];
    const record = (userId: string, action: string) => (error: unknown) => {
      if (error instanceof PartialApplyError) settle(userId, error.live as L);
      failures.push(`${who(userId)} (${action}): ${error instanceof Error ? error.message : String(error)}`);
    };
    await runLimited(progress, [
      ...plan.create.map((d) => () =>
        backend.create(d).then(
          (created) => settle(d.userId, created),
          async (error: unknown) => {
            if (!(error instanceof MembershipExistsError) || !error.adoptable) throw error;
            const existing = await backend.find(d);
            if (!existing) throw error;
            settle(d.userId, await backend.converge(existing, d));
          },
        ).catch(record(d.userId, "add")),
      ),
      ...plan.converge.map(({ live: have, desired: want }) => () => backend.converge(have, want).then((updated) => settle(want.userId, updated), record(want.userId, "update"))),
    ]);
    // Removals only after the adds and updates, judged against what they actually left: an admin declared but not
    // (yet) active — an add that failed, a pending WorkOS invitation — must not let the last active admin go.
    let removals = [...plan.removeDeclared, ...plan.removeUnmanaged];
    const lastAdmin = deleting ? undefined : lastAdminToKeep([...result.values()], removals, (m) => model.isAdmin(m, inputs.settings.adminRoles));
    if (lastAdmin) {
      removals = removals.filter((m) => m !== lastAdmin);
      failures.push(`${who(lastAdmin.userId)} (remove): left in place, it is the organization's last active admin (${model.describe(lastAdmin)}): no declared admin is an active member yet; run \`pulumi up\` again once one is`);
    }
    await runLimited(progress, removals.map((member) => () => backend.remove(member, model.removal(member)).then(() => void result.delete(member.userId), record(member.userId, "remove"))));

    const watched = inputs.settings.manageMembers ? {} : Object.fromEntries([...inputs.invitees].map(([email, d]) => [email, model.desiredEntryOf(d)]));
    const invitations = { ...(await applyInvitations(inputs, invitationPlan, previouslyInvited, failures)), settings: inputs.invitationSettings as Props, watched };

    // Members that failed to be removed stay declared-as-before so the next run retries them.
    const declared = new Set(inputs.desired.keys());
    for (const member of plan.removeDeclared) if (result.has(member.userId)) declared.add(member.userId);
    const state = toState(inputs.organizationId, [...result.values()], declared, inputs.settings, inputs.emails, invitations);
    if (failures.length > 0) {
      const message = `${service} organization ${inputs.organizationId}: ${failures.length} member change(s) failed, the others were applied and recorded; run \`pulumi up\` again after fixing: ${failures.join(" | ")}`;
      // The engine prints the reasons, not the message: the last one says what happened to the rest and what to do.
      const rest = `${service} organization ${inputs.organizationId}: the other member changes were applied and recorded; run \`pulumi up\` again after fixing the above`;
      throw new ResourceInitError(message, inputs.organizationId, state, [...failures, rest]);
    }
    return state;
  }

  /**
   * What `up` does about invitations, planned from the live list: watched by a roster that invites, or that still has
   * invitations of its own to settle. A watcher's invitees are invited by their per-member resources: it only watches
   * for (or revokes) the others.
   */
  async function invitationPlanOf(inputs: RosterInputs<D>, previouslyInvited: InvitationRecords): Promise<InvitationPlan<D>> {
    const watchInvitations = inputs.settings.missingUsers === "invite" || Object.keys(previouslyInvited).length > 0;
    const liveInvitations = watchInvitations ? await invitationsApi().listInvitations(inputs.organizationId) : [];
    const planned = planInvitations(model, liveInvitations, inputs.invitees, previouslyInvited, inputs.settings.unmanagedMembers, new Set(Object.keys(inputs.emails)), digest);
    return inputs.settings.manageMembers ? planned : { ...planned, send: [], keep: [], keptOther: [], revoke: planned.revoke.filter((r) => r.reason === "not declared") };
  }

  /**
   * Revokes first (so a replaced invitation can never be accepted alongside its successor), then sends. Returns what
   * the state records: the pending invitations of declared invitees, ours whose revocation failed (retried next
   * time), and the unmanaged ones left in place.
   */
  async function applyInvitations(inputs: RosterInputs<D>, plan: InvitationPlan<D>, previouslyInvited: InvitationRecords, failures: string[]): Promise<InvitationState> {
    if (plan.send.length === 0 && plan.revoke.length === 0 && plan.keep.length === 0 && plan.keptOther.length === 0 && plan.unmanaged.length === 0 && Object.keys(previouslyInvited).length === 0) return NO_INVITATIONS;
    const backend = invitationsApi();
    const records: InvitationRecords = {};
    const privates: Props = {};
    const record = (email: string, desired: D, invitation: LiveInvitation, keptOther = false): void => {
      records[email] = invitationRecord(model.desiredEntryOf(desired), invitation, keptOther, digest(email, desired));
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
  async function refreshInvitations(organizationId: string, settings: RosterSettings, records: InvitationRecords, declared: Set<string>, emails: Record<string, string>, settingsRecorded: unknown, watched: Props = {}): Promise<InvitationState> {
    if (settings.missingUsers !== "invite" && Object.keys(records).length === 0) return NO_INVITATIONS;
    const listed = await invitationsApi().listInvitations(organizationId);
    const refreshed = refreshedRecords(records, listed);
    const accepted = Object.entries(refreshed).filter(([, record]) => record.status === "accepted").map(([email]) => email);
    if (accepted.length > 0) {
      const found = await usersByEmail(accepted);
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

  /**
   * What a diff sees of invitations, from the stored state (no API call): an invitee without a pending invitation
   * that grants what is declared (never sent, revoked or expired out of band, or declared differently since), our
   * pending invitations no longer declared, unmanaged pending ones; and how many would be sent or revoked.
   */
  function invitationChanges(olds: Props, inputs: RosterInputs<D>, storedPrivates: Props): { changed: boolean; toSend: string[]; leaving: Departure[] } {
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
      if (record?.status === "pending" && keptOtherForThisDeclaration(model, record, email, desired, digest)) keptOther = true;
      else if (!granted) toSend.push(email);
    }
    const declaredEmails = new Set([...inputs.invitees.keys()].map((email) => email.toLowerCase()));
    // An invitee who accepted (or has an account now) is declared as a member: not a departure, whatever the state
    // last recorded, so a plain `up` after acceptances counts them as the apply does.
    const memberEmails = new Set(Object.keys(inputs.emails).map((email) => email.toLowerCase()));
    const leaving: Departure[] = Object.entries(records)
      .filter(([email, record]) => record.status === "pending" && !declaredEmails.has(email.toLowerCase()) && !memberEmails.has(email.toLowerCase()))
      .map(([email]) => ({ userId: `${email} (pending invitation)`, reason: "no longer declared" as const }));
    const unmanaged = inputs.settings.unmanagedMembers === "ignore" || !Array.isArray(olds.unmanagedInvitations) ? [] : (olds.unmanagedInvitations as UnmanagedInvitation[]).filter((u) => !declaredEmails.has(u.email.toLowerCase()));
    if (inputs.settings.unmanagedMembers === "remove") leaving.push(...unmanaged.map((u) => ({ userId: `${u.email} (pending invitation)`, role: u.role, reason: "not declared" as const })));
    const watchedChanged = !inputs.settings.manageMembers && !jsonEqual(Object.keys(watched).sort(), [...inputs.invitees.keys()].sort());
    return { changed: toSend.length > 0 || keptOther || leaving.length > 0 || unmanaged.length > 0 || watchedChanged, toSend, leaving };
  }

  /**
   * The unmanaged active members a diff knows of: those the state lists, or, when the state was written in "ignore"
   * mode (which lists none) and the roster now reports or removes them, those one listing of the organization finds,
   * so that switching to "remove" names and counts in `pulumi preview` whom `up` would remove.
   */
  async function unmanagedKnownTo(olds: Props, inputs: RosterInputs<D>, previouslyDeclared: ReadonlySet<string>): Promise<UnmanagedMember[]> {
    const stored = Array.isArray(olds.unmanagedMembers) ? (olds.unmanagedMembers as UnmanagedMember[]) : [];
    if (storedRosterSettings(model, olds).unmanagedMembers !== "ignore" || inputs.settings.unmanagedMembers === "ignore") return stored;
    const live = await listNamed(inputs.organizationId);
    const { unmanaged } = undeclaredMembers(live, inputs.desired, previouslyDeclared, inputs.settings.unmanagedMembers, (member) => model.standingOf(member) === "active");
    return unmanaged.map(unmanagedMember);
  }

  /**
   * The last-admin rule as `apply` decides it, for a preview: the roster declares an admin, or an unmanaged member it
   * keeps is one. Only a roster that declares none needs the organization's members (one listing).
   */
  async function missingAdmin(inputs: RosterInputs<D>, previouslyDeclared: ReadonlySet<string>): Promise<string | undefined> {
    if ([...inputs.desired.values()].some((member) => model.isAdmin(member, inputs.settings.adminRoles))) return undefined;
    const live = await api().list(inputs.organizationId);
    const undeclared = undeclaredMembers(live, inputs.desired, previouslyDeclared, inputs.settings.unmanagedMembers, (member) => model.standingOf(member) === "active");
    return missingAdminProblem(model, inputs.organizationId, inputs.desired, undeclared, inputs.settings);
  }

  /**
   * What the organization refuses of these inputs, found with one read of its rules: roles it does not have, more
   * members than it may hold. A roster new to the organization has no diff before its create: its check plans from the
   * live organization as the apply does and applies the apply's own guards (invitation limit, removal budget, last
   * admin), then says what `up` will remove, change on adoption and send.
   */
  async function organizationProblems(inputs: RosterInputs<D>, olds: Props): Promise<InputProblem[]> {
    const problems: InputProblem[] = [];
    if (inputs.settings.manageMembers) {
      const rules = await api().organizationRules(inputs.organizationId);
      const emailOf = rosterPeople(inputs.emails);
      const declared: DeclaredRoles[] = [
        ...[...inputs.desired].map(([userId, desired]) => ({ where: `members.${emailOf(userId) ?? userId}`, property: "members", roles: model.membership.rolesOf(desired).roles })),
        ...[...inputs.invitees].map(([email, desired]) => ({ where: `members.${email}`, property: "members", roles: model.membership.rolesOf(desired).roles })),
      ];
      problems.push(...unknownRoleProblems(service, inputs.organizationId, rules, declared));
    }
    if (olds.organizationId === inputs.organizationId) return problems;
    const live = await listNamed(inputs.organizationId);
    const plan = planRoster(model, live, inputs.desired, new Set(), inputs.settings);
    const admin = missingAdminProblem(model, inputs.organizationId, inputs.desired, plan, inputs.settings);
    if (admin !== undefined) problems.push({ property: "members", reason: admin });
    const invitations = await invitationPlanOf(inputs, {});
    if (inputs.settings.manageMembers) problems.push(...(await membershipLimit(inputs.organizationId, headCountChange(plan, invitations))));
    const leaving = departures(plan, (member) => model.describe(member), (member) => personLabel(member.person));
    try {
      reserveForRoster(inputs.organizationId, invitations.send.length);
      guardRemovals(service, inputs.organizationId, [...leaving, ...invitationDepartures(invitations.revoke)], inputs.settings.maxRemovals);
    } catch (error) {
      problems.push({ property: "members", reason: error instanceof Error ? error.message : String(error) });
    }
    if (problems.length > 0) return problems;
    const neverDeclared = leaving.filter((departure) => departure.reason === "not declared");
    if (neverDeclared.length > 0) await warn(unmanagedRemovalNotice(service, inputs.organizationId, neverDeclared));
    if (inputs.settings.manageMembers) await announceAdoption(inputs, live);
    if (invitations.send.length > 0) await warn(invitationNotice(service, inputs.organizationId, invitations.send.map((invitee) => invitee.email), inputs.invitationSettings));
    return problems;
  }

  /** What the organization's membership limit refuses of a roster's plan (reserved for the roster otherwise). */
  async function membershipLimit(organizationId: string, change: HeadCountChange): Promise<InputProblem[]> {
    const rules = await api().organizationRules(organizationId);
    return membershipLimitProblems(service, organizationId, rules, `the roster of ${organizationId}`, change, "members");
  }

  /** A roster new to an organization adopts the members it declares that are there: the preview says what that changes. */
  async function announceAdoption(inputs: RosterInputs<D>, live: readonly L[]): Promise<void> {
    const labelOf = rosterPeople(inputs.emails);
    const changed = live.flatMap((member) => {
      const desired = inputs.desired.get(member.userId);
      const changes = desired ? model.membership.changes(member, desired) : [];
      return changes.length === 0 ? [] : [{ who: named(member.userId, labelOf(member.userId, member.person)), changes }];
    });
    if (changed.length > 0) await warn(adoptionNotice(service, inputs.organizationId, changed));
  }

  return {
    async check(olds, news) {
      const raw = withoutProvider(news);
      const configuration = configurationProblems(options);
      if (Object.values(raw).some(containsUnknown)) return configuration.length > 0 ? { inputs: news, failures: checkFailures(configuration) } : { inputs: news };
      const result = await normalizeRosterInputs(model, raw, usersByEmail, configuration);
      if ("problems" in result) return { inputs: news, failures: checkFailures(result.problems) } satisfies CheckResult;
      const problems = await organizationProblems(result.inputs, olds);
      if (problems.length > 0) return { inputs: news, failures: checkFailures(problems) };
      return { inputs: rosterInputProps(model, result.inputs) };
    },

    async diff(_id, olds, news): Promise<DiffResult> {
      if (containsUnknown(news.organizationId) || news.organizationId !== olds.organizationId) {
        return { changes: true, replaces: ["organizationId"], deleteBeforeReplace: false };
      }
      if (Object.entries(news).some(([key, value]) => key !== PROVIDER_KEY && containsUnknown(value))) return { changes: true, replaces: [], deleteBeforeReplace: false };
      const inputs = await inputsOrThrow(news);
      const settingsChanged = !jsonEqual(storedRosterSettings(model, olds), inputs.settings);
      const liveMembers = isJsonObject(olds.members) ? olds.members : {};
      const livePrivates = isJsonObject(olds.privateMetadata) ? olds.privateMetadata : {};
      const previouslyDeclared = declaredMembersOf(olds);
      const unmanaged = await unmanagedKnownTo(olds, inputs, previouslyDeclared);

      let changed = settingsChanged;
      if (inputs.settings.manageMembers) {
        for (const [userId, d] of inputs.desired) {
          const entry = model.canonicalEntry(liveMembers[userId]);
          if (!jsonEqual(entry, model.desiredEntryOf(d)) || !jsonEqual(livePrivates[userId] ?? {}, model.privateOf(d) ?? {})) changed = true;
        }
      }
      // A change of who is declared reaches the state even when nothing is written: a newly declared user (a
      // watcher's) would otherwise be reported as unmanaged by the next refresh, a dropped one kept as declared.
      if ([...inputs.desired.keys()].some((userId) => !previouslyDeclared.has(userId))) changed = true;
      if ([...previouslyDeclared].some((userId) => !inputs.desired.has(userId))) changed = true;
      if (unmanaged.some((m) => inputs.desired.has(m.userId))) changed = true;
      // Who would leave, counted as the apply counts it but from the members the state last found (the declared
      // ones not recorded as absent; the unmanaged ones, all active): a preview refuses what the apply would.
      const people = peopleOf(olds);
      const known = [...[...declaredMembersPresentIn(olds)].map((userId) => ({ userId, person: people[userId], role: undefined })), ...unmanaged];
      const undeclared = undeclaredMembers(known, inputs.desired, previouslyDeclared, inputs.settings.unmanagedMembers, () => true);
      if (undeclared.removeUnmanaged.length > 0) changed = true;
      // Unmanaged members in "report" mode are drift: the scheduled preview must say so.
      if (inputs.settings.unmanagedMembers === "report" && undeclared.unmanaged.length > 0) changed = true;
      const invitations = invitationChanges(olds, inputs, livePrivates);
      if (invitations.changed) changed = true;
      // The state does not know of pending invitations sent from elsewhere (a dashboard): one that grants what is
      // declared is adopted by `up`, not sent again, so which invitations `up` sends is asked of the service.
      const toSend = invitations.toSend.length > 0 ? (await invitationPlanOf(inputs, invitationRecordsOf(olds))).send.map((invitee) => invitee.email) : [];
      reserveForRoster(inputs.organizationId, toSend.length);
      if (toSend.length > 0) await warn(invitationNotice(service, inputs.organizationId, toSend, inputs.invitationSettings));
      const leaving = departures(undeclared, (m) => m.role, (m) => m.person);
      guardRemovals(service, inputs.organizationId, [...leaving, ...invitations.leaving], inputs.settings.maxRemovals);
      if (inputs.settings.manageMembers) {
        // Who joins, as the state knows the organization; confirmed with a listing before anything is refused (a state
        // written in "ignore" mode does not list the members the roster may now declare).
        const present = new Set([...known.map((member) => member.userId)]);
        let joining = [...inputs.desired.keys()].filter((userId) => !present.has(userId)).length;
        const change = (): HeadCountChange => ({ joining, leaving: leaving.length + invitations.leaving.length, inviting: toSend.length });
        if (joining > 0 && (await membershipLimit(inputs.organizationId, change())).length > 0) {
          const live = new Set((await api().list(inputs.organizationId)).map((member) => member.userId));
          joining = [...inputs.desired.keys()].filter((userId) => !live.has(userId)).length;
        }
        const [overLimit] = await membershipLimit(inputs.organizationId, change());
        if (overLimit) throw new Error(overLimit.reason);
      }
      // An update is refused without an admin; no update (nothing changed) refuses nothing.
      const admin = changed ? await missingAdmin(inputs, previouslyDeclared) : undefined;
      if (admin !== undefined) throw new Error(admin);
      // Members the roster never declared show nowhere in the member map the preview prints: their removal is said.
      const neverDeclared = leaving.filter((departure) => departure.reason === "not declared");
      if (neverDeclared.length > 0) await warn(unmanagedRemovalNotice(service, inputs.organizationId, neverDeclared));
      return { changes: changed, replaces: [], deleteBeforeReplace: false };
    },

    async create(raw): Promise<CreateResult> {
      const inputs = await inputsOrThrow(raw);
      return { id: inputs.organizationId, outs: await apply(inputs, new Set()) };
    },

    async read(_id, props): Promise<ReadResult> {
      if (!props || typeof props.organizationId !== "string") {
        throw new Error(`${service} organization rosters cannot be imported with \`pulumi import\`; declare the roster instead: existing members are adopted on the next \`pulumi up\``);
      }
      const settings = storedRosterSettings(model, props);
      const declared = new Set(declaredMembersOf(props));
      const live = await listNamed(props.organizationId);
      const emails = { ...(isJsonObject(props.emails) ? (props.emails as Record<string, string>) : {}) };
      const invitations = await refreshInvitations(props.organizationId, settings, invitationRecordsOf(props), declared, emails, props.invitationSettings, isJsonObject(props.watchedInvitees) ? props.watchedInvitees : {});
      const state = toState(props.organizationId, live, declared, settings, emails, invitations);
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
      const inputs: Props = {
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
      return { id: props.organizationId, props: state, inputs };
    },

    async update(_id, olds, news): Promise<UpdateResult> {
      const inputs = await inputsOrThrow(news);
      const previouslyDeclared = declaredMembersOf(olds);
      return { outs: await apply(inputs, previouslyDeclared, invitationRecordsOf(olds)) };
    },

    async delete(_id, props) {
      const settings = storedRosterSettings(model, props);
      if (!settings.manageMembers || typeof props.organizationId !== "string") return;
      const declared = declaredMembersOf(props);
      // Deleting the roster removes the members it manages: the same budget guards it, and the last admin stays.
      // Pending invitations it sent are revoked: nobody may join through a roster that is gone.
      const nothing = { organizationId: props.organizationId, desired: new Map<string, D>(), settings: { ...settings, unmanagedMembers: "ignore" as const }, emails: {}, invitees: new Map<string, D>(), invitationSettings: {} };
      await apply(nothing, declared, invitationRecordsOf(props), true).catch((error: unknown) => {
        throw error instanceof ResourceInitError ? new Error(error.message) : error;
      });
    },
  };
}

/** What a roster's plan does to the organization's head count: members created, removed, invitations revoked and sent. */
function headCountChange<D, L>(plan: RosterPlan<D, L>, invitations: InvitationPlan<D>): HeadCountChange {
  return { joining: plan.create.length, leaving: plan.removeDeclared.length + plan.removeUnmanaged.length + invitations.revoke.length, inviting: invitations.send.length };
}

/** Unmanaged members a refresh found, named where they are listed. */
const NAMED_UNMANAGED = 20;

/**
 * The `unmanagedMembers` input as a refresh hands it back: the mode, followed by the unmanaged members it found and
 * what turns the drift check green. A preview's diff compares it with the plain mode the program declares, so the
 * members that make the check red are named in `pulumi preview --diff` itself, not only in the drift report.
 */
function modeWithFindings(mode: UnmanagedMode, unmanaged: readonly UnmanagedMember[]): string {
  if (mode === "ignore" || unmanaged.length === 0) return mode;
  const who = unmanaged.slice(0, NAMED_UNMANAGED).map((m) => `${named(m.userId, m.person)} (${m.role})`);
  if (unmanaged.length > NAMED_UNMANAGED) who.push(`and ${unmanaged.length - NAMED_UNMANAGED} more (org-roster drift-report lists them all)`);
  return mode === "report"
    ? `report: live members not in the roster: ${who.join(", ")}; add them to the roster, or remove them from the organization (or set unmanagedMembers: remove)`
    : `remove: live members not in the roster, removed by the next \`pulumi up --refresh\`: ${who.join(", ")}`;
}

/** Member changes from which a roster write reports its progress (below that it is over before anyone looks). */
const PROGRESS_FROM = 50;

/**
 * Counts a roster's member writes and says how far they are, through the engine's status line ("412/1000 member
 * changes written"), at every tenth of the way: a long `up` shows progress instead of a bare "creating".
 */
function writeProgress(service: string, organizationId: string, total: number): (() => void) | undefined {
  if (total < PROGRESS_FROM) return undefined;
  const step = Math.ceil(total / 10);
  let written = 0;
  // One message after the other, so the status line ends on the last count.
  let said = Promise.resolve();
  return () => {
    written++;
    if (written % step !== 0 && written !== total) return;
    const message = `${service} organization ${organizationId}: ${written}/${total} member changes written`;
    said = said.then(() => status(message));
  };
}

async function runLimited(onDone: (() => void) | undefined, tasks: Array<() => Promise<void>>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (task) {
        await task();
        onDone?.();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, tasks.length) }, worker));
}
