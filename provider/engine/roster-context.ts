// What every part of an OrganizationRoster's lifecycle works with: the service's model, its APIs as the roster uses
// them (every write verified against the declaration, the organization's members named), the instance's invitation
// budget, and how the roster's writes run. Built once per provider.

import type { ProviderOptions } from "./membership-provider";
import { membershipLimitProblems, releaseMembershipReservation, type HeadCountChange } from "./organization-rules";
import { listCovering, namesCovering } from "./covering-listing";
import type { DesiredMembership, InputProblem, InvitationApi, LiveMembership, MembershipApi, Person, RosterModel } from "./port";
import { reserveInvitations } from "./invitation-budget";
import { declarationDigest, type DeclarationDigest, type InvitationPlan } from "./roster-invitations";
import { declaresAdmin, type RosterPlan, type RosterSettings } from "./roster-plan";
import { verifiedApi } from "./verify-kept";

export interface RosterContext<D extends DesiredMembership, L extends LiveMembership> {
  readonly model: RosterModel<D, L>;
  /** The service's name as messages say it. */
  readonly service: string;
  /** The membership API, every write checked against the declaration: what the service kept is what gets recorded. */
  readonly api: () => MembershipApi<D, L>;
  /**
   * The organization's members, each with who it is (for a service whose listing does not say, one more listing)
   * where `scope` (see `listingScope`) names them; with its `covering`, those of these users, or everyone where that
   * costs fewer calls. `handOver`: the check of a roster new to the organization keeps its listing for the create the
   * engine runs right after it, which takes it instead of listing again: only if it is the organization's next read
   * in this process, with the same scope, within CHECK_LISTING_STANDS_MS. Any other read drops it.
   */
  readonly listNamed: (organizationId: string, scope?: ListingScope, handOver?: "check" | "create") => Promise<L[]>;
  readonly usersByEmail: (emails: readonly string[]) => Promise<Map<string, string[]>>;
  readonly invitationsApi: () => InvitationApi<D>;
  /** Reserves what sending `sending` invitations takes of the instance's hourly budget, or refuses (nothing sent). */
  readonly reserveInvitations: (organizationId: string, sending: number) => void;
  /** What an invitee's invitation was declared with privately, as a keyed digest (a kept-otherwise record keeps it). */
  readonly digest: DeclarationDigest<D>;
}

/**
 * How long a new roster's check's listing stands for its create's. The engine creates a resource as soon as its check
 * passes, so the create comes moments later, in the same provider process; an older listing is not taken. Every write
 * is still verified against what the service kept.
 */
export const CHECK_LISTING_STANDS_MS = 10_000;

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
  const handedOver = new Map<string, { scope: ListingScope; live: L[]; at: number }>();
  const sameSet = (a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): boolean =>
    a === undefined || b === undefined ? a === b : a.size === b.size && [...a].every((userId) => b.has(userId));
  const sameScope = (a: ListingScope, b: ListingScope): boolean => sameSet(a.covering, b.covering) && sameSet(a.naming, b.naming);
  const listFresh = async (organizationId: string, { covering, naming }: ListingScope): Promise<L[]> => {
    const backend = api();
    let live: L[];
    let people: Map<string, Person> | undefined;
    if (naming === undefined) [live, people] = await Promise.all([backend.list(organizationId), backend.people?.(organizationId)]);
    else {
      // Where the listing does not say who members are and its first page is mostly the declared members with more
      // to follow, the names are read beside the rest of it: a roster declaring most of a large organization waits
      // for one paged listing, not two after each other.
      let namesBeside: Promise<Map<string, Person>> | undefined;
      const onFirstPage = (first: readonly L[], more: boolean): void => {
        const declared = first.filter((member) => member.person === undefined && naming.has(member.userId)).length;
        if (more && backend.peoplePage && declared * 2 >= first.length && declared > 0) namesBeside = namesCovering(backend, organizationId, naming, true);
      };
      live = covering === undefined ? await backend.list(organizationId) : (await listCovering(backend, organizationId, covering, onFirstPage)).items;
      // Only those in scope are named: nobody else is reported.
      const unnamed = new Set(live.filter((member) => member.person === undefined && naming.has(member.userId)).map((member) => member.userId));
      people = namesBeside ? await namesBeside : undefined;
      const left = new Set([...unnamed].filter((userId) => !people?.has(userId)));
      if (left.size > 0) people = new Map([...(people ?? []), ...(await namesCovering(backend, organizationId, left))]);
    }
    const names = people;
    if (names === undefined) return live;
    return live.map((member) => (member.person === undefined && names.has(member.userId) && (naming === undefined || naming.has(member.userId)) ? { ...member, person: names.get(member.userId) } : member));
  };
  return {
    model,
    service,
    api,
    listNamed: async (organizationId, scope = {}, handOver) => {
      const now = Date.now();
      for (const [id, kept] of handedOver) if (now - kept.at > CHECK_LISTING_STANDS_MS) handedOver.delete(id);
      const kept = handedOver.get(organizationId);
      handedOver.delete(organizationId);
      if (handOver === "create" && kept !== undefined && sameScope(kept.scope, scope)) return kept.live;
      const live = await listFresh(organizationId, scope);
      if (handOver === "check") handedOver.set(organizationId, { scope, live, at: Date.now() });
      return live;
    },
    usersByEmail: (emails) => api().usersByEmail(emails),
    invitationsApi,
    reserveInvitations: (organizationId, sending) => reserveInvitations(model, invitationsApi, organizationId, `the roster of ${organizationId}`, sending),
    digest: declarationDigest(model, options.privateValueDigest),
  };
}

/** Whom a roster's listing of an organization must cover, and whom it must name (undefined: everyone). */
export interface ListingScope {
  readonly covering?: ReadonlySet<string>;
  readonly naming?: ReadonlySet<string>;
}

/**
 * The scope of a roster's listing of the organization. In "ignore" mode nobody undeclared is reported, counted or
 * removed, so only the users declared now (`desired`) or before (`alsoDeclared`) are named, and only they need be
 * listed — unless the last-admin rule must look for an admin among the others: when the listing guards admins
 * (`guardsAdmins`) and no declared member holds an admin role, everyone is listed (but still only they are named).
 */
export function listingScope<D extends DesiredMembership, L extends LiveMembership>(
  model: RosterModel<D, L>,
  settings: Pick<RosterSettings, "unmanagedMembers" | "adminRoles">,
  desired: ReadonlyMap<string, D>,
  alsoDeclared: Iterable<string>,
  guardsAdmins: boolean,
): ListingScope {
  if (settings.unmanagedMembers !== "ignore") return {};
  const declared = new Set([...desired.keys(), ...alsoDeclared]);
  if (guardsAdmins && !declaresAdmin(model, desired, settings)) return { naming: declared };
  return { covering: declared, naming: declared };
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
