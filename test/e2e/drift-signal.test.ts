// End-to-end under the real Pulumi CLI: the scheduled drift check (`preview --refresh --expect-no-changes`) is red
// exactly when something needs doing, names it in its own `--diff` output, and the action it names turns it green.
// Deactivated and pending (invited) WorkOS memberships grant no access: never drift, still listed for reviewers —
// including a member that a per-member resource with onDelete: "deactivate" deactivated when it left the file.
// And no noise: a converged stack with email-named members and no private metadata shows no change at all.

import * as fs from "node:fs";
import * as path from "node:path";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject, REPO_ROOT, run, type StackExport } from "../support/pulumi-cli";

jest.setTimeout(600_000);

const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin
const PRIYA = "user_25O6MsMcGp2kTY7xO5ZIredutNa"; // seeded org:billing
const MARCO = "user_2Cj42gEnI5sEt6OHTerNANMDgHi";
const AIKO = "user_2xhf4ceAYkFATOHxeiZEhKrnn3E";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488"; // seeded admin
const W_JOHN = "user_01JGFJJZZ8YAGVDCKSQWW7FE4N"; // seeded member
const W_PRIYA = "user_01JGFJK0YG1EE043E42N4FHZD8"; // seeded inactive, never declared
const W_MARCO = "user_01JGFJK1XRYFYTC66VPVTX363S";
const W_AIKO = "user_01JGFJK2X0N6FCCW8VBHXF4W63";
const W_PENDING = "user_01JGPENDING00000000000000"; // invited (pending), never declared

const PROGRAM = `
const { clerk, workos } = require("pulumi-org-roster");
const spec = require("./roster.json");
new clerk.OrganizationRoster("clerk-org", { organizationId: "${CLERK_ORG}", members: spec.clerk, unmanagedMembers: spec.clerkMode });
const declared = {};
for (const [userId, roleSlug] of Object.entries(spec.workos)) {
  new workos.OrganizationMembership(userId, { organizationId: "${WORKOS_ORG}", userId, roleSlug, onDelete: "deactivate" });
  declared[userId] = roleSlug;
}
new workos.OrganizationRoster("workos-watch", { organizationId: "${WORKOS_ORG}", members: declared, manageMembers: false });
`;

interface Spec {
  clerk: Record<string, string | { role: string; publicMetadata?: Record<string, unknown> }>;
  clerkMode: "report" | "remove";
  workos: Record<string, string>;
}

function spec(changes: Partial<Spec> = {}): Spec {
  return {
    clerk: { [JANE]: "org:admin", "john.smith@acme.com": { role: "org:member", publicMetadata: { team: "platform" } }, [PRIYA]: "org:billing" },
    clerkMode: "report",
    workos: { [W_JANE]: "admin", [W_JOHN]: "member", [W_MARCO]: "admin" },
    ...changes,
  };
}

let emulator: EmulatorHandle;
let project: PulumiProject;

async function workosAdd(userId: string, roleSlug: string): Promise<void> {
  const response = await fetch(`${emulator.workosApiUrl}/user_management/organization_memberships`, {
    method: "POST",
    headers: { authorization: "Bearer sk_test_emulator_workos", "content-type": "application/json" },
    body: JSON.stringify({ organization_id: WORKOS_ORG, user_id: userId, role_slug: roleSlug }),
  });
  expect(response.status).toBe(201);
}

