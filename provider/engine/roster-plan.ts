// What an OrganizationRoster apply would do, computed before any write: members to create, converge and remove,
// unmanaged members, and the guards (removal budget, last admin) that refuse a plan before anything is applied.

import { jsonEqual } from "./json";
import type { DesiredMembership, LiveMembership, RosterModel, UnmanagedMode } from "./port";

export interface RosterSettings {
  unmanagedMembers: UnmanagedMode;
  maxRemovals: number;
  adminRoles: string[];
  /** False for a watcher: declared members are managed by per-member resources, only unmanaged ones are handled. */
  manageMembers: boolean;
}

export interface RosterPlan<D, L> {
  create: D[];
  converge: Array<{ live: L; desired: D }>;
  /** Declared before, no longer declared, still live: removed by this apply (when managing members). */
  removeDeclared: L[];
  /** Live and active, never declared. (Inactive and pending memberships grant no access: not unmanaged.) */
  unmanaged: L[];
  /** The unmanaged members this apply removes (mode "remove"). */
  removeUnmanaged: L[];
}

export function planRoster<D extends DesiredMembership, L extends LiveMembership>(
  model: RosterModel<D, L>,
  live: readonly L[],
  desired: ReadonlyMap<string, D>,
  previouslyDeclared: ReadonlySet<string>,
  settings: RosterSettings,
): RosterPlan<D, L> {
  const plan: RosterPlan<D, L> = { create: [], converge: [], removeDeclared: [], unmanaged: [], removeUnmanaged: [] };
  const liveByUser = new Map(live.map((member) => [member.userId, member]));
  if (settings.manageMembers) {
    for (const [userId, want] of desired) {
      const have = liveByUser.get(userId);
      if (!have) plan.create.push(want);
      else if (!sameMember(model, have, want)) plan.converge.push({ live: have, desired: want });
    }
  }
  for (const member of live) {
    if (desired.has(member.userId)) continue;
    if (previouslyDeclared.has(member.userId)) {
      if (settings.manageMembers) plan.removeDeclared.push(member);
      continue;
    }
    if (model.standingOf(member) !== "active") continue;
    plan.unmanaged.push(member);
    if (settings.unmanagedMembers === "remove") plan.removeUnmanaged.push(member);
  }
  return plan;
}

export function sameMember<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>, live: L, desired: D): boolean {
  return jsonEqual(model.entryOf(live), model.desiredEntryOf(desired)) && jsonEqual(model.privateOf(live) ?? {}, model.privateOf(desired) ?? {});
}

/**
 * Refuses a plan that removes more members than allowed or leaves the organization without an admin.
 * `removedByOthers` are declared members dropped from the roster that per-member resources will delete.
 */
export function guardPlan<D extends DesiredMembership, L extends LiveMembership>(
  model: RosterModel<D, L>,
  organizationId: string,
  plan: RosterPlan<D, L>,
  desired: ReadonlyMap<string, D>,
  settings: RosterSettings,
  removedByOthers: readonly string[] = [],
  guardAdmins = true,
): void {
  const leaving = [
    ...plan.removeDeclared.map((m) => `${m.userId} (${model.describe(m)}, no longer declared)`),
    ...plan.removeUnmanaged.map((m) => `${m.userId} (${model.describe(m)}, not declared)`),
    ...removedByOthers.map((userId) => `${userId} (no longer declared)`),
  ];
  if (leaving.length > settings.maxRemovals) {
    throw new Error(
      `${model.membership.service} organization ${organizationId}: this change would remove ${leaving.length} members, more than maxRemovals (${settings.maxRemovals}); nobody was removed. ` +
        `Who would go: ${leaving.join("; ")}. If that is intended, raise maxRemovals to at least ${leaving.length} for this organization; if not, check the roster file for a truncated or mis-merged list`,
    );
  }
  if (!guardAdmins) return;
  const removed = new Set(plan.removeUnmanaged.map((m) => m.userId));
  const keptUnmanaged = plan.unmanaged.filter((m) => !removed.has(m.userId));
  const anyAdmin = [...desired.values()].some((m) => model.isAdmin(m, settings.adminRoles)) || keptUnmanaged.some((m) => model.isAdmin(m, settings.adminRoles));
  if (!anyAdmin) {
    throw new Error(
      `${model.membership.service} organization ${organizationId}: this change would leave it without an admin (a member with ${settings.adminRoles.join(" or ")}); nothing was applied. Declare at least one admin in the roster`,
    );
  }
}

/**
 * The last-admin rule for removals that cannot be refused (a delete: destroy, or a member's resource dropped from
 * the program): of the members `removing` would take from `live`, the admin to leave in place so the organization
 * keeps one. Undefined when an admin stays anyway, or when none of those leaving is an admin.
 */
export function lastAdminToKeep<L extends LiveMembership>(live: readonly L[], removing: readonly L[], isAdmin: (member: L) => boolean): L | undefined {
  const leaving = new Set(removing.map((member) => member.userId));
  if (live.some((member) => !leaving.has(member.userId) && isAdmin(member))) return undefined;
  return [...removing].filter(isAdmin).sort((a, b) => a.userId.localeCompare(b.userId))[0];
}

/** What is said when a delete leaves the last admin in place. */
export function lastAdminKeptMessage(service: string, member: LiveMembership, role: string): string {
  return `${service} organization ${member.organizationId}: ${member.userId} (${role}) is its last admin, so it was left in place and only dropped from this stack; an organization is never left without an admin. To remove it, first give another member an admin role (declare one), then remove it`;
}
