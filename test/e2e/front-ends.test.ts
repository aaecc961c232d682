// End-to-end: both front ends over the one engine. The same scenario — a Clerk and a WorkOS membership, a Clerk and a
// WorkOS roster that invite people without an account — runs once through the TypeScript dynamic resources (a Node.js
// program) and once through the provider plugin (a Pulumi YAML program), each under the real CLI against its own
// emulator seeded alike; the organizations they leave are equal, and a plan that would demote the last admin is
// refused by both with the same message.

import * as path from "node:path";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject, REPO_ROOT, pluginYamlProject } from "../support/pulumi-cli";
import { CARL, CLERK_KEY, CLERK_ORG, JANE, WORKOS_KEY, WORKOS_ORG, W_MARCO } from "../support/seed-ids";

jest.setTimeout(600_000);

/** Clerk: seeded org:member (John Smith). */
const JOHN = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6";
/** WorkOS: seeded admin. */
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488";
const CLERK_HIRE = "ada.new@acme.com";
const WORKOS_HIRE = "grace.new@acme.com";
const CARL_NOTE = "front-ends-carl-4f2a";
const JANE_PAGER = "front-ends-pager-91c7";

/** The scenario, one description for both programs; `janeRole` is the Clerk roster's role for its only admin. */
function scenario(janeRole: string) {
  return {
    carl: { organizationId: CLERK_ORG, userId: CARL, role: "org:billing", publicMetadata: { team: "platform" }, privateMetadata: { note: CARL_NOTE } },
    marco: { organizationId: WORKOS_ORG, userId: W_MARCO, roleSlug: "member" },
    clerkRoster: {
      organizationId: CLERK_ORG,
      unmanagedMembers: "ignore",
      missingUsers: "invite",
      members: {
        [JANE]: { role: janeRole, privateMetadata: { pager: JANE_PAGER } },
        [JOHN]: { role: "org:member", publicMetadata: { team: "web" } },
        [CLERK_HIRE]: "org:member",
      },
    },
    workosRoster: { organizationId: WORKOS_ORG, unmanagedMembers: "ignore", missingUsers: "invite", members: { [W_JANE]: "admin", [WORKOS_HIRE]: "member" } },
  };
}

/** The scenario as a Node.js program on the TypeScript dynamic resources. */
function typescriptProgram(janeRole: string): string {
  const s = scenario(janeRole);
  return `const { clerk, workos } = require("pulumi-org-roster");
new clerk.OrganizationMembership("carl", ${JSON.stringify(s.carl)});
new workos.OrganizationMembership("marco", ${JSON.stringify(s.marco)});
new clerk.OrganizationRoster("acme", ${JSON.stringify(s.clerkRoster)});
new workos.OrganizationRoster("acme-workos", ${JSON.stringify(s.workosRoster)});
`;
}

/** The scenario as a Pulumi YAML program on the provider plugin (JSON is YAML). */
function yamlProgram(janeRole: string): string {
  const s = scenario(janeRole);
  const resource = (type: string, properties: unknown) => JSON.stringify({ type, properties });
  return `plugins:
  providers:
    - name: org-roster
      path: ${path.join(REPO_ROOT, "bin")}
resources:
  carl: ${resource("org-roster:clerk:OrganizationMembership", s.carl)}
  marco: ${resource("org-roster:workos:OrganizationMembership", s.marco)}
  acme: ${resource("org-roster:clerk:OrganizationRoster", s.clerkRoster)}
  acme-workos: ${resource("org-roster:workos:OrganizationRoster", s.workosRoster)}
`;
}

/** Both organizations as the service holds them, without ids and times (each emulator makes its own). */
function organizations(emulator: EmulatorHandle) {
  const byKey = <T>(items: T[], key: (item: T) => string) => [...items].sort((a, b) => key(a).localeCompare(key(b)));
  return {
    clerkMembers: byKey(emulator.clerk.listMemberships({ organizationId: CLERK_ORG }), (m) => m.userId).map((m) => ({
      userId: m.userId,
      role: m.role,
      publicMetadata: m.publicMetadata,
      privateMetadata: m.privateMetadata,
    })),
    clerkInvitations: byKey(emulator.clerk.listInvitations(CLERK_ORG), (i) => i.emailAddress).map((i) => ({
      email: i.emailAddress,
      role: i.role,
      status: i.status,
      publicMetadata: i.publicMetadata,
      privateMetadata: i.privateMetadata,
    })),
    workosMembers: byKey(emulator.workos.listMemberships({ organizationId: WORKOS_ORG }), (m) => m.userId).map((m) => ({ userId: m.userId, roleSlugs: m.roleSlugs, status: m.status })),
    workosInvitations: byKey(emulator.workos.listInvitations({ organizationId: WORKOS_ORG }), (i) => i.email).map((i) => ({ email: i.email, roleSlug: i.roleSlug, state: i.state })),
  };
}

