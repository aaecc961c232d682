// End-to-end: the GitOps example (examples/gitops: index.ts and roster.yaml as they are) under the real Pulumi
// CLI against the emulator, and `pulumi preview --refresh --json` piped into `org-roster drift-report` exactly as
// the workflow runs it: a role changed in the "dashboard" is reported (exit 7, the member with from and to roles),
// and after `pulumi up --refresh` the report says "No drift" (exit 0).

import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject, REPO_ROOT, run, type RunResult } from "../support/pulumi-cli";

jest.setTimeout(600_000);

const CLERK_KEY = "sk_test_emulator_clerk";
const WORKOS_KEY = "sk_test_emulator_workos";
const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const MARCO = "user_2Cj42gEnI5sEt6OHTerNANMDgHi"; // declared without a role: org:member
const PRIYA = "user_25O6MsMcGp2kTY7xO5ZIredutNa"; // declared with privateMetadata { costCenter: CC-1042 }
const EXAMPLE = path.join(REPO_ROOT, "examples", "gitops");
const BIN = path.join(REPO_ROOT, "bin", "org-roster.js");

interface PipeResult extends RunResult {
  /** Exit status of `pulumi preview`. */
  pulumi: number;
  /** Exit status of `org-roster drift-report`: the pipeline's. */
  report: number;
}

