// `org-roster emulate` as users run it: the compiled program through bin/org-roster.js (after `npm run build`), a real
// server process read by its printed lines, called over HTTP with the key it prints, stopped with SIGTERM; its bad flags;
// `--seed-from-export` on an exported roster; the roster applied to an emulator seeded from it (no write); and an
// export → emulate → export round trip that keeps every member.

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type NormalizedEmulatorSeed } from "../../emulator";
import { seedFromExportText } from "../../emulator/seed-from-roster";
import { exportOrganization } from "../../provider/cli/export-run";
import { main } from "../../provider/cli/org-roster";
import { parseRosterText } from "../../provider/roster";
import * as runtime from "../../provider/runtime";
import { call } from "../support/emulator-harness";
import { rosterInputs } from "../support/roster-inputs";
import { useRuntimeEnvironment } from "../support/runtime-environment";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "org-roster.js");
const EXPORTED = "test/fixtures/roster/exported.roster.yaml";
const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";

beforeAll(() => {
  if (!existsSync(join(ROOT, "dist", "emulator", "index.js"))) {
    throw new Error("dist/emulator/index.js is missing: run `npm run build` before this test");
  }
});

interface Running {
  child: ChildProcess;
  /** Every line printed up to "Ctrl-C stops it.". */
  lines: string[];
  /** Resolves with the exit code and what was printed in all. */
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Starts `org-roster emulate` with `args` and waits until it printed its whole start. */
async function emulate(...args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [BIN, "emulate", "--port", "0", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
  const lines = await new Promise<string[]>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes("Ctrl-C stops it.\n")) resolve(stdout.split("\n"));
    });
    child.once("exit", (code) => reject(new Error(`org-roster emulate exited with ${code} before it started: ${stderr}`)));
  });
  return { child, lines, exited };
}

/** The variables of the `export A=… B=…` lines printed at the start. */
function exported(lines: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    lines.filter((line) => line.trim().startsWith("export ")).flatMap((line) => line.trim().slice("export ".length).split(" ").map((pair) => pair.split("=") as [string, string])),
  );
}

async function stop(running: Running, signal: NodeJS.Signals = "SIGTERM"): Promise<{ code: number | null; stdout: string; stderr: string }> {
  running.child.kill(signal);
  return running.exited;
}

