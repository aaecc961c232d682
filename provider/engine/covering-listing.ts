// A read of an organization that covers given users at the fewest calls it can tell: a roster that ignores the
// members it does not declare needs only its own, and in an organization of 50,000 reading 20 members through the
// API's user filter costs a call or 20, not every page. Which is cheaper is not known in advance when the service
// does not say how many pages follow (WorkOS): the listing goes on page by page while it has cost less than the
// filtered reads of the users it has not yet found would. From there it goes on only while the last page read says
// the rest of the wanted users are fewer pages away than their filtered reads (a roster that declares nearly the
// whole organization lists it to its end, not its last 400 members one by one; a page without any of them stops it,
// for the rest may not be members at all), and for at most as many more pages as those reads would have cost, so it
// never costs more than three times the cheaper of the two, plus one call.
// Where the service says how many pages follow (Clerk), it picks the cheaper at once.

import type { LiveMembership, MembershipApi, Person } from "./port";

type Reader<L extends LiveMembership> = Pick<MembershipApi<never, L>, "list" | "listPage" | "listUsers" | "usersPerFilteredCall">;
type PeopleReader = Pick<MembershipApi<never, LiveMembership>, "people" | "peoplePage" | "person">;

/** A page of a listing, as the covering read takes it. */
export interface CoveringPage<T> {
  items: T[];
  next?: string;
  pagesLeft?: number;
}

export interface CoveringRead<T> {
  /** Every item of the listing when `complete`, else those of the keys asked for. */
  items: T[];
  /** Whether the whole listing was read. */
  complete: boolean;
  /** Calls made. */
  calls: number;
}

/**
 * The items of `wanted` keys: pages of the listing while that is likely to cost less than reading the keys not found
 * yet (`perRead` of them per call), then those keys. The rule of the module header, for memberships and for names.
 */
export async function readCovering<T>(
  wanted: ReadonlySet<string>,
  keyOf: (item: T) => string,
  readPage: (after?: string) => Promise<CoveringPage<T>>,
  readKeys: (keys: string[]) => Promise<T[]>,
  perRead: number,
): Promise<CoveringRead<T>> {
  const perCall = Math.max(1, perRead);
  const seen = new Map<string, T>();
  const missing = (): string[] => [...wanted].filter((key) => !seen.has(key));
  let wantedSeen = 0;
  let calls = 0;
  let after: string | undefined;
  // Pages the listing may still read on the pages' word once it has cost what the filtered reads would.
  let onEstimate: number | undefined;
  for (;;) {
    const page = await readPage(after);
    calls++;
    let foundOnPage = 0;
    for (const item of page.items) {
      const key = keyOf(item);
      if (wanted.has(key) && !seen.has(key)) foundOnPage++;
      seen.set(key, item);
    }
    wantedSeen += foundOnPage;
    if (page.next === undefined) return { items: [...seen.values()], complete: true, calls };
    after = page.next;
    const left = wanted.size - wantedSeen;
    const keyCalls = Math.ceil(left / perCall);
    if (keyCalls === 0) break;
    // Known: list on only while the rest of the listing costs no more than reading the keys.
    if (page.pagesLeft !== undefined) {
      if (page.pagesLeft > keyCalls) break;
      continue;
    }
    // Unknown: list on while what the listing has cost is less than reading the keys would, then while the last
    // page puts the rest nearer than the keys' reads (a page without any of them says the rest may not be there at
    // all: users declared but not members yet), within that many more pages.
    if (calls < keyCalls) continue;
    onEstimate ??= keyCalls;
    const pagesToRest = foundOnPage === 0 ? Infinity : Math.ceil(left / foundOnPage);
    if (pagesToRest >= keyCalls || onEstimate-- <= 0) break;
  }
  const rest = missing();
  const found = rest.length === 0 ? [] : await readKeys(rest);
  calls += Math.ceil(rest.length / perCall);
  const items = [...[...seen.values()].filter((item) => wanted.has(keyOf(item))), ...found.filter((item) => wanted.has(keyOf(item)))];
  return { items, complete: false, calls };
}

/**
 * The memberships of `userIds` in `organizationId` (all statuses), or the whole organization where that costs less
 * (members the pages read on the way are not kept then: what was not asked for is not reported partly).
 * `onFirstPage` sees the first page's members, and whether more follow, as soon as it is read.
 */
export async function listCovering<L extends LiveMembership>(api: Reader<L>, organizationId: string, userIds: ReadonlySet<string>, onFirstPage?: (members: readonly L[], more: boolean) => void): Promise<CoveringRead<L>> {
  const { listPage, listUsers } = api;
  if (!listPage || !listUsers) return { items: await api.list(organizationId), complete: true, calls: 0 };
  return readCovering(
    userIds,
    (member) => member.userId,
    (after) =>
      listPage.call(api, organizationId, after).then((page) => {
        if (after === undefined) onFirstPage?.(page.members, page.next !== undefined);
        return { items: page.members, next: page.next, pagesLeft: page.pagesLeft };
      }),
    (keys) => listUsers.call(api, organizationId, keys),
    api.usersPerFilteredCall ?? 1,
  );
}

/**
 * Who the users `userIds` are, from the organization's people listing or one by one, whichever costs less. With
 * `pagesOnly`, only what the listing's pages say (read beside a membership listing, before it is known which of the
 * users are members: the caller reads the members left unnamed afterwards).
 */
export async function namesCovering(api: PeopleReader, organizationId: string, userIds: ReadonlySet<string>, pagesOnly = false): Promise<Map<string, Person>> {
  const { people, peoplePage, person } = api;
  try {
    if (!peoplePage || !person) return (await people?.call(api, organizationId)) ?? new Map<string, Person>();
    const read = await readCovering<[string, Person]>(
      userIds,
      ([userId]) => userId,
      (after) => peoplePage.call(api, organizationId, after).then((page) => ({ items: page.people, ...(page.next === undefined ? {} : { next: page.next }) })),
      async (keys) =>
        pagesOnly ? [] : (await Promise.all(keys.map(async (userId) => [userId, await person.call(api, userId)] as const))).flatMap(([userId, found]) => (found ? [[userId, found] as [string, Person]] : [])),
      1,
    );
    return new Map(read.items);
  } catch {
    // Names never decide anything: a failed read leaves the members unnamed.
    return new Map<string, Person>();
  }
}
