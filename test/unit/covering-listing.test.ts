// The choice between listing an organization and reading its declared members through the user filter: it finds
// every declared member that is there, and costs at most twice the cheaper of the two (at most the cheaper when the
// service says how many pages follow).

import { listCovering } from "../../provider/engine/covering-listing";
import type { LiveMembership, MembershipPage } from "../../provider/engine/port";

interface Shape {
  organization: number;
  pageSize: number;
  perCall: number;
  saysPagesLeft: boolean;
}

/** An organization of `organization` members behind a reader that counts its calls. */
function reader(shape: Shape) {
  const members: LiveMembership[] = Array.from({ length: shape.organization }, (_, i) => ({ organizationId: "org_1", userId: `user_${i}` }) as LiveMembership);
  const counted = { calls: 0 };
  return {
    counted,
    usersPerFilteredCall: shape.perCall,
    list: () => Promise.reject(new Error("a covering listing pages; it never lists in one go")),
    listPage: (_organizationId: string, after?: string): Promise<MembershipPage<LiveMembership>> => {
      counted.calls++;
      const offset = Number(after ?? 0);
      const end = offset + shape.pageSize;
      const page = members.slice(offset, end);
      if (end >= members.length) return Promise.resolve({ members: page });
      return Promise.resolve({ members: page, next: String(end), ...(shape.saysPagesLeft ? { pagesLeft: Math.ceil((members.length - end) / shape.pageSize) } : {}) });
    },
    listUsers: (_organizationId: string, userIds: readonly string[]): Promise<LiveMembership[]> => {
      counted.calls += Math.ceil(userIds.length / shape.perCall);
      const wanted = new Set(userIds);
      return Promise.resolve(members.filter((member) => wanted.has(member.userId)));
    },
  };
}

describe("listCovering", () => {
  const shapes: Shape[] = [];
  for (const organization of [0, 1, 99, 100, 101, 1_000, 5_003])
    for (const [pageSize, perCall, saysPagesLeft] of [[100, 1, false], [500, 100, true], [100, 1, true]] as const) shapes.push({ organization, pageSize, perCall, saysPagesLeft });

  it.each(shapes)("finds every declared member and stays within the bound: %o", async (shape) => {
    for (const declaredCount of [0, 1, 2, 5, 20, 150, 600]) {
      // Declared: spread over the organization, plus some who are not members.
      const declared = new Set<string>();
      for (let i = 0; i < declaredCount; i++) declared.add(`user_${Math.floor((i * 7919) % Math.max(1, shape.organization * 2))}`);
      const api = reader(shape);
      const listing = await listCovering(api, "org_1", declared);
      const present = [...declared].filter((userId) => Number(userId.slice(5)) < shape.organization).sort();
      const found = listing.items.map((member) => member.userId).filter((userId) => declared.has(userId)).sort();
      expect(found).toEqual(present);
      if (!listing.complete) expect(listing.items.every((member) => declared.has(member.userId))).toBe(true);
      else expect(listing.items).toHaveLength(shape.organization);

      expect(listing.calls).toBe(api.counted.calls);
      const fullListing = Math.max(1, Math.ceil(shape.organization / shape.pageSize));
      // Filtering still reads the first page: that is how the size of the organization becomes known.
      const filtered = 1 + Math.ceil(declared.size / shape.perCall);
      const cheaper = Math.min(fullListing, filtered);
      expect(listing.calls).toBeLessThanOrEqual(shape.saysPagesLeft ? cheaper + 1 : 2 * cheaper);
    }
  });

  it("lists the whole organization when the service cannot page or filter", async () => {
    const members = [{ organizationId: "org_1", userId: "user_1" }] as LiveMembership[];
    const listing = await listCovering({ list: () => Promise.resolve(members) }, "org_1", new Set(["user_2"]));
    expect(listing).toEqual({ items: members, complete: true, calls: 0 });
  });
});
