// End-to-end: a Go program on the generated Go SDK (sdk/go), run by Pulumi's Automation API with an inline program,
// drives the provider plugin under the real CLI against the emulator: it creates a Clerk and a WorkOS membership and a
// Clerk roster, a role changed out of band shows as drift until `up --refresh` converges it, and destroy keeps the
// organization's last admin. The program (test/e2e/go-program/main.go) prints one line per step.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { REPO_ROOT, cliEnvironment, goProgramPath, run } from "../support/pulumi-cli";
import { CARL, CLERK_KEY as KEY, CLERK_ORG as ORG, JANE, WORKOS_KEY, WORKOS_ORG, W_MARCO } from "../support/seed-ids";

jest.setTimeout(300_000);


describe("a Go program using the generated Go SDK", () => {
  let emulator: EmulatorHandle;
  let stateDir: string;

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: false, seed: defaultSeed() });
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "org-roster-go-program-"));
  });

  afterAll(async () => {
    await emulator?.close();
    if (stateDir) fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it("runs up, shows drift, converges with up --refresh, finds no changes and destroys keeping the last admin", async () => {
    const program = goProgramPath();
    const env = cliEnvironment(stateDir, {
      CLERK_API_URL: emulator.clerkApiUrl,
      WORKOS_API_URL: emulator.workosApiUrl,
      CLERK_KEY: KEY,
      WORKOS_KEY: WORKOS_KEY,
      PLUGIN_DIR: path.join(REPO_ROOT, "bin"),
    });
    const result = await run(program, [], stateDir, env);
    const lines = result.stdout.trim().split("\n");
    expect({ code: result.code, lines }).toEqual({
      code: 0,
      lines: [
        "up: map[create:4] carlRole=org:member marcoStatus=active",
        "changed out of band: carl org:admin",
        "preview --refresh: map[same:3 update:1]",
        "drift check: failed (changes found)",
        "up --refresh: map[same:3 update:1] carlRole=org:member",
        "check after up --refresh: no changes",
        "destroy: map[delete:4]",
      ],
    });
    // The roster's destroy kept the organization's last admin; the memberships are gone.
    const clerkMembers = emulator.clerk.listMemberships({ organizationId: ORG }).map((m) => m.userId);
    expect(clerkMembers).toContain(JANE);
    expect(clerkMembers).not.toContain(CARL);
    expect(emulator.workos.listMemberships({ organizationId: WORKOS_ORG, statuses: new Set(["active"]) }).some((m) => m.userId === W_MARCO)).toBe(false);
    expect(`${result.stdout}${result.stderr}`).not.toContain(KEY);
  });
});
