// A roster that ignores the members it does not declare reads only its own where the API can filter: in a large
// organization its refresh and its up cost a few calls, not every page; everywhere else (report and remove modes, no
// admin declared, destroy) the whole organization is listed as before, and both reads record the same state.

import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { clerkRoster, closeHttpConnections, workosRoster } from "../../provider/runtime";
import { CHECK_LISTING_STANDS_MS } from "../../provider/engine/roster-context";
import { configureRuntimeFor } from "../support/emulator-harness";
import { CLERK_ORG as ORG, JANE, W_MARCO, WORKOS_ORG } from "../support/seed-ids";

const JOHN = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6"; // seeded org:member
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488"; // seeded admin
const W_JOHN = "user_01JGFJJZZ8YAGVDCKSQWW7FE4N"; // seeded member
const CLERK_EXTRA = 2_400; // 5 pages of 500 with the seeded members
const WORKOS_EXTRA = 1_000; // 11 pages of 100
const clerkExtra = (i: number) => `user_2Cover${String(i).padStart(4, "0")}AbCdEfGhIjKl`;
const workosExtra = (i: number) => `user_01COVER${String(i).padStart(4, "0")}ABCDEFGHJKM`;
const CLERK_LIST = "GET /v1/organizations/:organizationId/memberships";
const WORKOS_LIST = "GET /user_management/organization_memberships";
const WORKOS_USERS = "GET /user_management/users";
const WORKOS_USER = "GET /user_management/users/:id";
const WORKOS_EMPTY_ORG = "org_01JGD0680005EMPTYXAR0RGXZZ"; // no members
const WORKOS_OTHER_ORG = "org_01JGD0680005EMPTYXAR0RGXZY"; // no members
const WORKOS_THIRD_ORG = "org_01JGD0680005EMPTYXAR0RGXZX"; // no members

let emulator: EmulatorHandle;

/** A new provider process, as each Pulumi operation starts one, its calls counted from here. */
async function newProcess(): Promise<void> {
  await configureRuntimeFor(emulator);
  emulator.resetStats();
}

beforeAll(async () => {
  const seed = defaultSeed();
  for (let i = 0; i < CLERK_EXTRA; i++) {
    seed.clerk?.users?.push({ id: clerkExtra(i), firstName: `C${i}`, lastName: "X", emailAddresses: [`cover${i}@acme.com`], username: null });
    seed.clerk?.memberships?.push({ organizationId: ORG, userId: clerkExtra(i), role: i === 7 ? "org:admin" : "org:member" });
  }
  for (let i = 0; i < WORKOS_EXTRA; i++) {
    seed.workos?.users?.push({ id: workosExtra(i), email: `cover${i}@acme.com`, firstName: `W${i}`, lastName: "X" });
    seed.workos?.memberships?.push({ organizationId: WORKOS_ORG, userId: workosExtra(i), roleSlugs: ["member"], status: "active" });
  }
  seed.workos?.organizations?.push({ id: WORKOS_EMPTY_ORG, name: "Empty" }, { id: WORKOS_OTHER_ORG, name: "Other" }, { id: WORKOS_THIRD_ORG, name: "Third" });
  emulator = await startEmulator({ rateLimit: false, seed });
});

afterAll(async () => {
  await emulator.close();
  await closeHttpConnections();
});

const calls = (route: string): number => emulator.stats().byRoute[route] ?? 0;

