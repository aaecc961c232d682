// Peak memory of a provider process that lists a large organization. In a fresh Node.js process (as the
// dynamic-provider host is) that loads the built runtime, listing 5000 members (ten 500-member pages, ~5 MB of
// responses) raises the peak RSS by 16–23 MB (measured): the listing's own data. undici's WebAssembly HTTP parser
// stays on V8's baseline tier; its optimizing re-compile, once a few pages had gone through, made that 39–41 MB.

import { execFile } from "node:child_process";
import { promisify } from "node:util";
import * as path from "node:path";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";

const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const COUNT = 5000;
const RUNTIME = path.join(__dirname, "..", "..", "dist", "provider", "runtime.js");

let emulator: EmulatorHandle;

beforeAll(async () => {
  const seed = defaultSeed();
  for (let i = 0; i < COUNT; i++) {
    const id = `user_2Memory${String(i).padStart(4, "0")}AbCdEfGhIjK`;
    seed.clerk?.users?.push({ id, firstName: `M${i}`, lastName: "X", emailAddresses: [`memory${i}@acme.com`], username: null });
    seed.clerk?.memberships?.push({ organizationId: ORG, userId: id, role: "org:member" });
  }
  emulator = await startEmulator({ rateLimit: false, seed });
});

afterAll(async () => {
  await emulator.close();
});

// Runs in the child: one small failing read (loads undici and compiles its parser), then one full listing.
const CHILD = `
const { clerkRoster, closeHttpConnections } = require(process.env.RUNTIME);
const peak = () => Number(/VmHWM:\\s+(\\d+)/.exec(require("node:fs").readFileSync("/proc/self/status", "utf8"))[1]) / 1024;
(async () => {
  const state = { organizationId: "${ORG}", members: {}, absentMembers: [], unmanagedMembersMode: "report", manageMembers: true };
  await clerkRoster.read("x", { ...state, organizationId: "org_2missingK7mQ4vX9pL2nR8tW5y" }).catch(() => undefined);
  const before = peak();
  const listed = (await clerkRoster.read("x", state)).props.unmanagedMembers.length;
  await closeHttpConnections();
  console.log(JSON.stringify({ listed, growthMb: peak() - before }));
})().catch((error) => { console.error(error); process.exit(1); });
`;

it("lists 5000 members with the peak RSS up by less than 30 MB", async () => {
  // Asynchronous: the emulator answers from this process.
  const child = await promisify(execFile)(process.execPath, ["-e", CHILD], {
    env: { PATH: process.env.PATH, RUNTIME, CLERK_SECRET_KEY: "sk_test_emulator_clerk", CLERK_API_URL: emulator.clerkApiUrl, CLERK_MAX_REQUESTS_PER_SECOND: "1000" },
    encoding: "utf8",
    timeout: 50_000,
  });
  expect(child.stderr).toBe("");
  const result = JSON.parse(child.stdout.trim()) as { listed: number; growthMb: number };
  expect(result.listed).toBeGreaterThanOrEqual(COUNT);
  expect(result.growthMb).toBeLessThan(30);
});