describe("org-roster drift-report on the real `pulumi preview --refresh --json` of the GitOps example", () => {
  let emulator: EmulatorHandle;
  let project: PulumiProject;

  /** `pulumi preview <flags> | node bin/org-roster.js drift-report` in a shell, with both exit statuses. */
  async function pipeline(flags: string): Promise<PipeResult> {
    const script = `pulumi preview ${flags} --non-interactive | node "${BIN}" drift-report; codes=("\${PIPESTATUS[@]}"); echo "pipestatus: \${codes[*]}" >&2; exit "\${codes[1]}"`;
    const result = await run("bash", ["-c", script], project.dir, project.env);
    project.transcript.push(`$ ${script}\n${result.stdout}\n${result.stderr}`);
    const codes = /pipestatus: (\d+) (\d+)/.exec(result.stderr);
    if (!codes) throw new Error(`the pipeline did not run:\n${result.stderr}`);
    return { ...result, pulumi: Number(codes[1]), report: Number(codes[2]) };
  }

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: false });
    project = await PulumiProject.create("drift-report", {
      program: "",
      config: { "clerk:apiUrl": emulator.clerkApiUrl, "workos:apiUrl": emulator.workosApiUrl },
      secrets: { "clerk:secretKey": CLERK_KEY, "workos:apiKey": WORKOS_KEY },
    });
    // The example's TypeScript program (compiled by the Pulumi CLI's ts-node) and roster file, unchanged.
    fs.rmSync(path.join(project.dir, "index.js"));
    for (const file of ["index.ts", "tsconfig.json", "roster.yaml"]) fs.copyFileSync(path.join(EXAMPLE, file), path.join(project.dir, file));
    fs.writeFileSync(path.join(project.dir, "package.json"), JSON.stringify({ name: "drift-report", private: true, main: "index.ts" }, null, 2));
    await project.up();
  });

  // The example's WorkOS organization has a deactivated member nobody declares: listed, never drift.
  const NOT_DRIFT = [
    "### Not drift: memberships that grant no access",
    "",
    "Deactivated or invited (not accepted) memberships that the roster does not declare, and the roster's own pending invitations; nothing needs doing.",
    "",
    "| organization | member | standing | role |",
    "|---|---|---|---|",
    `| WorkOS \`org_01JGD0680005FATZYDS3AR0RGX\` | \`user_01JGFJK0YG1EE043E42N4FHZD8\` | inactive | \`member (inactive)\` |`,
    "",
    "",
  ];

  afterAll(async () => {
    await emulator?.close();
    project?.remove();
  });

  it("reports nothing right after the first up (exit 0)", async () => {
    const result = await pipeline("--refresh --json");
    expect({ pulumi: result.pulumi, report: result.report, code: result.code }).toEqual({ pulumi: 0, report: 0, code: 0 });
    expect(result.stdout).toBe(["## Roster drift", "", "No drift: every organization matches its declared roster.", "", ...NOT_DRIFT].join("\n"));
  });

  it("names a member whose role was changed out of band, with the live and the declared role (exit 7)", async () => {
    const response = await fetch(`${emulator.clerkApiUrl}/organizations/${ORG}/memberships/${MARCO}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${CLERK_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ role: "org:admin" }),
    });
    expect(response.status).toBe(200);

    const result = await pipeline("--refresh --json");
    expect({ pulumi: result.pulumi, report: result.report, code: result.code }).toEqual({ pulumi: 0, report: 7, code: 7 });
    expect(result.stdout).toBe(
      [
        "## Roster drift",
        "",
        `### Clerk \`${ORG}\` — 1 change(s)`,
        "",
        "| member | change | from | to |",
        "|---|---|---|---|",
        `| Marco Rossi &lt;marco.rossi@acme.com&gt; \`${MARCO}\` | 🔁 role | \`org:admin\` | \`org:member\` |`,
        "",
        ...NOT_DRIFT,
      ].join("\n"),
    );
  });

  it("gives the same report from the nightly job's `--expect-no-changes` preview, which exits 7 itself", async () => {
    const result = await pipeline("--refresh --expect-no-changes --json");
    expect({ pulumi: result.pulumi, report: result.report }).toEqual({ pulumi: 7, report: 7 });
    expect(result.stdout).toContain(`| Marco Rossi &lt;marco.rossi@acme.com&gt; \`${MARCO}\` | 🔁 role | \`org:admin\` | \`org:member\` |`);
  });

  it("reports no drift once `pulumi up --refresh` has put the declared role back (exit 0)", async () => {
    await project.up(["--refresh"]);
    const live = await fetch(`${emulator.clerkApiUrl}/organizations/${ORG}/memberships?limit=100`, { headers: { authorization: `Bearer ${CLERK_KEY}` } });
    const members = ((await live.json()) as { data: Array<{ role: string; public_user_data: { user_id: string } }> }).data;
    expect(members.find((m) => m.public_user_data.user_id === MARCO)?.role).toBe("org:member");

    const result = await pipeline("--refresh --json");
    expect({ pulumi: result.pulumi, report: result.report, code: result.code }).toEqual({ pulumi: 0, report: 0, code: 0 });
    expect(result.stdout).toContain("No drift");
  });

  it("names the member and the key whose private metadata changed out of band, never a value (exit 7), until up --refresh", async () => {
    const changed = "CC-OUT-OF-BAND-31c7";
    const response = await fetch(`${emulator.clerkApiUrl}/organizations/${ORG}/memberships/${PRIYA}/metadata`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${CLERK_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ private_metadata: { costCenter: changed } }),
    });
    expect(response.status).toBe(200);
    const result = await pipeline("--refresh --json");
    expect({ pulumi: result.pulumi, report: result.report }).toEqual({ pulumi: 0, report: 7 });
    expect(result.stdout).toContain(`| Priya Patel &lt;priya.patel@acme.com&gt; \`${PRIYA}\` | 🔒 private metadata (keys only, values are secret) |  | \`costCenter changed\` |`);
    // The drift check's --diff shows the key whose value differs (its digest), not the value.
    const drift = await project.driftCheck();
    expect(drift.code).toBe(7);
    expect(drift.stdout).toMatch(new RegExp(`privateMetadataKeys\\s*: \\{[\\s\\S]*${PRIYA}: \\{[\\s\\S]*~ costCenter: "[0-9a-f]{16}" => "[0-9a-f]{16}"`));
    await project.up(["--refresh"]);
    expect((await pipeline("--refresh --json")).report).toBe(0);
    const transcript = project.transcript.join("\n");
    for (const value of [changed, "CC-1042"]) expect(transcript).not.toContain(value);
    expect(project.stateFilesText()).not.toContain(changed);
  });

  it("never shows an API key in anything the CLI or the report printed", () => {
    const transcript = project.transcript.join("\n");
    expect(transcript).not.toContain(CLERK_KEY);
    expect(transcript).not.toContain(WORKOS_KEY);
  });
});
