// End-to-end: the removal budget covers what a Roster's own resources cannot see, in both granularities, under the
// real CLI. Dropping an organization's whole section, removing the whole Roster, or switching granularity deletes
// resources (a delete is never diffed): over the budget, `pulumi preview` refuses it first, naming who would go, and
// `up` removes nobody. Within the budget, or after the budget was raised on purpose, the section goes (its last admin
// stays).

import * as fs from "node:fs";
import * as path from "node:path";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject } from "../support/pulumi-cli";

jest.setTimeout(900_000);

const KEY = "sk_test_emulator_clerk";
const WORKOS_KEY = "sk_test_emulator_workos";
const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin
const CLERK_MEMBERS = [
  "user_2CjfiYQESbHpt0mpAiRLH9DzmL6",
  "user_25O6MsMcGp2kTY7xO5ZIredutNa",
  "user_2Cj42gEnI5sEt6OHTerNANMDgHi",
  "user_2xhf4ceAYkFATOHxeiZEhKrnn3E",
  "user_2q2pKPH4DwyaujKDfVPuwfT9G8F",
  "user_2Guard00AbCdEfGhIjKlMnOpQr",
  "user_2Guard01AbCdEfGhIjKlMnOpQr",
];
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488";
const W_MARCO = "user_01JGFJK1XRYFYTC66VPVTX363S";
const W_JOHN = "user_01JGFJJZZ8YAGVDCKSQWW7FE4N"; // seeded active member, not declared (unmanagedMembers: ignore)

function rosterYaml(options: { clerk?: boolean; workos?: boolean; maxRemovals?: number; workosUnmanaged?: string; clerkMembers?: readonly string[] } = {}): string {
  const clerk = `clerk:
  organizations:
    ${ORG}:
      maxRemovals: ${options.maxRemovals ?? 5}
      members:
        - userId: ${JANE}
          role: org:admin
${(options.clerkMembers ?? CLERK_MEMBERS).map((id) => `        - userId: ${id}\n          role: org:member`).join("\n")}
`;
  const workos = `workos:
  organizations:
    ${WORKOS_ORG}:
      unmanagedMembers: ${options.workosUnmanaged ?? "ignore"}
      members:
        - userId: ${W_JANE}
          role: admin
        - userId: ${W_MARCO}
          role: member
`;
  return `${options.clerk === false ? "" : clerk}${options.workos === false ? "" : workos}`;
}

