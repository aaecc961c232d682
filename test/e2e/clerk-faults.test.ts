// End-to-end under injected faults: the real CLI converges a roster while the emulator answers 10% of requests
// with 429 and 10% with a 5xx, with no failed resource and no duplicated membership.

import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject } from "../support/pulumi-cli";

jest.setTimeout(600_000);

const KEY = "sk_test_emulator_clerk";
const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const COUNT = 24;

const users = Array.from({ length: COUNT }, (_, i) => `user_2Fault${String(i).padStart(3, "0")}x9QwErTyUiOpAsDf`);
const roles = ["org:member", "org:admin", "org:billing"];

let emulator: EmulatorHandle;
let project: PulumiProject;

beforeAll(async () => {
  const seed = defaultSeed();
  for (const [i, id] of users.entries()) {
    seed.clerk?.users?.push({ id, firstName: `Fault${i}`, lastName: "Tester", emailAddresses: [`fault${i}@acme.com`], username: null });
  }
  emulator = await startEmulator({ rateLimit: false, seed, faults: { rate429: 0.1, rate5xx: 0.1, retryAfterSeconds: 1 } });
  project = await PulumiProject.create("clerk-faults", {
    program: `
const { clerk } = require("pulumi-org-roster");
for (const member of require("./roster.json")) new clerk.OrganizationMembership(member.userId, { organizationId: "${ORG}", ...member });
`,
    config: { "clerk:apiUrl": emulator.clerkApiUrl, "clerk:maxRequestsPerSecond": "200" },
    secrets: { "clerk:secretKey": KEY },
  });
});

afterAll(async () => {
  await emulator?.close();
  project?.remove();
});

it("up converges with 10% 429s and 10% 5xx: no failed resource, nothing duplicated, then no changes planned", async () => {
  const roster = users.map((userId, i) => ({ userId, role: roles[i % roles.length], publicMetadata: { index: i, team: { name: `t${i % 4}` } } }));
  project.writeRoster(roster);
  const result = await project.up();
  expect(result.stdout).not.toMatch(/failed/i);

  emulator.setFaults({});
  const response = await fetch(`${emulator.clerkApiUrl}/organizations/${ORG}/memberships?limit=100`, { headers: { authorization: `Bearer ${KEY}` } });
  const live = ((await response.json()) as { data: Array<{ role: string; public_metadata: unknown; public_user_data: { user_id: string } }> }).data;
  for (const member of roster) {
    const matches = live.filter((m) => m.public_user_data.user_id === member.userId);
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ role: member.role, public_metadata: member.publicMetadata });
  }
  const stats = emulator.stats();
  expect((stats.byStatus["429"] ?? 0) + (stats.byStatus["500"] ?? 0) + (stats.byStatus["502"] ?? 0) + (stats.byStatus["503"] ?? 0)).toBeGreaterThan(0);

  emulator.setFaults({ rate429: 0.1, rate5xx: 0.1, retryAfterSeconds: 1 });
  await expect(project.driftCheck()).resolves.toMatchObject({ code: 0 });
});
