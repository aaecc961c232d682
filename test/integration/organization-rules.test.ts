// What the organization allows is checked by `check` (so by `pulumi preview`), against what the service says, before
// anything is written: roles that do not exist, more members than the organization may hold, and the last-admin rule
// in every unmanagedMembers mode, for rosters and per-member resources of both services.

import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { clerkMembership, clerkRoster, closeHttpConnections, workosMembership, workosRoster } from "../../provider/runtime";
import { configureRuntimeFor } from "../support/emulator-harness";
import { warningsOf } from "../support/warnings";
const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin
const JOHN = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6"; // seeded org:member
const PRIYA = "user_25O6MsMcGp2kTY7xO5ZIredutNa"; // seeded org:billing
const MARCO = "user_2Cj42gEnI5sEt6OHTerNANMDgHi";
const AIKO = "user_2xhf4ceAYkFATOHxeiZEhKrnn3E";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488"; // seeded admin
const W_JOHN = "user_01JGFJJZZ8YAGVDCKSQWW7FE4N"; // seeded member
const W_MARCO = "user_01JGFJK1XRYFYTC66VPVTX363S";

const ROLES_ROUTE = "GET /v1/organization_roles";
const ORGANIZATION_ROUTE = "GET /v1/organizations/:organizationId";
const WORKOS_ROLES_ROUTE = "GET /authorization/organizations/:organizationId/roles";

let emulator: EmulatorHandle;

async function start(limit = 0): Promise<void> {
  const seed = defaultSeed();
  const organization = seed.clerk?.organizations?.[0];
  if (organization) organization.maxAllowedMemberships = limit;
  emulator = await startEmulator({ rateLimit: false, seed });
  await configureRuntimeFor(emulator);
}

function writes(): number {
  return Object.entries(emulator.stats().byRoute)
    .filter(([route]) => !route.startsWith("GET "))
    .reduce((sum, [, count]) => sum + count, 0);
}

afterEach(async () => {
  await emulator.close();
});

afterAll(async () => {
  await closeHttpConnections();
});