describe("org-roster emulate", () => {
  it("prints the base URL first, then what to point the provider at; serves both services with the printed keys; SIGTERM stops it with exit 0", async () => {
    const running = await emulate("--latency-ms", "1");
    try {
      const [url] = running.lines;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const output = running.lines.join("\n");
      expect(output).toContain(`Clerk   ${url}/v1  (CLERK_API_URL or clerk:apiUrl)`);
      expect(output).toContain(`WorkOS  ${url}  (WORKOS_API_URL or workos:apiUrl)`);
      expect(output).toContain("secret keys: sk_test_emulator_clerk");
      expect(output).toContain("API keys: sk_test_emulator_workos");
      expect(output).toContain(`${CLERK_ORG}  Acme Corp  (3 members)`);
      expect(output).toContain(`${WORKOS_ORG}  Acme Corp  (2 members)`);
      const variables = exported(running.lines);
      expect(variables).toEqual({
        CLERK_API_URL: `${url}/v1`,
        CLERK_SECRET_KEY: "sk_test_emulator_clerk",
        WORKOS_API_URL: url,
        WORKOS_API_KEY: "sk_test_emulator_workos",
      });

      const clerk = await call(`${variables.CLERK_API_URL}/organizations/${CLERK_ORG}/memberships?limit=10`, { token: variables.CLERK_SECRET_KEY });
      expect(clerk.status).toBe(200);
      expect((clerk.json as { total_count: number }).total_count).toBe(3);
      const workos = await call(`${variables.WORKOS_API_URL}/user_management/organization_memberships?organization_id=${WORKOS_ORG}`, { token: variables.WORKOS_API_KEY });
      expect(workos.status).toBe(200);
      expect((workos.json as { data: unknown[] }).data).toHaveLength(2);
      expect((await call(`${variables.CLERK_API_URL}/users`, { token: "sk_live_not_a_key" })).status).toBe(401);

      const { code, stdout, stderr } = await stop(running);
      expect(code).toBe(0);
      expect(stdout.trimEnd().split("\n").at(-1)).toBe(`emulator at ${url} stopped (SIGTERM)`);
      expect(stderr).toBe("");
      // The port is closed.
      await expect(fetch(`${url}/_emulator/stats`)).rejects.toThrow();
    } finally {
      if (running.child.exitCode === null) running.child.kill("SIGKILL");
    }
  });

  it.each([
    [["--rate-5xx", "2"], "--rate-5xx must be a number from 0 to 1"],
    [["--port", "http"], "--port must be an integer from 0 to 65535"],
    [["--rate-limit", "lots"], "--rate-limit must be documented, off or <requests>/<windowMs>"],
    [["--bogus"], "unknown option '--bogus'"],
    [["--fault-route", "GET /nowhere"], "unknown route(s) GET /nowhere"],
    [["--seed-from-export", "test/fixtures/roster/missing.roster.yaml"], "test/fixtures/roster/missing.roster.yaml: cannot read the roster file: ENOENT"],
    [["--seed-from-export", "test/fixtures/roster/broken.roster.yaml"], "broken.roster.yaml:7:17: clerk.organizations"],
  ])("refuses %j with exit 2 and a message naming it, without a stack trace", (args, message) => {
    const result = spawnSync(process.execPath, [BIN, "emulate", ...args], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it("is loaded only by the emulate command: validate does not load the emulator", () => {
    const script = [
      `const { main } = require(${JSON.stringify(join(ROOT, "dist", "provider", "cli", "org-roster.js"))});`,
      `main(["validate", "test/fixtures/roster/valid.roster.yaml"], { stdout: () => {}, stderr: () => {}, exitCode: 0 }).then((code) => {`,
      `  process.stdout.write(JSON.stringify({ code, emulator: Object.keys(require.cache).filter((file) => file.includes("emulator")) }));`,
      "});",
    ].join("\n");
    const result = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });
    expect(JSON.parse(result.stdout)).toEqual({ code: 0, emulator: [] });
  });
});

describe("org-roster emulate --seed-from-export", () => {
  it("holds exactly the roster's organizations, memberships, roles and pending invitations", async () => {
    const running = await emulate("--seed-from-export", EXPORTED);
    try {
      const [url] = running.lines;
      expect(running.lines.join("\n")).toContain("org_2rehearsalK7mQ4vX9pL2nR8tW  org_2rehearsalK7mQ4vX9pL2nR8tW  (4 members, 1 pending invitation)");
      const state = (await call(`${url}/_emulator/state`)).json as NormalizedEmulatorSeed;
      const expected = seedFromExportText(readFileSync(join(ROOT, EXPORTED), "utf8"), EXPORTED);
      expect(state.clerk.organizations.map((organization) => organization.id)).toEqual(["org_2rehearsalK7mQ4vX9pL2nR8tW", "org_2secondOrgK7mQ4vX9pL2nR8tW"]);
      expect(state.workos.organizations.map((organization) => organization.id)).toEqual([WORKOS_ORG]);
      const memberships = (seed: NormalizedEmulatorSeed) => ({
        clerk: seed.clerk.memberships.map(({ organizationId, userId, role, publicMetadata, privateMetadata }) => ({ organizationId, userId, role, publicMetadata, privateMetadata })),
        workos: seed.workos.memberships.map(({ organizationId, userId, roleSlugs, status }) => ({ organizationId, userId, roleSlugs, status })),
      });
      expect(memberships(state)).toEqual(memberships(expected));
      expect(state.clerk.memberships).toHaveLength(5);
      expect(state.workos.memberships).toHaveLength(3);
      expect(state.clerk.roles.map((role) => role.key)).toEqual(["org:admin", "org:member", "org:billing"]);
      expect(state.workos.roles.map((role) => role.slug)).toEqual(["admin", "member", "billing"]);
      expect(state.clerk.invitations).toEqual([
        expect.objectContaining({ id: "orginv_2newHireQ4vX9pL2nR8tW5yAb", emailAddress: "new.hire@acme.com", role: "org:admin", status: "pending", privateMetadata: { pager: "4417" } }),
      ]);
      expect(state.workos.invitations).toEqual([expect.objectContaining({ id: "invitation_01JGK0000000000000000000AB", email: "new.hire@acme.com", roleSlug: "admin", state: "pending" })]);
      // The printed key works against the organizations of the file.
      const { CLERK_SECRET_KEY } = exported(running.lines);
      const listing = await call(`${url}/v1/organizations/org_2rehearsalK7mQ4vX9pL2nR8tW/invitations?status=pending`, { token: CLERK_SECRET_KEY });
      expect((listing.json as { total_count: number }).total_count).toBe(1);
      // Ctrl-C stops it as SIGTERM does.
      const { code, stdout } = await stop(running, "SIGINT");
      expect(code).toBe(0);
      expect(stdout.trimEnd().split("\n").at(-1)).toBe(`emulator at ${url} stopped (SIGINT)`);
    } finally {
      if (running.child.exitCode === null) running.child.kill("SIGKILL");
    }
  });
});

describe("an emulator seeded from an exported roster, and the roster applied to it", () => {
  const useEmulator = useRuntimeEnvironment();
  const directory = mkdtempSync(join(tmpdir(), "org-roster-emulate-"));

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it("applying the file with an OrganizationRoster per organization writes nothing and sends no invitation", async () => {
    const text = readFileSync(join(ROOT, EXPORTED), "utf8");
    const roster = parseRosterText(text, EXPORTED);
    const emulator = await startEmulator({ rateLimit: false, seed: seedFromExportText(text, EXPORTED) });
    try {
      useEmulator(emulator);
      for (const service of ["clerk", "workos"] as const) {
        const provider = service === "clerk" ? runtime.clerkRoster : runtime.workosRoster;
        for (const [organizationId, organization] of Object.entries(roster[service]?.organizations ?? {})) {
          const { inputs, failures } = await provider.check({}, rosterInputs(service, organizationId, organization));
          expect(failures).toBeUndefined();
          emulator.resetStats();
          const { id, outs } = await provider.create(inputs);
          expect({ organizationId, writes: Object.keys(emulator.stats().byRoute).filter((route) => !route.startsWith("GET ")) }).toEqual({ organizationId, writes: [] });
          await expect(provider.diff(id, outs, inputs)).resolves.toMatchObject({ changes: false });
        }
      }
      // The pending invitations were adopted, not revoked and sent again.
      expect(emulator.clerk.listInvitations("org_2rehearsalK7mQ4vX9pL2nR8tW").map((invitation) => [invitation.id, invitation.status])).toEqual([["orginv_2newHireQ4vX9pL2nR8tW5yAb", "pending"]]);
    } finally {
      await runtime.closeHttpConnections();
      await emulator.close();
    }
  });

  it.each([
    ["clerk", CLERK_ORG],
    ["workos", WORKOS_ORG],
  ] as const)("export → seed → export: an emulator seeded from the exported %s organization exports the same members and people", async (service, organizationId) => {
    const file = join(directory, `${service}.roster.yaml`);
    const quiet = { stdout: () => {}, stderr: () => {}, exitCode: 0 };
    const original = await startEmulator({ rateLimit: false });
    let before;
    try {
      useEmulator(original);
      before = await exportOrganization(runtime, service, organizationId);
      await expect(main(["export", "--service", service, "--organization", organizationId, "--output", file], quiet)).resolves.toBe(0);
    } finally {
      await runtime.closeHttpConnections();
      await original.close();
    }
    const copy = await startEmulator({ rateLimit: false, seed: seedFromExportText(readFileSync(file, "utf8"), file) });
    try {
      useEmulator(copy);
      const after = await exportOrganization(runtime, service, organizationId);
      // Each entry with the note above it (who the member is), in an order that does not depend on the listing's.
      const entries = (exported: typeof after) => exported.members.map((member, index) => JSON.stringify([member, exported.notes[index] ?? null])).sort();
      expect(entries(after)).toEqual(entries(before));
    } finally {
      await runtime.closeHttpConnections();
      await copy.close();
    }
  });
});
