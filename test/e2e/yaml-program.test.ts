// End-to-end: the provider plugin under the real CLI, from a Pulumi YAML program, against the emulator: a Clerk and a
// WorkOS membership and a Clerk roster are created, a role changed out of band shows as drift (exit 7) until
// `up --refresh` converges it, a roster edit over `maxRemovals` removes nobody, and destroy keeps the last admin.

import * as path from "node:path";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject, REPO_ROOT, pluginYamlProject } from "../support/pulumi-cli";
import { CARL, CLERK_KEY as KEY, CLERK_ORG as ORG, JANE, WORKOS_ORG, W_MARCO } from "../support/seed-ids";

jest.setTimeout(300_000);

const ANA = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6"; // seeded org:member
const BEN = "user_25O6MsMcGp2kTY7xO5ZIredutNa"; // seeded org:billing
const PRIVATE_VALUE = "private-note-7d1e";

function program(options: { rosterMembers: readonly string[]; maxRemovals: number }): string {
  const members = options.rosterMembers.map((user) => `        ${user}: ${user === JANE ? "org:admin" : user === BEN ? "org:billing" : "org:member"}`).join("\n");
  return `plugins:
  providers:
    - name: org-roster
      path: ${path.join(REPO_ROOT, "bin")}
resources:
  carl:
    type: org-roster:clerk:OrganizationMembership
    properties:
      organizationId: ${ORG}
      userId: ${CARL}
      role: org:member
      privateMetadata:
        note: ${PRIVATE_VALUE}
  marco:
    type: org-roster:workos:OrganizationMembership
    properties:
      organizationId: ${WORKOS_ORG}
      userId: ${W_MARCO}
      roleSlug: member
  acme:
    type: org-roster:clerk:OrganizationRoster
    properties:
      organizationId: ${ORG}
      unmanagedMembers: ignore
      maxRemovals: ${options.maxRemovals}
      members:
${members}
outputs:
  carlRole: \${carl.role}
  marcoStatus: \${marco.status}
  carlPrivate: \${carl.privateMetadata}
`;
}

describe("a Pulumi YAML program using the provider plugin", () => {
  let emulator: EmulatorHandle;
  let project: PulumiProject;
  const clerkRoles = (): Record<string, string> => Object.fromEntries(emulator.clerk.listMemberships({ organizationId: ORG }).map((m) => [m.userId, m.role]));

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: false, seed: defaultSeed() });
    project = await pluginYamlProject("yaml-program", program({ rosterMembers: [JANE, ANA, BEN], maxRemovals: 1 }), emulator);
  });

  afterAll(async () => {
    await emulator?.close();
    if (project) project.remove();
  });

  it("creates, shows drift, converges with up --refresh, refuses removals over maxRemovals, and destroys keeping the last admin", async () => {
    await project.up();
    expect(clerkRoles()).toEqual({ [JANE]: "org:admin", [ANA]: "org:member", [BEN]: "org:billing", [CARL]: "org:member" });
    expect(emulator.workos.listMemberships({ organizationId: WORKOS_ORG }).some((m) => m.userId === W_MARCO && m.status === "active")).toBe(true);
    expect(await project.outputs()).toMatchObject({ carlRole: "org:member", marcoStatus: "active", carlPrivate: "[secret]" });
    // The private metadata is a secret in state: its value is nowhere in plaintext.
    expect(project.stateFilesText()).not.toContain(PRIVATE_VALUE);

    // A role changed out of band: drift (exit 7), then up --refresh converges it and the check is green.
    emulator.clerk.updateMembershipRole(ORG, ANA, "org:admin");
    expect((await project.driftCheck()).code).toBe(7);
    await project.up(["--refresh"]);
    expect(clerkRoles()[ANA]).toBe("org:member");
    expect((await project.driftCheck()).code).toBe(0);

    // Two removals over maxRemovals 1: refused before anyone is removed.
    project.writeYamlProgram(program({ rosterMembers: [JANE], maxRemovals: 1 }));
    const refused = await project.cli(["up", "--yes", "--skip-preview"], [1]);
    expect(`${refused.stdout}${refused.stderr}`).toContain("maxRemovals");
    expect(clerkRoles()).toEqual({ [JANE]: "org:admin", [ANA]: "org:member", [BEN]: "org:billing", [CARL]: "org:member" });

    // Destroy: every managed member goes but the organization's last admin, who stays with a warning.
    project.writeYamlProgram(program({ rosterMembers: [JANE, ANA, BEN], maxRemovals: 5 }));
    await project.up();
    const destroyed = await project.cli(["destroy", "--yes", "--skip-preview"]);
    expect(`${destroyed.stdout}${destroyed.stderr}`).toContain("is its last admin");
    expect(clerkRoles()).toEqual({ [JANE]: "org:admin" });
    expect(emulator.workos.listMemberships({ organizationId: WORKOS_ORG, statuses: new Set(["active"]) }).some((m) => m.userId === W_MARCO)).toBe(false);
    expect(project.transcript.join("\n")).not.toContain(KEY);
  });
});
