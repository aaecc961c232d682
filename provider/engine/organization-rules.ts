// What an organization allows, checked by `check` (so by `pulumi preview`) against what the service says, one read per
// organization and process: the roles a declaration names exist, and the declared members fit the organization's
// membership limit. Without it, `up` is the first to refuse them, after other writes went through.

import { STAND_IN_USER_ID } from "./email";
import type { MembershipProvider } from "./membership-provider";
import type { DesiredMembership, InputProblem, LiveMembership, MembershipModel, OrganizationRules } from "./port";
import { membershipInputs } from "./membership-invitations";
import { checkFailures, withoutProvider } from "./protocol";
import { reservationsOf } from "./reservations";
import { containsUnknown } from "./validation";

/** Where roles are declared: `where` names the place for the reader (e.g. `members.jane@acme.com`). */
export interface DeclaredRoles {
  where: string;
  /** The input property a refusal is about. */
  property: string;
  roles: readonly string[];
}

/** Places named per unknown role, and roles named as the organization's, before "and N more". */
const NAMED = 10;

function listed(items: readonly string[], limit = NAMED): string {
  return items.length <= limit ? items.join(", ") : `${items.slice(0, limit).join(", ")} and ${items.length - limit} more`;
}

/**
 * One problem per role that the organization cannot grant, naming where it is declared and the roles it has: a typo
 * (`org:admn`) or a role not created yet in this instance is refused before anything is written.
 */
export function unknownRoleProblems(service: string, organizationId: string, rules: OrganizationRules, declared: readonly DeclaredRoles[]): InputProblem[] {
  const known = new Set(rules.roles);
  const unknown = new Map<string, { property: string; where: string[] }>();
  for (const { where, property, roles } of declared) {
    for (const role of roles) {
      if (known.has(role)) continue;
      const entry = unknown.get(role) ?? { property, where: [] };
      entry.where.push(where);
      unknown.set(role, entry);
    }
  }
  const theirs = rules.roles.length === 0 ? "none" : listed([...rules.roles].sort(), 20);
  return [...unknown].map(([role, { property, where }]) => ({
    property,
    reason: `${listed(where)}: ${service} organization ${organizationId} has no role ${role} (its roles: ${theirs}); fix the role, or create it in ${service} first`,
  }));
}

/** What a plan does to an organization's head count: memberships created, then removals and revocations, then invitations sent. */
export interface HeadCountChange {
  joining: number;
  leaving: number;
  inviting: number;
}

/**
 * The membership limit, as `up` meets it: the service counts memberships and pending invitations, and refuses a
 * membership or an invitation past its limit. Memberships are created before anyone is removed, invitations sent
 * after, so a plan is refused when its new memberships, on top of what the organization holds and what the stack's
 * other resources of it plan to add (reserved here under `who`), exceed the limit, or when its invitations do once
 * its removals are done. A plan that adds nobody is never refused: an organization over a lowered limit can still
 * change roles and remove people. Otherwise the reservation is recorded (`releaseMembershipReservation` gives it back).
 */
export function membershipLimitProblems(service: string, organizationId: string, rules: OrganizationRules, who: string, change: HeadCountChange, property: string): InputProblem[] {
  const limit = rules.membershipLimit;
  if (limit === undefined || rules.occupied === undefined) return [];
  const reservations = reservationsOf(rules, "memberships");
  const others = reservations.othersThan(who);
  const peak = rules.occupied + others + change.joining;
  const after = peak - change.leaving + change.inviting;
  const over = (change.joining > 0 && peak > limit) || (change.inviting > 0 && after > limit);
  if (!over) {
    // The most this plan adds at any moment: its new memberships, or what its invitations add once its removals are done.
    reservations.set(who, Math.max(change.joining, change.joining - change.leaving + change.inviting));
    return [];
  }
  const adding = [change.joining > 0 ? `${change.joining} new membership(s)` : "", change.inviting > 0 ? `${change.inviting} invitation(s)` : ""].filter(Boolean).join(" and ");
  const besides = others > 0 ? `, the stack's other resources add ${others} more (${reservations.describeOthersThan(who)})` : "";
  return [
    {
      property,
      reason:
        `${service} organization ${organizationId} may hold at most ${limit} memberships, pending invitations included (max_allowed_memberships): it holds ${rules.occupied}${besides}, and this change adds ${adding}` +
        `${change.leaving > 0 ? ` while removing or revoking ${change.leaving} only after its new memberships are created` : ""}; nothing was written. Raise the limit in ${service}, or add fewer people (remove first, in an earlier \`pulumi up\`)`,
    },
  ];
}

/** Gives back what `who` reserved of the organization's membership limit (its plan was refused, or adds nobody now). */
export function releaseMembershipReservation(rules: OrganizationRules, who: string): void {
  reservationsOf(rules, "memberships").set(who, 0);
}

/**
 * A membership resource's check, followed by the organization's rules for the roles it declares (an invitee's too),
 * and, for a resource new to the stack (no old inputs) that adds someone (a user not a member yet, an invitee), its membership limit,
 * counted with every other resource of the stack that adds someone to the organization. Skipped while inputs are
 * unknown (a preview of an organization not created yet) or already refused. `isMember`: whether the user is a member
 * now (a preview's listing).
 */
export function withOrganizationRules<D extends DesiredMembership, L extends LiveMembership>(
  provider: MembershipProvider,
  model: MembershipModel<D, L>,
  rulesOf: (organizationId: string) => Promise<OrganizationRules>,
  isMember: (organizationId: string, userId: string) => Promise<boolean> = () => Promise.resolve(false),
): MembershipProvider {
  return {
    ...provider,
    async check(olds, news) {
      const result = await provider.check(olds, news);
      if ((result.failures?.length ?? 0) > 0 || Object.values(result.inputs).some(containsUnknown)) return result;
      // An invitee (email, no user id yet) is validated as its invitation is: with the stand-in user id.
      const { email: _email, ...membership } = membershipInputs(withoutProvider(result.inputs));
      const validated = model.validate({ ...membership, userId: membership.userId ?? STAND_IN_USER_ID });
      if (!validated.ok) return result;
      const desired = validated.value;
      const rules = await rulesOf(desired.organizationId);
      const { property, roles } = model.rolesOf(desired);
      const problems = unknownRoleProblems(model.service, desired.organizationId, rules, [{ where: property, property, roles }]);
      // New to the stack: no old inputs (an existing one added its member, or sent its invitation, already).
      if (problems.length === 0 && rules.membershipLimit !== undefined && olds.organizationId === undefined) {
        const invitee = membership.userId === undefined;
        const joining = invitee || (await isMember(desired.organizationId, desired.userId)) ? 0 : 1;
        const who = `${invitee ? String(result.inputs.email) : desired.userId} in ${desired.organizationId}`;
        problems.push(...membershipLimitProblems(model.service, desired.organizationId, rules, who, { joining, leaving: 0, inviting: invitee ? 1 : 0 }, "organizationId"));
      }
      return problems.length > 0 ? { inputs: news, failures: checkFailures(problems) } : result;
    },
  };
}
