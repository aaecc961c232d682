// What a preview decides about an OrganizationRoster before `up` writes anything: a roster new to an organization is
// planned from the live organization and guarded as the apply guards it (check); a change is judged from the state
// (diff), with a listing only where the state cannot tell. Both refuse what `up` would refuse and say, by person,
// what `up` will remove, change on adoption and send.

import { warn } from "./engine-log";
import { isJsonObject, jsonEqual } from "./json";
import { unknownRoleProblems, type DeclaredRoles, type HeadCountChange } from "./organization-rules";
import { named, peopleOf, personLabel, rosterPeople } from "./people";
import type { DesiredMembership, InputProblem, LiveMembership, UnmanagedMember } from "./port";
import { headCountChange, listingScope, membershipLimit, releaseReservations, type RosterContext } from "./roster-context";
import { storedRosterSettings, type RosterInputs } from "./roster-inputs";
import { invitationChanges, invitationPlanOf } from "./roster-invitation-steps";
import { invitationDepartures, invitationNotice, invitationRecordsOf } from "./roster-invitations";
import { adoptionNotice, declaresAdmin, departures, guardRemovals, missingAdminProblem, planRoster, undeclaredMembers, unmanagedRemovalNotice } from "./roster-plan";
import { declaredMembersOf, declaredMembersPresentIn, unmanagedMember } from "./roster-state";
import type { PropertyChanges } from "./detailed-diff";
import { rosterPropertyChanges } from "./roster-property-changes";

type Props = Record<string, unknown>;

/**
 * What the organization refuses of these inputs, found with one read of its rules: roles it does not have, more
 * members than it may hold. A roster new to the organization has no diff before its create: its check plans from the
 * live organization as the apply does and applies the apply's own guards (invitation limit, removal budget, last
 * admin), then says what `up` will remove, change on adoption and send.
 */
export async function organizationProblems<D extends DesiredMembership, L extends LiveMembership>(ctx: RosterContext<D, L>, inputs: RosterInputs<D>, olds: Props): Promise<InputProblem[]> {
  const { model, service } = ctx;
  const problems: InputProblem[] = [];
  // A roster new to its organization lists it while the organization's rules are read: neither waits for the other.
  const listing = olds.organizationId === inputs.organizationId ? undefined : ctx.listNamed(inputs.organizationId, listingScope(model, inputs.settings, inputs.desired, [], true), "check");
  // Awaited below; until then a failure must not count as unhandled (the rules' own failure is the one said then).
  void listing?.catch(() => undefined);
  if (inputs.settings.manageMembers) {
    const rules = await ctx.api().organizationRules(inputs.organizationId);
    const emailOf = rosterPeople(inputs.emails);
    const declared: DeclaredRoles[] = [
      ...[...inputs.desired].map(([userId, desired]) => ({ where: `members.${emailOf(userId) ?? userId}`, property: "members", roles: model.membership.rolesOf(desired).roles })),
      ...[...inputs.invitees].map(([email, desired]) => ({ where: `members.${email}`, property: "members", roles: model.membership.rolesOf(desired).roles })),
    ];
    problems.push(...unknownRoleProblems(service, inputs.organizationId, rules, declared));
  }
  if (listing === undefined) return problems;
  const live = await listing;
  const plan = planRoster(model, live, inputs.desired, new Set(), inputs.settings);
  const admin = missingAdminProblem(model, inputs.organizationId, inputs.desired, plan, inputs.settings);
  if (admin !== undefined) problems.push({ property: "members", reason: admin });
  const invitations = await invitationPlanOf(ctx, inputs, {});
  if (inputs.settings.manageMembers) problems.push(...(await membershipLimit(ctx, inputs.organizationId, headCountChange(plan, invitations))));
  const leaving = departures(plan, (member) => model.describe(member), (member) => personLabel(member.person));
  try {
    ctx.reserveInvitations(inputs.organizationId, invitations.send.length);
    guardRemovals(service, inputs.organizationId, [...leaving, ...invitationDepartures(invitations.revoke)], inputs.settings.maxRemovals);
  } catch (error) {
    problems.push({ property: "members", reason: error instanceof Error ? error.message : String(error) });
  }
  if (problems.length > 0) {
    // Refused: what it reserved of the shared budgets is given back for the stack's other resources.
    await releaseReservations(ctx, inputs.organizationId);
    return problems;
  }
  const neverDeclared = leaving.filter((departure) => departure.reason === "not declared");
  if (neverDeclared.length > 0) await warn(unmanagedRemovalNotice(service, inputs.organizationId, neverDeclared));
  if (inputs.settings.manageMembers) await announceAdoption(ctx, inputs, live);
  if (invitations.send.length > 0) await warn(invitationNotice(service, inputs.organizationId, invitations.send.map((invitee) => invitee.email), inputs.invitationSettings));
  return problems;
}

