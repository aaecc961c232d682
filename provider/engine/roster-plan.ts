// What an OrganizationRoster apply would do, computed before any write: members to create, converge and remove,
// unmanaged members, and the guards (removal budget, last admin) that refuse a plan before anything is applied.

import { jsonEqual } from "./json";
import { named, personLabel } from "./people";
import type { DesiredMembership, LiveMembership, RosterModel, UnmanagedMode } from "./port";

export interface RosterSettings {
  unmanagedMembers: UnmanagedMode;
  maxRemovals: number;
  adminRoles: string[];
  /** False for a watcher: declared members are managed by per-member resources, only unmanaged ones are handled. */
  manageMembers: boolean;
  /** What to do with a member named by an email that matches no user: refuse ("error") or invite them. */
  missingUsers: MissingUsersMode;
}

/** The values of `missingUsers`, the default first: refuse a member whose email matches no user, or invite them. */
export const MISSING_USERS_MODES = ["error", "invite"] as const;

export type MissingUsersMode = (typeof MISSING_USERS_MODES)[number];

export function isMissingUsersMode(value: unknown): value is MissingUsersMode {
  return (MISSING_USERS_MODES as readonly unknown[]).includes(value);
}

/** What a check says `missingUsers` must be: every mode, quoted, with what it means for that resource. */
export function missingUsersChoices(meaning: Record<MissingUsersMode, string>): string {
  return MISSING_USERS_MODES.map((mode) => `"${mode}" (${meaning[mode]})`).join(" or ");
}

/** How many members one change may remove from an organization when its roster does not say (`maxRemovals`). */
export const DEFAULT_MAX_REMOVALS = 5;

/** The roster settings a roster leaves out get (adminRoles' default is the service's: RosterModel.defaultAdminRoles). */
export const ROSTER_SETTING_DEFAULTS = {
  unmanagedMembers: "report",
  maxRemovals: DEFAULT_MAX_REMOVALS,
  manageMembers: true,
  missingUsers: "error",
} as const satisfies Omit<RosterSettings, "adminRoles">;

/**
 * What an apply does about the members the roster does not declare (or no longer does), from the members known to be
 * in the organization: the live listing when applying, the stored state when diffing (no API call). Both go through
 * `undeclaredMembers` and `departures`, so a preview counts removals as the apply does.
 */
export interface Undeclared<M> {
  /**
   * Declared before, no longer declared, still members: removed by this apply when it manages members, by their
   * per-member resources when it is a watcher. Either way they leave the organization.
   */
  dropped: M[];
  /** Active and never declared. (Inactive and pending memberships grant no access: not unmanaged.) */
  unmanaged: M[];
  /** The unmanaged members this apply removes (mode "remove"). */
  removeUnmanaged: M[];
}

export interface RosterPlan<D, L> extends Undeclared<L> {
  create: D[];
  converge: Array<{ live: L; desired: D }>;
  /** The dropped members this apply removes itself: all of them when it manages members, none for a watcher. */
  removeDeclared: L[];
}

/** Sorts the members known to be in the organization that the roster does not declare now; `isActive` tells its standing. */
export function undeclaredMembers<M extends { userId: string }>(
  members: readonly M[],
  desired: { has(userId: string): boolean },
  previouslyDeclared: ReadonlySet<string>,
  unmanagedMode: UnmanagedMode,
  isActive: (member: M) => boolean,
): Undeclared<M> {
  const undeclared: Undeclared<M> = { dropped: [], unmanaged: [], removeUnmanaged: [] };
  for (const member of members) {
    if (desired.has(member.userId)) continue;
    if (previouslyDeclared.has(member.userId)) undeclared.dropped.push(member);
    else if (isActive(member)) {
      undeclared.unmanaged.push(member);
      if (unmanagedMode === "remove") undeclared.removeUnmanaged.push(member);
    }
  }
  return undeclared;
}

export function planRoster<D extends DesiredMembership, L extends LiveMembership>(
  model: RosterModel<D, L>,
  live: readonly L[],
  desired: ReadonlyMap<string, D>,
  previouslyDeclared: ReadonlySet<string>,
  settings: RosterSettings,
): RosterPlan<D, L> {
  const create: D[] = [];
  const converge: Array<{ live: L; desired: D }> = [];
  const liveByUser = new Map(live.map((member) => [member.userId, member]));
  if (settings.manageMembers) {
    for (const [userId, want] of desired) {
      const have = liveByUser.get(userId);
      if (!have) create.push(want);
      else if (!sameMember(model, have, want)) converge.push({ live: have, desired: want });
    }
  }
  const undeclared = undeclaredMembers(live, desired, previouslyDeclared, settings.unmanagedMembers, (member) => model.standingOf(member) === "active");
  return { create, converge, ...undeclared, removeDeclared: settings.manageMembers ? [...undeclared.dropped] : [] };
}

export function sameMember<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>, live: L, desired: D): boolean {
  return jsonEqual(model.entryOf(live), model.desiredEntryOf(desired)) && jsonEqual(model.privateOf(live) ?? {}, model.privateOf(desired) ?? {});
}

/** A member an apply would take from the organization: its role(s) when known, and why it goes. */
export interface Departure {
  userId: string;
  /** Who it is ("Jane Doe <jane@acme.com>"), when known. */
  person?: string;
  role?: string;
  reason: "no longer declared" | "not declared";
}

/**
 * Who leaves the organization: the count the removal budget (`maxRemovals`) is about. By user id within each reason,
 * so a diff (from the state) and an apply (from the listing) name them in the same order.
 */