describe("Clerk, 2,400 more members than the roster declares", () => {
  const last = clerkExtra(CLERK_EXTRA - 1);
  const members = { [JANE]: "org:admin", [JOHN]: "org:billing", [last]: "org:billing" };

  it("in ignore mode, check and refresh read the declared members through the user filter (2 calls each, not 6), and the create takes its check's", async () => {
    await newProcess();
    const { inputs, failures } = await clerkRoster.check({}, { organizationId: ORG, members, unmanagedMembers: "ignore" });
    expect(failures ?? []).toEqual([]);
    expect(calls(CLERK_LIST)).toBe(2);
    // The first page said five more follow; the declared ones not on it cost one filtered call. The engine creates a
    // new roster right after its check, in the same provider process: the create plans from the check's listing.
    emulator.resetStats();
    const { id, outs } = await clerkRoster.create(inputs);
    expect(calls(CLERK_LIST)).toBe(0);
    const live = emulator.clerk.listMemberships({ organizationId: ORG });
    expect(live.filter((m) => m.userId in members).map((m) => [m.userId, m.role]).sort()).toEqual(Object.entries(members).sort());
    expect(live).toHaveLength(CLERK_EXTRA + 3);

    await newProcess();
    const read = await clerkRoster.read(id, outs);
    expect(calls(CLERK_LIST)).toBe(2);
    expect(read.props?.members).toEqual(outs.members);
    expect(read.props?.unmanagedMembers).toEqual([]);
    expect((read.props?.people as Record<string, string>)[last]).toContain("cover2399@acme.com");

    // The same roster in report mode lists the whole organization and records the same declared members.
    await newProcess();
    const reported = await clerkRoster.read(id, { ...outs, unmanagedMembersMode: "report" });
    expect(calls(CLERK_LIST)).toBe(Math.ceil((CLERK_EXTRA + 3) / 500));
    expect(reported.props?.members).toEqual(read.props?.members);
    expect(reported.props?.unmanagedMembers as unknown[]).toHaveLength(CLERK_EXTRA); // Priya and every extra member but the declared one
  });

  it("a check's listing is taken only by the organization's next read, and only if it is that check's create", async () => {
    await newProcess();
    const { inputs: billing } = await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin", [last]: "org:billing" }, unmanagedMembers: "ignore" });
    const { inputs: member, failures } = await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin", [last]: "org:member", [JOHN]: "org:member" }, unmanagedMembers: "ignore" });
    expect(failures ?? []).toEqual([]);
    emulator.resetStats();
    // Not the last check's declaration: it reads the organization, and the last check's listing is dropped.
    await clerkRoster.create(billing);
    expect(calls(CLERK_LIST)).toBe(2);
    expect(emulator.clerk.listMemberships({ organizationId: ORG }).find((m) => m.userId === last)?.role).toBe("org:billing");
    // That listing predates the write above: the create of its declaration reads again, and sees `last` as billing.
    emulator.resetStats();
    await clerkRoster.create(member);
    expect(calls(CLERK_LIST)).toBe(2);
    expect(emulator.clerk.listMemberships({ organizationId: ORG }).find((m) => m.userId === last)?.role).toBe("org:member");
  });

  it("in ignore mode without a declared admin, lists everyone: the last-admin rule looks for an admin among the others", async () => {
    await newProcess();
    const { failures } = await clerkRoster.check({}, { organizationId: ORG, members: { [JOHN]: "org:billing" }, unmanagedMembers: "ignore" });
    expect(failures ?? []).toEqual([]);
    expect(calls(CLERK_LIST)).toBe(Math.ceil((CLERK_EXTRA + 3) / 500));
  });
});

