// The choice between listing an organization and reading its declared members through the user filter: it finds
// every declared member that is there, and costs at most three times the cheaper of the two, plus one call (at most
// the cheaper, plus one, when the service says how many pages follow); an organization declared nearly whole is listed
// to its end.

import { listCovering } from "../../provider/engine/covering-listing";
import type { LiveMembership, MembershipApi, MembershipPage, Person } from "../../provider/engine/port";
import { rosterContext } from "../../provider/engine/roster-context";
import { workosRosterModel } from "../../provider/backends/workos/roster";
import type { WorkosDesiredMembership, WorkosLiveMembership } from "../../provider/backends/workos/model";

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

  it("stops listing on the pages' word once pages stop finding declared members: the rest may not be members yet", async () => {
    // The organization's first 1,000 members are declared, and 150 more people who are not members yet.
    const shape = { organization: 50_000, pageSize: 100, perCall: 1, saysPagesLeft: false };
    const api = reader(shape);
    const declared = new Set([...layouts.first(1_000), ...Array.from({ length: 150 }, (_, i) => `user_${60_000 + i}`)]);
    const listing = await listCovering(api, "org_1", declared);
    expect(listing.items).toHaveLength(1_000);
    // Listing until it has cost what reading the 150 would (150 pages), then reading them: not 150 pages more.
    expect(listing.calls).toBeLessThanOrEqual(300);
  });

  it("lists the whole organization when the service cannot page or filter", async () => {
    const members = [{ organizationId: "org_1", userId: "user_1" }] as LiveMembership[];
    const listing = await listCovering({ list: () => Promise.resolve(members) }, "org_1", new Set(["user_2"]));
    expect(listing).toEqual({ items: members, complete: true, calls: 0 });
  });
});

describe("RosterContext.listNamed in ignore mode, where the listing does not name members", () => {
  /** A paged organization whose memberships and users are read one page at a time, each read logged as it starts. */
  function service(organization: number, declared: number) {
    const log: string[] = [];
    const userId = (i: number) => `user_${String(i).padStart(5, "0")}`;
    const page = <T>(items: T[], after: string | undefined, size: number) => {
      const offset = Number(after ?? 0);
      const end = offset + size;
      return { items: items.slice(offset, end), ...(end < items.length ? { next: String(end) } : {}) };
    };
    const members = Array.from({ length: organization }, (_, i) => ({ organizationId: "org_1", userId: userId(i), role: "member" }) as unknown as LiveMembership);
    const api = {
      listPage: async (_organizationId: string, after?: string) => {
        log.push(`members ${after ?? 0}`);
        await new Promise((resolve) => setImmediate(resolve));
        const { items, next } = page(members, after, 100);
        return { members: items, ...(next ? { next } : {}) };
      },
      peoplePage: async (_organizationId: string, after?: string) => {
        log.push(`people ${after ?? 0}`);
        await new Promise((resolve) => setImmediate(resolve));
        const { items, next } = page(members, after, 100);
        return { people: items.map((member) => [member.userId, { email: `${member.userId}@acme.com` }] as [string, Person]), ...(next ? { next } : {}) };
      },
      person: (id: string) => {
        log.push(`person ${id}`);
        return Promise.resolve({ email: `${id}@acme.com` });
      },
      listUsers: (_organizationId: string, userIds: readonly string[]) => {
        log.push(`filtered ${userIds.length}`);
        return Promise.resolve(members.filter((member) => userIds.includes(member.userId)));
      },
      usersPerFilteredCall: 1,
      list: () => Promise.reject(new Error("a covering listing pages")),
    };
    const only = new Set(Array.from({ length: declared }, (_, i) => userId(i)));
    return { api, log, only };
  }

  const context = (api: object) => rosterContext(workosRosterModel, () => api as unknown as MembershipApi<WorkosDesiredMembership, WorkosLiveMembership>, {}, undefined);

  it("reads the names beside the listing when the roster declares most of the organization", async () => {
    const { api, log, only } = service(1_000, 1_000);
    const live = await context(api).listNamed("org_1", { covering: only, naming: only });
    expect(live.every((member) => member.person?.email === `${member.userId}@acme.com`)).toBe(true);
    expect(log.filter((entry) => entry.startsWith("members"))).toHaveLength(10);
    expect(log.filter((entry) => entry.startsWith("people"))).toHaveLength(10);
    // The first page of names is asked for before the listing's second page.
    expect(log.indexOf("people 0")).toBeLessThan(log.indexOf("members 100"));
  });

  it("reads nobody one by one beside the listing: declared users who are not members are not read", async () => {
    const { api, log, only } = service(20_000, 1_000);
    const declared = new Set([...only, ...Array.from({ length: 50 }, (_, i) => `user_new_${i}`)]);
    const live = await context(api).listNamed("org_1", { covering: declared, naming: declared });
    expect(live).toHaveLength(1_000);
    expect(live.every((member) => member.person !== undefined)).toBe(true);
    expect(log.filter((entry) => entry.startsWith("person"))).toEqual([]);
  });

  it("reads them after the listing, for the declared members it found, when the roster declares a few", async () => {
    const { api, log, only } = service(1_000, 3);
    const live = await context(api).listNamed("org_1", { covering: only, naming: only });
    expect(live.map((member) => [member.userId, member.person?.email])).toEqual([...only].map((userId) => [userId, `${userId}@acme.com`]));
    expect(log.indexOf("people 0")).toBeGreaterThan(log.indexOf("members 0"));
    expect(log.filter((entry) => entry.startsWith("members"))).toHaveLength(1);
  });
});