describe("roles that do not exist are refused by check", () => {
  beforeEach(() => start());

  it("Clerk roster: names each place the unknown role is declared and the roles the instance has; nothing is written", async () => {
    emulator.resetStats();
    const { failures } = await clerkRoster.check({}, {
      organizationId: ORG,
      members: { [JANE]: "org:admin", "john.smith@acme.com": "org:admn", [MARCO]: { role: "org:admn" }, [PRIYA]: "org:billing" },
    });
    expect(failures).toHaveLength(1);
    expect(failures?.[0]?.property).toBe("members");
    expect(failures?.[0]?.reason).toBe(
      `members.john.smith@acme.com, members.${MARCO}: Clerk organization ${ORG} has no role org:admn (its roles: org:admin, org:billing, org:member); fix the role, or create it in Clerk first`,
    );
    expect(writes()).toBe(0);
  });

  it("Clerk: every check of one organization in a process reads its rules once (roles once per instance)", async () => {
    emulator.resetStats();
    for (let i = 0; i < 3; i++) {
      const { failures } = await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin", [JOHN]: "org:member" } });
      expect(failures).toBeUndefined();
    }
    const { failures } = await clerkMembership.check({}, { organizationId: ORG, userId: MARCO, role: "org:member" });
    expect(failures).toBeUndefined();
    expect(emulator.stats().byRoute[ROLES_ROUTE]).toBe(1);
    expect(emulator.stats().byRoute[ORGANIZATION_ROUTE]).toBe(1);
  });

  it("Clerk membership: an unknown role is refused on role, by email and by user id; an invitee's too", async () => {
    const byId = await clerkMembership.check({}, { organizationId: ORG, userId: MARCO, role: "org:owner" });
    expect(byId.failures).toEqual([{ property: "role", reason: `role: Clerk organization ${ORG} has no role org:owner (its roles: org:admin, org:billing, org:member); fix the role, or create it in Clerk first` }]);
    const byEmail = await clerkMembership.check({}, { organizationId: ORG, email: "aiko.tanaka@acme.com", role: "org:owner" });
    expect(byEmail.failures?.[0]?.property).toBe("role");
    const invitee = await clerkMembership.check({}, { organizationId: ORG, email: "new.person@acme.com", role: "org:owner", missingUsers: "invite" });
    expect(invitee.failures?.[0]?.reason).toMatch(/has no role org:owner/);
    const fine = await clerkMembership.check({}, { organizationId: ORG, userId: AIKO, role: "org:billing" });
    expect(fine.failures).toBeUndefined();
  });

  it("WorkOS roster and membership: an unknown slug is refused, reading the organization's roles once", async () => {
    emulator.resetStats();
    const roster = await workosRoster.check({}, { organizationId: WORKOS_ORG, members: { [W_JANE]: { roleSlug: "admin" }, [W_MARCO]: { roleSlugs: ["member", "auditor"] } } });
    expect(roster.failures).toEqual([
      { property: "members", reason: `members.${W_MARCO}: WorkOS organization ${WORKOS_ORG} has no role auditor (its roles: admin, billing, member); fix the role, or create it in WorkOS first` },
    ]);
    const membership = await workosMembership.check({}, { organizationId: WORKOS_ORG, userId: W_MARCO, roleSlug: "owner" });
    expect(membership.failures?.[0]?.property).toBe("roleSlug");
    expect(membership.failures?.[0]?.reason).toMatch(/has no role owner/);
    expect(emulator.stats().byRoute[WORKOS_ROLES_ROUTE]).toBe(1);
    expect(writes()).toBe(0);
  });

  it("an organization that does not exist is said so by check", async () => {
    const { failures } = await clerkMembership.check({}, { organizationId: "org_2nopeNopeNopeNopeNopeNopeNop", userId: MARCO, role: "org:member" }).catch((error: Error) => ({ failures: [{ property: "", reason: error.message }] }));
    // Said by whichever read of the organization comes first: its listing (what adopting would change) or its rules.
    expect(failures?.[0]?.reason).toMatch(/org_2nopeNopeNopeNopeNopeNopeNop(: not found|: check organizationId).*[Cc]heck organizationId|Clerk has no organization org_2nopeNopeNopeNopeNopeNopeNop: check organizationId/);
  });
});

