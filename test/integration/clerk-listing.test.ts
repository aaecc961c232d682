// A Clerk organization listing: the first 500-member page says how many there are, the remaining pages are
// fetched a few at a time, and every member comes back exactly once.

import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { clerkMembership, clerkRoster, closeHttpConnections, resetRuntime } from "../../provider/runtime";

const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const CLERK_LIST = "GET /v1/organizations/:organizationId/memberships";
const COUNT = 1250;
const users = Array.from({ length: COUNT }, (_, i) => `user_2Listing${String(i).padStart(4, "0")}AbCdEfGhIj`);

let emulator: EmulatorHandle;

beforeAll(async () => {
  const seed = defaultSeed();
  for (const [i, id] of users.entries()) {
    seed.clerk?.users?.push({ id, firstName: `L${i}`, lastName: "X", emailAddresses: [`listing${i}@acme.com`], username: null });
    seed.clerk?.memberships?.push({ organizationId: ORG, userId: id, role: i % 10 === 0 ? "org:admin" : "org:member" });
  }
  emulator = await startEmulator({ rateLimit: false, latencyMs: 20, seed });
  const config: Record<string, string> = { "clerk:secretKey": "sk_test_emulator_clerk", "clerk:apiUrl": emulator.clerkApiUrl, "clerk:maxRequestsPerSecond": "1000" };
  resetRuntime();
  await clerkMembership.configure({ config: { get: (key: string) => config[key] } });
});

afterAll(async () => {
  await emulator.close();
  await closeHttpConnections();
});

it("lists 1250+ members in 3 page calls, each member once with its role", async () => {
  const seeded = emulator.clerk.snapshot().memberships?.filter((m) => m.organizationId === ORG) ?? [];
  emulator.resetStats();
  const read = await clerkRoster.read(ORG, { organizationId: ORG, declaredMembers: users, unmanagedMembersMode: "report", members: {} });
  expect(emulator.stats().byRoute[CLERK_LIST]).toBe(3);
  expect(emulator.stats().total).toBe(3);
  const members = read.props?.members as Record<string, string>;
  expect(Object.keys(members)).toHaveLength(COUNT);
  for (const [i, id] of users.entries()) expect(members[id]).toBe(i % 10 === 0 ? "org:admin" : "org:member");
  // The seeded owners are the organization's other members, reported as unmanaged, not lost or doubled.
  const unmanaged = read.props?.unmanagedMembers as Array<{ userId: string }>;
  expect(unmanaged.length + COUNT).toBe(seeded.length);
  expect(new Set(unmanaged.map((m) => m.userId)).size).toBe(unmanaged.length);
});
