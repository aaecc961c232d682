// The main job: a roster `pulumi up` against the local emulator (a new hire without an account is invited, then
// accepts and becomes a member), then drift: an out-of-band role change is caught by
// `pulumi preview --refresh --expect-no-changes` (exit 7) and repaired by `pulumi up --refresh`.
// Run with `npm run demo`. State lives in ./.state (file backend), rebuilt on every run.

import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../emulator";

const root = path.resolve(__dirname, "..");
const stateDir = path.join(root, ".state");
// The emulator's own fake keys, not real credentials.
const DEMO_KEY = "sk_test_emulator_clerk";
const DEMO_WORKOS_KEY = "sk_test_emulator_workos";
const ACME = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const ACME_WORKOS = "org_01JGD0680005FATZYDS3AR0RGX";
const MARCO_WORKOS = "user_01JGFJK1XRYFYTC66VPVTX363S";

function banner(text: string): void {
  process.stdout.write(`\n\x1b[1m== ${text}\x1b[0m\n`);
}

/** Runs the CLI without blocking this process's event loop: the emulator answers from it meanwhile. */
async function pulumi(args: string[], env: NodeJS.ProcessEnv, allowed: number[] = [0]): Promise<number> {
  process.stdout.write(`$ pulumi ${args.join(" ")}\n`);
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn("pulumi", args, { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("close", (status) => resolve(status ?? -1));
  });
  if (!allowed.includes(code)) throw new Error(`pulumi ${args.join(" ")} exited ${code}`);
  return code;
}

async function printRoster(emulator: EmulatorHandle): Promise<void> {
  process.stdout.write("  Clerk (Acme Corp):\n");
  const response = await fetch(`${emulator.clerkApiUrl}/organizations/${ACME}/memberships?limit=100&order_by=created_at`, {
    headers: { authorization: `Bearer ${DEMO_KEY}` },
  });
  const body = (await response.json()) as { data: Array<{ role: string; public_metadata: unknown; public_user_data?: { identifier?: string } }> };
  for (const member of body.data) {
    process.stdout.write(`    ${(member.public_user_data?.identifier ?? "?").padEnd(24)} ${member.role.padEnd(12)} ${JSON.stringify(member.public_metadata)}\n`);
  }
  process.stdout.write("  WorkOS (Acme Corp):\n");
  for (const member of await workosMembers(emulator)) {
    process.stdout.write(`    ${member.user.email.padEnd(24)} ${member.status.padEnd(9)} ${member.roles.map((r) => r.slug).join(", ")}\n`);
  }
}

interface WorkosWireMember {
  id: string;
  status: string;
  user_id: string;
  roles: Array<{ slug: string }>;
  user: { email: string };
}

async function workosMembers(emulator: EmulatorHandle): Promise<WorkosWireMember[]> {
  const response = await fetch(`${emulator.workosApiUrl}/user_management/organization_memberships?organization_id=${ACME_WORKOS}&statuses=active,inactive,pending&limit=100&order=asc`, {
    headers: { authorization: `Bearer ${DEMO_WORKOS_KEY}` },
  });
  return ((await response.json()) as { data: WorkosWireMember[] }).data;
}

async function main(): Promise<void> {
  banner("Pulumi CLI");
  const bin = execFileSync("bash", [path.join(root, "scripts", "ensure-pulumi.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
    .trim()
    .split("\n")
    .pop();
  const emulator = await startEmulator();
  try {
    fs.rmSync(stateDir, { recursive: true, force: true });
    fs.rmSync(path.join(root, "Pulumi.demo.yaml"), { force: true });
    fs.mkdirSync(stateDir, { recursive: true });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${bin}${path.delimiter}${path.join(root, "node_modules", "@pulumi", "pulumi")}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_BACKEND_URL: `file://${stateDir}`,
      PULUMI_HOME: path.join(stateDir, "home"),
      PULUMI_CONFIG_PASSPHRASE: "demo-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
    };
    process.stdout.write(`Emulator (Clerk + WorkOS APIs) listening on ${emulator.url}\n`);

    banner("Stack `demo` with a local file backend in ./.state");
    await pulumi(["stack", "init", "demo", "--non-interactive"], env);
    await pulumi(["config", "set", "clerk:apiUrl", emulator.clerkApiUrl], env);
    await pulumi(["config", "set", "--secret", "clerk:secretKey", DEMO_KEY], env);
    await pulumi(["config", "set", "workos:apiUrl", emulator.workosApiUrl], env);
    await pulumi(["config", "set", "--secret", "workos:apiKey", DEMO_WORKOS_KEY], env);

    banner("Live rosters before `pulumi up` (existing members are adopted; Priya's inactive WorkOS membership is not declared)");
    await printRoster(emulator);

    banner("pulumi up: converge the organization to the declared roster");
    await pulumi(["up", "--yes", "--non-interactive"], env);
    banner("Live rosters after `pulumi up`");
    await printRoster(emulator);
    const invited = emulator.clerk.listInvitations(ACME).filter((invitation) => invitation.status === "pending");
    process.stdout.write(`  Clerk invitations pending: ${invited.map((invitation) => `${invitation.emailAddress} (${invitation.role})`).join(", ") || "none"}\n`);

    banner("The new hire accepts the invitation (signs up through its link)");
    for (const invitation of invited) emulator.clerk.acceptOrganizationInvitation(ACME, invitation.id);
    banner("pulumi up --refresh: the accepted invitation is now a member, with nothing left to change");
    await pulumi(["up", "--refresh", "--yes", "--non-interactive"], env);
    await printRoster(emulator);

    banner("Out-of-band changes: someone demotes Marco in Clerk and deactivates him in WorkOS");
    const marco = "user_2Cj42gEnI5sEt6OHTerNANMDgHi";
    const patched = await fetch(`${emulator.clerkApiUrl}/organizations/${ACME}/memberships/${marco}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${DEMO_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ role: "org:member" }),
    });
    process.stdout.write(`  Clerk PATCH role → HTTP ${patched.status}\n`);
    const marcoWorkos = (await workosMembers(emulator)).find((m) => m.user_id === MARCO_WORKOS);
    const deactivated = await fetch(`${emulator.workosApiUrl}/user_management/organization_memberships/${marcoWorkos?.id ?? "missing"}/deactivate`, {
      method: "PUT",
      headers: { authorization: `Bearer ${DEMO_WORKOS_KEY}` },
    });
    process.stdout.write(`  WorkOS PUT deactivate → HTTP ${deactivated.status}\n`);

    banner("Scheduled drift check: pulumi preview --refresh --expect-no-changes");
    const code = await pulumi(["preview", "--refresh", "--expect-no-changes", "--diff", "--non-interactive"], env, [0, 7]);
    process.stdout.write(`  exit code ${code} ${code === 7 ? "(drift detected)" : "(no drift?)"}\n`);
    if (code !== 7) throw new Error("the drift check should have exited 7");

    banner("pulumi up --refresh: put the declared role back and reactivate");
    await pulumi(["up", "--refresh", "--yes", "--non-interactive"], env);
    banner("Live rosters after the repair");
    await printRoster(emulator);

    banner("Drift check again");
    await pulumi(["preview", "--refresh", "--expect-no-changes", "--non-interactive"], env);
    process.stdout.write("  exit code 0 (no drift)\n");
  } finally {
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
