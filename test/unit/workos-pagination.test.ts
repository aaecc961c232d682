// The emulator answers a WorkOS page by walking a list kept in order from the cursor. It answers every request as
// the plain reading of the API does (order everything, filter by the cursor, cut the page): same items, same cursors.

import { compareAscending, paginateByCursor, paginateOrdered, type CursorPage, type CursorPageRequest } from "../../emulator/workos/pagination";
import type { ListPosition } from "../../emulator/workos/store";

/** A page the plain way: every item ordered, those past the cursor kept, the page cut from them. */
function reference<T extends ListPosition>(items: readonly T[], request: CursorPageRequest, positionOf: (id: string) => ListPosition | undefined): CursorPage<T> {
  const direction = request.order === "asc" ? 1 : -1;
  const compare = (left: ListPosition, right: ListPosition): number => compareAscending(left, right) * direction;
  const listed = [...items].sort(compare);
  const forwardParam = request.order === "normal" ? "before" : "after";
  const backwardParam = forwardParam === "after" ? "before" : "after";
  const forward = request[forwardParam] === undefined ? undefined : positionOf(request[forwardParam] ?? "");
  const backward = request[backwardParam] === undefined ? undefined : positionOf(request[backwardParam] ?? "");
  const page =
    forward !== undefined
      ? listed.filter((item) => compare(item, forward) > 0).slice(0, request.limit)
      : backward !== undefined
        ? listed.filter((item) => compare(item, backward) < 0).slice(-request.limit)
        : listed.slice(0, request.limit);
  const first = page[0];
  const last = page[page.length - 1];
  const moreBackward = first !== undefined && listed.some((item) => compare(item, first) < 0);
  const moreForward = last !== undefined && listed.some((item) => compare(item, last) > 0);
  const cursors = { forward: moreForward && last ? last.id : null, backward: moreBackward && first ? first.id : null };
  return { data: page, before: forwardParam === "before" ? cursors.forward : cursors.backward, after: forwardParam === "after" ? cursors.forward : cursors.backward };
}

interface Item extends ListPosition {
  kept: boolean;
}

/** A deterministic pseudo-random sequence. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

describe("paginateOrdered and paginateByCursor answer as the plain reading", () => {
  it.each([0, 1, 7, 60, 250])("over %i items, every order, cursor and limit, some items filtered out", (size) => {
    const next = random(size + 1);
    // Ties in creation time are broken by id, as the service's list position is.
    const items: Item[] = Array.from({ length: size }, (_, i) => ({ id: `om_${String(Math.floor(next() * 1e6)).padStart(6, "0")}_${i}`, createdAt: Math.floor(next() * size * 0.5), kept: next() > 0.3 }));
    const ascending = [...items].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const positions = new Map(items.map((item) => [item.id, item]));
    const positionOf = (id: string) => positions.get(id);
    const kept = items.filter((item) => item.kept);
    const cursors = [undefined, ...items.filter((_, i) => i % 3 === 0).map((item) => item.id)];
    for (const order of ["asc", "desc", "normal"] as const)
      for (const limit of [1, 2, 10, 100])
        for (const cursor of cursors)
          for (const side of ["after", "before"] as const) {
            const request: CursorPageRequest = { limit, order, ...(cursor === undefined ? {} : { [side]: cursor }) };
            const expected = reference(kept, request, positionOf);
            expect(paginateOrdered(ascending, (item) => item.kept, request, positionOf)).toEqual(expected);
            expect(paginateByCursor(kept, request, positionOf)).toEqual(expected);
          }
  });
});
