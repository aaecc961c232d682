// End-to-end: the `Roster` component as the provider plugin constructs it, declared by the README's Pulumi YAML program
// over a roster file, under the real CLI against the emulator: `up` converges both organizations to the file with the
// plugin's own resources, a role changed out of band shows as drift (exit 7) until `up --refresh` converges it, and
// file edits removing more than maxRemovals or the last admin are refused with the TypeScript Roster's very messages
// (the same edits, on a second emulator, through a Node.js program); destroy is refused while the roster is over its
// budget, and otherwise keeps each organization's last admin.

import * as fs from "node:fs";
import * as path from "node:path";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject, REPO_ROOT, pluginYamlProject, type RunResult } from "../support/pulumi-cli";
import { CARL, CLERK_KEY, CLERK_ORG as ORG, JANE, WORKOS_KEY, WORKOS_ORG, W_MARCO } from "../support/seed-ids";

jest.setTimeout(600_000);

const ANA = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6"; // seeded org:member, john.smith@acme.com
const BEN = "user_25O6MsMcGp2kTY7xO5ZIredutNa"; // seeded org:billing
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488"; // seeded admin
const W_JOHN = "user_01JGFJJZZ8YAGVDCKSQWW7FE4N"; // seeded member
const PRIVATE_VALUE = "cost-center-private-5c2a";

/** The roster file: every Clerk member but Jane optional (`clerkMembers`), Jane's role given, Clerk's maxRemovals 1. */
function rosterYaml(options: { janeRole?: string; clerkMembers?: ReadonlyArray<"ana" | "ben" | "carl">; maxRemovals?: number } = {}): string {
  const entries = {
    ana: "        - { email: john.smith@acme.com, role: org:member, publicMetadata: { team: platform } }",
    ben: `        - { userId: ${BEN}, role: org:billing, privateMetadata: { costCenter: ${PRIVATE_VALUE} } }`,
    carl: `        - { userId: ${CARL}, role: org:member }`,
  };
  const clerkMembers = (options.clerkMembers ?? ["ana", "ben", "carl"]).map((member) => entries[member]);
  return `clerk:
  organizations:
    ${ORG}:
      maxRemovals: ${options.maxRemovals ?? 1}
      members:
        - { userId: ${JANE}, role: ${options.janeRole ?? "org:admin"} }
${clerkMembers.join("\n")}
workos:
  organizations:
    ${WORKOS_ORG}:
      members:
        - { userId: ${W_JANE}, role: admin }
        - { userId: ${W_JOHN}, role: member }
        - { userId: ${W_MARCO}, role: member }
`;
}

/**
 * The README's YAML program declaring the component (its "Other Pulumi languages" section), with the plugin's path
 * this checkout's; Pulumi.yaml's name and runtime are the project's own.
 */
function readmeYamlProgram(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Other Pulumi languages"));
  const block = [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1] ?? "").find((text) => text.includes("type: org-roster:index:Roster"));
  if (block === undefined) throw new Error("the README's Other Pulumi languages section has no YAML program declaring org-roster:index:Roster");
  return block
    .split("\n")
    .filter((line) => !/^(name|runtime):/.test(line))
    .join("\n")
    .replace("path: ./node_modules/pulumi-org-roster/bin", `path: ${path.join(REPO_ROOT, "bin")}`);
}

const NODE_PROGRAM = `
const { Roster } = require("pulumi-org-roster");
exports.organizations = new Roster("acme", { file: "roster.yaml" }).organizations;
`;

/** The lines of a refused `up` that state why, from the organization's name on (the CLI's own prefixes differ). */
function refusal(result: RunResult, phrase: string): string[] {
  const lines = `${result.stdout}\n${result.stderr}`.split("\n").filter((line) => line.includes(phrase));
  return [...new Set(lines.map((line) => line.slice(line.indexOf("Clerk organization "))))];
}