async function clerkRequest(method: string, pathname: string, body?: unknown): Promise<void> {
  const response = await fetch(`${emulator.clerkApiUrl}${pathname}`, {
    method,
    headers: { authorization: "Bearer sk_test_emulator_clerk", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBe(200);
}

function outputsOf(state: StackExport, name: string): Record<string, unknown> {
  return state.deployment.resources?.find((r) => r.urn.endsWith(`::${name}`))?.outputs ?? {};
}

async function driftReport(): Promise<string> {
  const preview = await project.cli(["preview", "--refresh", "--json"], [0]);
  const file = path.join(project.dir, "preview.json");
  fs.writeFileSync(file, preview.stdout);
  const report = await run("node", [path.join(REPO_ROOT, "bin", "org-roster.js"), "drift-report", file], project.dir, process.env);
  return report.stdout;
}

/** The drift check exits 0 (its output is shown when it does not). */
async function expectGreen(): Promise<void> {
  const drift = await project.driftCheck();
  if (drift.code !== 0) throw new Error(`drift check exited ${drift.code}:\n${drift.stdout}\n${drift.stderr}`);
}

beforeAll(async () => {
  const seed = defaultSeed();
  seed.workos?.users?.push({ id: W_PENDING, email: "pending@acme.com", firstName: "Pat", lastName: "Pending" });
  seed.workos?.memberships?.push({ organizationId: WORKOS_ORG, userId: W_PENDING, roleSlugs: ["member"], status: "pending" });
  emulator = await startEmulator({ rateLimit: false, seed });
  project = await PulumiProject.create("drift-signal-e2e", {
    program: PROGRAM,
    config: { "clerk:apiUrl": emulator.clerkApiUrl, "workos:apiUrl": emulator.workosApiUrl },
    secrets: { "clerk:secretKey": "sk_test_emulator_clerk", "workos:apiKey": "sk_test_emulator_workos" },
  });
});

afterAll(async () => {
  await emulator?.close();
  project?.remove();
});

describe("the drift check", () => {
  it("is green after up although WorkOS has an inactive and a pending member nobody declared; both stay listed", async () => {
    project.writeRoster(spec());
    await project.up();
    const drift = await project.driftCheck();
    expect(drift.code).toBe(0);
    const watcher = outputsOf(await project.exportState(), "workos-watch");
    expect(watcher.unmanagedMembers).toEqual([]);
    expect(watcher.inactiveMembers).toEqual([expect.objectContaining({ userId: W_PRIYA })]);
    expect(watcher.pendingMembers).toEqual([expect.objectContaining({ userId: W_PENDING })]);
    const report = await driftReport();
    expect(report).toContain("No drift");
    expect(report).toContain(`| WorkOS \`${WORKOS_ORG}\` | \`${W_PRIYA}\` | inactive |`);
    expect(report).toContain(`| WorkOS \`${WORKOS_ORG}\` | \`${W_PENDING}\` | pending |`);
  });

  it("stays green after a member leaves the file and onDelete: deactivate deactivates it", async () => {
    project.writeRoster(spec({ workos: { [W_JANE]: "admin", [W_JOHN]: "member" } }));
    await project.up();
    expect(emulator.workos.listMemberships({ organizationId: WORKOS_ORG, userId: W_MARCO })[0]?.status).toBe("inactive");
    await expectGreen();
    // Refreshed into state, the deactivated member is listed for reviewers.
    await project.cli(["refresh", "--yes", "--skip-preview"]);
    expect(outputsOf(await project.exportState(), "workos-watch").inactiveMembers).toEqual(expect.arrayContaining([expect.objectContaining({ userId: W_MARCO })]));
    expect(await driftReport()).toContain(`| WorkOS \`${WORKOS_ORG}\` | \`${W_MARCO}\` | inactive |`);
  });

  it("is red for an active member added out of band, names it in --diff, and turns green once the roster declares it", async () => {
    await workosAdd(W_AIKO, "member");
    await clerkRequest("PATCH", `/organizations/${CLERK_ORG}/memberships/${PRIYA}`, { role: "org:member" });
    const drift = await project.driftCheck();
    expect(drift.code).toBe(7);
    // A red check shows what changed and nothing else: the Clerk roster (an email-named member, private metadata)
    // shows Priya's role, and no emails or privateMetadata that did not change.
    expect(drift.stdout).toMatch(new RegExp(`${PRIYA}\\s*: "org:member" => "org:billing"`));
    expect(drift.stdout).not.toMatch(/[+-] emails|[+-] privateMetadata|~ privateMetadata/);
    expect(drift.stdout).toContain(`live members not in the roster: Aiko Tanaka <aiko.tanaka@acme.com> (${W_AIKO}) (member); add them to the roster, or remove them from the organization`);
    project.writeRoster(spec({ workos: { [W_JANE]: "admin", [W_JOHN]: "member", [W_AIKO]: "member" } }));
    // --refresh: the role changed out of band is only known to a refreshed state (the documented repair).
    await project.up(["--refresh"]);
    await expectGreen();
  });

  it("is red for a Clerk member added out of band, and turns green once it is removed from the organization", async () => {
    await clerkRequest("POST", `/organizations/${CLERK_ORG}/memberships`, { user_id: MARCO, role: "org:member" });
    const drift = await project.driftCheck();
    expect(drift.code).toBe(7);
    expect(drift.stdout).toContain(`live members not in the roster: Marco Rossi <marco.rossi@acme.com> (${MARCO}) (org:member)`);
    await clerkRequest("DELETE", `/organizations/${CLERK_ORG}/memberships/${MARCO}`);
    await expectGreen();
  });

  it("in remove mode is red for an unmanaged member, says the next up --refresh removes it, and that turns it green", async () => {
    project.writeRoster(spec({ clerkMode: "remove", workos: { [W_JANE]: "admin", [W_JOHN]: "member", [W_AIKO]: "member" } }));
    await project.up();
    await clerkRequest("POST", `/organizations/${CLERK_ORG}/memberships`, { user_id: AIKO, role: "org:member" });
    const drift = await project.driftCheck();
    expect(drift.code).toBe(7);
    expect(drift.stdout).toContain(`removed by the next \`pulumi up --refresh\`: Aiko Tanaka <aiko.tanaka@acme.com> (${AIKO}) (org:member)`);
    await project.up(["--refresh"]);
    expect(emulator.clerk.findMembership(CLERK_ORG, AIKO)).toBeUndefined();
    await expectGreen();
  });
});