/** A roster new to an organization adopts the members it declares that are there: the preview says what that changes. */
async function announceAdoption<D extends DesiredMembership, L extends LiveMembership>(ctx: RosterContext<D, L>, inputs: RosterInputs<D>, live: readonly L[]): Promise<void> {
  const { model, service } = ctx;
  const labelOf = rosterPeople(inputs.emails);
  const changed = live.flatMap((member) => {
    const desired = inputs.desired.get(member.userId);
    const changes = desired ? model.membership.changes(member, desired) : [];
    return changes.length === 0 ? [] : [{ who: named(member.userId, labelOf(member.userId, member.person)), changes }];
  });
  if (changed.length > 0) await warn(adoptionNotice(service, inputs.organizationId, changed));
}

/**
 * The unmanaged active members a diff knows of: those the state lists, or, when the state was written in "ignore"
 * mode (which lists none) and the roster now reports or removes them, those one listing of the organization finds,
 * so that switching to "remove" names and counts in `pulumi preview` whom `up` would remove.
 */
export async function unmanagedKnownTo<D extends DesiredMembership, L extends LiveMembership>(ctx: RosterContext<D, L>, olds: Props, inputs: RosterInputs<D>, previouslyDeclared: ReadonlySet<string>): Promise<UnmanagedMember[]> {
  const { model } = ctx;
  const stored = Array.isArray(olds.unmanagedMembers) ? (olds.unmanagedMembers as UnmanagedMember[]) : [];
  if (storedRosterSettings(model, olds).unmanagedMembers !== "ignore" || inputs.settings.unmanagedMembers === "ignore") return stored;
  const live = await ctx.listNamed(inputs.organizationId);
  const { unmanaged } = undeclaredMembers(live, inputs.desired, previouslyDeclared, inputs.settings.unmanagedMembers, (member) => model.standingOf(member) === "active");
  return unmanaged.map((member) => unmanagedMember(model, member));
}

/**
 * The last-admin rule as `apply` decides it, for a preview: the roster declares an admin, or an unmanaged member it
 * keeps is one. Only a roster that declares none needs the organization's members (one listing).
 */
export async function missingAdmin<D extends DesiredMembership, L extends LiveMembership>(ctx: RosterContext<D, L>, inputs: RosterInputs<D>, previouslyDeclared: ReadonlySet<string>): Promise<string | undefined> {
  const { model } = ctx;
  if (declaresAdmin(model, inputs.desired, inputs.settings)) return undefined;
  const live = await ctx.api().list(inputs.organizationId);
  const undeclared = undeclaredMembers(live, inputs.desired, previouslyDeclared, inputs.settings.unmanagedMembers, (member) => model.standingOf(member) === "active");
  return missingAdminProblem(model, inputs.organizationId, inputs.desired, undeclared, inputs.settings);
}

/** What a diff decides of an update: whether it changes anything, and what by property path (when paths say it all). */
export interface UpdateReview {
  readonly changed: boolean;
  readonly propertyChanges?: PropertyChanges;
}

/**
 * Whether an update of the roster from `olds` to `inputs` changes anything, deciding as `up` decides (the removal
 * budget, the invitation and membership limits, the last-admin rule) and saying what `up` will send and remove.
 */