export function departures<M extends { userId: string }>(
  undeclared: Undeclared<M>,
  roleOf: (member: M) => string | undefined,
  personOf: (member: M) => string | undefined = () => undefined,
): Departure[] {
  const departing = (members: readonly M[], reason: Departure["reason"]): Departure[] =>
    [...members]
      .sort((a, b) => a.userId.localeCompare(b.userId))
      .map((member) => {
        const role = roleOf(member);
        const person = personOf(member);
        return { userId: member.userId, ...(person === undefined ? {} : { person }), ...(role === undefined ? {} : { role }), reason };
      });
  return [...departing(undeclared.dropped, "no longer declared"), ...departing(undeclared.removeUnmanaged, "not declared")];
}

/**
 * The removal budget: refuses, before anything is written, a change that would take more than `maxRemovals` members
 * from the organization (a truncated or mis-merged roster file looks like many removals).
 */
export function guardRemovals(service: string, organizationId: string, leaving: readonly Departure[], maxRemovals: number, why?: string): void {
  if (leaving.length <= maxRemovals) return;
  const who = leaving.map((m) => `${named(m.userId, m.person)} (${m.role === undefined ? "" : `${m.role}, `}${m.reason})`);
  const advice = why ?? `If that is intended, raise maxRemovals to at least ${leaving.length} for this organization; if not, check the roster file for a truncated or mis-merged list`;
  throw new Error(
    `${service} organization ${organizationId}: this change would remove ${leaving.length} members, more than maxRemovals (${maxRemovals}); nobody was removed. ` +
      `Who would go: ${who.join("; ")}. ${why === undefined ? "" : "Why: "}${advice}`,
  );
}

/** What a preview says of the members a change removes that its member map does not show (never declared). */
export function unmanagedRemovalNotice(service: string, organizationId: string, leaving: readonly Departure[]): string {
  const who = leaving.map((m) => `${named(m.userId, m.person)}${m.role === undefined ? "" : ` (${m.role})`}`);
  return `${service} organization ${organizationId}: \`pulumi up\` will remove ${leaving.length} member(s) the roster does not declare (unmanagedMembers: remove): ${who.join(", ")}. To keep someone, add them to the roster or set unmanagedMembers: report`;
}

/**
 * What a preview says when `up` will adopt existing members and change them: adoption converges each to what the
 * declaration says, so a role, or a metadata key the file does not declare, changes. Names keys, never values.
 */
export function adoptionNotice(service: string, organizationId: string, changed: ReadonlyArray<{ who: string; changes: readonly string[] }>): string {
  const each = changed.map(({ who, changes }) => `${who}: ${changes.join("; ")}`);
  return `${service} organization ${organizationId}: \`pulumi up\` adopts ${changed.length} existing member(s) and changes them to what is declared: ${each.join(" | ")}. To keep a role or a metadata key as it is, declare it`;
}

/** Refuses a plan that removes more members than allowed (`guardRemovals`) or leaves the organization without an admin. */
export function guardPlan<D extends DesiredMembership, L extends LiveMembership>(
  model: RosterModel<D, L>,
  organizationId: string,
  plan: RosterPlan<D, L>,
  desired: ReadonlyMap<string, D>,
  settings: RosterSettings,
  guardAdmins = true,
  /** Other departures the same budget covers (pending invitations revoked). */
  alsoLeaving: readonly Departure[] = [],
): void {
  guardRemovals(model.membership.service, organizationId, [...departures(plan, (member) => model.describe(member), (member) => personLabel(member.person)), ...alsoLeaving], settings.maxRemovals);
  if (!guardAdmins) return;
  const problem = missingAdminProblem(model, organizationId, desired, plan, settings);
  if (problem !== undefined) throw new Error(problem);
}

/** Whether a declared member holds one of the roster's admin roles: the last-admin rule needs no listing then. */
export function declaresAdmin<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>, desired: ReadonlyMap<string, D>, settings: Pick<RosterSettings, "adminRoles">): boolean {
  return [...desired.values()].some((member) => model.isAdmin(member, settings.adminRoles));
}

/**
 * The last-admin rule for a change: what is wrong when no declared member holds an admin role and no unmanaged
 * member the change keeps does either; undefined when one does. A preview and an apply both ask it.
 */
export function missingAdminProblem<D extends DesiredMembership, L extends LiveMembership>(
  model: RosterModel<D, L>,
  organizationId: string,
  desired: ReadonlyMap<string, D>,
  undeclared: Pick<Undeclared<L>, "unmanaged" | "removeUnmanaged">,
  settings: Pick<RosterSettings, "adminRoles">,
): string | undefined {
  const removed = new Set(undeclared.removeUnmanaged.map((m) => m.userId));
  const keptUnmanaged = undeclared.unmanaged.filter((m) => !removed.has(m.userId));
  const anyAdmin = declaresAdmin(model, desired, settings) || keptUnmanaged.some((m) => model.isAdmin(m, settings.adminRoles));
  if (anyAdmin) return undefined;
  return `${model.membership.service} organization ${organizationId}: this change would leave it without an admin (a member with ${settings.adminRoles.join(" or ")}); nothing was applied. Declare at least one admin in the roster`;
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
  return `${service} organization ${member.organizationId}: ${named(member.userId, personLabel(member.person))} (${role}) is its last admin, so it was left in place and only dropped from this stack; an organization is never left without an admin. To remove it, first give another member an admin role (declare one), then remove it`;
}
