// Smoke run of `npm run bench`'s own code path (bench/run.ts) with 50 members, so the bench never rots: both
// services and granularities, one up and one preview --refresh each, the naive baseline and the engine floor.

import * as fs from "node:fs";
import * as path from "node:path";
import type { BenchReport } from "../../bench/report";
import { runFromArgs } from "../../bench/run";
import { REPO_ROOT } from "../support/pulumi-cli";

jest.setTimeout(900_000);

let out: string;
let report: BenchReport;
let markdown = "";

beforeAll(async () => {
  fs.mkdirSync(path.join(REPO_ROOT, ".pulumi-e2e"), { recursive: true });
  out = fs.mkdtempSync(path.join(REPO_ROOT, ".pulumi-e2e", "bench-smoke-"));
  await runFromArgs(["--members", "50", "--large", "0", "--scenarios", "up,preview-refresh", "--no-startup", "--out", out], {
    print: (text) => (markdown = text),
    log: () => undefined,
  });
  report = JSON.parse(fs.readFileSync(path.join(out, "report.json"), "utf8")) as BenchReport;
});

afterAll(() => {
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

it("writes the Markdown table and the raw JSON, and prints the same table", () => {
  const written = fs.readFileSync(path.join(out, "report.md"), "utf8");
  expect(written).toBe(markdown);
  expect(written).toMatch(/^\| service \| resource \| provider \|/m);
  expect(written).toContain("## Targets");
  expect(report.rows.length).toBeGreaterThan(0);
});

it("measures our provider in both granularities and services, the naive baseline and the engine floor", () => {
  const keys = report.rows.map((row) => `${row.service ?? "-"} ${row.provider} ${row.granularity} ${row.step}`).sort();
  expect(keys).toEqual(
    [
      "- floor member preview-refresh",
      "- floor member up",
      ...["clerk", "workos"].flatMap((service) =>
        ["naive member", "ours member", "ours roster"].flatMap((kind) => [`${service} ${kind} preview-refresh`, `${service} ${kind} up`]),
      ),
    ].sort(),
  );
});

it("reports sane numbers: no failure, API calls from our provider, timings, peak RSS and state sizes", () => {
  for (const row of report.rows) {
    expect({ variant: row.variant, step: row.step, failed: row.failedResources + row.failedMembers, exitCode: row.exitCode }).toEqual({
      variant: row.variant,
      step: row.step,
      failed: 0,
      exitCode: 0,
    });
    expect(row.members).toBe(50);
    expect(row.wallMs).toBeGreaterThan(0);
    expect(row.peak.cliKb).toBeGreaterThan(0);
    expect(row.peak.providerKb).toBeGreaterThan(0);
    expect(row.state?.bytesPerMember).toBeGreaterThan(0);
    if (row.provider === "floor") expect(row.calls.total).toBe(0);
    if (row.provider !== "floor") expect(row.calls.total).toBeGreaterThan(0);
  }
  for (const row of report.rows.filter((r) => r.provider === "ours")) {
    expect(row.state?.providerBytes).toBeGreaterThan(0);
    expect(row.state?.providerBytes).toBeLessThanOrEqual(1536);
  }
  for (const row of report.rows.filter((r) => r.provider === "ours" && r.step === "up")) {
    // Every member is created with one POST.
    const posts = Object.entries(row.calls.byRoute).filter(([route]) => route.startsWith("POST ")).reduce((n, [, count]) => n + count, 0);
    expect(posts).toBe(50);
  }
});

it("refreshes a roster with at most 3 API calls", () => {
  const refreshes = report.rows.filter((row) => row.provider === "ours" && row.granularity === "roster" && row.step === "preview-refresh");
  expect(refreshes).toHaveLength(2);
  for (const row of refreshes) expect(row.calls.total).toBeLessThanOrEqual(3);
});

it("checks the targets, with __provider within 1.5 KB", () => {
  const providerTargets = report.targets.filter((target) => target.target.startsWith("__provider"));
  expect(providerTargets).toHaveLength(4);
  for (const target of providerTargets) expect(target.verdict).toBe("PASS");
});
