// A long roster write says how far it is through the engine's status line ("36/60 member changes written"), at every
// tenth of the way; a short one says nothing.

import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { onStatus } from "../../provider/engine/engine-log";
import { clerkRoster, closeHttpConnections } from "../../provider/runtime";
import { configureRuntimeFor } from "../support/emulator-harness";

const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin
const HIRES = Array.from({ length: 60 }, (_, i) => `user_2Prog${String(i).padStart(2, "0")}AbCdEfGhIjKlMnOpQr`);

let emulator: EmulatorHandle;

beforeAll(async () => {
  const seed = defaultSeed();
  for (const [i, id] of HIRES.entries()) seed.clerk?.users?.push({ id, firstName: `P${i}`, lastName: "X", emailAddresses: [`p${i}@acme.com`], username: null });
  emulator = await startEmulator({ rateLimit: false, seed });
  await configureRuntimeFor(emulator);
});

afterAll(async () => {
  await emulator.close();
  await closeHttpConnections();
});

async function statusesOf(action: () => Promise<unknown>): Promise<string[]> {
  const said: string[] = [];
  const stop = onStatus((message) => said.push(message));
  try {
    await action();
  } finally {
    stop();
  }
  return said;
}

it("adding 60 members reports 6/60 … 60/60 member changes written; a change of a few reports nothing", async () => {
  const members: Record<string, string> = Object.fromEntries([JANE, ...HIRES].map((id) => [id, id === JANE ? "org:admin" : "org:member"]));
  const { inputs } = await clerkRoster.check({}, { organizationId: ORG, members, unmanagedMembers: "ignore" });
  let outs: Record<string, unknown> = {};
  const said = await statusesOf(async () => {
    outs = (await clerkRoster.create(inputs)).outs;
  });
  expect(said).toEqual(Array.from({ length: 10 }, (_, i) => `Clerk organization ${ORG}: ${(i + 1) * 6}/60 member changes written`));
  const fewer = await clerkRoster.check(inputs, { organizationId: ORG, members: { ...members, [HIRES[0] ?? ""]: "org:billing" }, unmanagedMembers: "ignore" });
  expect(await statusesOf(() => clerkRoster.update(ORG, outs, fewer.inputs))).toEqual([]);
});
