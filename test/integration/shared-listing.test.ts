// Reads of one organization share one paginated listing per provider process: refreshing many memberships costs
// about N / page-size calls, and this process's own writes keep the shared snapshot correct.

import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { clerkMembership, closeHttpConnections, workosMembership } from "../../provider/runtime";
import { configureRuntimeFor } from "../support/emulator-harness";

const CLERK_KEY = "sk_test_emulator_clerk";
const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const COUNT = 120;
const CLERK_LIST = "GET /v1/organizations/:organizationId/memberships";
const WORKOS_LIST = "GET /user_management/organization_memberships";

const clerkUsers = Array.from({ length: COUNT }, (_, i) => `user_2Shared${String(i).padStart(3, "0")}AbCdEfGhIjKl`);
const workosUsers = Array.from({ length: COUNT }, (_, i) => `user_01SHARED${String(i).padStart(3, "0")}ABCDEFGHJKMN`);

let emulator: EmulatorHandle;

/** A new provider process, as each Pulumi operation starts one: no snapshot yet. */
async function newProcess(): Promise<void> {
  await configureRuntimeFor(emulator);
}

beforeEach(async () => {
  const seed = defaultSeed();
  for (const [i, id] of clerkUsers.entries()) {
    seed.clerk?.users?.push({ id, firstName: `S${i}`, lastName: "X", emailAddresses: [`shared${i}@acme.com`], username: null });
    seed.clerk?.memberships?.push({ organizationId: ORG, userId: id, role: "org:member" });
  }
  for (const [i, id] of workosUsers.entries()) {
    seed.workos?.users?.push({ id, email: `shared${i}@acme.com`, firstName: `S${i}`, lastName: "X" });
    seed.workos?.memberships?.push({ organizationId: WORKOS_ORG, userId: id, roleSlugs: ["member"], status: "active" });
  }
  emulator = await startEmulator({ rateLimit: false, seed });
  await newProcess();
});

afterEach(async () => {
  await emulator.close();
});

afterAll(async () => {
  await closeHttpConnections();
});

async function clerkStates() {
  const states = [];
  for (const userId of clerkUsers) {
    const inputs = (await clerkMembership.check({}, { organizationId: ORG, userId })).inputs;
    states.push((await clerkMembership.create(inputs)).outs);
  }
  return states;
}

describe("one listing per organization", () => {
  it("refreshing 120 Clerk memberships, 8 at a time like the engine, costs one listing call", async () => {
    const states = await clerkStates();
    await newProcess();
    emulator.resetStats();
    for (let i = 0; i < states.length; i += 8) {
      const batch = states.slice(i, i + 8);
      const reads = await Promise.all(batch.map((outs) => clerkMembership.read(String(outs.membershipId), outs)));
      for (const [j, read] of reads.entries()) expect(read.props?.userId).toBe(batch[j]?.userId);
    }
    expect(emulator.stats().total).toBe(1);
    expect(emulator.stats().byRoute[CLERK_LIST]).toBe(1);
  });

  it("refreshing 120 WorkOS memberships costs one listing of 100-member pages (2 calls)", async () => {
    const states = [];
    for (const userId of workosUsers) {
      const inputs = (await workosMembership.check({}, { organizationId: WORKOS_ORG, userId })).inputs;
      states.push((await workosMembership.create(inputs)).outs);
    }
    await newProcess();
    emulator.resetStats();
    await Promise.all(states.map((outs) => workosMembership.read(String(outs.membershipId), outs)));
    expect(emulator.stats().total).toBe(2);
    expect(emulator.stats().byRoute[WORKOS_LIST]).toBe(2);
  });

  it("keeps the snapshot correct after this process's own writes", async () => {
    const states = await clerkStates();
    const first = states[0] ?? {};
    await newProcess();
    await clerkMembership.read(String(first.membershipId), first);
    const news = (await clerkMembership.check({}, { organizationId: ORG, userId: clerkUsers[0], role: "org:admin" })).inputs;
    await clerkMembership.update(String(first.membershipId), first, news);
    emulator.resetStats();
    const read = await clerkMembership.read(String(first.membershipId), first);
    expect(read.props?.role).toBe("org:admin");
    expect(emulator.stats().total).toBe(0);
    await clerkMembership.delete(String(first.membershipId), first);
    await expect(clerkMembership.read(String(first.membershipId), first)).resolves.toEqual({});
  });

  it("confirms a member missing from the snapshot with a direct read, so adoption still finds it", async () => {
    const states = await clerkStates();
    const first = states[0] ?? {};
    await newProcess();
    await clerkMembership.read(String(first.membershipId), first); // takes the snapshot
    // Someone else adds Marco after the snapshot; declaring him adopts him.
    await fetch(`${emulator.clerkApiUrl}/organizations/${ORG}/memberships`, {
      method: "POST",
      headers: { authorization: `Bearer ${CLERK_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ user_id: "user_2Cj42gEnI5sEt6OHTerNANMDgHi", role: "org:billing" }),
    });
    const inputs = (await clerkMembership.check({}, { organizationId: ORG, userId: "user_2Cj42gEnI5sEt6OHTerNANMDgHi", role: "org:member" })).inputs;
    await expect(clerkMembership.create(inputs)).resolves.toMatchObject({ outs: { role: "org:member" } });
  });
});
