// What `up` does to an organization's roster: one listing, the plan guarded before any write, per-member writes (adds
// and updates first, removals after, judged against what the adds left), invitations last; partial failures kept in
// state and named, so the next `up` continues where this one stopped.

import { status, warn } from "./engine-log";
import { MembershipExistsError, PartialApplyError, type DesiredMembership, type LiveMembership } from "./port";
import { named, rosterPeople } from "./people";
import { ResourceInitError } from "./protocol";
import { headCountChange, listingScope, membershipLimit, releaseReservations, runLimited, type RosterContext } from "./roster-context";
import type { RosterInputs } from "./roster-inputs";
import { applyInvitations, invitationPlanOf } from "./roster-invitation-steps";
import { invitationDepartures, type InvitationRecords } from "./roster-invitations";
import { guardPlan, lastAdminKeptMessage, lastAdminToKeep, planRoster } from "./roster-plan";
import { rosterState } from "./roster-state";

type Props = Record<string, unknown>;

/**
 * Lists the organization, guards the plan, applies it; on failures keeps what was applied and names who failed.
 * A create takes the listing its check made moments before (`RosterContext.listNamed`). A delete cannot be refused,
 * so instead of refusing a plan that leaves no admin, the last admin is left in place (and that is said).
 */
export async function applyRoster<D extends DesiredMembership, L extends LiveMembership>(ctx: RosterContext<D, L>, inputs: RosterInputs<D>, previouslyDeclared: ReadonlySet<string>, previouslyInvited: InvitationRecords = {}, operation: "create" | "update" | "delete" = "update"): Promise<Props> {
  const { model, service } = ctx;
  const deleting = operation === "delete";
  const backend = ctx.api();
  const live = await ctx.listNamed(inputs.organizationId, listingScope(model, inputs.settings, inputs.desired, previouslyDeclared, !deleting), operation === "create" ? "create" : undefined);
  const plan = planRoster(model, live, inputs.desired, previouslyDeclared, inputs.settings);
  const invitationPlan = await invitationPlanOf(ctx, inputs, previouslyInvited);
  try {
    ctx.reserveInvitations(inputs.organizationId, invitationPlan.send.length);
    const [overLimit] = inputs.settings.manageMembers ? await membershipLimit(ctx, inputs.organizationId, headCountChange(plan, invitationPlan)) : [];
    if (overLimit) throw new Error(overLimit.reason);
    guardPlan(model, inputs.organizationId, plan, inputs.desired, inputs.settings, !deleting, invitationDepartures(invitationPlan.revoke));
  } catch (error) {
    await releaseReservations(ctx, inputs.organizationId);
    throw error;
  }
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
  await runLimited(progress?.done, [
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
    progress?.forgo();
    failures.push(`${who(lastAdmin.userId)} (remove): left in place, it is the organization's last active admin (${model.describe(lastAdmin)}): no declared admin is an active member yet; run \`pulumi up\` again once one is`);
  }
  await runLimited(progress?.done, removals.map((member) => () => backend.remove(member, model.removal(member)).then(() => void result.delete(member.userId), record(member.userId, "remove"))));

  const watched = inputs.settings.manageMembers ? {} : Object.fromEntries([...inputs.invitees].map(([email, d]) => [email, model.desiredEntryOf(d)]));
  const invitations = { ...(await applyInvitations(ctx, inputs, invitationPlan, previouslyInvited, failures)), settings: inputs.invitationSettings as Props, watched };

  // Members that failed to be removed stay declared-as-before so the next run retries them.
  const declared = new Set(inputs.desired.keys());
  for (const member of plan.removeDeclared) if (result.has(member.userId)) declared.add(member.userId);
  const state = rosterState(model, inputs.organizationId, [...result.values()], declared, inputs.settings, inputs.emails, invitations);
  if (failures.length > 0) {
    const message = `${service} organization ${inputs.organizationId}: ${failures.length} member change(s) failed, the others were applied and recorded; run \`pulumi up\` again after fixing: ${failures.join(" | ")}`;
    // The engine prints the reasons, not the message: the last one says what happened to the rest and what to do.
    const rest = `${service} organization ${inputs.organizationId}: the other member changes were applied and recorded; run \`pulumi up\` again after fixing the above`;
    throw new ResourceInitError(message, inputs.organizationId, state, [...failures, rest]);
  }
  return state;
}

/** Member changes from which a roster write reports its progress (below that it is over before anyone looks). */
const PROGRESS_FROM = 50;

/**
 * Counts a roster's member writes and says how far they are, through the engine's status line ("412/1000 member
 * changes written"), at every tenth of the way: a long `up` shows progress instead of a bare "creating".
 */
export function writeProgress(service: string, organizationId: string, planned: number): { done: () => void; forgo: () => void } | undefined {
  if (planned < PROGRESS_FROM) return undefined;
  const step = Math.ceil(planned / 10);
  let total = planned;
  let written = 0;
  // One message after the other, so the status line ends on the last count.
  let said = Promise.resolve();
  const say = (): void => {
    const message = `${service} organization ${organizationId}: ${written}/${total} member changes written`;
    said = said.then(() => status(message));
  };
  return {
    done: () => {
      written++;
      if (written % step === 0 || written === total) say();
    },
    // A planned change that will not be written after all (the last admin, kept): the count ends on what was.
    forgo: () => {
      total--;
      if (written === total) say();
    },
  };
}
