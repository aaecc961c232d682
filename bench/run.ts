// `npm run bench`: our provider vs the naive baseline and the engine floor under the real Pulumi CLI against the
// emulator; prints the Markdown report to stdout and writes bench/results/report.md and bench/results/report.json.

import * as path from "node:path";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import type { Service } from "./baseline-programs";
import { buildReport, type BenchReport, writeReport } from "./report";
import { killActiveRuns } from "./measure";
import { DEFAULT_ORGANIZATIONS, DEFAULT_SCALE, DEFAULT_SCENARIOS, GRANULARITIES, MANY_ORGS_MEMBERS, SCALE_SCENARIOS, SCENARIOS, SERVICES, type ScenarioName, removeLiveProjects, runBench } from "./scenarios";
import type { Granularity } from "./baseline-programs";

export interface RunSettings {
  /** Where report.md and report.json go (default: bench/results). */
  out: string;
  /** Where the Markdown goes besides the file (default: stdout). */
  print: (markdown: string) => void;
  log: (line: string) => void;
}

function positiveInteger(value: string, allowZero = false): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < (allowZero ? 0 : 1)) throw new InvalidArgumentError(`expected a whole number${allowZero ? " ≥ 0" : " ≥ 1"}`);
  return parsed;
}

function listOf<T extends string>(allowed: readonly T[]): (value: string) => T[] {
  return (value) => {
    const items = value.split(",").map((item) => item.trim()).filter(Boolean);
    const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
    if (unknown.length > 0 || items.length === 0) throw new InvalidArgumentError(`expected a comma-separated list of ${allowed.join(", ")}`);
    return items as T[];
  };
}

/** Parses the command line, runs the bench, writes and prints the report. `argv` excludes node and the script. */
export async function runFromArgs(argv: string[], settings: Partial<RunSettings> = {}): Promise<BenchReport> {
  const program = new Command("bench")
    .description("Benchmark pulumi-org-roster against a naive dynamic provider and the engine floor, under the real Pulumi CLI and the emulator")
    .option("--members <n>", "members per stack for up, refresh and role changes", (v) => positiveInteger(v), 1000)
    .option("--large <n>", "members per stack for the large refresh scenario (0: skip it)", (v) => positiveInteger(v, true), 5000)
    .option("--services <list>", `services: ${SERVICES.join(",")}`, listOf(SERVICES), [...SERVICES])
    .option("--scenarios <list>", `scenarios: ${SCENARIOS.join(",")} (default: all but ${SCALE_SCENARIOS.join(", ")})`, listOf(SCENARIOS), [...DEFAULT_SCENARIOS])
    .option("--live <n>", "undeclared live members of the ignore scenario's organization", (v) => positiveInteger(v), DEFAULT_SCALE)
    .option("--organizations <n>", `organizations of the many-orgs scenario's stack, ${MANY_ORGS_MEMBERS} members each`, (v) => positiveInteger(v), DEFAULT_ORGANIZATIONS)
    .option("--huge <n>", "members of the huge-roster scenario's roster", (v) => positiveInteger(v), DEFAULT_SCALE)
    .option("--granularities <list>", `granularities: ${GRANULARITIES.join(",")} (floor and naive are per-member only)`, listOf(GRANULARITIES), [...GRANULARITIES])
    .option("--latency <ms>", "latency the emulator adds to every response", (v) => positiveInteger(v, true), 30)
    .option("--rate <n>", "requests per second the emulator enforces (and our provider's maxRequestsPerSecond)", (v) => positiveInteger(v), 100)
    .option("--out <dir>", "directory for report.md and report.json", settings.out ?? path.join(__dirname, "results"))
    .option("--no-startup", "skip measuring an empty program's up and preview (the CLI's fixed cost)")
    .option("--keep", "keep the project directories under .pulumi-e2e/ for inspection", false)
    .exitOverride()
    .parse(argv, { from: "user" });
  const opts = program.opts<{ members: number; large: number; live: number; organizations: number; huge: number; services: Service[]; scenarios: ScenarioName[]; granularities: Granularity[]; latency: number; rate: number; out: string; keep: boolean; startup: boolean }>();
  const out = path.resolve(opts.out);
  const log = settings.log ?? ((line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`));
  const result = await runBench({
    members: opts.members,
    large: opts.large,
    live: opts.live,
    organizations: opts.organizations,
    huge: opts.huge,
    services: opts.services,
    scenarios: opts.scenarios,
    granularities: opts.granularities,
    latencyMs: opts.latency,
    requestsPerSecond: opts.rate,
    removeProjects: !opts.keep,
    measureStartup: opts.startup,
    log,
    // A partial report after every command, so a run that dies late still leaves its numbers.
    onProgress: (partial) => writeReport(buildReport(partial), out),
  });
  const report = buildReport(result);
  const markdown = writeReport(report, out);
  (settings.print ?? ((text: string) => process.stdout.write(text)))(markdown);
  log(`wrote ${path.join(out, "report.md")} and ${path.join(out, "report.json")}`);
  return report;
}

if (require.main === module) {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      process.stderr.write(`bench: ${signal}: stopping the running command and removing the project directories\n`);
      killActiveRuns();
      removeLiveProjects();
      process.exit(130);
    });
  }
  runFromArgs(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
      // Commander has already printed help or the usage error.
      if (error instanceof CommanderError) process.exit(error.exitCode);
      process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
