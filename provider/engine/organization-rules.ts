// What an organization allows, checked by `check` (so by `pulumi preview`) against what the service says, one read per
// organization and process: the roles a declaration names exist, and the declared members fit the organization's
// membership limit. Without it, `up` is the first to refuse them, after other writes went through.

import { STAND_IN_USER_ID } from "./email";
import type { MembershipProvider } from "./membership-provider";
import type { DesiredMembership, InputProblem, LiveMembership, MembershipModel, OrganizationRules } from "./port";
import { membershipInputs } from "./membership-invitations";
import { checkFailures, withoutProvider } from "./protocol";
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

/**
 * The membership limit: declaring more members (pending invitations included, as the service counts them) than the
 * organization may hold would fail part-way through `up`.
 */
export function membershipLimitProblems(service: string, organizationId: string, rules: OrganizationRules, declared: number, property: string): InputProblem[] {
  if (rules.membershipLimit === undefined || declared <= rules.membershipLimit) return [];
  return [
    {
      property,
      reason: `${service} organization ${organizationId} may hold at most ${rules.membershipLimit} memberships, pending invitations included (max_allowed_memberships), and ${declared} are declared; raise the limit in ${service}, or declare fewer`,
    },
  ];
}

/**
 * A membership resource's check, followed by the organization's rules for the roles it declares (an invitee's too).
 * Skipped while inputs are unknown (a preview of an organization not created yet) or already refused.
 */
export function withOrganizationRules<D extends DesiredMembership, L extends LiveMembership>(
  provider: MembershipProvider,
  model: MembershipModel<D, L>,
  rulesOf: (organizationId: string) => Promise<OrganizationRules>,
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
      return problems.length > 0 ? { inputs: news, failures: checkFailures(problems) } : result;
    },
  };
}
