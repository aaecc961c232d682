// End-to-end: `pulumi import` through the provider plugin, from a Pulumi YAML project, against the emulator: a Clerk
// membership, a WorkOS membership and a whole Clerk roster are imported by their documented ids, the generated code
// is added to the program, and the next preview shows no changes.

import * as fs from "node:fs";
import * as path from "node:path";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject, REPO_ROOT, pluginYamlProject } from "../support/pulumi-cli";

jest.setTimeout(180_000);

const KEY = "sk_test_emulator_clerk";
const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin
const PRIYA = "user_25O6MsMcGp2kTY7xO5ZIredutNa"; // seeded org:billing, with private metadata
const W_ADMIN = "user_01JGFJJZ000MZ17QKF3F55Z488"; // seeded admin

const PLUGINS = `plugins:
  providers:
    - name: org-roster
      path: ${path.join(REPO_ROOT, "bin")}
`;

describe("pulumi import through the provider plugin", () => {
  let emulator: EmulatorHandle;
  let project: PulumiProject;
  /** The resources the imports generated, appended to the program one after another. */
  const declared: string[] = [];

  /** `pulumi import <type> <name> <id>`, its generated code added to the program. */
  const importResource = async (type: string, name: string, id: string): Promise<void> => {
    const out = path.join(project.dir, `${name}.generated.yaml`);
    await project.cli(["import", type, name, id, "--yes", "--protect=false", "--out", out]);
    const generated = fs.readFileSync(out, "utf8");
    // The generated program is `resources:` and the resource under it: the resource is what the program gains.
    declared.push(generated.slice(generated.indexOf("resources:") + "resources:".length).replace(/^\n+/, ""));
    project.writeYamlProgram(`${PLUGINS}resources:\n${declared.join("")}`);
  };

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: false, seed: defaultSeed() });
    project = await pluginYamlProject("import", PLUGINS, emulator);
  });

  afterAll(async () => {
    await emulator?.close();
    if (project) project.remove();
  });

  it("imports memberships and a roster by their ids, after which the preview shows no changes", async () => {
    const costCenter = emulator.clerk.listMemberships({ organizationId: ORG }).find((m) => m.userId === PRIYA)?.privateMetadata.costCenter;

    await importResource("org-roster:clerk:OrganizationMembership", "jane", `${ORG}/${JANE}`);
    await importResource("org-roster:workos:OrganizationMembership", "wadmin", `${WORKOS_ORG}/${W_ADMIN}`);
    await importResource("org-roster:clerk:OrganizationRoster", "acme", ORG);
    const program = fs.readFileSync(path.join(project.dir, "Pulumi.yaml"), "utf8");
    expect(program).toContain(`${PRIYA}:`);
    // The imported inputs validate: the generated code needs no edit.
    expect(project.transcript.join("\n")).not.toContain("failed to validate");
    await project.cli(["preview", "--expect-no-changes", "--diff"]);

    // The resource ids are what a create gives: the membership's id; the roster's organization.
    const state = await project.exportState();
    const ids: Record<string, string | undefined> = Object.fromEntries((state.deployment.resources ?? []).filter((r) => r.type.startsWith("org-roster:")).map((r) => [r.urn.split("::").pop() ?? "", r.id] as const));
    expect(ids.jane).toMatch(/^orgmem_/);
    expect(ids.wadmin).toMatch(/^om_/);
    expect(ids.acme).toBe(ORG);
    // Priya's private metadata is declared in the program (as the import generated it), and a secret in state and in
    // what the commands print: its value is nowhere else in plaintext.
    const value = typeof costCenter === "string" ? costCenter : "";
    expect(value).not.toBe("");
    expect(program).toContain(value);
    expect(project.stateFilesText()).not.toContain(value);
    expect(project.transcript.join("\n")).not.toContain(value);

    // A bad id: refused with the shape expected, without a stack.
    const refused = await project.cli(["import", "org-roster:clerk:OrganizationMembership", "nobody", JANE, "--yes", "--protect=false", "--generate-code=false"], [1]);
    const said = `${refused.stdout}${refused.stderr}`;
    expect(said).toContain("org_…/user_…");
    expect(said).not.toMatch(/\n\s+at /);
    expect(project.transcript.join("\n")).not.toContain(KEY);
  });
});
