// End-to-end: the real Pulumi CLI (file backend) drives the Clerk OrganizationMembership resource against the
// emulator: create, in-place updates, replace, drift detection and repair, adoption, destroy, secrets.

import * as fs from "node:fs";
import * as path from "node:path";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject } from "../support/pulumi-cli";

jest.setTimeout(600_000);

const KEY = "sk_test_emulator_clerk";
const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded admin, not declared: must survive destroy
const JOHN = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6"; // seeded member: adopted
const PRIYA = "user_25O6MsMcGp2kTY7xO5ZIredutNa"; // seeded billing, not declared
const MARCO = "user_2Cj42gEnI5sEt6OHTerNANMDgHi";
const AIKO = "user_2xhf4ceAYkFATOHxeiZEhKrnn3E";
const SAM = "user_2q2pKPH4DwyaujKDfVPuwfT9G8F";
const LEE = "user_2LeeNotYetAMember4kQ9zT1wX"; // added to the seed below, in no organization
const PRIVATE_MARKER = "pd-private-7f3c9a";

const PROGRAM = `
const { clerk } = require("pulumi-org-roster");
const roster = require("./roster.json");
for (const member of roster) {
  new clerk.OrganizationMembership(member.name, { organizationId: "${ORG}", ...member.args });
}
`;

interface Member {
  name: string;
  args: Record<string, unknown>;
}

function baseRoster(): Member[] {
  return [
    { name: "marco", args: { userId: MARCO, role: "org:admin", publicMetadata: { team: "security" }, privateMetadata: { pagerDutyId: PRIVATE_MARKER } } },
    { name: "aiko", args: { userId: AIKO, role: "org:member", publicMetadata: { team: "mobile", oncall: { primary: true, backup: "sam" } } } },
    { name: "sam", args: { userId: SAM, role: "org:member" } },
    { name: "john", args: { userId: JOHN, role: "org:member", publicMetadata: { team: "platform" } } },
  ];
}

let emulator: EmulatorHandle;
let project: PulumiProject;

interface WireMember {
  id: string;
  role: string;
  public_metadata: Record<string, unknown>;
  private_metadata: Record<string, unknown>;
  public_user_data: { user_id: string };
}

async function live(): Promise<Map<string, WireMember>> {
  const response = await fetch(`${emulator.clerkApiUrl}/organizations/${ORG}/memberships?limit=100`, { headers: { authorization: `Bearer ${KEY}` } });
  const body = (await response.json()) as { data: WireMember[] };
  return new Map(body.data.map((m) => [m.public_user_data.user_id, m]));
}

