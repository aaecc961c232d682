// Deletes never leave an organization without an admin, whatever the service enforces: deleting the resources of
// every admin (adopted pre-existing ones included, all at once as `destroy` does) removes all but one, which stays
// in place with a warning; both services, both the per-member resource and the organization roster.

import { startEmulator, type EmulatorHandle } from "../../emulator";
import { onWarning } from "../../provider/engine/engine-log";
import { clerkMembership, clerkRoster, closeHttpConnections, workosMembership, workosRoster } from "../../provider/runtime";
import { configureRuntimeFor } from "../support/emulator-harness";

const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin (adopted below)
const MARCO = "user_2Cj42gEnI5sEt6OHTerNANMDgHi";
const AIKO = "user_2xhf4ceAYkFATOHxeiZEhKrnn3E";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488"; // seeded admin (adopted below)
const W_MARCO = "user_01JGFJK1XRYFYTC66VPVTX363S";
const W_AIKO = "user_01JGFJK2X0N6FCCW8VBHXF4W63";
/** How messages name the seeded Clerk users. */
const CLERK_PEOPLE: Record<string, string> = { [JANE]: "Jane Doe <jane.doe@acme.com>", [MARCO]: "Marco Rossi <marco.rossi@acme.com>", [AIKO]: "Aiko Tanaka <aiko.tanaka@acme.com>" };

let emulator: EmulatorHandle;
let warnings: string[];
let stopListening: () => void;

beforeEach(async () => {
  emulator = await startEmulator({ rateLimit: false });
  await configureRuntimeFor(emulator);
  warnings = [];
  stopListening = onWarning((message) => warnings.push(message));
});

afterEach(async () => {
  stopListening();
  await emulator.close();
});

afterAll(async () => {
  await closeHttpConnections();
});

function clerkAdmins(): string[] {
  return emulator.clerk.listMemberships({ organizationId: CLERK_ORG }).filter((m) => m.role === "org:admin").map((m) => m.userId).sort();
}

function workosAdmins(): string[] {
  return emulator.workos
    .listMemberships({ organizationId: WORKOS_ORG, statuses: new Set(["active"]) })
    .filter((m) => m.roleSlugs.includes("admin"))
    .map((m) => m.userId)
    .sort();
}

describe("OrganizationMembership delete", () => {
  it("Clerk: deleting every admin at once leaves exactly one, with a warning; other members go", async () => {
    const created = [];
    for (const [userId, role] of [[JANE, "org:admin"], [MARCO, "org:admin"], [AIKO, "org:member"]] as const) {
      const { inputs } = await clerkMembership.check({}, { organizationId: CLERK_ORG, userId, role });
      created.push(await clerkMembership.create(inputs));
    }
    expect(clerkAdmins()).toEqual([JANE, MARCO].sort());
    await Promise.all(created.map(({ id, outs }) => clerkMembership.delete(id, outs)));
    expect(clerkAdmins()).toHaveLength(1);
    expect(emulator.clerk.findMembership(CLERK_ORG, AIKO)).toBeUndefined();
    // Named by the person, next to the id.
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`Clerk organization ${CLERK_ORG}: [A-Z][a-z]+ [A-Z][a-z]+ <[a-z.]+@acme\\.com> \\(user_\\w+\\) \\(org:admin\\) is its last admin, so it was left in place`))]);
  });

  it("WorkOS: deleting (and deactivating) every admin at once leaves exactly one active admin, with a warning", async () => {
    const created = [];
    for (const [userId, args] of [[W_JANE, { roleSlug: "admin" }], [W_MARCO, { roleSlug: "admin", onDelete: "deactivate" }], [W_AIKO, { roleSlug: "member" }]] as const) {
      const { inputs } = await workosMembership.check({}, { organizationId: WORKOS_ORG, userId, ...args });
      created.push(await workosMembership.create(inputs));
    }
    expect(workosAdmins()).toEqual([W_JANE, W_MARCO].sort());
    await Promise.all(created.map(({ id, outs }) => workosMembership.delete(id, outs)));
    expect(workosAdmins()).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/WorkOS organization .*\(admin\) is its last admin, so it was left in place/);
  });

  it("WorkOS: the roles named in adminRoles count as admin for the delete, not only the default one", async () => {
    const created = [];
    for (const userId of [W_MARCO, W_AIKO]) {
      const { inputs } = await workosMembership.check({}, { organizationId: WORKOS_ORG, userId, roleSlug: "billing", adminRoles: ["billing"] });
      created.push(await workosMembership.create(inputs));
    }
    await Promise.all(created.map(({ id, outs }) => workosMembership.delete(id, outs)));
    const billing = emulator.workos.listMemberships({ organizationId: WORKOS_ORG, statuses: new Set(["active"]) }).filter((m) => m.roleSlugs.includes("billing"));
    expect(billing).toHaveLength(1);
    expect(warnings).toEqual([expect.stringMatching(/\(billing\) is its last admin, so it was left in place/)]);
  });

  it("deleting an admin while another admin stays removes it without a warning", async () => {
    const { inputs } = await clerkMembership.check({}, { organizationId: CLERK_ORG, userId: MARCO, role: "org:admin" });
    const { id, outs } = await clerkMembership.create(inputs);
    await clerkMembership.delete(id, outs);
    expect(clerkAdmins()).toEqual([JANE]);
    expect(warnings).toEqual([]);
  });
});

