// The emulator's two ways of answering a WorkOS page: from any list (ordered per request) and from a list kept in
// order (walked from the cursor). They answer every request alike: same items, same cursors.

import { paginateByCursor, paginateOrdered, type CursorPageRequest } from "../../emulator/workos/pagination";
import type { ListPosition } from "../../emulator/workos/store";

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

describe("paginateOrdered answers as paginateByCursor", () => {
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
            expect(paginateOrdered(ascending, (item) => item.kept, request, positionOf)).toEqual(paginateByCursor(kept, request, positionOf));
          }
  });
});