export async function reviewUpdate<D extends DesiredMembership, L extends LiveMembership>(ctx: RosterContext<D, L>, olds: Props, inputs: RosterInputs<D>): Promise<UpdateReview> {
  try {
    return await judgeUpdate(ctx, olds, inputs);
  } catch (error) {
    // Refused: what it reserved of the shared budgets is given back for the stack's other resources.
    await releaseReservations(ctx, inputs.organizationId);
    throw error;
  }
}

async function judgeUpdate<D extends DesiredMembership, L extends LiveMembership>(ctx: RosterContext<D, L>, olds: Props, inputs: RosterInputs<D>): Promise<UpdateReview> {
  const { model, service } = ctx;
  const settingsChanged = !jsonEqual(storedRosterSettings(model, olds), inputs.settings);
  const liveMembers = isJsonObject(olds.members) ? olds.members : {};
  const livePrivates = isJsonObject(olds.privateMetadata) ? olds.privateMetadata : {};
  const previouslyDeclared = declaredMembersOf(olds);
  const unmanaged = await unmanagedKnownTo(ctx, olds, inputs, previouslyDeclared);

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
  const invitations = invitationChanges(ctx, olds, inputs, livePrivates);
  if (invitations.changed) changed = true;
  // The state does not know of pending invitations sent from elsewhere (a dashboard): one that grants what is
  // declared is adopted by `up`, not sent again, so which invitations `up` sends is asked of the service.
  const livePlan = invitations.toSend.length > 0 ? await invitationPlanOf(ctx, inputs, invitationRecordsOf(olds)) : undefined;
  const toSend = livePlan?.send.map((invitee) => invitee.email) ?? [];
  // An invitation replaced (revoked, then sent again) frees its place before its successor takes one.
  const replaced = livePlan?.revoke.filter((revocation) => revocation.reason === "replaced").length ?? 0;
  ctx.reserveInvitations(inputs.organizationId, toSend.length);
  if (toSend.length > 0) await warn(invitationNotice(service, inputs.organizationId, toSend, inputs.invitationSettings));
  const leaving = departures(undeclared, (m) => m.role, (m) => m.person);
  guardRemovals(service, inputs.organizationId, [...leaving, ...invitations.leaving], inputs.settings.maxRemovals);
  if (inputs.settings.manageMembers) {
    // Who joins, as the state knows the organization; confirmed with a listing before anything is refused (a state
    // written in "ignore" mode does not list the members the roster may now declare).
    const present = new Set([...known.map((member) => member.userId)]);
    let joining = [...inputs.desired.keys()].filter((userId) => !present.has(userId)).length;
    const change = (): HeadCountChange => ({ joining, leaving: leaving.length + invitations.leaving.length + replaced, inviting: toSend.length });
    if (joining > 0 && (await membershipLimit(ctx, inputs.organizationId, change())).length > 0) {
      const live = new Set((await ctx.api().list(inputs.organizationId)).map((member) => member.userId));
      joining = [...inputs.desired.keys()].filter((userId) => !live.has(userId)).length;
    }
    const [overLimit] = await membershipLimit(ctx, inputs.organizationId, change());
    if (overLimit) throw new Error(overLimit.reason);
  }
  // An update is refused without an admin; no update (nothing changed) refuses nothing.
  const admin = changed ? await missingAdmin(ctx, inputs, previouslyDeclared) : undefined;
  if (admin !== undefined) throw new Error(admin);
  // Members the roster never declared show nowhere in the member map the preview prints: their removal is said.
  const neverDeclared = leaving.filter((departure) => departure.reason === "not declared");
  if (neverDeclared.length > 0) await warn(unmanagedRemovalNotice(service, inputs.organizationId, neverDeclared));
  if (!changed) return { changed };
  const reportsUnmanaged = inputs.settings.unmanagedMembers === "report" && undeclared.unmanaged.length > 0;
  const propertyChanges = rosterPropertyChanges(model, olds, inputs, {
    previouslyDeclared,
    removedUnmanaged: undeclared.removeUnmanaged,
    reportsUnmanaged,
    invited: invitations.toSend,
    revokedInvitations: invitations.revoked,
    invitationsOtherwise: invitations.otherwise,
  });
  return { changed, ...(propertyChanges && Object.keys(propertyChanges).length > 0 ? { propertyChanges } : {}) };
}