describe("OrganizationRoster delete", () => {
  it("Clerk: destroying a roster that manages every admin leaves one admin in place, with a warning", async () => {
    const { inputs } = await clerkRoster.check({}, { organizationId: CLERK_ORG, members: { [JANE]: "org:admin", [MARCO]: "org:admin", [AIKO]: "org:member" }, unmanagedMembers: "ignore" });
    const { id, outs } = await clerkRoster.create(inputs);
    await clerkRoster.delete(id, outs);
    const [kept] = clerkAdmins();
    expect(clerkAdmins()).toHaveLength(1);
    expect(emulator.clerk.listMemberships({ organizationId: CLERK_ORG }).map((m) => m.userId).filter((u) => [JANE, MARCO, AIKO].includes(u))).toEqual([kept]);
    expect(warnings).toEqual([`Clerk organization ${CLERK_ORG}: ${CLERK_PEOPLE[kept ?? ""] ?? "?"} (${kept}) (org:admin) is its last admin, so it was left in place and only dropped from this stack; an organization is never left without an admin. To remove it, first give another member an admin role (declare one), then remove it`]);
  });

  it("WorkOS: the same, and a roster that leaves another (unmanaged) admin behind removes all it manages", async () => {
    const { inputs } = await workosRoster.check({}, { organizationId: WORKOS_ORG, members: { [W_JANE]: "admin", [W_MARCO]: "admin", [W_AIKO]: "member" }, unmanagedMembers: "ignore" });
    const { id, outs } = await workosRoster.create(inputs);
    await workosRoster.delete(id, outs);
    const [kept] = workosAdmins();
    expect(workosAdmins()).toHaveLength(1);
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`<[a-z.]+@acme\\.com> \\(${kept}\\) \\(admin\\) is its last admin, so it was left in place`))]);

    // The admin left in place is now unmanaged: a roster of the two others (one an admin) is deleted whole.
    warnings.length = 0;
    const [other] = [W_JANE, W_MARCO].filter((u) => u !== kept);
    const second = await workosRoster.check({}, { organizationId: WORKOS_ORG, members: { [other ?? ""]: "admin", [W_AIKO]: "member" }, unmanagedMembers: "ignore" });
    const made = await workosRoster.create(second.inputs);
    await workosRoster.delete(made.id, made.outs);
    expect(workosAdmins()).toEqual([kept]);
    expect(warnings).toEqual([]);
  });
});

describe("OrganizationRoster update", () => {
  it("WorkOS: replacing the only admin by one whose add fails leaves the old admin in place and says why", async () => {
    const { inputs } = await workosRoster.check({}, { organizationId: WORKOS_ORG, members: { [W_JANE]: "admin" }, unmanagedMembers: "ignore" });
    const { id, outs } = await workosRoster.create(inputs);
    // The new admin's add fails (no such user in WorkOS): without the guard, Jane's removal would still run.
    const ghost = "user_01GHOST00000000000000000000";
    const { inputs: news } = await workosRoster.check(inputs, { organizationId: WORKOS_ORG, members: { [ghost]: "admin" }, unmanagedMembers: "ignore" });
    const error = await workosRoster.update(id, outs, news).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(`Jane Doe <jane.doe@acme.com> (${W_JANE}) (remove): left in place, it is the organization's last active admin`);
    expect(workosAdmins()).toContain(W_JANE);
  });
});