/** The refusal's message as the engine words it: from "Clerk organization org_…" to the end of its line. */
function refusal(output: string): string {
  const found = new RegExp(`Clerk organization ${CLERK_ORG}:[^\\n]*`).exec(output)?.[0];
  if (!found) throw new Error(`no refusal naming the Clerk organization in:\n${output}`);
  return found.trim();
}

describe("the TypeScript dynamic resources and the provider plugin", () => {
  const emulators: EmulatorHandle[] = [];
  const projects: PulumiProject[] = [];
  let typescript: { emulator: EmulatorHandle; project: PulumiProject };
  let plugin: { emulator: EmulatorHandle; project: PulumiProject };

  beforeAll(async () => {
    const typescriptEmulator = await startEmulator({ rateLimit: false, seed: defaultSeed() });
    emulators.push(typescriptEmulator);
    const pluginEmulator = await startEmulator({ rateLimit: false, seed: defaultSeed() });
    emulators.push(pluginEmulator);
    const typescriptProject = await PulumiProject.create("front-ends-typescript", {
      program: typescriptProgram("org:admin"),
      config: { "clerk:apiUrl": typescriptEmulator.clerkApiUrl, "workos:apiUrl": typescriptEmulator.workosApiUrl },
      secrets: { "clerk:secretKey": CLERK_KEY, "workos:apiKey": WORKOS_KEY },
    });
    projects.push(typescriptProject);
    const pluginProject = await pluginYamlProject("front-ends-plugin", yamlProgram("org:admin"), pluginEmulator);
    projects.push(pluginProject);
    typescript = { emulator: typescriptEmulator, project: typescriptProject };
    plugin = { emulator: pluginEmulator, project: pluginProject };
  });

  afterAll(async () => {
    for (const emulator of emulators) await emulator.close();
    for (const project of projects) project.remove();
  });

  it("leave equal organizations after the same up: memberships, roles, metadata (private too) and invitations", async () => {
    // Both start from the same organizations.
    expect(organizations(plugin.emulator)).toEqual(organizations(typescript.emulator));
    const before = organizations(typescript.emulator);

    await Promise.all([typescript.project.up(), plugin.project.up()]);

    const result = organizations(typescript.emulator);
    expect(organizations(plugin.emulator)).toEqual(result);
    // And the up did what the scenario declares (so the two cannot be equal merely by both doing nothing).
    expect(result).not.toEqual(before);
    expect(result.clerkMembers).toEqual(
      expect.arrayContaining([
        { userId: CARL, role: "org:billing", publicMetadata: { team: "platform" }, privateMetadata: { note: CARL_NOTE } },
        { userId: JANE, role: "org:admin", publicMetadata: {}, privateMetadata: { pager: JANE_PAGER } },
        { userId: JOHN, role: "org:member", publicMetadata: { team: "web" }, privateMetadata: {} },
      ]),
    );
    expect(result.clerkInvitations.filter((i) => i.status === "pending").map((i) => [i.email, i.role])).toEqual([[CLERK_HIRE, "org:member"]]);
    expect(result.workosMembers).toEqual(expect.arrayContaining([{ userId: W_MARCO, roleSlugs: ["member"], status: "active" }, { userId: W_JANE, roleSlugs: ["admin"], status: "active" }]));
    expect(result.workosInvitations.filter((i) => i.state === "pending").map((i) => [i.email, i.roleSlug])).toEqual([[WORKOS_HIRE, "member"]]);
  });

  it("refuse demoting the last admin with the same message, and leave the organizations as they were", async () => {
    const before = organizations(typescript.emulator);
    typescript.project.writeProgram(typescriptProgram("org:member"));
    plugin.project.writeYamlProgram(yamlProgram("org:member"));

    const [fromTypescript, fromPlugin] = await Promise.all([
      typescript.project.cli(["up", "--yes", "--skip-preview"], [1]),
      plugin.project.cli(["up", "--yes", "--skip-preview"], [1]),
    ]);

    const message = refusal(`${fromTypescript.stdout}${fromTypescript.stderr}`);
    expect(message).toContain("would leave it without an admin");
    expect(refusal(`${fromPlugin.stdout}${fromPlugin.stderr}`)).toBe(message);
    expect(organizations(typescript.emulator)).toEqual(before);
    expect(organizations(plugin.emulator)).toEqual(before);
  });

  it("print neither an API key nor a private metadata value", () => {
    for (const project of projects) {
      const transcript = project.transcript.join("\n");
      for (const secret of [CLERK_KEY, WORKOS_KEY, CARL_NOTE, JANE_PAGER]) expect(transcript).not.toContain(secret);
      for (const secret of [CARL_NOTE, JANE_PAGER]) expect(project.stateFilesText()).not.toContain(secret);
    }
  });
});
