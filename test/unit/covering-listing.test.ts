// The choice between listing an organization and reading its declared members through the user filter: it finds
// every declared member that is there, and costs at most three times the cheaper of the two, plus one call (at most
// the cheaper, plus one, when the service says how many pages follow); an organization declared nearly whole is listed
// to its end.

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

  // Where the declared members sit in the listing: spread over it (and beyond it: some are not members), all of it,
  // or crowded into its first pages ahead of everyone not declared, where the pages seen so far mislead.
  const layouts = {
    spread: (count: number, organization: number) => Array.from({ length: count }, (_, i) => `user_${Math.floor((i * 7919) % Math.max(1, organization * 2))}`),
    first: (count: number) => Array.from({ length: count }, (_, i) => `user_${i}`),
  };

  it.each(shapes)("finds every declared member and stays within the bound: %o", async (shape) => {
    for (const [layout, declaredCount] of [
      ...[0, 1, 2, 5, 20, 150, 600].map((count) => ["spread", count] as const),
      ...[1, 20, 150, 600, shape.organization - 1, shape.organization].map((count) => ["first", Math.max(0, count)] as const),
    ]) {
      const declared = new Set(layouts[layout](declaredCount, shape.organization));
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
      expect(listing.calls).toBeLessThanOrEqual(shape.saysPagesLeft ? cheaper + 1 : 3 * cheaper + 1);
    }
  });

  it.each([
    { organization: 50_000, pageSize: 100, perCall: 1 },
    { organization: 5_003, pageSize: 100, perCall: 1 },
    { organization: 5_003, pageSize: 100, perCall: 10 },
  ])("lists an organization declared whole, with or without more declared who are not members yet, at no more calls than its full listing when the service does not say how many pages follow: %o", async (size) => {
    const shape = { ...size, saysPagesLeft: false };
    const fullListing = Math.ceil(shape.organization / shape.pageSize);
    for (const declaredCount of [shape.organization, shape.organization + 150]) {
      const api = reader(shape);
      const listing = await listCovering(api, "org_1", new Set(layouts.first(declaredCount)));
      expect(listing.items.filter((member) => Number(member.userId.slice(5)) < shape.organization)).toHaveLength(shape.organization);
      expect(listing.calls).toBeLessThanOrEqual(fullListing);
    }
  });

  it("lists the whole organization when the service cannot page or filter", async () => {
    const members = [{ organizationId: "org_1", userId: "user_1" }] as LiveMembership[];
    const listing = await listCovering({ list: () => Promise.resolve(members) }, "org_1", new Set(["user_2"]));
    expect(listing).toEqual({ items: members, complete: true, calls: 0 });
  });
});
