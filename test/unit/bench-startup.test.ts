// The bench's start-up scenario and its target: which stacks `--scenarios startup` plans, and how the first API
// call of an up is judged against an empty program's up measured in the same run.

import { evaluateTargets } from "../../bench/report";
import { type BenchRow, STARTUP_MEMBERS, planVariants } from "../../bench/scenarios";

function upRow(firstCallMs: number | undefined, members = STARTUP_MEMBERS): BenchRow {
  return {
    variant: "clerk-roster-ours-ckpt-10-startup",
    service: "clerk",
    provider: "ours",
    granularity: "roster",
    checkpoints: true,
    step: "up",
    command: "pulumi up --yes --skip-preview",
    members,
    exitCode: 0,
    wallMs: 3000,
    rateBoundMs: (members / 100) * 1000,
    calls: { total: 11, byRoute: {}, byStatus: { "200": 11 }, ...(firstCallMs === undefined ? {} : { firstCallMs, callSpanMs: 100 }) },
    failedResources: 0,
    failedMembers: 0,
    summary: {},
    peak: { cliKb: 0, providerKb: 0, programKb: 0 },
    benchCpuMs: 0,
    load: [0, 0],
  };
}

const TARGET = "first API call of an up ≤ an empty program's up + 0.3 s";

describe("bench start-up scenario", () => {
  it("plans an up and a preview --refresh of our provider per service and granularity, with a few members", () => {
    const variants = planVariants({ members: 1000, large: 0, services: ["clerk", "workos"], scenarios: ["startup"], latencyMs: 30, requestsPerSecond: 100, log: () => undefined });
    expect(variants.map((v) => [v.id, v.members, v.steps])).toEqual([
      ["clerk-member-ours-nockpt-10-startup", 10, ["up", "preview-refresh"]],
      ["clerk-roster-ours-ckpt-10-startup", 10, ["up", "preview-refresh"]],
      ["workos-member-ours-nockpt-10-startup", 10, ["up", "preview-refresh"]],
      ["workos-roster-ours-ckpt-10-startup", 10, ["up", "preview-refresh"]],
    ]);
  });

  it("passes a first call within 0.3 s of the empty program's up and fails one later", () => {
    const startup = { upMs: 2000, previewRefreshMs: 2500 };
    const [within] = evaluateTargets([upRow(2300)], startup).filter((check) => check.target === TARGET);
    const [later] = evaluateTargets([upRow(2301)], startup).filter((check) => check.target === TARGET);
    expect(within).toMatchObject({ verdict: "PASS", limit: "≤ 2.30 s (2.00 s + 0.3 s)", measured: "2.30 s (the empty up + 0.30 s)" });
    expect(evaluateTargets([upRow(1900)], startup).find((check) => check.target === TARGET)?.measured).toBe("1.90 s (the empty up − 0.10 s)");
    expect(later?.verdict).toBe("FAIL");
  });

  it("leaves a start-up stack's up to the first-call target, and judges a rate-bound roster up by the bound", () => {
    const UP_TARGET = "OrganizationRoster up: ≤ 1.15 × rate-limit bound + an empty program's up, 0 failed, 0 × 429";
    const startup = { upMs: 2000, previewRefreshMs: 2500 };
    const startupUp = evaluateTargets([upRow(2300)], startup).find((check) => check.target === UP_TARGET);
    expect(startupUp).toMatchObject({ verdict: "n/a" });
    expect(startupUp?.note).toMatch(/^a start-up stack, not rate-bound: judged by the first-call target; first API call 2\.3 s/);
    // The same stack failing is said as such.
    expect(evaluateTargets([{ ...upRow(2300), exitCode: 255 }], startup).find((check) => check.target === UP_TARGET)?.verdict).toBe("FAIL");
    const rateBound = (wallMs: number): BenchRow => ({ ...upRow(2300, 1000), variant: "clerk-roster-ours-ckpt-1000", wallMs });
    expect(evaluateTargets([rateBound(13_500)], startup).find((check) => check.target === UP_TARGET)?.verdict).toBe("PASS");
    expect(evaluateTargets([rateBound(13_501)], startup).find((check) => check.target === UP_TARGET)?.verdict).toBe("FAIL");
  });

  it("cannot judge without the empty program's up, and skips an up that made no call", () => {
    expect(evaluateTargets([upRow(2300)]).find((check) => check.target === TARGET)?.verdict).toBe("n/a");
    expect(evaluateTargets([upRow(undefined)], { upMs: 2000, previewRefreshMs: 2500 }).some((check) => check.target === TARGET)).toBe(false);
  });
});
