// What every part of an OrganizationRoster's lifecycle works with: the service's model, its APIs as the roster uses
// them (every write verified against the declaration, the organization's members named), the instance's invitation
// budget, and how the roster's writes run. Built once per provider.

import type { ProviderOptions } from "./membership-provider";
import { membershipLimitProblems, releaseMembershipReservation, type HeadCountChange } from "./organization-rules";
import type { DesiredMembership, InputProblem, InvitationApi, LiveMembership, MembershipApi, RosterModel } from "./port";
import { reserveInvitations } from "./invitation-budget";
import { declarationDigest, type DeclarationDigest, type InvitationPlan } from "./roster-invitations";
import type { RosterPlan } from "./roster-plan";
import { verifiedApi } from "./verify-kept";

export interface RosterContext<D extends DesiredMembership, L extends LiveMembership> {
  readonly model: RosterModel<D, L>;
  /** The service's name as messages say it. */
  readonly service: string;
  /** The membership API, every write checked against the declaration: what the service kept is what gets recorded. */
  readonly api: () => MembershipApi<D, L>;
  /** The organization's members, each with who it is (for a service whose listing does not say, one more listing). */
  readonly listNamed: (organizationId: string) => Promise<L[]>;
  readonly usersByEmail: (emails: readonly string[]) => Promise<Map<string, string[]>>;
  readonly invitationsApi: () => InvitationApi<D>;
  /** Reserves what sending `sending` invitations takes of the instance's hourly budget, or refuses (nothing sent). */
  readonly reserveInvitations: (organizationId: string, sending: number) => void;
  /** What an invitee's invitation was declared with privately, as a keyed digest (a kept-otherwise record keeps it). */
  readonly digest: DeclarationDigest<D>;
}

export function rosterContext<D extends DesiredMembership, L extends LiveMembership>(
  model: RosterModel<D, L>,
  serviceApi: () => MembershipApi<D, L>,
  options: ProviderOptions,
  invitationApi: (() => InvitationApi<D>) | undefined,
): RosterContext<D, L> {
  const service = model.membership.service;
  const api = (): MembershipApi<D, L> => verifiedApi(model.membership, serviceApi());
  const invitationsApi = (): InvitationApi<D> => {
    if (!invitationApi) throw new Error(`${service} organization rosters cannot send invitations`);
    return invitationApi();
  };
  return {
    model,
    service,
    api,
    listNamed: async (organizationId) => {
      const backend = api();
      const [live, people] = await Promise.all([backend.list(organizationId), backend.people?.(organizationId)]);
      return people === undefined ? live : live.map((member) => (member.person === undefined && people.has(member.userId) ? { ...member, person: people.get(member.userId) } : member));
    },
    usersByEmail: (emails) => api().usersByEmail(emails),
    invitationsApi,
    reserveInvitations: (organizationId, sending) => reserveInvitations(model, invitationsApi, organizationId, `the roster of ${organizationId}`, sending),
    digest: declarationDigest(model, options.privateValueDigest),
  };
}

/** What the organization's membership limit refuses of a roster's plan (reserved for the roster otherwise). */
export async function membershipLimit<D extends DesiredMembership, L extends LiveMembership>(ctx: RosterContext<D, L>, organizationId: string, change: HeadCountChange): Promise<InputProblem[]> {
  const { service } = ctx;
  const rules = await ctx.api().organizationRules(organizationId);
  return membershipLimitProblems(service, organizationId, rules, `the roster of ${organizationId}`, change, "members");
}

/** What a roster's plan does to the organization's head count: members created, removed, invitations revoked and sent. */
export function headCountChange<D, L>(plan: RosterPlan<D, L>, invitations: InvitationPlan<D>): HeadCountChange {
  return { joining: plan.create.length, leaving: plan.removeDeclared.length + plan.removeUnmanaged.length + invitations.revoke.length, inviting: invitations.send.length };
}

/** Gives back what the roster of `organizationId` reserved of the shared budgets: its plan was refused. */
export async function releaseReservations<D extends DesiredMembership, L extends LiveMembership>(ctx: RosterContext<D, L>, organizationId: string): Promise<void> {
  ctx.reserveInvitations(organizationId, 0);
  const rules = await ctx.api().organizationRules(organizationId).catch(() => undefined);
  if (rules) releaseMembershipReservation(rules, `the roster of ${organizationId}`);
}

/** Writes in flight at once for one roster; the shared rate limiter holds them back further. */
const WRITE_CONCURRENCY = 8;

/** Runs `tasks`, WRITE_CONCURRENCY at a time, calling `onDone` after each. */
export async function runLimited(onDone: (() => void) | undefined, tasks: Array<() => Promise<void>>): Promise<void> {
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