describe("the Roster component of the provider plugin, from a Pulumi YAML program", () => {
  let emulator: EmulatorHandle;
  let typescriptEmulator: EmulatorHandle;
  let project: PulumiProject;
  let typescriptProject: PulumiProject;

  const clerkRoles = (handle: EmulatorHandle): Record<string, string> => Object.fromEntries(handle.clerk.listMemberships({ organizationId: ORG }).map((m) => [m.userId, m.role]));
  const workosRoles = (handle: EmulatorHandle): Record<string, readonly string[]> =>
    Object.fromEntries(handle.workos.listMemberships({ organizationId: WORKOS_ORG, statuses: new Set(["active"]) }).map((m) => [m.userId, m.roleSlugs]));
  const writeRoster = (target: PulumiProject, text: string): void => fs.writeFileSync(path.join(target.dir, "roster.yaml"), text);
  const CONVERGED_CLERK = { [JANE]: "org:admin", [ANA]: "org:member", [BEN]: "org:billing", [CARL]: "org:member" };

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: false, seed: defaultSeed() });
    typescriptEmulator = await startEmulator({ rateLimit: false, seed: defaultSeed() });
    project = await pluginYamlProject("yaml-roster-component", readmeYamlProgram(), emulator);
    typescriptProject = await PulumiProject.create("typescript-roster-component", {
      program: NODE_PROGRAM,
      config: { "clerk:apiUrl": typescriptEmulator.clerkApiUrl, "workos:apiUrl": typescriptEmulator.workosApiUrl },
      secrets: { "clerk:secretKey": CLERK_KEY, "workos:apiKey": WORKOS_KEY },
    });
    writeRoster(project, rosterYaml());
    writeRoster(typescriptProject, rosterYaml());
  });

  afterAll(async () => {
    await emulator?.close();
    await typescriptEmulator?.close();
    project?.remove();
    typescriptProject?.remove();
  });

  it("converges the organizations to the file with the plugin's own resources, and reports them", async () => {
    await project.up();
    expect(clerkRoles(emulator)).toEqual(CONVERGED_CLERK);
    expect(emulator.clerk.listMemberships({ organizationId: ORG }).find((m) => m.userId === BEN)?.privateMetadata).toEqual({ costCenter: PRIVATE_VALUE });
    expect(workosRoles(emulator)).toEqual({ [W_JANE]: ["admin"], [W_JOHN]: ["member"], [W_MARCO]: ["member"] });

    const types = (await project.exportState()).deployment.resources?.map((resource) => resource.type) ?? [];
    expect(types).toEqual(expect.arrayContaining(["org-roster:index:Roster", "org-roster:clerk:OrganizationRoster", "org-roster:workos:OrganizationRoster", "org-roster:index:RosterGuard"]));
    expect(types.filter((type) => type.startsWith("pulumi-nodejs:dynamic"))).toEqual([]);

    const { organizations } = (await project.outputs()) as { organizations: Record<string, { members: Array<{ userId: string; role?: string }> }> };
    expect(organizations[`clerk/${ORG}`]?.members.map((member) => member.userId).sort()).toEqual(Object.keys(CONVERGED_CLERK).sort());
    expect(organizations[`workos/${WORKOS_ORG}`]?.members.map((member) => member.userId).sort()).toEqual([W_JANE, W_JOHN, W_MARCO].sort());
    // The private metadata is a secret in state and never printed.
    expect(project.stateFilesText()).not.toContain(PRIVATE_VALUE);
    expect(project.transcript.join("\n")).not.toContain(PRIVATE_VALUE);
  });

  it("shows a role changed out of band as drift until up --refresh converges it", async () => {
    emulator.clerk.updateMembershipRole(ORG, ANA, "org:admin");
    expect((await project.driftCheck()).code).toBe(7);
    await project.up(["--refresh"]);
    expect(clerkRoles(emulator)).toEqual(CONVERGED_CLERK);
    expect((await project.driftCheck()).code).toBe(0);
  });

  it("refuses removals over maxRemovals and the last admin's demotion as the TypeScript Roster does, changing nobody", async () => {
    await typescriptProject.up();
    expect(clerkRoles(typescriptEmulator)).toEqual(CONVERGED_CLERK);

    const edits = [
      { file: rosterYaml({ clerkMembers: ["carl"] }), phrase: "more than maxRemovals (1)", says: `Clerk organization ${ORG}: this change would remove 2 members, more than maxRemovals (1); nobody was removed` },
      { file: rosterYaml({ janeRole: "org:member" }), phrase: "would leave it without an admin", says: `Clerk organization ${ORG}: this change would leave it without an admin` },
    ];
    for (const { file, phrase, says } of edits) {
      writeRoster(project, file);
      writeRoster(typescriptProject, file);
      const refused = refusal(await project.cli(["up", "--yes", "--skip-preview"], [1, 255]), phrase);
      const typescriptRefused = refusal(await typescriptProject.cli(["up", "--yes", "--skip-preview"], [1, 255]), phrase);
      expect(refused.length).toBeGreaterThan(0);
      for (const line of refused) expect(line).toContain(says);
      expect(refused).toEqual(typescriptRefused);
      expect(clerkRoles(emulator)).toEqual(CONVERGED_CLERK);
      expect(clerkRoles(typescriptEmulator)).toEqual(CONVERGED_CLERK);
    }
    expect(project.transcript.join("\n")).not.toContain(PRIVATE_VALUE);
    expect(project.transcript.join("\n")).not.toContain(CLERK_KEY);
  });

  it("refuses destroy while an organization is over its budget (the lock is protected); within it, destroy keeps the last admins", async () => {
    writeRoster(project, rosterYaml());
    await project.up();
    const refused = await project.cli(["destroy", "--yes", "--skip-preview"], [1, 255]);
    expect(`${refused.stdout}${refused.stderr}`).toContain("protected");
    expect(clerkRoles(emulator)).toEqual(CONVERGED_CLERK);

    writeRoster(project, rosterYaml({ maxRemovals: 5 }));
    await project.up();
    const destroyed = await project.cli(["destroy", "--yes", "--skip-preview"]);
    expect(`${destroyed.stdout}${destroyed.stderr}`).toContain("is its last admin");
    expect(clerkRoles(emulator)).toEqual({ [JANE]: "org:admin" });
    expect(workosRoles(emulator)).toEqual({ [W_JANE]: ["admin"] });
    expect(project.transcript.join("\n")).not.toContain(PRIVATE_VALUE);
  });
});
