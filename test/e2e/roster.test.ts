// End-to-end: the Roster component from a roster file under the real Pulumi CLI, in both granularities: up,
// one role edit touching one member, hand-added members reported (exit 7) and removed, the removal budget and
// the last-admin guard refusing plans with nobody removed; and roster problems, printed as `org-roster validate`
// prints them (no stack).

import * as fs from "node:fs";
import * as path from "node:path";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject, REPO_ROOT, run } from "../support/pulumi-cli";

jest.setTimeout(900_000);

const KEY = "sk_test_emulator_clerk";
const WORKOS_KEY = "sk_test_emulator_workos";
const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin
const SAM = "user_2q2pKPH4DwyaujKDfVPuwfT9G8F";
const EXTRA = Array.from({ length: 12 }, (_, i) => `user_2Roster${String(i).padStart(2, "0")}AbCdEfGhIjKlMn`);

function rosterYaml(options: { extras?: number; janeRole?: string; mode?: string; maxRemovals?: number } = {}): string {
  const extras = EXTRA.slice(0, options.extras ?? 12)
    .map((id, i) => `        - userId: ${id}\n          role: ${i % 2 === 0 ? "org:member" : "org:billing"}\n          publicMetadata: { index: ${i} }`)
    .join("\n");
  return `clerk:
  organizations:
    ${ORG}:
      unmanagedMembers: ${options.mode ?? "report"}
${options.maxRemovals !== undefined ? `      maxRemovals: ${options.maxRemovals}\n` : ""}      members:
        - userId: ${JANE}
          role: ${options.janeRole ?? "org:admin"}
          privateMetadata: { pager: pgr-7f3c9a-private }
        - email: john.smith@acme.com
          role: org:member
          publicMetadata: { team: platform }
        - email: priya.patel@acme.com
          role: org:billing
${extras}
workos:
  organizations:
    ${WORKOS_ORG}:
      unmanagedMembers: ignore
      members:
        - userId: user_01JGFJJZ000MZ17QKF3F55Z488
          role: admin
        - email: marco.rossi@acme.com
          roles: [member, billing]
`;
}

interface WireMember {
  role: string;
  public_user_data: { user_id: string };
}

