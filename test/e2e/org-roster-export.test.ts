// End-to-end: how a team adopts its organizations. `org-roster export` of a Clerk and a WorkOS organization (each
// with a pending invitation) into one file, credentials read from the stack's own configuration (`--stack`, secrets
// set with `pulumi config set --secret`, never printed); `org-roster validate` passes on it; a Roster over that file
// goes up under the real CLI without writing anything to either service (memberships, roles, metadata and invitations
// as they were, nothing sent or revoked), and a refreshed preview finds nothing to change.

import * as fs from "node:fs";
import * as path from "node:path";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject, REPO_ROOT, run } from "../support/pulumi-cli";

jest.setTimeout(600_000);

const CLERK_KEY = "sk_test_emulator_clerk";
const WORKOS_KEY = "sk_test_emulator_workos";
const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const NEW_HIRE = "new.hire@acme.com";
const BIN = path.join(REPO_ROOT, "bin", "org-roster.js");

let emulator: EmulatorHandle;
let project: PulumiProject;

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: false, seed: defaultSeed() });
  // The default seed has no pending invitation: one in each organization, for the export to adopt.
  emulator.clerk.createInvitation(CLERK_ORG, { emailAddress: NEW_HIRE, role: "org:member", publicMetadata: { team: "platform" } });
  emulator.workos.sendInvitation({ email: NEW_HIRE, organizationId: WORKOS_ORG, roleSlug: "admin" });
  project = await PulumiProject.create("export-adopt", {
    program: `
const { Roster } = require("pulumi-org-roster");
new Roster("adopted", { file: "roster.yaml" });
`,
    config: { "clerk:apiUrl": emulator.clerkApiUrl, "workos:apiUrl": emulator.workosApiUrl },
    secrets: { "clerk:secretKey": CLERK_KEY, "workos:apiKey": WORKOS_KEY },
    // Nothing from the environment: the credentials are the stack's.
    env: { CLERK_SECRET_KEY: "", CLERK_API_URL: "", WORKOS_API_KEY: "", WORKOS_API_URL: "" },
  });
});

afterAll(async () => {
  await emulator?.close();
  project?.remove();
});

/** Both services' organizations, memberships and invitations as the emulator holds them. */
function services(): unknown {
  return { clerk: emulator.clerk.snapshot(), workos: emulator.workos.snapshot() };
}

it("export of both services with the stack's credentials → validate passes → up of that file changes nothing", async () => {
  const exported = await run("node", [BIN, "export", "--stack", "test", "--cwd", project.dir, "--organization", CLERK_ORG, "--organization", WORKOS_ORG, "--output", "roster.yaml"], project.dir, project.env);
  expect(exported).toMatchObject({ code: 0, stdout: "" });
  for (const secret of [CLERK_KEY, WORKOS_KEY]) expect(exported.stderr).not.toContain(secret);
  expect(exported.stderr).toContain(`clerk organization ${CLERK_ORG}: 3 members`);
  expect(exported.stderr).toContain(`workos organization ${WORKOS_ORG}: 2 members`);
  const text = fs.readFileSync(path.join(project.dir, "roster.yaml"), "utf8");
  expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=./node_modules/pulumi-org-roster/roster.schema.json");
  // Members by email (Priya, who has two addresses, by her primary one), the invitations under their notes.
  expect(text).toContain("- email: priya.patel@acme.com\n");
  expect(text.match(/# pending invitation \S+\n\s+- email: new\.hire@acme\.com\n/g)).toHaveLength(2);

  const validated = await run("node", [BIN, "validate", "roster.yaml"], project.dir, process.env);
  expect(validated).toMatchObject({ code: 0, stdout: "ok: 2 organizations, 7 members\n" });

  const before = services();
  emulator.resetStats();
  await project.up();
  // Nothing written to either service: every member adopted as it is, each invitation adopted, none sent or revoked.
  expect(Object.keys(emulator.stats().byRoute).filter((route) => !route.startsWith("GET "))).toEqual([]);
  expect(services()).toEqual(before);
  await expect(project.driftCheck()).resolves.toMatchObject({ code: 0 });
  for (const secret of [CLERK_KEY, WORKOS_KEY]) expect(project.transcript.join("\n")).not.toContain(secret);
});