async function patch(path: string, body: unknown, method = "PATCH"): Promise<void> {
  const response = await fetch(`${emulator.clerkApiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: method === "DELETE" ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  const seed = defaultSeed();
  seed.clerk?.users?.push({ id: LEE, firstName: "Lee", lastName: "Park", emailAddresses: ["lee.park@acme.com"], username: null });
  emulator = await startEmulator({ rateLimit: false, seed });
  project = await PulumiProject.create("clerk-e2e", {
    program: PROGRAM,
    config: { "clerk:apiUrl": emulator.clerkApiUrl },
    secrets: { "clerk:secretKey": KEY },
  });
});

afterAll(async () => {
  await emulator?.close();
  project?.remove();
});

// The steps build on each other, like a team's history of pull requests against one stack.
describe("a Clerk roster under the real Pulumi CLI", () => {
  it("up creates exactly the declared memberships and adopts the one that already existed", async () => {
    const roster = baseRoster();
    project.writeRoster(roster);
    const johnBefore = (await live()).get(JOHN)?.id;
    await project.up();
    const members = await live();
    for (const member of roster) {
      const { userId, role, publicMetadata, privateMetadata } = member.args as { userId: string; role: string; publicMetadata?: object; privateMetadata?: object };
      expect(members.get(userId)).toMatchObject({ role, public_metadata: publicMetadata ?? {}, private_metadata: privateMetadata ?? {} });
    }
    expect(members.get(JOHN)?.id).toBe(johnBefore);
    expect([...members.keys()].sort()).toEqual([JANE, JOHN, PRIYA, MARCO, AIKO, SAM].sort());
    expect(members.get(LEE)).toBeUndefined();
    await expect(project.driftCheck()).resolves.toMatchObject({ code: 0 });
  });

  it("a role edit is an in-place update, not a replace", async () => {
    const roster = baseRoster();
    (roster[2] as Member).args.role = "org:billing";
    project.writeRoster(roster);
    const plan = await project.plan();
    const changed = (plan.steps ?? []).filter((s) => s.op !== "same");
    expect(changed.map((s) => [s.op, s.urn.split("::").pop()])).toEqual([["update", "sam"]]);
    const before = (await live()).get(SAM)?.id;
    await project.up();
    expect((await live()).get(SAM)).toMatchObject({ id: before, role: "org:billing" });
  });

  it("a metadata edit that removes a nested key leaves live metadata equal to the declaration", async () => {
    const roster = baseRoster();
    (roster[2] as Member).args.role = "org:billing";
    (roster[1] as Member).args.publicMetadata = { team: "mobile", oncall: { primary: true } };
    project.writeRoster(roster);
    await project.up();
    expect((await live()).get(AIKO)?.public_metadata).toEqual({ team: "mobile", oncall: { primary: true } });
  });

  it("changing userId replaces the membership", async () => {
    const roster = baseRoster();
    (roster[2] as Member).args = { userId: SAM, role: "org:billing" };
    (roster[1] as Member).args = { userId: AIKO, role: "org:member", publicMetadata: { team: "mobile", oncall: { primary: true } } };
    // "sam" now declares Lee instead of Sam.
    (roster[2] as Member).args.userId = LEE;
    project.writeRoster(roster);
    const plan = await project.plan();
    const ops = (plan.steps ?? []).filter((s) => s.urn.endsWith("::sam")).map((s) => s.op);
    expect(ops.some((op) => ["replace", "create-replacement"].includes(op))).toBe(true);
    expect(ops).not.toContain("update");
    await project.up();
    const members = await live();
    expect(members.get(SAM)).toBeUndefined();
    expect(members.get(LEE)).toMatchObject({ role: "org:billing" });
    // Back to Sam for the following steps.
    const restored = baseRoster();
    (restored[2] as Member).args.role = "org:billing";
    (restored[1] as Member).args.publicMetadata = { team: "mobile", oncall: { primary: true } };
    project.writeRoster(restored);
    await project.up();
  });

  it("an out-of-band role change is reported by the drift check (exit 7) and repaired by up --refresh", async () => {
    await patch(`/organizations/${ORG}/memberships/${MARCO}`, { role: "org:member" });
    const drift = await project.driftCheck();
    expect(drift.code).toBe(7);
    expect(drift.stdout).toContain("marco");
    expect(drift.stdout).toMatch(/role.*org:member|org:member.*org:admin|org:admin.*org:member/s);
    await project.up(["--refresh"]);
    expect((await live()).get(MARCO)?.role).toBe("org:admin");
    await expect(project.driftCheck()).resolves.toMatchObject({ code: 0 });
  });

  it("an out-of-band metadata addition is drift too, and up --refresh removes it", async () => {
    await patch(`/organizations/${ORG}/memberships/${AIKO}/metadata`, { public_metadata: { addedByHand: true } });
    expect((await project.driftCheck()).code).toBe(7);
    await project.up(["--refresh"]);
    expect((await live()).get(AIKO)?.public_metadata).toEqual({ team: "mobile", oncall: { primary: true } });
  });

  it("an out-of-band removal is recreated by up --refresh", async () => {
    await patch(`/organizations/${ORG}/memberships/${SAM}`, undefined, "DELETE");
    expect((await live()).get(SAM)).toBeUndefined();
    expect((await project.driftCheck()).code).toBe(7);
    await project.up(["--refresh"]);
    expect((await live()).get(SAM)).toMatchObject({ role: "org:billing" });
    await expect(project.driftCheck()).resolves.toMatchObject({ code: 0 });
  });

  it("a new release of the package's implementation plans no change on an unchanged stack", async () => {
    for (const file of ["runtime.js", "engine/membership-provider.js", "shims/clerk-membership.js"]) {
      fs.appendFileSync(path.join(project.packageDir, "dist", "provider", file), `\n// release ${Date.now()}\n`);
    }
    const plan = await project.plan();
    expect((plan.steps ?? []).filter((s) => s.op !== "same")).toEqual([]);
    await expect(project.cli(["preview", "--expect-no-changes"])).resolves.toMatchObject({ code: 0 });
  });

  it("the secret key and private metadata never appear in plaintext in state, state files or CLI output", async () => {
    const state = await project.exportState();
    const exported = JSON.stringify(state);
    const files = project.stateFilesText();
    const output = project.transcript.join("\n");
    for (const text of [exported, files, output]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(PRIVATE_MARKER);
    }
    const marco = state.deployment.resources?.find((r) => r.urn.endsWith("::marco"));
    expect(JSON.stringify(marco?.outputs?.privateMetadata)).toContain("ciphertext");
    const provider = marco?.outputs?.__provider;
    expect(typeof provider).toBe("string");
    expect((provider as string).length).toBeLessThanOrEqual(1536);
  });

  it("destroy removes every declared membership and nothing else", async () => {
    await project.cli(["destroy", "--yes", "--skip-preview"]);
    expect([...(await live()).keys()].sort()).toEqual([JANE, PRIYA].sort());
  });
});
