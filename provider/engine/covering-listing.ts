// A read of an organization that covers given users at the fewest calls it can tell: a roster that ignores the
// members it does not declare needs only its own, and in an organization of 50,000 reading 20 members through the
// API's user filter costs a call or 20, not every page. Which is cheaper is not known in advance when the service
// does not say how many pages follow (WorkOS): the listing goes on page by page while it has cost less than the
// filtered reads of the users it has not yet found would, then switches, so it never costs more than twice the
// cheaper of the two. Where the service says how many pages follow (Clerk), it picks the cheaper at once.

import type { LiveMembership, MembershipApi } from "./port";

type Reader<L extends LiveMembership> = Pick<MembershipApi<never, L>, "list" | "listPage" | "listUsers" | "usersPerFilteredCall">;

export interface CoveringListing<L> {
  /**
   * The memberships found: every member of the organization when `complete`, else those of the users asked for
   * (members the pages read on the way are not kept: what was not asked for is not reported partly).
   */
  members: L[];
  /** Whether the whole organization was listed. */
  complete: boolean;
  /** Calls made. */
  calls: number;
}

/** The memberships of `userIds` in `organizationId` (all statuses), or the whole organization where that costs less. */
export async function listCovering<L extends LiveMembership>(api: Reader<L>, organizationId: string, userIds: ReadonlySet<string>): Promise<CoveringListing<L>> {
  const { listPage, listUsers } = api;
  if (!listPage || !listUsers) return { members: await api.list(organizationId), complete: true, calls: 0 };
  const perCall = Math.max(1, api.usersPerFilteredCall ?? 1);
  const seen = new Map<string, L>();
  const missing = (): string[] => [...userIds].filter((userId) => !seen.has(userId));
  let calls = 0;
  let after: string | undefined;
  for (;;) {
    const page = await listPage.call(api, organizationId, after);
    calls++;
    for (const member of page.members) seen.set(member.userId, member);
    if (page.next === undefined) return { members: [...seen.values()], complete: true, calls };
    after = page.next;
    const filteredCalls = Math.ceil(missing().length / perCall);
    if (filteredCalls === 0) break;
    // Known: list on only while the rest of the listing costs no more than the filtered reads. Unknown: list on
    // while what the listing has cost is less than the filtered reads would.
    if (page.pagesLeft !== undefined ? page.pagesLeft > filteredCalls : calls >= filteredCalls) break;
  }
  const wanted = missing();
  const found = wanted.length === 0 ? [] : await listUsers.call(api, organizationId, wanted);
  calls += Math.ceil(wanted.length / perCall);
  const members = [...[...seen.values()].filter((member) => userIds.has(member.userId)), ...found.filter((member) => userIds.has(member.userId))];
  return { members, complete: false, calls };
}