describe("WorkOS, 1,000 more members than the roster declares", () => {
  const early = workosExtra(3);
  const late = workosExtra(WORKOS_EXTRA - 1);

  it("in ignore mode, reads the first page and then each declared member not on it, and names them the same way", async () => {
    await newProcess();
    const members = { [W_JANE]: "admin", [W_JOHN]: "member", [early]: "admin", [late]: "admin" };
    const { inputs, failures } = await workosRoster.check({}, { organizationId: WORKOS_ORG, members, unmanagedMembers: "ignore" });
    expect(failures ?? []).toEqual([]);
    // A check's listing older than CHECK_LISTING_STANDS_MS is not taken: the create reads the organization again.
    await newProcess();
    const realNow = Date.now.bind(Date);
    const later = jest.spyOn(Date, "now").mockImplementation(() => realNow() + CHECK_LISTING_STANDS_MS + 1);
    const { id, outs } = await workosRoster.create(inputs).finally(() => later.mockRestore());
    // Page one holds all but `late`: one more page would cost as much as reading `late` alone, so it is read alone.
    expect(calls(WORKOS_LIST)).toBe(2);
    // Names the same way: the first page of the organization's people, then `late` alone.
    expect(calls(WORKOS_USERS)).toBe(1);
    expect(calls(WORKOS_USER)).toBe(1);
    const live = emulator.workos.listMemberships({ organizationId: WORKOS_ORG });
    expect(live.find((m) => m.userId === late)?.roleSlugs).toEqual(["admin"]);
    expect(live.find((m) => m.userId === early)?.roleSlugs).toEqual(["admin"]);

    await newProcess();
    const read = await workosRoster.read(id, outs);
    expect(calls(WORKOS_LIST)).toBe(2);
    expect(read.props?.members).toEqual(outs.members);
    expect((read.props?.people as Record<string, string>)[late]).toContain("cover999@acme.com");

    await newProcess();
    const reported = await workosRoster.read(id, { ...outs, unmanagedMembersMode: "report" });
    expect(calls(WORKOS_LIST)).toBe(Math.ceil((WORKOS_EXTRA + 3) / 100));
    expect(reported.props?.members).toEqual(read.props?.members);
  });
});

describe("WorkOS, an organization without members", () => {
  it("a new roster lists its memberships once, then names the members it added", async () => {
    await newProcess();
    const members = { [W_JANE]: "admin", [W_MARCO]: "member" };
    const { inputs, failures } = await workosRoster.check({}, { organizationId: WORKOS_EMPTY_ORG, members });
    expect(failures ?? []).toEqual([]);
    expect(calls(WORKOS_LIST)).toBe(1);
    const { id, outs } = await workosRoster.create(inputs);
    expect(calls(WORKOS_LIST)).toBe(1);
    expect(emulator.workos.listMemberships({ organizationId: WORKOS_EMPTY_ORG }).map((m) => m.userId).sort()).toEqual([W_JANE, W_MARCO].sort());

    await newProcess();
    const read = await workosRoster.read(id, outs);
    expect(calls(WORKOS_LIST)).toBe(1);
    expect(calls(WORKOS_USERS)).toBe(1);
    expect(read.props?.members).toEqual(outs.members);
    expect(Object.keys(read.props?.people as Record<string, string>).sort()).toEqual([W_JANE, W_MARCO].sort());
    expect(calls(WORKOS_USERS)).toBe(1);
  });

  it("in ignore mode, names only the declared members it finds: none yet, no users read", async () => {
    await newProcess();
    emulator.workos.createMembership({ organizationId: WORKOS_OTHER_ORG, userId: W_JANE, roleSlugs: ["admin"] });
    emulator.resetStats();
    // Jane is there and nobody declares her; John, declared, is not a member yet.
    const { failures } = await workosRoster.check({}, { organizationId: WORKOS_OTHER_ORG, members: { [W_JOHN]: "admin" }, unmanagedMembers: "ignore" });
    expect(failures ?? []).toEqual([]);
    expect(calls(WORKOS_LIST)).toBe(1);
    expect(calls(WORKOS_USERS) + calls(WORKOS_USER)).toBe(0);
  });

  it("in ignore mode without a declared admin, lists everyone for the last-admin rule but names only the declared", async () => {
    await newProcess();
    emulator.workos.createMembership({ organizationId: WORKOS_THIRD_ORG, userId: W_JANE, roleSlugs: ["admin"] });
    emulator.resetStats();
    const { inputs, failures } = await workosRoster.check({}, { organizationId: WORKOS_THIRD_ORG, members: { [W_JOHN]: "member" }, unmanagedMembers: "ignore" });
    expect(failures ?? []).toEqual([]);
    expect(calls(WORKOS_LIST)).toBe(1);
    expect(calls(WORKOS_USERS) + calls(WORKOS_USER)).toBe(0);
    const { id, outs } = await workosRoster.create(inputs);
    await newProcess();
    const read = await workosRoster.read(id, outs);
    expect(calls(WORKOS_LIST)).toBe(1);
    expect(Object.keys(read.props?.people as Record<string, string>)).toEqual([W_JOHN]);
  });
});