describe.each(["organization", "member"] as const)("a roster file in %s granularity", (granularity) => {
  let emulator: EmulatorHandle;
  let project: PulumiProject;

  async function live(): Promise<Map<string, WireMember>> {
    const response = await fetch(`${emulator.clerkApiUrl}/organizations/${ORG}/memberships?limit=100`, { headers: { authorization: `Bearer ${KEY}` } });
    return new Map(((await response.json()) as { data: WireMember[] }).data.map((m) => [m.public_user_data.user_id, m]));
  }

  async function snapshot(): Promise<unknown[]> {
    const response = await fetch(`${emulator.clerkApiUrl}/organizations/${ORG}/memberships?limit=100&order_by=created_at`, { headers: { authorization: `Bearer ${KEY}` } });
    const body = (await response.json()) as { data: Array<Record<string, unknown>> };
    return body.data.map(({ id, role, public_metadata, private_metadata, updated_at }) => ({ id, role, public_metadata, private_metadata, updated_at }));
  }

  function writeFile(text: string): void {
    fs.writeFileSync(path.join(project.dir, "roster.yaml"), text);
  }

  beforeAll(async () => {
    const seed = defaultSeed();
    for (const [i, id] of EXTRA.entries()) seed.clerk?.users?.push({ id, firstName: `R${i}`, lastName: "X", emailAddresses: [`roster${i}@acme.com`], username: null });
    emulator = await startEmulator({ rateLimit: false, seed });
    project = await PulumiProject.create(`roster-${granularity}`, {
      program: `
const pulumi = require("@pulumi/pulumi");
const { Roster } = require("pulumi-org-roster");
exports.organizations = new Roster("acme", { file: "roster.yaml", granularity: new pulumi.Config().require("granularity") }).organizations;
`,
      config: { granularity, "clerk:apiUrl": emulator.clerkApiUrl, "workos:apiUrl": emulator.workosApiUrl },
      secrets: { "clerk:secretKey": KEY, "workos:apiKey": WORKOS_KEY },
    });
  });

  afterAll(async () => {
    await emulator?.close();
    project?.remove();
  });

  it("up converges both organizations from the file", async () => {
    writeFile(rosterYaml());
    await project.up();
    const members = await live();
    expect(members.size).toBe(15);
    expect(members.get(EXTRA[1] ?? "")?.role).toBe("org:billing");
    await expect(project.driftCheck()).resolves.toMatchObject({ code: 0 });
  });

  it("editing one role changes exactly one member", async () => {
    writeFile(rosterYaml().replace(`userId: ${EXTRA[0]}\n          role: org:member`, `userId: ${EXTRA[0]}\n          role: org:admin`));
    const plan = await project.plan();
    const changed = (plan.steps ?? []).filter((s) => s.op !== "same");
    expect(changed).toHaveLength(1);
    expect(changed[0]?.op).toBe("update");
    if (granularity === "member") expect(changed[0]?.urn).toContain(EXTRA[0]);
    emulator.resetStats();
    await project.up();
    expect((await live()).get(EXTRA[0] ?? "")?.role).toBe("org:admin");
    expect(emulator.stats().byRoute["PATCH /v1/organizations/:organizationId/memberships/:userId"]).toBe(1);
    writeFile(rosterYaml());
    await project.up();
  });

  it("a member added by hand is reported by the drift check (exit 7, named), and removed in remove mode", async () => {
    const response = await fetch(`${emulator.clerkApiUrl}/organizations/${ORG}/memberships`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ user_id: SAM, role: "org:admin" }),
    });
    expect(response.status).toBe(200);
    const drift = await project.driftCheck();
    expect(drift.code).toBe(7);
    expect(drift.stdout).toContain(SAM);
    // `up` in report mode records them, and `pulumi stack output` names them beside the declared members.
    await project.up(["--refresh"]);
    const organization = ((await project.outputs()).organizations as Record<string, { members: Array<{ userId: string }>; unmanagedMembers: unknown[] }>)[`clerk/${ORG}`];
    expect(organization?.members.map((m) => m.userId)).toContain(JANE);
    expect(organization?.members).toHaveLength(15);
    expect(organization?.unmanagedMembers).toEqual([{ userId: SAM, email: "sam.okafor@acme.com", name: "Sam Okafor", role: "org:admin" }]);
    writeFile(rosterYaml({ mode: "remove" }));
    await project.up(["--refresh"]);
    expect((await live()).has(SAM)).toBe(false);
    expect((await live()).size).toBe(15);
    await expect(project.driftCheck()).resolves.toMatchObject({ code: 0 });
    await project.cli(["refresh", "--yes"]);
    // Private metadata and keys stay encrypted in state, state files and CLI output, refreshes included.
    for (const text of [JSON.stringify(await project.exportState()), project.stateFilesText(), project.transcript.join("\n")]) {
      expect(text).not.toContain("pgr-7f3c9a-private");
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(WORKOS_KEY);
    }
  });

  it("a roster file with 10 members deleted is refused by maxRemovals, with nobody removed", async () => {
    writeFile(rosterYaml({ extras: 2, mode: "remove" }));
    const result = await project.cli(["up", "--yes", "--skip-preview"], [255, 1]);
    expect(result.stdout + result.stderr).toMatch(/would remove 10 members, more than maxRemovals \(5\)/);
    expect((await live()).size).toBe(15);
  });

  it("the last admin cannot be removed", async () => {
    writeFile(rosterYaml({ janeRole: "org:member", mode: "remove" }));
    const result = await project.cli(["up", "--yes", "--skip-preview"], [255, 1]);
    expect(result.stdout + result.stderr).toMatch(/without an admin|can manage memberships/);
    expect((await live()).get(JANE)?.role).toBe("org:admin");
  });

  it("export then up on the exported file, in a new stack, changes nothing in the organization", async () => {
    const exportedFile = path.join(project.dir, "exported.yaml");
    const exported = await run("node", [path.join(REPO_ROOT, "bin", "org-roster.js"), "export", "--service", "clerk", "--organization", ORG, "--output", exportedFile], project.dir, {
      ...process.env,
      CLERK_SECRET_KEY: KEY,
      CLERK_API_URL: emulator.clerkApiUrl,
    });
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(/15 members/);
    const adopting = await PulumiProject.create(`roster-export-${granularity}`, {
      program: `
const pulumi = require("@pulumi/pulumi");
const { Roster } = require("pulumi-org-roster");
new Roster("adopted", { file: "roster.yaml", granularity: new pulumi.Config().require("granularity") });
`,
      config: { granularity, "clerk:apiUrl": emulator.clerkApiUrl },
      secrets: { "clerk:secretKey": KEY },
    });
    try {
      fs.copyFileSync(exportedFile, path.join(adopting.dir, "roster.yaml"));
      const validated = await run("node", [path.join(REPO_ROOT, "bin", "org-roster.js"), "validate", "roster.yaml"], adopting.dir, process.env);
      expect(validated.stdout).toContain("ok: 1 organizations, 15 members");
      const before = await snapshot();
      await adopting.up();
      // Every membership is adopted as it is: same ids, roles, metadata and updated_at.
      expect(await snapshot()).toEqual(before);
      await expect(adopting.driftCheck()).resolves.toMatchObject({ code: 0 });
    } finally {
      adopting.remove();
    }
  });
});

