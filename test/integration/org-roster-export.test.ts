// `org-roster export` in-process against the emulator, credentials from the environment as on the command line:
// the live organization as roster entries (Clerk with its metadata, WorkOS without inactive memberships), and the
// roster file the command writes.

import { parse } from "yaml";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { exportOrganization } from "../../provider/cli/export-command";
import { main } from "../../provider/cli/org-roster";
import * as runtime from "../../provider/runtime";

const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin
const JOHN = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6"; // seeded org:member {team: platform}
const PRIYA = "user_25O6MsMcGp2kTY7xO5ZIredutNa"; // seeded org:billing, private metadata
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488"; // seeded admin
const W_JOHN = "user_01JGFJJZZ8YAGVDCKSQWW7FE4N"; // seeded member
const W_PRIYA = "user_01JGFJK0YG1EE043E42N4FHZD8"; // seeded member, inactive

const ENV = ["CLERK_SECRET_KEY", "CLERK_API_URL", "CLERK_MAX_REQUESTS_PER_SECOND", "WORKOS_API_KEY", "WORKOS_API_URL", "WORKOS_MAX_REQUESTS_PER_SECOND"] as const;
const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));

let emulator: EmulatorHandle;

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: false, seed: defaultSeed() });
  runtime.resetRuntime();
  Object.assign(process.env, {
    CLERK_SECRET_KEY: "sk_test_emulator_clerk",
    CLERK_API_URL: emulator.clerkApiUrl,
    CLERK_MAX_REQUESTS_PER_SECOND: "1000",
    WORKOS_API_KEY: "sk_test_emulator_workos",
    WORKOS_API_URL: emulator.workosApiUrl,
    WORKOS_MAX_REQUESTS_PER_SECOND: "1000",
  });
});

afterAll(async () => {
  for (const name of ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  await runtime.closeHttpConnections();
  await emulator.close();
});

describe("exportOrganization", () => {
  it("lists a Clerk organization as roster entries: role, and metadata only where there is some", async () => {
    const members = await exportOrganization(runtime, "clerk", CLERK_ORG);
    const byUser = new Map(members.map((member) => [member.userId, member]));
    expect(byUser.get(JANE)).toEqual({ userId: JANE, role: "org:admin" });
    expect(byUser.get(JOHN)).toEqual({ userId: JOHN, role: "org:member", publicMetadata: { team: "platform" } });
    expect(byUser.get(PRIYA)).toEqual({ userId: PRIYA, role: "org:billing", privateMetadata: { costCenter: "CC-1042" } });
  });

  it("lists a WorkOS organization's active memberships only (declaring an inactive one would reactivate it)", async () => {
    const members = await exportOrganization(runtime, "workos", WORKOS_ORG);
    expect(members.map((member) => member.userId).sort()).toEqual([W_JANE, W_JOHN].sort());
    expect(members.find((member) => member.userId === W_JANE)).toEqual({ userId: W_JANE, role: "admin" });
    expect(members.some((member) => member.userId === W_PRIYA)).toBe(false);
  });
});

describe("org-roster export", () => {
  it("prints a roster file of the live organization, in report mode", async () => {
    let stdout = "";
    let stderr = "";
    const context = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text), exitCode: 0 };
    await expect(main(["export", "--service", "workos", "--organization", WORKOS_ORG], context)).resolves.toBe(0);
    expect(stderr).toContain("2 members");
    const document = parse(stdout) as { workos: { organizations: Record<string, { unmanagedMembers: string; members: Array<{ userId: string }> }> } };
    const organization = document.workos.organizations[WORKOS_ORG];
    expect(organization?.unmanagedMembers).toBe("report");
    expect(organization?.members.map((member) => member.userId).sort()).toEqual([W_JANE, W_JOHN].sort());
  });
});
