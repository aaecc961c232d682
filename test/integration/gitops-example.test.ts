// The GitOps example as a user copies it: its roster file validates with the org-roster command (after
// `npm run build`), and its GitHub Actions workflow checks pull requests, applies merges and runs the nightly
// drift check with the commands the README describes, after installing pulumi-org-roster from the tarball the
// README has `npm pack` write into vendor/.

import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { parse } from "yaml";

const ROOT = join(__dirname, "..", "..");
const EXAMPLE = join(ROOT, "examples", "gitops");
const BIN = join(ROOT, "bin", "org-roster.js");

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}

interface Job {
  if?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}

interface Workflow {
  on: Record<string, unknown>;
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = parse(readFileSync(join(EXAMPLE, ".github", "workflows", "roster.yml"), "utf8")) as Workflow;

function job(name: string): Job {
  const found = workflow.jobs[name];
  if (!found) throw new Error(`the workflow has no job ${name}`);
  return found;
}

/** The shell scripts of a job's steps, in order. */
function scripts(name: string): string[] {
  return job(name).steps.flatMap((step) => (step.run === undefined ? [] : [step.run]));
}

interface JobRun {
  /** The steps whose script ran, by name (or script). */
  ran: string[];
  /** The step that failed and its exit status, if any. */
  failed?: { step: string; status: number | null };
  /** What the job wrote to $GITHUB_STEP_SUMMARY. */
  summary: string;
  /** The job's working directory (removed by the caller). */
  dir: string;
}

/**
 * Runs a job's `run:` steps the way GitHub Actions does (bash -eo pipefail; after a failure the rest is skipped;
 * `if: steps.<id>.outputs.<key> == '<value>'`), with stand-ins on PATH: `pulumi` prints a captured preview fixture
 * and exits with `pulumiExit`, `npx org-roster` is this checkout's bin/org-roster.js, `npx tsc` and `npm` do nothing
 * (the example's type check runs for real in test/e2e/quick-start.test.ts, where it is installed).
 * `uses:` steps are skipped.
 */
function runJob(name: string, preview: string, pulumiExit: number): JobRun {
  const dir = mkdtempSync(join(tmpdir(), `gitops-${name}-`));
  const bin = join(dir, ".bin");
  mkdirSync(bin);
  const tool = (file: string, text: string) => {
    writeFileSync(join(bin, file), `#!/bin/sh\n${text}\n`);
    chmodSync(join(bin, file), 0o755);
  };
  tool("pulumi", 'cat "$FAKE_PREVIEW"\nexit "$FAKE_PULUMI_EXIT"');
  tool("npx", '[ "$1" = tsc ] && exit 0\n[ "$1" = org-roster ] || exit 127\nshift\nexec "$NODE" "$ORG_ROSTER" "$@"');
  tool("npm", "exit 0");
  copyFileSync(join(EXAMPLE, "roster.yaml"), join(dir, "roster.yaml"));
  const summary = join(dir, ".summary.md");
  writeFileSync(summary, "");
  const outputs: Record<string, Record<string, string>> = {};
  const run: JobRun = { ran: [], summary: "", dir };
  for (const step of job(name).steps) {
    if (step.run === undefined || run.failed) continue;
    const condition = step.if === undefined ? undefined : /^steps\.(\w+)\.outputs\.(\w+) == '([^']*)'$/.exec(step.if);
    if (step.if !== undefined && !condition) throw new Error(`unsupported if: ${step.if}`);
    if (condition && outputs[condition[1] ?? ""]?.[condition[2] ?? ""] !== condition[3]) continue;
    const outputFile = join(dir, ".output");
    writeFileSync(outputFile, "");
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run], {
      cwd: dir,
      encoding: "utf8",
      timeout: 30_000,
      env: {
        ...workflow.env,
        PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`,
        NODE: process.execPath,
        ORG_ROSTER: BIN,
        FAKE_PREVIEW: preview,
        FAKE_PULUMI_EXIT: String(pulumiExit),
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summary,
      },
    });
    const label = step.name ?? step.run;
    run.ran.push(label);
    if (step.id) outputs[step.id] = Object.fromEntries(readFileSync(outputFile, "utf8").split("\n").filter(Boolean).map((line) => line.split("=", 2) as [string, string]));
    if (result.status !== 0) run.failed = { step: label, status: result.status };
  }
  run.summary = readFileSync(summary, "utf8");
  return run;
}

const PREVIEWS = join(ROOT, "test", "fixtures", "preview");
const MARCO_ROW = "| `user_2Cj42gEnI5sEt6OHTerNANMDgHi` | 🔁 role | `org:admin` | `org:member` |";

/** Index of the first step whose script matches. */
function stepIndex(name: string, pattern: RegExp): number {
  return job(name).steps.findIndex((step) => step.run !== undefined && pattern.test(step.run));
}

describe("examples/gitops/roster.yaml", () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, "dist", "provider", "cli", "org-roster.js"))) {
      throw new Error("dist/provider/cli/org-roster.js is missing: run `npm run build` before this test");
    }
  });

  it("validates with `org-roster validate` (exit 0)", () => {
    const result = spawnSync(process.execPath, [BIN, "validate", "roster.yaml"], { cwd: EXAMPLE, encoding: "utf8", timeout: 30_000 });
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({ status: 0, stdout: "ok: 2 organizations, 7 members\n", stderr: "" });
  });

  it("is what the program applies, in organization granularity", () => {
    const program = readFileSync(join(EXAMPLE, "index.ts"), "utf8");
    expect(program).toContain('new Roster("acme", { file: "roster.yaml", granularity: "organization" })');
    expect(readFileSync(join(EXAMPLE, "roster.yaml"), "utf8")).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/roster\.schema\.json\n/);
    expect(existsSync(join(EXAMPLE, "..", "..", "roster.schema.json"))).toBe(true);
  });
});

describe("examples/gitops/.github/workflows/roster.yml", () => {
  it("runs on pull requests, on pushes to main and on a schedule", () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(["pull_request", "push", "schedule"]));
    const schedule = workflow.on.schedule as Array<{ cron?: unknown }>;
    expect(schedule).toHaveLength(1);
    expect(schedule[0]?.cron).toMatch(/^\S+ \S+ \* \* \*$/);
  });

  it("passes the API keys and the Pulumi backend credentials from secrets", () => {
    expect(workflow.env).toMatchObject({
      CLERK_SECRET_KEY: "${{ secrets.CLERK_SECRET_KEY }}",
      WORKOS_API_KEY: "${{ secrets.WORKOS_API_KEY }}",
      PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
    });
  });

  it("checks a pull request: validate, preview --refresh --json, drift-report into the summary and a PR comment", () => {
    const check = job("check");
    expect(check.if).toContain("pull_request");
    expect(check.permissions).toMatchObject({ "pull-requests": "write" });
    const validate = stepIndex("check", /^npx org-roster validate roster\.yaml$/m);
    const preview = stepIndex("check", /pulumi preview .*--refresh.* --json > preview\.json/);
    const report = stepIndex("check", /npx org-roster drift-report preview\.json/);
    expect(validate).toBeGreaterThanOrEqual(0);
    expect(preview).toBeGreaterThan(validate);
    expect(report).toBeGreaterThan(preview);
    expect(check.steps[report]?.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    const comment = check.steps.slice(report + 1).find((step) => step.uses?.startsWith("marocchino/sticky-pull-request-comment@"));
    expect(comment?.with).toMatchObject({ path: "drift-report.md" });
    expect(scripts("check")[0]).toBe("npm ci");
  });

  it("has every pulumi command compile the program without type checking, and the pull-request check type-check it before the preview", () => {
    expect(workflow.env.PULUMI_NODEJS_TRANSPILE_ONLY).toBe("true");
    const typeCheck = stepIndex("check", /^npx tsc --noEmit$/m);
    expect(typeCheck).toBeGreaterThanOrEqual(0);
    expect(stepIndex("check", /pulumi preview /)).toBeGreaterThan(typeCheck);
  });

  it("applies a merge with pulumi up", () => {
    const apply = job("apply");
    expect(apply.if).toContain("push");
    expect(scripts("apply").some((script) => /pulumi up .*--yes/.test(script))).toBe(true);
  });

  it("runs the nightly drift check with --expect-no-changes: exit 7 gets the drift report attached and fails the job", () => {
    const drift = job("drift");
    expect(drift.if).toContain("schedule");
    const check = stepIndex("drift", /pulumi preview .*--refresh --expect-no-changes --json > preview\.json/);
    const report = stepIndex("drift", /npx org-roster drift-report preview\.json/);
    expect(check).toBeGreaterThanOrEqual(0);
    expect(report).toBeGreaterThan(check);
    const onDrift = drift.steps.slice(check + 1);
    expect(onDrift.every((step) => step.if === "steps.check.outputs.status == '7'")).toBe(true);
    expect(onDrift.find((step) => step.uses?.startsWith("actions/upload-artifact@"))?.with).toMatchObject({ path: "drift-report.md" });
    expect(onDrift.at(-1)?.run).toMatch(/exit 7\s*$/);
  });

  it("installs with npm ci in every job: pulumi-org-roster from the vendor/ tarball package.json names, as the README sets it up", () => {
    for (const name of Object.keys(workflow.jobs)) expect({ job: name, first: scripts(name)[0] }).toEqual({ job: name, first: "npm ci" });
    const example = JSON.parse(readFileSync(join(EXAMPLE, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    // The file `npm pack` writes for this version (a version bump renames it).
    expect(example.dependencies["pulumi-org-roster"]).toBe(`file:vendor/pulumi-org-roster-${version}.tgz`);
    const readme = readFileSync(join(EXAMPLE, "README.md"), "utf8");
    expect(readme).toContain("npm pack --pack-destination examples/gitops/vendor");
    expect(readme).toContain("commit package-lock.json and vendor/*.tgz");
  });

  it("installs the Pulumi CLI with pulumi/actions and pins every action to a major version", () => {
    const uses = Object.values(workflow.jobs).flatMap((j) => j.steps.flatMap((step) => (step.uses ? [step.uses] : [])));
    expect(uses).toContain("pulumi/actions@v6");
    for (const action of uses) expect(action).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
  });

  it("has shell steps that bash can parse", () => {
    for (const script of Object.keys(workflow.jobs).flatMap(scripts)) {
      const result = spawnSync("bash", ["-n", "-c", script], { encoding: "utf8" });
      expect({ script, status: result.status, stderr: result.stderr }).toEqual({ script, status: 0, stderr: "" });
    }
  });
});

describe("the workflow's shell steps, run with a stand-in pulumi on captured previews", () => {
  const runs: JobRun[] = [];
  const runJobOnce = (name: string, fixture: string, pulumiExit: number): JobRun => {
    const result = runJob(name, join(PREVIEWS, `${fixture}.json`), pulumiExit);
    runs.push(result);
    return result;
  };

  beforeAll(() => {
    if (!existsSync(join(ROOT, "dist", "provider", "cli", "org-roster.js"))) throw new Error("run `npm run build` before this test");
  });

  afterAll(() => {
    for (const result of runs) rmSync(result.dir, { recursive: true, force: true });
  });

  it("pull request: a preview with changes passes the check and puts the report in the summary and drift-report.md", () => {
    const result = runJobOnce("check", "organization-role-changed", 0);
    expect(result.failed).toBeUndefined();
    expect(result.ran).toEqual(["npm ci", "Validate roster.yaml", "Type-check the program", "Preview against the live organizations", "Drift report"]);
    expect(result.summary).toContain(MARCO_ROW);
    expect(readFileSync(join(result.dir, "drift-report.md"), "utf8")).toBe(result.summary);
  });

  it("pull request: a failing preview fails the check before any report", () => {
    const result = runJobOnce("check", "organization-role-changed", 255);
    expect(result.failed).toEqual({ step: "Preview against the live organizations", status: 255 });
    expect(result.summary).toBe("");
  });

  it("nightly: no drift (exit 0) passes without a report", () => {
    const result = runJobOnce("drift", "organization-no-change", 0);
    expect(result.failed).toBeUndefined();
    expect(result.ran).toEqual(["npm ci", "Check for drift"]);
    expect(result.summary).toBe("");
  });

  it("nightly: drift (exit 7) writes the report, then fails the job with exit 7", () => {
    const result = runJobOnce("drift", "organization-role-changed", 7);
    expect(result.ran).toEqual(["npm ci", "Check for drift", "Drift report", "Fail on drift"]);
    expect(result.failed).toEqual({ step: "Fail on drift", status: 7 });
    expect(result.summary).toContain(MARCO_ROW);
    expect(existsSync(join(result.dir, "drift-report.md"))).toBe(true);
  });

  it("nightly: a failed check (not 0 or 7) fails at the check, with no report", () => {
    const result = runJobOnce("drift", "organization-no-change", 255);
    expect(result.failed).toEqual({ step: "Check for drift", status: 255 });
    expect(result.ran).toEqual(["npm ci", "Check for drift"]);
  });
});
