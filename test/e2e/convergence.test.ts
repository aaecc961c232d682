// End-to-end under the real Pulumi CLI: `up` succeeds only when the service kept what was declared. With the
// emulator keeping only the first of several WorkOS roles, or dropping a Clerk metadata key, `up` fails with what
// was kept, what was declared and what to do, and nothing is recorded as applied (the next drift check is still
// red); with the quirk off the same stack converges and the drift check exits 0. And `destroy` of a stack that
// manages every admin of an organization leaves one admin in place and says so.

import { startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject } from "../support/pulumi-cli";

jest.setTimeout(600_000);

const CLERK_KEY = "sk_test_emulator_clerk";
const WORKOS_KEY = "sk_test_emulator_workos";
const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded Clerk admin: adopted by the roster
const MARCO = "user_2Cj42gEnI5sEt6OHTerNANMDgHi";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488"; // seeded WorkOS admin: adopted by a membership
const W_MARCO = "user_01JGFJK1XRYFYTC66VPVTX363S";
const SECRET = "PRIVMETA-e2e-kept-9931";
/** A second private key, kept by the service when the first is dropped: it must not reach state in plaintext either. */
const SECRET_KEPT = "PRIVMETA-e2e-stays-5120";

const PROGRAM = `
const { clerk, workos } = require("pulumi-org-roster");
const spec = require("./roster.json");
new clerk.OrganizationRoster("clerk-org", {
  organizationId: "${CLERK_ORG}",
  members: spec.clerk,
  unmanagedMembers: "ignore",
});
for (const [name, args] of Object.entries(spec.workos)) new workos.OrganizationMembership(name, { organizationId: "${WORKOS_ORG}", ...args });
`;

let emulator: EmulatorHandle;
let project: PulumiProject;

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: false });
  project = await PulumiProject.create("convergence-e2e", {
    program: PROGRAM,
    config: { "clerk:apiUrl": emulator.clerkApiUrl, "workos:apiUrl": emulator.workosApiUrl },
    secrets: { "clerk:secretKey": CLERK_KEY, "workos:apiKey": WORKOS_KEY },
  });
  project.writeRoster({
    clerk: { [JANE]: { role: "org:admin" }, [MARCO]: { role: "org:member", publicMetadata: { team: "security" }, privateMetadata: { pager: SECRET, desk: SECRET_KEPT } } },
    workos: { jane: { userId: W_JANE, roleSlug: "admin" }, marco: { userId: W_MARCO, roleSlugs: ["admin", "billing"] } },
  });
});

afterAll(async () => {
  await emulator?.close();
  project?.remove();
});

describe("a stack whose services keep something other than declared", () => {
  it("up fails with what was kept, what was declared and what to do", async () => {
    emulator.setWriteQuirks({ workosKeepFirstRole: true, clerkDropMetadataKey: "pager" });
    // --continue-on-error: both resources are applied whichever fails first (the engine otherwise starts nothing new
    // after the first failure, and which one that is depends on timing).
    const up = await project.cli(["up", "--yes", "--skip-preview", "--continue-on-error"], [1, 255]);
    const output = `${up.stdout}\n${up.stderr}`;
    expect(output).toMatch(/WorkOS kept \[admin\], declared \[admin, billing\].*enable Multiple Roles/);
    expect(output).toMatch(/privateMetadata: key\(s\) pager not kept/);
    expect(output).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
  });

  it("nothing is recorded as applied: the drift check is red, and up keeps failing while the quirk lasts", async () => {
    const drift = await project.driftCheck();
    expect(drift.code).toBe(7);
    await project.cli(["up", "--yes", "--skip-preview"], [1, 255]);
  });

  it("with the quirk off, the same stack converges and the drift check exits 0", async () => {
    emulator.setWriteQuirks({});
    await project.up();
    expect(emulator.workos.listMemberships({ organizationId: WORKOS_ORG, userId: W_MARCO })[0]?.roleSlugs).toEqual(["admin", "billing"]);
    expect(emulator.clerk.findMembership(CLERK_ORG, MARCO)?.privateMetadata).toEqual({ pager: SECRET, desk: SECRET_KEPT });
    await expect(project.driftCheck()).resolves.toMatchObject({ code: 0 });
  });

  it("destroy leaves the last admin of each organization in place and says so", async () => {
    const destroy = await project.cli(["destroy", "--yes", "--skip-preview"]);
    const output = `${destroy.stdout}\n${destroy.stderr}`;
    const clerkAdmins = emulator.clerk.listMemberships({ organizationId: CLERK_ORG }).filter((m) => m.role === "org:admin");
    const workosAdmins = emulator.workos.listMemberships({ organizationId: WORKOS_ORG, statuses: new Set(["active"]) }).filter((m) => m.roleSlugs.includes("admin"));
    expect(clerkAdmins.map((m) => m.userId)).toEqual([JANE]);
    expect(workosAdmins).toHaveLength(1);
    expect(emulator.clerk.findMembership(CLERK_ORG, MARCO)).toBeUndefined();
    expect(output).toContain(`Clerk organization ${CLERK_ORG}: Jane Doe <jane.doe@acme.com> (${JANE}) (org:admin) is its last admin, so it was left in place`);
    // Whichever admin stays is named by the person, next to its id.
    expect(output).toMatch(new RegExp(`WorkOS organization ${WORKOS_ORG}: [A-Z][a-z]+ [A-Z][a-z]+ <[a-z.]+@acme\\.com> \\(${workosAdmins[0]?.userId ?? "?"}\\) \\(admin(, billing)?\\) is its last admin, so it was left in place`));
  });

  it("no secret in any output or state", () => {
    const everything = [project.transcript.join("\n"), project.stateFilesText()];
    for (const text of everything) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(SECRET_KEPT);
      expect(text).not.toContain(CLERK_KEY);
      expect(text).not.toContain(WORKOS_KEY);
    }
  });
});