describe("the membership limit is checked by check", () => {
  beforeEach(() => start(3));

  const full = (limit: number) => `Clerk organization ${ORG} may hold at most ${limit} memberships, pending invitations included (max_allowed_memberships): it holds 3`;

  it("Clerk roster: adding a member to a full organization is refused, nothing written", async () => {
    emulator.resetStats();
    const { failures } = await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin", [JOHN]: "org:member", [PRIYA]: "org:billing", [MARCO]: "org:member" } });
    expect(failures).toEqual([
      {
        property: "members",
        reason: `${full(3)}, and this change adds 1 new membership(s); nothing was written. Raise the limit in Clerk, or add fewer people (remove first, in an earlier \`pulumi up\`)`,
      },
    ]);
    expect(writes()).toBe(0);
  });

  it("Clerk roster: members are added before anyone is removed, so swapping one in a full organization is refused as up would fail it", async () => {
    const { failures } = await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin", [JOHN]: "org:member", [MARCO]: "org:member" }, unmanagedMembers: "remove" });
    expect(failures?.[0]?.reason).toContain(`${full(3)}, and this change adds 1 new membership(s) while removing or revoking 1 only after its new memberships are created`);
  });

  it("Clerk roster: within the limit passes; an organization over a lowered limit still changes roles and removes", async () => {
    const { failures } = await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin", [JOHN]: "org:member", [PRIYA]: "org:billing" } });
    expect(failures).toBeUndefined();
    await emulator.close();
    await start(2);
    const { inputs, failures: lowered } = await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin", [JOHN]: "org:billing" }, unmanagedMembers: "remove", maxRemovals: 1 });
    expect(lowered).toBeUndefined();
    await clerkRoster.create(inputs);
    expect(emulator.clerk.listMemberships({ organizationId: ORG }).map((m) => [m.userId, m.role]).sort()).toEqual([[JANE, "org:admin"], [JOHN, "org:billing"]].sort());
  });

  it("Clerk roster update: adding a member to the full organization is refused by the diff; a member declared in ignore mode who is already there adds nobody", async () => {
    const { inputs } = await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin", [JOHN]: "org:member" }, unmanagedMembers: "ignore" });
    const { outs } = await clerkRoster.create(inputs);
    // Priya was there all along (unmanaged, not listed in an ignore-mode state): declaring her adds nobody.
    const { inputs: withPriya } = await clerkRoster.check(outs, { organizationId: ORG, members: { [JANE]: "org:admin", [JOHN]: "org:member", [PRIYA]: "org:billing" }, unmanagedMembers: "ignore" });
    await expect(clerkRoster.diff(ORG, outs, withPriya)).resolves.toMatchObject({ changes: true });
    const { inputs: withMarco } = await clerkRoster.check(outs, { organizationId: ORG, members: { [JANE]: "org:admin", [JOHN]: "org:member", [MARCO]: "org:member" }, unmanagedMembers: "ignore" });
    emulator.resetStats();
    await expect(clerkRoster.diff(ORG, outs, withMarco)).rejects.toThrow(`${full(3)}, and this change adds 1 new membership(s); nothing was written`);
    await expect(clerkRoster.update(ORG, outs, withMarco)).rejects.toThrow(`${full(3)}, and this change adds 1 new membership(s); nothing was written`);
    expect(writes()).toBe(0);
  });

  it("a per-member invitee already in the stack adds nobody: only resources new to the stack count", async () => {
    await emulator.close();
    await start(5);
    const invitee = (email: string) => ({ organizationId: ORG, email, role: "org:member", missingUsers: "invite" });
    expect((await clerkMembership.check({}, invitee("a.new@acme.com"))).failures).toBeUndefined();
    // An invitee whose resource exists (its old inputs are the engine's olds): its invitation is counted already.
    expect((await clerkMembership.check(invitee("b.new@acme.com"), invitee("b.new@acme.com"))).failures).toBeUndefined();
    expect((await clerkMembership.check({}, { organizationId: ORG, userId: MARCO, role: "org:member" })).failures).toBeUndefined();
    const { failures } = await clerkMembership.check({}, { organizationId: ORG, userId: AIKO, role: "org:member" });
    expect(failures?.[0]?.reason).toContain("it holds 3, the stack's other resources add 2 more");
  });

  it("Clerk roster update: an invitation replaced (role changed) frees its place before its successor takes one", async () => {
    await emulator.close();
    await start(4);
    const declared = (role: string) => ({ organizationId: ORG, members: { [JANE]: "org:admin", [JOHN]: "org:member", [PRIYA]: "org:billing", "new.hire@acme.com": role }, missingUsers: "invite" });
    const { inputs } = await clerkRoster.check({}, declared("org:member"));
    const { outs } = await clerkRoster.create(inputs);
    // A new preview (a new process): the organization holds 3 members and 1 pending invitation, its limit.
    await configureRuntimeFor(emulator);
    const { inputs: promoted, failures } = await clerkRoster.check(inputs, declared("org:billing"));
    expect(failures).toBeUndefined();
    await expect(clerkRoster.diff(ORG, outs, promoted)).resolves.toMatchObject({ changes: true });
    await clerkRoster.update(ORG, outs, promoted);
    expect(emulator.clerk.listInvitations(ORG).filter((i) => i.status === "pending").map((i) => i.role)).toEqual(["org:billing"]);
  });

  it("per-member resources of one organization count together: the second new member past the limit is refused, naming the first", async () => {
    const seed = defaultSeed();
    const organization = seed.clerk?.organizations?.[0];
    if (organization) organization.maxAllowedMemberships = 4;
    await emulator.close();
    emulator = await startEmulator({ rateLimit: false, seed });
    await configureRuntimeFor(emulator);
    // Adopting a member already there adds nobody.
    expect((await clerkMembership.check({}, { organizationId: ORG, userId: JOHN, role: "org:member" })).failures).toBeUndefined();
    expect((await clerkMembership.check({}, { organizationId: ORG, userId: MARCO, role: "org:member" })).failures).toBeUndefined();
    const { failures } = await clerkMembership.check({}, { organizationId: ORG, userId: AIKO, role: "org:member" });
    expect(failures?.map((f) => f.property)).toEqual(["organizationId"]);
    expect(failures?.[0]?.reason).toContain(`at most 4 memberships, pending invitations included (max_allowed_memberships): it holds 3, the stack's other resources add 1 more (${MARCO} in ${ORG}: 1), and this change adds 1 new membership(s)`);
    const invitee = await clerkMembership.check({}, { organizationId: ORG, email: "new.hire@acme.com", role: "org:member", missingUsers: "invite" });
    expect(invitee.failures?.[0]?.reason).toContain("and this change adds 1 invitation(s)");
  });
});