describe("roster problems under the real CLI", () => {
  const USER = "user_2e71lHFE8l6hlvY5bR215DEWc1Z";
  // A bad maxRemovals, a malformed email and a user listed twice: the same three problems in both forms.
  const badYaml = `clerk:
  organizations:
    ${ORG}:
      maxRemovals: -1
      members:
        - userId: ${USER}
          role: org:admin
        - email: not-an-email
        - userId: ${USER}
`;
  const organization = `clerk.organizations.${ORG}`;
  const fileLines = [
    `roster.yaml:4:20: ${organization}.maxRemovals: -1 is not allowed; allowed: an integer >= 0`,
    `roster.yaml:8:18: ${organization}.members[1].email: "not-an-email" is not a well-formed email address; allowed: an address such as john.smith@acme.com`,
    `roster.yaml:9:19: ${organization}.members[2].userId: user ${USER} is listed more than once in this organization; list each user once (first listed at line 6)`,
  ];
  let project: PulumiProject;

  beforeAll(async () => {
    project = await PulumiProject.create("roster-problems", {
      program: `
const pulumi = require("@pulumi/pulumi");
const { Roster } = require("pulumi-org-roster");
const config = new pulumi.Config();
if (config.require("form") === "file") new Roster("bad", { file: "roster.yaml" });
else new Roster("bad", { roster: require("./roster.json"), granularity: config.require("granularity") });
`,
      config: { form: "file", granularity: "team" },
    });
    fs.writeFileSync(path.join(project.dir, "roster.yaml"), badYaml);
    project.writeRoster({ clerk: { organizations: { [ORG]: { maxRemovals: -1, members: [{ userId: USER, role: "org:admin" }, { email: "not-an-email" }, { userId: USER }] } } } });
  });

  afterAll(() => project?.remove());

  /** `pulumi preview` of the given form: it must fail, and print its problems without a stack or colour codes. */
  async function previewProblems(form: "file" | "inline"): Promise<string[]> {
    await project.cli(["config", "set", "form", form]);
    const result = await project.cli(["preview"], [1, 255]);
    const output = result.stdout + result.stderr;
    expect(output).not.toMatch(/^\s*at \S/m);
    expect(output).not.toContain("\u001b[");
    expect(output).not.toMatch(/:0:0:|RosterValidationError|unhandled exception/);
    // The diagnostics print the message's lines indented, the first after `error: `.
    return output.split("\n").map((line) => line.trim().replace(/^error: /, ""));
  }

  it("a roster file: every problem at file:line:column and its path, as `org-roster validate` prints them", async () => {
    const lines = await previewProblems("file");
    for (const line of fileLines) expect(lines).toContain(line);
    const validated = await run("node", [path.join(REPO_ROOT, "bin", "org-roster.js"), "validate", "roster.yaml"], project.dir, process.env);
    expect(validated.code).toBe(1);
    expect(validated.stderr.trimEnd().split("\n")).toEqual(fileLines);
  });

  it("an inline roster: every problem at its property path, and the component's own argument problems", async () => {
    const lines = await previewProblems("inline");
    for (const line of [
      `Roster bad: granularity: "team" is not allowed; allowed: "organization" (the default) or "member"`,
      `Roster bad: ${organization}.maxRemovals: -1 is not allowed; allowed: an integer >= 0`,
      `Roster bad: ${organization}.members[1].email: "not-an-email" is not a well-formed email address; allowed: an address such as john.smith@acme.com`,
      `Roster bad: ${organization}.members[2].userId: user ${USER} is listed more than once in this organization; list each user once (first listed at members[0])`,
    ]) {
      expect(lines).toContain(line);
    }
  });
});
