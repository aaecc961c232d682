// End-to-end: the real Pulumi CLI drives the WorkOS OrganizationMembership resource against the emulator:
// create, in-place role change, out-of-band deactivation caught and repaired, adoption, destroy in both modes.

import { startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject } from "../support/pulumi-cli";

jest.setTimeout(600_000);

const KEY = "sk_test_emulator_workos";
const ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const JANE = "user_01JGFJJZ000MZ17QKF3F55Z488"; // seeded admin, not declared
const JOHN = "user_01JGFJJZZ8YAGVDCKSQWW7FE4N"; // seeded member: adopted
const PRIYA = "user_01JGFJK0YG1EE043E42N4FHZD8"; // seeded inactive: reactivated by create
const MARCO = "user_01JGFJK1XRYFYTC66VPVTX363S";
const AIKO = "user_01JGFJK2X0N6FCCW8VBHXF4W63";

interface WireMembership {
  id: string;
  status: string;
  user_id: string;
  roles?: Array<{ slug: string }>;
}

let emulator: EmulatorHandle;
let project: PulumiProject;

async function live(): Promise<Map<string, WireMembership>> {
  const response = await fetch(`${emulator.workosApiUrl}/user_management/organization_memberships?organization_id=${ORG}&statuses=active,inactive,pending&limit=100`, {
    headers: { authorization: `Bearer ${KEY}` },
  });
  const body = (await response.json()) as { data: WireMembership[] };
  return new Map(body.data.map((m) => [m.user_id, m]));
}

function roles(member: WireMembership | undefined): string[] {
  return (member?.roles ?? []).map((r) => r.slug).sort();
}

function roster(marcoRole = "admin") {
  return [
    { name: "marco", args: { userId: MARCO, roleSlug: marcoRole } },
    { name: "aiko", args: { userId: AIKO, roleSlugs: ["member", "billing"], onDelete: "deactivate" } },
    { name: "john", args: { userId: JOHN, roleSlug: "member" } },
    { name: "priya", args: { userId: PRIYA, roleSlug: "billing" } },
  ];
}

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: false });
  project = await PulumiProject.create("workos-e2e", {
    program: `
const { workos } = require("pulumi-org-roster");
for (const member of require("./roster.json")) new workos.OrganizationMembership(member.name, { organizationId: "${ORG}", ...member.args });
`,
    config: { "workos:apiUrl": emulator.workosApiUrl },
    secrets: { "workos:apiKey": KEY },
  });
});

afterAll(async () => {
  await emulator?.close();
  project?.remove();
});

describe("a WorkOS roster under the real Pulumi CLI", () => {
  it("up creates, adopts the active member and reactivates the inactive one", async () => {
    const johnBefore = (await live()).get(JOHN)?.id;
    const priyaBefore = (await live()).get(PRIYA)?.id;
    project.writeRoster(roster());
    await project.up();
    const members = await live();
    expect(roles(members.get(MARCO))).toEqual(["admin"]);
    expect(roles(members.get(AIKO))).toEqual(["billing", "member"]);
    expect(members.get(JOHN)).toMatchObject({ id: johnBefore, status: "active" });
    expect(members.get(PRIYA)).toMatchObject({ id: priyaBefore, status: "active" });
    expect(roles(members.get(PRIYA))).toEqual(["billing"]);
    await expect(project.driftCheck()).resolves.toMatchObject({ code: 0 });
  });

  it("a role change is an in-place update", async () => {
    project.writeRoster(roster("billing"));
    const plan = await project.plan();
    expect((plan.steps ?? []).filter((s) => s.op !== "same").map((s) => [s.op, s.urn.split("::").pop()])).toEqual([["update", "marco"]]);
    const before = (await live()).get(MARCO)?.id;
    await project.up();
    expect((await live()).get(MARCO)).toMatchObject({ id: before });
    expect(roles((await live()).get(MARCO))).toEqual(["billing"]);
  });

  it("an out-of-band deactivation is reported by the drift check (exit 7) and repaired by up --refresh", async () => {
    const marco = (await live()).get(MARCO);
    const response = await fetch(`${emulator.workosApiUrl}/user_management/organization_memberships/${marco?.id}/deactivate`, {
      method: "PUT",
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(response.status).toBe(200);
    const drift = await project.driftCheck();
    expect(drift.code).toBe(7);
    expect(drift.stdout).toContain("marco");
    expect(drift.stdout).toContain("inactive");
    await project.up(["--refresh"]);
    expect((await live()).get(MARCO)).toMatchObject({ id: marco?.id, status: "active" });
    await expect(project.driftCheck()).resolves.toMatchObject({ code: 0 });
  });

  it("the API key never appears in state, state files or CLI output", async () => {
    const everything = [JSON.stringify(await project.exportState()), project.stateFilesText(), project.transcript.join("\n")];
    for (const text of everything) expect(text).not.toContain(KEY);
  });

  it("destroy deletes by default and deactivates with onDelete: deactivate, touching nothing else", async () => {
    await project.cli(["destroy", "--yes", "--skip-preview"]);
    const members = await live();
    expect(members.get(MARCO)).toBeUndefined();
    expect(members.get(JOHN)).toBeUndefined();
    expect(members.get(PRIYA)).toBeUndefined();
    expect(members.get(AIKO)).toMatchObject({ status: "inactive" });
    expect(members.get(JANE)).toMatchObject({ status: "active" });
  });
});
