// Turns the bench rows into the report: one Markdown table of every measured command with its ratios to the naive
// baseline, the engine floor and the rate-limit bound, then each target with PASS/FAIL; plus the raw JSON.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Service } from "./baseline-programs";
import { type BenchResult, type BenchRow, STARTUP_MEMBERS, STEP_LABELS, isStartupRow, mb, seconds } from "./scenarios";

export type Verdict = "PASS" | "FAIL" | "n/a";

export interface TargetCheck {
  target: string;
  scope: string;
  limit: string;
  measured: string;
  verdict: Verdict;
  note?: string;
}

export interface BenchReport extends BenchResult {
  /** `pulumiSdk`: the @pulumi/pulumi the stacks' programs and provider processes load (its version moves start-up). */
  machine: { cpus: number; cpuModel: string; memoryMb: number; node: string; pulumiSdk?: string };
  targets: TargetCheck[];
}

export function buildReport(result: BenchResult): BenchReport {
  return {
    ...result,
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", memoryMb: Math.round(os.totalmem() / 2 ** 20), node: process.version, pulumiSdk: pulumiSdkVersion() },
    targets: evaluateTargets(result.rows, result.startup),
  };
}

/** The version of the @pulumi/pulumi the bench's projects resolve (the repository's node_modules). */
function pulumiSdkVersion(): string | undefined {
  try {
    return (require("@pulumi/pulumi/package.json") as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Writes report.md and report.json into `dir`; returns the Markdown. */
export function writeReport(report: BenchReport, dir: string): string {
  const markdown = renderMarkdown(report);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "report.md"), markdown);
  fs.writeFileSync(path.join(dir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
  return markdown;
}

/**
 * The per-member row a ratio compares with: same command and size, same checkpointing when measured, otherwise
 * the other mode (rosters, and role changes the naive provider ran only without checkpoints).
 */
export function peerOf(rows: BenchRow[], row: BenchRow, provider: "naive" | "floor"): BenchRow | undefined {
  const candidates = rows.filter(
    (peer) =>
      peer.provider === provider &&
      peer.granularity === "member" &&
      peer.step === row.step &&
      peer.members === row.members &&
      (provider === "floor" || peer.service === row.service),
  );
  return candidates.find((peer) => peer.checkpoints === row.checkpoints) ?? candidates[0];
}

function ratio(row: BenchRow, peer: BenchRow | undefined): string {
  if (!peer || peer === row) return "—";
  const failed = failedCount(peer) > 0 || !exitOk(peer) ? "†" : "";
  const otherMode = peer.checkpoints !== row.checkpoints ? "‡" : "";
  return `${(row.wallMs / peer.wallMs).toFixed(2)}${failed}${otherMode}`;
}

function failedCount(row: BenchRow): number {
  return row.failedResources + row.failedMembers;
}

function exitOk(row: BenchRow): boolean {
  return row.exitCode === 0 || (row.step === "preview-refresh" && row.exitCode === 7);
}

/** `GET /v1/organizations/:organizationId/memberships` → `GET memberships`. */
export function shortRoute(route: string): string {
  const [method = "", routePath = ""] = route.split(" ");
  const short = routePath
    .replace(/^\/v1\/organizations\/:organizationId\//, "")
    .replace(/^\/user_management\/organization_/, "")
    .replace(/^\/user_management\//, "")
    .replace(/^\/v1\//, "");
  return `${method} ${short}`;
}

function routes(row: BenchRow): string {
  const entries = Object.entries(row.calls.byRoute).sort(([, a], [, b]) => b - a);
  return entries.length === 0 ? "—" : entries.map(([route, count]) => `${shortRoute(route)} ${count}`).join(", ");
}

function resourceName(row: BenchRow): string {
  return row.granularity === "roster" ? "OrganizationRoster" : "OrganizationMembership";
}

function failedCell(row: BenchRow): string {
  const parts: string[] = [String(row.failedResources)];
  if (row.failedMembers > 0) parts.push(`(${row.failedMembers} members)`);
  if (!exitOk(row)) {
    // What the command did get done before it stopped, from the CLI's closing counts.
    const done = Object.entries(row.summary)
      .filter(([what]) => /^(created|updated|deleted)$/.test(what))
      .map(([what, count]) => `${count} ${what}`);
    parts.push(`exit ${row.exitCode}${done.length > 0 ? `; ${done.join(", ")}` : ""}`);
  }
  return parts.join(" ");
}

export function renderTable(rows: BenchRow[]): string {
  const header = [
    "service",
    "resource",
    "provider",
    "checkpoints",
    "command",
    "N",
    "wall s",
    "× naive",
    "× floor",
    "× bound",
    "calls",
    "429s",
    "calls by route",
    "first call s",
    "calls span s",
    "failed",
    "provider RSS MB",
    "CLI RSS MB",
    "program RSS MB",
    "__provider B",
    "state B/member",
  ];
  const lines = [`| ${header.join(" | ")} |`, `|${header.map((h) => (/^(N|wall|×|calls$|429|first call|calls span|provider RSS|CLI|program RSS|__provider|state)/.test(h) ? "---:" : "---")).join("|")}|`];
  for (const row of rows) {
    const cells = [
      row.service ?? "—",
      `${resourceName(row)}${scaleLabel(row)}`,
      row.provider,
      row.checkpoints ? "on" : "skip",
      STEP_LABELS[row.step],
      String(row.members),
      seconds(row.wallMs),
      row.provider === "naive" ? "—" : ratio(row, peerOf(rows, row, "naive")),
      row.provider === "floor" ? "—" : ratio(row, peerOf(rows, row, "floor")),
      (row.wallMs / row.rateBoundMs).toFixed(2),
      String(row.calls.total),
      String(row.calls.byStatus["429"] ?? 0),
      routes(row),
      row.calls.firstCallMs === undefined ? "—" : seconds(row.calls.firstCallMs),
      row.calls.callSpanMs === undefined ? "—" : seconds(row.calls.callSpanMs),
      failedCell(row),
      mb(row.peak.providerKb),
      mb(row.peak.cliKb),
      mb(row.peak.programKb),
      row.state ? String(row.state.providerBytes) : "—",
      row.state ? String(row.state.bytesPerMember) : "—",
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

/**
 * Where a per-member up's time goes: no create can be sent before the engine asks for it (CLI start-up, the
 * program's registrations, the provider's start), and from the first call on the API's limit binds.
 */
function spanNote(row: BenchRow): string | undefined {
  const { firstCallMs, callSpanMs } = row.calls;
  if (firstCallMs === undefined || callSpanMs === undefined || row.calls.total < 2) return undefined;
  const perSecond = (row.calls.total - 1) / (callSpanMs / 1000);
  return `first API call ${seconds(firstCallMs)} s after the command started; from it, ${row.calls.total} calls in ${seconds(callSpanMs)} s = ${perSecond.toFixed(1)} requests/s (${(callSpanMs / row.rateBoundMs).toFixed(2)} × the rate-limit bound)`;
}

/** The targets of the issue, checked on whatever rows this run measured. */
export function evaluateTargets(rows: BenchRow[], startup?: BenchResult["startup"]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const ours = rows.filter((row) => row.provider === "ours");
  const scope = (row: BenchRow): string => `${row.service ?? "—"} ${resourceName(row)}, ${row.members} members${scaleScope(row)}${row.checkpoints ? "" : ", PULUMI_SKIP_CHECKPOINTS"}`;

  for (const row of ours.filter((r) => (r.step === "preview-refresh" || r.step === "refresh") && r.scale?.scenario !== "ignore")) {
    const limit = 3 * Math.ceil(row.members / 1000);
    checks.push({
      target: `${STEP_LABELS[row.step]}: ≤ 3 API calls per 1000 memberships`,
      scope: scope(row),
      limit: `≤ ${limit} calls`,
      measured: `${row.calls.total} calls${exitOk(row) ? "" : ` (exit ${row.exitCode})`}`,
      verdict: row.calls.total <= limit && exitOk(row) && failedCount(row) === 0 ? "PASS" : "FAIL",
      note: row.service === "workos" ? "WorkOS lists at most 100 memberships per page: any full listing of N members costs at least N/100 calls" : undefined,
    });
  }

  for (const row of ours.filter((r) => r.granularity === "roster" && r.step === "up" && (!r.scale || r.scale.scenario === "many-orgs"))) {
    // The bound is what the rate limit allows from the first call on, plus the CLI's own fixed cost, measured on
    // the same machine in the same run as an empty program's up (not guessed).
    const limitMs = startup ? 1.15 * row.rateBoundMs + startup.upMs : undefined;
    const rejected = row.calls.byStatus["429"] ?? 0;
    const ok = failedCount(row) === 0 && row.exitCode === 0 && rejected === 0;
    // A start-up stack's few writes are not rate-bound (its 15 % is 15 ms): its time is the start-up, which the
    // first-call target below judges, unless it failed.
    const judgedByFirstCall = isStartupRow(row) && ok;
    checks.push({
      target: "OrganizationRoster up: ≤ 1.15 × rate-limit bound + an empty program's up, 0 failed, 0 × 429",
      scope: scope(row),
      limit: limitMs === undefined ? "needs the start-up measurement (run without --no-startup)" : `≤ ${seconds(limitMs)} s (${seconds(row.rateBoundMs)} s × 1.15 + ${seconds(startup?.upMs ?? 0)} s), 0 failed, 0 × 429`,
      measured: `${seconds(row.wallMs)} s, ${failedCount(row)} failed, ${rejected} × 429`,
      verdict: limitMs === undefined || judgedByFirstCall ? "n/a" : row.wallMs <= limitMs && ok ? "PASS" : "FAIL",
      note: judgedByFirstCall ? `a start-up stack, not rate-bound: judged by the first-call target; ${spanNote(row) ?? "no calls"}` : spanNote(row),
    });
  }

  for (const row of ours.filter((r) => r.step === "up" && r.calls.firstCallMs !== undefined)) {
    // The fixed cost before any work: an empty program's up, measured in the same run, is the CLI's own.
    const firstCallMs = row.calls.firstCallMs ?? 0;
    const limitMs = startup ? startup.upMs + 300 : undefined;
    const beyond = startup ? firstCallMs - startup.upMs : 0;
    const verdict: Verdict = limitMs === undefined ? "n/a" : firstCallMs <= limitMs ? "PASS" : "FAIL";
    checks.push({
      target: "first API call of an up ≤ an empty program's up + 0.3 s",
      scope: scope(row),
      limit: limitMs === undefined ? "needs the start-up measurement (run without --no-startup)" : `≤ ${seconds(limitMs, 2)} s (${seconds(startup?.upMs ?? 0, 2)} s + 0.3 s)`,
      measured: `${seconds(firstCallMs, 2)} s${startup ? ` (the empty up ${beyond < 0 ? "−" : "+"} ${seconds(Math.abs(beyond), 2)} s)` : ""}`,
      verdict,
      note:
        verdict !== "FAIL"
          ? undefined
          : row.members > STARTUP_MEMBERS && row.granularity === "member"
            ? `after the program's ${row.members} registrations`
            : "the engine starts the dynamic-provider process, which loads the Pulumi SDK, only at the first registration: see README, Scale",
    });
  }

  for (const row of ours.filter((r) => r.granularity === "roster" && r.step === "preview-refresh" && r.members >= 5000 && !r.scale)) {
    checks.push({
      target: "no-change preview --refresh of an OrganizationRoster ≤ 15 s",
      scope: scope(row),
      limit: "≤ 15.0 s, exit 0",
      measured: `${seconds(row.wallMs)} s, exit ${row.exitCode}`,
      verdict: row.wallMs <= 15_000 && row.exitCode === 0 ? "PASS" : "FAIL",
    });
  }

  for (const row of ours.filter((r) => r.granularity === "member" && r.step === "up")) {
    const floor = peerOf(rows, row, "floor");
    const limitMs = 1.25 * Math.max(row.rateBoundMs, floor?.wallMs ?? 0);
    checks.push({
      target: "per-member up: ≤ 1.25 × max(rate-limit bound, engine floor)",
      scope: scope(row),
      limit: floor ? `≤ ${seconds(limitMs)} s (floor ${seconds(floor.wallMs)} s)` : "no floor measured",
      measured: `${seconds(row.wallMs)} s, ${failedCount(row)} failed`,
      verdict: !floor ? "n/a" : row.wallMs <= limitMs && failedCount(row) === 0 && row.exitCode === 0 ? "PASS" : "FAIL",
      note: spanNote(row),
    });
  }

  const large = ours.filter((r) => r.members >= 5000 && !r.scale);
  for (const group of groupBy(large, (row) => `${row.service}/${row.granularity}`)) {
    const first = group[0];
    if (!first) continue;
    const peakKb = Math.max(...group.map((row) => row.peak.providerKb));
    checks.push({
      target: "provider peak RSS ≤ 200 MB at 5000 members",
      scope: `${first.service ?? "—"} ${resourceName(first)}, ${first.members} members`,
      limit: "≤ 200 MB",
      measured: `${mb(peakKb)} MB`,
      verdict: peakKb === 0 ? "n/a" : peakKb <= 200 * 1024 ? "PASS" : "FAIL",
    });
  }

  checks.push(...ignoreTargets(ours, scope), ...hugeRosterTargets(ours, scope));

  for (const group of groupBy(ours.filter((row) => row.state), (row) => `${row.service}/${row.granularity}`)) {
    const first = group[0];
    if (!first) continue;
    const bytes = Math.max(...group.map((row) => row.state?.providerBytes ?? 0));
    checks.push({
      target: "__provider ≤ 1.5 KB",
      scope: `${first.service ?? "—"} ${resourceName(first)}`,
      limit: "≤ 1536 B",
      measured: `${bytes} B`,
      verdict: bytes <= 1536 ? "PASS" : "FAIL",
    });
  }
  return checks;
}

/** The sizes of the scale scenarios this run selected. */
function scaleOptions(options: BenchResult["options"]): string {
  const selected = new Set<string>(options.scenarios);
  const parts: string[] = [];
  if (selected.has("ignore") && options.live !== undefined) parts.push(`live ${options.live}`);
  if (selected.has("many-orgs") && options.organizations !== undefined) parts.push(`organizations ${options.organizations}`);
  if (selected.has("huge-roster") && options.huge !== undefined) parts.push(`huge ${options.huge}`);
  return parts.map((part) => `, ${part}`).join("");
}

/** The table's short form of a scale scenario's row: ` (ignore: report mode, 50000 live)`. */
function scaleLabel(row: BenchRow): string {
  if (!row.scale) return "";
  const { scenario, unmanagedMembers, liveMembers, organizations } = row.scale;
  if (scenario === "ignore") return ` (ignore: ${unmanagedMembers} mode, ${liveMembers} live)`;
  if (scenario === "many-orgs") return ` (many-orgs: ${organizations} organizations)`;
  return ` (${scenario})`;
}

/** How a scale scenario's row differs from a plain one, for the targets' scope. */
function scaleScope(row: BenchRow): string {
  if (!row.scale) return "";
  const { scenario, unmanagedMembers, liveMembers, organizations } = row.scale;
  if (scenario === "many-orgs") return ` in ${organizations} organizations (${row.members / organizations} each)`;
  if (scenario === "ignore") return ` declared (one admin) among ${liveMembers} live, unmanagedMembers: ${unmanagedMembers}`;
  return "";
}

/** The routes that list an organization's memberships, and WorkOS's read of one user (a name per filtered member). */
export const LISTING_ROUTES: Record<Service, string> = {
  clerk: "GET /v1/organizations/:organizationId/memberships",
  workos: "GET /user_management/organization_memberships",
};
export const WORKOS_USER_READ_ROUTE = "GET /user_management/users/:id";

/**
 * `unmanagedMembers: ignore` reads what is declared, not the organization: Clerk filters 100 user ids per call and
 * says how many pages follow, so ≤ 3 listing calls (first page, filtered read, one spare); WorkOS filters one user
 * per call and says nothing of what follows, so the engine lists on only while that has cost less than the
 * filtered reads (provider/engine/covering-listing.ts): ≤ 2 × (declared + 1) listing calls, ≤ declared user reads.
 * Each is shown beside the same roster's command in `report` mode, which lists everything.
 */
function ignoreTargets(ours: BenchRow[], scope: (row: BenchRow) => string): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const row of ours.filter((r) => r.scale?.scenario === "ignore" && r.scale.unmanagedMembers === "ignore" && r.service)) {
    const service = row.service ?? "clerk";
    const declared = row.members;
    const listings = row.calls.byRoute[LISTING_ROUTES[service]] ?? 0;
    const reads = row.calls.byRoute[WORKOS_USER_READ_ROUTE] ?? 0;
    const listingLimit = service === "clerk" ? 3 : 2 * (declared + 1);
    const readLimit = service === "clerk" ? 0 : declared;
    const naive = ours.find(
      (peer) => peer.scale?.scenario === "ignore" && peer.scale.unmanagedMembers === "report" && peer.service === service && peer.step === row.step && peer.scale.liveMembers === row.scale?.liveMembers,
    );
    const naiveText = naive ? `; report mode: ${naive.calls.byRoute[LISTING_ROUTES[service]] ?? 0} listing calls, ${naive.calls.total} in all, ${seconds(naive.wallMs)} s` : "";
    const reasons: string[] = [];
    if (listings > listingLimit) {
      // A roster new to the organization is read twice in its up: its check plans and guards from the live
      // organization (provider/engine/roster-review.ts), then its create lists it again to apply (roster-apply.ts).
      const twice = row.step === "up" ? `: the up reads the organization twice (its check plans from the live organization, its create lists it again to apply), ${listings / 2} listing calls each` : "";
      reasons.push(`${listings} listing calls > ${listingLimit}${twice}`);
    }
    if (service === "workos" && reads > readLimit) reasons.push(`${reads} user reads > ${readLimit}`);
    if (!exitOk(row) || failedCount(row) > 0) reasons.push(`the command failed (exit ${row.exitCode}, ${failedCount(row)} failed)`);
    checks.push({
      target: `${STEP_LABELS[row.step]} in unmanagedMembers: ignore mode: calls O(declared)`,
      scope: scope(row),
      limit: service === "clerk" ? `≤ ${listingLimit} listing calls` : `≤ ${listingLimit} listing calls (2 × (${declared} + 1)) + ≤ ${readLimit} user reads`,
      measured: `${listings} listing calls${service === "workos" ? `, ${reads} user reads` : ""}, ${row.calls.total} in all, ${seconds(row.wallMs)} s${naiveText}`,
      verdict: reasons.length === 0 ? "PASS" : "FAIL",
      note:
        reasons.length > 0
          ? reasons.join("; ")
          : service === "clerk"
            ? "Clerk says how many pages follow: the declared members are read through its user_id filter, 100 per call"
            : "WorkOS filters one user per call: the listing stops once it has cost as much as the filtered reads would",
    });
  }
  return checks;
}

/** A bound on the memory of the whole process tree: the provider's, the CLI's and the program's peaks summed. */
const HUGE_ROSTER_TREE_LIMIT_KB = 1024 * 1024;
const HUGE_ROSTER_PREVIEW_LIMIT_MS = 60_000;

/** One OrganizationRoster of `--huge` members: the whole tree within 1 GB, its no-change preview --refresh within 60 s. */
function hugeRosterTargets(ours: BenchRow[], scope: (row: BenchRow) => string): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const row of ours.filter((r) => r.scale?.scenario === "huge-roster")) {
    const { providerKb, cliKb, programKb } = row.peak;
    const treeKb = providerKb + cliKb + programKb;
    checks.push({
      target: `${STEP_LABELS[row.step]} of a huge OrganizationRoster: peak RSS of the whole process tree ≤ 1 GB`,
      scope: scope(row),
      limit: "≤ 1024 MB (provider + CLI + program peaks)",
      measured: `${mb(treeKb)} MB (${mb(providerKb)} + ${mb(cliKb)} + ${mb(programKb)})`,
      verdict: providerKb === 0 || cliKb === 0 ? "n/a" : treeKb <= HUGE_ROSTER_TREE_LIMIT_KB ? "PASS" : "FAIL",
      note:
        providerKb === 0 || cliKb === 0
          ? "a process was never sampled"
          : treeKb > HUGE_ROSTER_TREE_LIMIT_KB
            ? `the CLI and the program, where Pulumi's engine and SDK hold the ${row.members}-member resource, took ${mb(cliKb + programKb)} MB of it: see README, Scale`
            : undefined,
    });
    if (row.step !== "preview-refresh") continue;
    const reasons: string[] = [];
    if (row.wallMs > HUGE_ROSTER_PREVIEW_LIMIT_MS) reasons.push(`${seconds(row.wallMs)} s > 60 s`);
    if (row.exitCode !== 0) reasons.push(`exit ${row.exitCode}: drift or failure where none was made`);
    checks.push({
      target: "no-change preview --refresh of a huge OrganizationRoster ≤ 60 s",
      scope: scope(row),
      limit: "≤ 60.0 s, exit 0",
      measured: `${seconds(row.wallMs)} s, exit ${row.exitCode}, ${row.calls.total} calls`,
      verdict: reasons.length === 0 ? "PASS" : "FAIL",
      note: reasons.length > 0 ? reasons.join("; ") : undefined,
    });
  }
  return checks;
}

function loadRange(rows: BenchRow[]): string {
  const loads = rows.flatMap((row) => row.load);
  if (loads.length === 0) return "—";
  return `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`;
}

function groupBy<T>(items: T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups.values()];
}

export function renderTargets(targets: TargetCheck[]): string {
  const lines = ["| target | scope | limit | measured | result |", "|---|---|---|---|---|"];
  for (const t of targets) lines.push(`| ${t.target} | ${t.scope} | ${t.limit} | ${t.measured} | **${t.verdict}**${t.note ? ` (${t.note})` : ""} |`);
  return lines.join("\n");
}

export function renderMarkdown(report: BenchReport): string {
  const o = report.options;
  const failures = report.rows.filter((row) => row.failureSample);
  return [
    "# pulumi-org-roster benchmark",
    "",
    `Run ${report.startedAt}, ${seconds(report.durationMs)} s in all; ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryMb} MB; Node ${report.machine.node}; Pulumi CLI ${report.pulumiVersion}, @pulumi/pulumi ${report.machine.pulumiSdk ?? "?"} (file backend).`,
    `Emulator: ${o.latencyMs} ms added latency, ${o.requestsPerSecond} requests/s per key enforced (sliding 1 s window) on every measured command; our provider's \`maxRequestsPerSecond\` = ${o.requestsPerSecond}. Members ${o.members}${o.large > 0 ? `, large ${o.large}` : ""}${scaleOptions(o)}; scenarios ${o.scenarios.join(", ")}.`,
    `CLI start-up on this machine (an empty program): up ${report.startup ? seconds(report.startup.upMs, 2) : "?"} s, preview --refresh ${report.startup ? seconds(report.startup.previewRefreshMs, 2) : "?"} s. 1-minute load average during the measured commands: ${loadRange(report.rows)} (other work on this 2-core machine shares the CPU).`,
    "",
    "`× naive`: wall time over the naive inline provider's for the same command (rosters compare with the per-member naive); `× floor`: over the no-HTTP engine floor's; `× bound`: over N / rate. `†`: that baseline run itself failed; `‡`: against the baseline's run in the other checkpoint mode. RSS is the peak (VmHWM) of the dynamic-provider process, of the `pulumi` CLI and of the Node.js program (language host included); state sizes are from `pulumi stack export` after the stack's last write. Calls are counted by the emulator for that command alone.",
    "",
    renderTable(report.rows),
    "",
    "## Targets",
    "",
    renderTargets(report.targets),
    ...(failures.length > 0 ? ["", "## Failures", "", ...failures.map((row) => `- ${row.variant}, ${STEP_LABELS[row.step]}: ${row.failureSample ?? ""}`)] : []),
    ...(report.errors.length > 0 ? ["", "## Stacks abandoned", "", ...report.errors.map((e) => `- ${e.variant}: ${e.message.split("\n")[0] ?? ""}`)] : []),
    ...(report.setups.length > 0
      ? ["", "## Unmeasured setup runs", "", ...report.setups.map((s) => `- ${s.variant}: ${seconds(s.wallMs)} s, exit ${s.exitCode}, ${s.failed} failed (no rate limit, PULUMI_SKIP_CHECKPOINTS=true)`)]
      : []),
    "",
  ].join("\n");
}