describe.each(["organization", "member"] as const)("the removal budget over a Roster's sections, %s granularity", (granularity) => {
  let emulator: EmulatorHandle;
  let project: PulumiProject;

  const clerkMembers = (): string[] => emulator.clerk.listMemberships({ organizationId: ORG }).map((m) => m.userId).sort();
  const workosMembers = (): string[] => emulator.workos.listMemberships({ organizationId: WORKOS_ORG, statuses: new Set(["active"]) }).map((m) => m.userId).sort();
  const writeFile = (text: string): void => fs.writeFileSync(path.join(project.dir, "roster.yaml"), text);

  beforeAll(async () => {
    const seed = defaultSeed();
    for (const [i, id] of CLERK_MEMBERS.slice(5).entries()) seed.clerk?.users?.push({ id, firstName: `G${i}`, lastName: "X", emailAddresses: [`guard${i}@acme.com`], username: null });
    emulator = await startEmulator({ rateLimit: false, seed });
    project = await PulumiProject.create(`removal-guard-${granularity}`, {
      program: `
const pulumi = require("@pulumi/pulumi");
const { Roster } = require("pulumi-org-roster");
const config = new pulumi.Config();
if (config.get("roster") !== "gone") new Roster("acme", { file: "roster.yaml", granularity: config.require("granularity") });
`,
      config: { granularity, "clerk:apiUrl": emulator.clerkApiUrl, "workos:apiUrl": emulator.workosApiUrl },
      secrets: { "clerk:secretKey": KEY, "workos:apiKey": WORKOS_KEY },
    });
    writeFile(rosterYaml());
    await project.up();
  });

  afterAll(async () => {
    await emulator?.close();
    project?.remove();
  });

  it("converged: eight Clerk members, two declared WorkOS members", () => {
    expect(clerkMembers()).toEqual([JANE, ...CLERK_MEMBERS].sort());
    expect(workosMembers()).toEqual([W_JANE, W_JOHN, W_MARCO].sort());
  });

  it("dropping a section with more members than maxRemovals is refused by preview, naming them, and up removes nobody", async () => {
    writeFile(rosterYaml({ clerk: false }));
    const preview = await project.cli(["preview"], [1, 255]);
    const output = preview.stdout + preview.stderr;
    expect(output).toContain(`Clerk organization ${ORG}: this change would remove 8 members, more than maxRemovals (5); nobody was removed`);
    for (const id of [JANE, ...CLERK_MEMBERS]) expect(output).toContain(id);
    expect(output).toContain("its section was removed from the roster");
    expect(output).toContain("first raise maxRemovals to at least 8");
    // Said once, by the engine, without a stack.
    expect(output).not.toMatch(/^\s+at \S+ \(/m);
    // (The CLI shows a failing step's error on its progress line and under Diagnostics: only the provider's own
    // stderr echo, which came with a stack, is gone.)
    expect(output).not.toMatch(/pulumi:pulumi:Stack \S+ running Error/);
    const diagnostics = output.slice(output.indexOf("Diagnostics:"));
    expect(diagnostics.split("this change would remove 8 members").length - 1).toBe(1);
    await project.cli(["up", "--yes", "--skip-preview"], [1, 255]);
    await project.cli(["up", "--yes"], [1, 255]);
    expect(clerkMembers()).toEqual([JANE, ...CLERK_MEMBERS].sort());
  });

  it("after an up refused over the budget, dropping the section is still counted against the members it would remove", async () => {
    // Dropping six members (maxRemovals 5) is refused, by the roster's own diff, after the guard recorded the file.
    writeFile(rosterYaml({ clerkMembers: CLERK_MEMBERS.slice(0, 1) }));
    const refused = await project.cli(["preview"], [1, 255]);
    expect(refused.stdout + refused.stderr).toContain("more than maxRemovals (5)");
    await project.cli(["up", "--yes", "--skip-preview"], [1, 255]);
    expect(clerkMembers()).toEqual([JANE, ...CLERK_MEMBERS].sort());
    // The section dropped now would delete all eight: preview refuses it as up does, and nobody is removed.
    writeFile(rosterYaml({ clerk: false }));
    const preview = await project.cli(["preview"], [1, 255]);
    expect(preview.stdout + preview.stderr).toContain(`Clerk organization ${ORG}: this change would remove 8 members, more than maxRemovals (5); nobody was removed`);
    await project.cli(["up", "--yes", "--skip-preview"], [1, 255]);
    expect(clerkMembers()).toEqual([JANE, ...CLERK_MEMBERS].sort());
    writeFile(rosterYaml());
    await project.up();
    expect((await project.plan()).steps?.filter((step) => step.op !== "same") ?? []).toEqual([]);
  });

  it("removing the whole Roster from the program is refused by preview and up while an organization is over its budget, all or nothing", async () => {
    writeFile(rosterYaml());
    await project.cli(["config", "set", "roster", "gone"]);
    const preview = await project.cli(["preview"], [1, 255]);
    expect(preview.stdout + preview.stderr).toMatch(/acme\/removal-lock" cannot be deleted\s+because it is protected/);
    await project.cli(["up", "--yes", "--skip-preview"], [1, 255]);
    expect(clerkMembers()).toEqual([JANE, ...CLERK_MEMBERS].sort());
    expect(workosMembers()).toEqual([W_JANE, W_JOHN, W_MARCO].sort());
    await project.cli(["config", "set", "roster", "here"]);
    const plan = await project.plan();
    expect((plan.steps ?? []).filter((step) => step.op !== "same")).toEqual([]);
  });

  it("switching granularity is refused by preview with the way to switch; that way switches with nobody removed", async () => {
    const other = granularity === "member" ? "organization" : "member";
    const guardUrn = `urn:pulumi:test::removal-guard-${granularity}::pulumi-org-roster:index:Roster$pulumi-nodejs:dynamic/index:RosterGuard::acme/removal-guard`;
    const switchTo = async (target: string): Promise<void> => {
      await project.cli(["state", "delete", "--target-dependents", "--force", "--yes", guardUrn]);
      await project.cli(["config", "set", "granularity", target]);
      await project.up();
      expect(clerkMembers()).toEqual([JANE, ...CLERK_MEMBERS].sort());
      expect(workosMembers()).toEqual([W_JANE, W_JOHN, W_MARCO].sort());
      await expect(project.driftCheck()).resolves.toMatchObject({ code: 0 });
    };
    await project.cli(["config", "set", "granularity", other]);
    try {
      const preview = await project.cli(["preview"], [1, 255]);
      const output = preview.stdout + preview.stderr;
      expect(output).toContain(`granularity "${granularity}" → "${other}" is refused`);
      expect(output).toContain("pulumi state delete --target-dependents --force '<URN of acme/removal-guard>'");
      await project.cli(["up", "--yes", "--skip-preview"], [1, 255]);
      expect(clerkMembers()).toEqual([JANE, ...CLERK_MEMBERS].sort());
      expect(workosMembers()).toEqual([W_JANE, W_JOHN, W_MARCO].sort());
    } finally {
      await project.cli(["config", "set", "granularity", granularity]);
    }
    // The documented way, there and back: nobody is removed, nothing is left to change.
    await switchTo(other);
    await switchTo(granularity);
  });

  it("a section within its budget is dropped by up; its last admin stays", async () => {
    writeFile(rosterYaml({ workos: false }));
    const preview = await project.cli(["preview"]);
    expect(preview.code).toBe(0);
    await project.up();
    expect(workosMembers()).toEqual([W_JANE, W_JOHN].sort());
    expect(clerkMembers()).toEqual([JANE, ...CLERK_MEMBERS].sort());
  });

  it("a section removed on purpose: raise maxRemovals and apply, then remove it", async () => {
    writeFile(rosterYaml({ maxRemovals: 8 }));
    await project.up();
    writeFile(rosterYaml({ clerk: false }));
    await expect(project.cli(["preview"])).resolves.toMatchObject({ code: 0 });
    await project.up();
    // The organization keeps its last admin.
    expect(clerkMembers()).toEqual([JANE]);
  });

  it("switching unmanagedMembers from ignore to remove: the preview names whom up will remove", async () => {
    writeFile(rosterYaml({ clerk: false, workosUnmanaged: "remove" }));
    const preview = await project.cli(["preview"]);
    expect(preview.stdout + preview.stderr).toContain(`WorkOS organization ${WORKOS_ORG}: \`pulumi up\` will remove 1 member(s) the roster does not declare (unmanagedMembers: remove): John Smith <john.smith@acme.com> (${W_JOHN}) (member)`);
    await project.up();
    expect(workosMembers()).toEqual([W_JANE, W_MARCO].sort());
  });

  it("with every organization within its budget, the lock is off and destroy removes the rest (the last admin stays)", async () => {
    await project.cli(["destroy", "--yes"]);
    expect(workosMembers()).toEqual([W_JANE]);
  });
});