describe("the last-admin rule is applied by preview as up applies it, in every unmanagedMembers mode", () => {
  beforeEach(() => start());

  it.each(["ignore", "report"] as const)("a new roster declaring no admin where no other admin stays is refused by check (%s)", async (mode) => {
    const { failures } = await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:member", [JOHN]: "org:member", [PRIYA]: "org:billing" }, unmanagedMembers: mode });
    expect(failures?.[0]?.reason).toMatch(/would leave it without an admin/);
  });

  it.each(["ignore", "report"] as const)("a new roster declaring no admin while an unmanaged admin stays passes (%s), as up does", async (mode) => {
    const { inputs, failures } = await clerkRoster.check({}, { organizationId: ORG, members: { [JOHN]: "org:member" }, unmanagedMembers: mode });
    expect(failures).toBeUndefined();
    await expect(clerkRoster.create(inputs)).resolves.toMatchObject({ id: ORG });
  });

  it.each(["ignore", "report"] as const)("dropping the only declared admin is refused by diff (%s), before up", async (mode) => {
    const first = await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin", [JOHN]: "org:member" }, unmanagedMembers: mode });
    const { outs } = await clerkRoster.create(first.inputs);
    const next = await clerkRoster.check(first.inputs, { organizationId: ORG, members: { [JOHN]: "org:member" }, unmanagedMembers: mode });
    expect(next.failures).toBeUndefined();
    await expect(clerkRoster.diff(ORG, outs, next.inputs)).rejects.toThrow(/would leave it without an admin/);
    await expect(clerkRoster.update(ORG, outs, next.inputs)).rejects.toThrow(/would leave it without an admin/);
  });

  it("a new roster in remove mode: check counts the undeclared members against maxRemovals and names whom up removes", async () => {
    const over = await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin" }, unmanagedMembers: "remove", maxRemovals: 1 });
    expect(over.failures?.[0]?.reason).toContain(`Clerk organization ${ORG}: this change would remove 2 members, more than maxRemovals (1); nobody was removed`);
    expect(over.failures?.[0]?.reason).toContain(`John Smith <john.smith@acme.com> (${JOHN}) (org:member, not declared)`);
    const { result, warnings } = await warningsOf(() => clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin" }, unmanagedMembers: "remove", maxRemovals: 2 }));
    expect(result.failures).toBeUndefined();
    expect(warnings).toContain(
      `Clerk organization ${ORG}: \`pulumi up\` will remove 2 member(s) the roster does not declare (unmanagedMembers: remove): Priya Patel <priya.patel@acme.com> (${PRIYA}) (org:billing), John Smith <john.smith@acme.com> (${JOHN}) (org:member). To keep someone, add them to the roster or set unmanagedMembers: report`,
    );
  });

  it("an unchanged roster refuses nothing, whatever the organization's admins", async () => {
    const first = await workosRoster.check({}, { organizationId: WORKOS_ORG, members: { [W_JANE]: { roleSlug: "admin" }, [W_JOHN]: { roleSlug: "member" } }, unmanagedMembers: "ignore" });
    const { outs } = await workosRoster.create(first.inputs);
    await expect(workosRoster.diff(WORKOS_ORG, outs, first.inputs)).resolves.toMatchObject({ changes: false });
  });
});
