// The bench plan and its runner: which stacks exist (service × provider × granularity × checkpointing × size),
// which measured commands run on each, and the unmeasured setup that brings a stack to the state a command needs.

import * as os from "node:os";
import { PulumiProject } from "../test/support/pulumi-cli";
import { type Granularity, NAIVE_ENV, type ProviderKind, type RosterEntry, type Service, type UnmanagedMode, programText } from "./baseline-programs";
import { BenchEmulator, CLERK_KEY, type LiveMembers, WORKOS_KEY, benchSeed, benchUserId } from "./emulator-session";
import { type MeasuredRun, type PeakRss, measurePulumi } from "./measure";

/**
 * What `--scenarios` selects. up / preview-refresh / refresh / roles run at `--members` on per-member stacks
 * (PULUMI_SKIP_CHECKPOINTS=true for the writes) and on one OrganizationRoster per service; `checkpoints` runs the
 * per-member up with checkpoints on (the file backend's default: a full state rewrite per resource) for ours, the
 * naive provider and the floor, `checkpoints-roles` the role change with checkpoints on for ours and the floor;
 * `large` runs preview-refresh (and refresh, when selected) at `--large`; `startup` runs up and preview --refresh
 * of our provider on stacks of STARTUP_MEMBERS members in both granularities, where the time to the first API call
 * is the start-up of the CLI, the program and the provider process, hardly any registration.
 *
 * The scale scenarios run only when `--scenarios` names them (SCALE_SCENARIOS): `ignore` measures up, preview
 * --refresh and refresh of an OrganizationRoster declaring IGNORE_DECLARED members (one admin) in an organization
 * of `--live` other members, in `unmanagedMembers: ignore` mode and, beside it, the same roster in `report` mode
 * (the full listing); `many-orgs` one up creating MANY_ORGS_MEMBERS members in each of `--organizations`
 * organizations, one OrganizationRoster each, in one stack; `huge-roster` a preview --refresh of one
 * OrganizationRoster of `--huge` members (created unmeasured).
 */
export const SCENARIOS = ["up", "preview-refresh", "refresh", "roles", "checkpoints", "checkpoints-roles", "large", "startup", "ignore", "many-orgs", "huge-roster"] as const;

/** Scenarios left out of a run that does not name them: each takes minutes and seeds tens of thousands of members. */
export const SCALE_SCENARIOS = ["ignore", "many-orgs", "huge-roster"] as const;
export type ScaleScenario = (typeof SCALE_SCENARIOS)[number];

/** What `npm run bench` runs without `--scenarios`. */
export const DEFAULT_SCENARIOS = SCENARIOS.filter((name) => !(SCALE_SCENARIOS as readonly string[]).includes(name));

/** Members the `ignore` scenario's roster declares (the first one an admin). */
export const IGNORE_DECLARED = 20;
/** Members of each organization in the `many-orgs` scenario. */
export const MANY_ORGS_MEMBERS = 50;

/** Members of the start-up scenario's stacks: a few, so that registrations and writes add next to nothing. */
export const STARTUP_MEMBERS = 10;

/** Whether a row measures a start-up stack (its variant id ends with the scenario's name, as planVariants builds it). */
export function isStartupRow(row: Pick<BenchRow, "variant">): boolean {
  return row.variant.endsWith("-startup");
}
export type ScenarioName = (typeof SCENARIOS)[number];

export const SERVICES: readonly Service[] = ["clerk", "workos"];

/** One measured command. */
export type Step = "up" | "preview-refresh" | "refresh" | "roles";

export const STEP_COMMANDS: Record<Step, string[]> = {
  up: ["up", "--yes", "--skip-preview"],
  "preview-refresh": ["preview", "--refresh", "--expect-no-changes", "--diff"],
  refresh: ["refresh", "--yes", "--skip-preview"],
  roles: ["up", "--yes", "--skip-preview"],
};

export const STEP_LABELS: Record<Step, string> = {
  up: "up (create)",
  "preview-refresh": "preview --refresh",
  refresh: "refresh",
  roles: "up (every role changed)",
};

/** Commands that write the state once per resource step, where PULUMI_SKIP_CHECKPOINTS matters. */
function writesPerStep(step: Step): boolean {
  return step === "up" || step === "roles";
}

export interface BenchOptions {
  /** Members per stack in the up, refresh and role-change scenarios. */
  members: number;
  /** Members per stack in the large refresh scenario (0: no large scenario). */
  large: number;
  /** Undeclared live members of the `ignore` scenario's organization (default 50,000). */
  live?: number;
  /** Organizations of the `many-orgs` scenario's stack (default 100). */
  organizations?: number;
  /** Members of the `huge-roster` scenario's roster (default 50,000). */
  huge?: number;
  services: Service[];
  scenarios: ScenarioName[];
  /** Which granularities to measure (default both; the floor and the naive provider are per-member only). */
  granularities?: Granularity[];
  /** Milliseconds the emulator adds to every API response. */
  latencyMs: number;
  /** The emulator's limit, and our provider's `maxRequestsPerSecond`. */
  requestsPerSecond: number;
  /** Measure the CLI's fixed cost on an empty program first (default true). */
  measureStartup?: boolean;
  /** Remove each stack's project directory after its runs (default true). */
  removeProjects?: boolean;
  /** Progress lines (stderr in `npm run bench`). */
  log: (line: string) => void;
  /** Called after every measured command with the result so far (the runner rewrites the report). */
  onProgress?: (partial: BenchResult) => void;
}

/** One stack of the plan. */
export interface Variant {
  /** e.g. `clerk-member-ours-ckpt-1000`; also the project name. */
  id: string;
  /** Undefined for the engine floor, which talks to no service. */
  service?: Service;
  provider: ProviderKind;
  granularity: Granularity;
  /** False: every command runs with PULUMI_SKIP_CHECKPOINTS=true. */
  checkpoints: boolean;
  members: number;
  organizationId: string;
  steps: Step[];
  /** Brought to `members` members by an unmeasured setup before the measured steps (no measured `up`). */
  needsSetup: boolean;
  /** Set on the stacks of a scale scenario. */
  scale?: ScaleDetails;
}

/** What a scale scenario's stack is made of, beyond its declared members. */
export interface ScaleDetails {
  scenario: ScaleScenario;
  /** The roster's `unmanagedMembers` mode (OrganizationRoster stacks; default "ignore"). */
  unmanagedMembers: UnmanagedMode;
  /** Live members of the organization that the roster does not declare, besides its owner. */
  liveMembers: number;
  /** Every organization of the stack, one OrganizationRoster each (`organizationId` first); `members` is their sum. */
  organizationIds: string[];
}

export interface Calls {
  total: number;
  byRoute: Record<string, number>;
  byStatus: Record<string, number>;
  /** When the first API call arrived, from the command's start, and from it to the last call (ms). */
  firstCallMs?: number;
  callSpanMs?: number;
}

export interface StateSize {
  /** Bytes of one resource's serialized `__provider` (as stored in its inputs). */
  providerBytes: number;
  /** Bytes of the exported resources (stack excluded) per member in the state. */
  bytesPerMember: number;
  /** Bytes of all exported resources. */
  totalBytes: number;
}

export interface BenchRow {
  variant: string;
  service?: Service;
  provider: ProviderKind;
  granularity: Granularity;
  checkpoints: boolean;
  step: Step;
  command: string;
  members: number;
  exitCode: number;
  wallMs: number;
  /** members / rate, in ms. */
  rateBoundMs: number;
  calls: Calls;
  failedResources: number;
  failedMembers: number;
  /** The CLI's closing resource counts (`created`, `updated`, `unchanged`, `errored`, …). */
  summary: Record<string, number>;
  /** A few failed resource names and the first error line, for the reader. */
  failureSample?: string;
  peak: PeakRss;
  benchCpuMs: number;
  /** The machine's 1-minute load average before and after the command (other work on the machine skews times). */
  load: [number, number];
  state?: StateSize;
  /** Set on the rows of a scale scenario. */
  scale?: Omit<ScaleDetails, "organizationIds"> & { organizations: number };
}

export interface BenchResult {
  options: Omit<BenchOptions, "log">;
  startedAt: string;
  durationMs: number;
  pulumiVersion: string;
  rows: BenchRow[];
  /** The fixed cost of the CLI on this machine: an empty program's `up` and `preview --refresh`, in ms. */
  startup?: { upMs: number; previewRefreshMs: number };
  /** Unmeasured setup runs, for the record. */
  setups: Array<{ variant: string; wallMs: number; exitCode: number; failed: number }>;
  /** Stacks abandoned after an error the bench could not get past. */
  errors: Array<{ variant: string; message: string }>;
}

export const GRANULARITIES: readonly Granularity[] = ["member", "roster"];

/** The stacks a run needs, in the order they are measured. */
export function planVariants(options: BenchOptions): Variant[] {
  const selected = new Set(options.scenarios);
  const baseSteps = (["up", "preview-refresh", "refresh", "roles"] as const).filter((step) => selected.has(step));
  const variants: Variant[] = [];
  const granularities = new Set(options.granularities ?? GRANULARITIES);
  const add = (
    service: Service | undefined,
    provider: ProviderKind,
    granularity: Granularity,
    checkpoints: boolean,
    members: number,
    steps: Step[],
    scenario = "",
    scale?: Omit<ScaleDetails, "organizationIds"> & { organizations: number },
  ): void => {
    if (steps.length === 0 || !granularities.has(granularity)) return;
    const id = [service ?? "floor", granularity, provider, checkpoints ? "ckpt" : "nockpt", members, scenario].filter((part) => part !== "").join("-");
    const tag = `${granularity}${provider}${checkpoints ? "Ckpt" : "Skip"}${members}${scenario.replace(/-/g, "")}`;
    const organizationId = service === "workos" ? `org_01BENCH${tag}` : service === "clerk" ? `org_2bench${tag}` : `org_floor${tag}`;
    const variant: Variant = { id, service, provider, granularity, checkpoints, members, organizationId, steps, needsSetup: !steps.includes("up") };
    if (scale) {
      const { organizations, ...details } = scale;
      variant.scale = { ...details, organizationIds: Array.from({ length: organizations }, (_, i) => (i === 0 ? organizationId : `${organizationId}o${i}`)) };
    }
    variants.push(variant);
  };
  const perMember: Array<[ProviderKind, Service | undefined]> = [["floor", undefined]];
  for (const service of options.services) perMember.push(["ours", service], ["naive", service]);

  // Per-member stacks write with PULUMI_SKIP_CHECKPOINTS=true here; the roster is one resource, so checkpoints stay on.
  for (const [provider, service] of perMember) add(service, provider, "member", false, options.members, baseSteps);
  for (const service of options.services) add(service, "ours", "roster", true, options.members, baseSteps);
  if (selected.has("checkpoints") || selected.has("checkpoints-roles")) {
    // With checkpoints on, each write rewrites the whole state (0.1–0.5 s per resource at 1000 members): up for
    // all three providers, the role change for ours and the floor only, to keep a full run near 40 minutes.
    for (const [provider, service] of perMember) {
      const steps: Step[] = [];
      if (selected.has("checkpoints")) steps.push("up");
      if (selected.has("checkpoints-roles") && provider !== "naive") steps.push("roles");
      add(service, provider, "member", true, options.members, steps);
    }
  }
  if (selected.has("large") && options.large > 0) {
    // Created unmeasured (no rate limit, no checkpoints); the measured commands then run normally.
    const steps: Step[] = selected.has("refresh") ? ["preview-refresh", "refresh"] : ["preview-refresh"];
    for (const [provider, service] of perMember) add(service, provider, "member", true, options.large, steps);
    for (const service of options.services) add(service, "ours", "roster", true, options.large, steps);
  }
  if (selected.has("startup")) {
    for (const service of options.services) {
      add(service, "ours", "member", false, STARTUP_MEMBERS, ["up", "preview-refresh"], "startup");
      add(service, "ours", "roster", true, STARTUP_MEMBERS, ["up", "preview-refresh"], "startup");
    }
  }
  const live = options.live ?? DEFAULT_SCALE;
  if (selected.has("ignore")) {
    // The same roster in both modes: "report" must list the whole organization, the naive cost of "ignore".
    for (const service of options.services) {
      for (const mode of ["ignore", "report"] as const) {
        const steps: Step[] = ["up", "preview-refresh", "refresh"];
        add(service, "ours", "roster", true, IGNORE_DECLARED, steps, `${mode}-of-${live}`, { scenario: "ignore", unmanagedMembers: mode, liveMembers: live, organizations: 1 });
      }
    }
  }
  if (selected.has("many-orgs")) {
    const organizations = options.organizations ?? DEFAULT_ORGANIZATIONS;
    for (const service of options.services) {
      add(service, "ours", "roster", true, organizations * MANY_ORGS_MEMBERS, ["up"], `${organizations}-orgs`, { scenario: "many-orgs", unmanagedMembers: "ignore", liveMembers: 0, organizations });
    }
  }
  if (selected.has("huge-roster")) {
    const huge = options.huge ?? DEFAULT_SCALE;
    for (const service of options.services) {
      add(service, "ours", "roster", true, huge, ["preview-refresh"], "huge", { scenario: "huge-roster", unmanagedMembers: "ignore", liveMembers: 0, organizations: 1 });
    }
  }
  return variants;
}

/** Default `--live` and `--huge`: the organization sizes of issue 20. */
export const DEFAULT_SCALE = 50_000;
/** Default `--organizations` of the many-orgs scenario. */
export const DEFAULT_ORGANIZATIONS = 100;

/** The members each organization of a stack has, its owner aside: declared ones, then undeclared live ones. */
function membersPerOrganization(variant: Variant): number {
  return variant.members / (variant.scale?.organizationIds.length ?? 1);
}

/** The live members a stack's organizations start with (besides their owners): bench users after the declared ones. */
function liveMembersOf(variant: Variant): LiveMembers[] {
  const { service, scale } = variant;
  if (!service || !scale || scale.liveMembers === 0) return [];
  return scale.organizationIds.map((organizationId) => ({ service, organizationId, firstUser: membersPerOrganization(variant), count: scale.liveMembers }));
}

/** The role every member starts with, and the one the role-change scenario moves everybody to. */
function roles(service: Service | undefined): [string, string] {
  return service === "workos" ? ["member", "billing"] : ["org:member", "org:billing"];
}

/**
 * The declared members: the same bench users in each organization of the stack; in the `ignore` scenario the first
 * one is an admin (a roster that declares an admin need not read the others for the last-admin rule).
 */
export function rosterEntries(variant: Variant, changed: boolean): RosterEntry[] {
  const role = roles(variant.service)[changed ? 1 : 0];
  const admin = variant.service === "workos" ? "admin" : "org:admin";
  const perOrganization = membersPerOrganization(variant);
  const organizationIds = variant.scale?.organizationIds ?? [variant.organizationId];
  const width = String(variant.members - 1).length;
  return organizationIds.flatMap((organizationId, o) =>
    Array.from({ length: perOrganization }, (_, i): RosterEntry => ({
      name: `m${String(o * perOrganization + i).padStart(width, "0")}`,
      userId: benchUserId(variant.service ?? "clerk", i),
      role: i === 0 && variant.scale?.scenario === "ignore" ? admin : role,
      ...(organizationIds.length > 1 ? { organizationId } : {}),
    })),
  );
}

/** Runs the plan: setups first (emulator unlimited), then every measured command under the rate limit. */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
  const started = Date.now();
  const variants = planVariants(options);
  if (variants.length === 0) throw new Error("nothing to run: check --scenarios and --services");
  const users = Math.max(...variants.map((v) => membersPerOrganization(v) + (v.scale?.liveMembers ?? 0)));
  const organizationsOf = (service: Service): string[] => variants.filter((v) => v.service === service).flatMap((v) => v.scale?.organizationIds ?? [v.organizationId]);
  const organizations = { clerk: organizationsOf("clerk"), workos: organizationsOf("workos") };
  const log = options.log;
  log(`plan: ${variants.length} stacks, ${variants.reduce((n, v) => n + v.steps.length, 0)} measured commands; emulator ${options.latencyMs} ms latency, ${options.requestsPerSecond} requests/s`);
  const emulator = await BenchEmulator.start(benchSeed(users, organizations, variants.flatMap(liveMembersOf)), options.latencyMs, options.requestsPerSecond);
  const stacks = new Map<string, BenchStack>();
  const result: BenchResult = {
    options: {
      members: options.members,
      large: options.large,
      live: options.live,
      organizations: options.organizations,
      huge: options.huge,
      services: options.services,
      scenarios: options.scenarios,
      latencyMs: options.latencyMs,
      requestsPerSecond: options.requestsPerSecond,
    },
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    pulumiVersion: "",
    rows: [],
    setups: [],
    errors: [],
  };
  try {
    if (options.measureStartup !== false) result.startup = await measureStartup(options);
    for (const variant of variants) {
      const stack = await BenchStack.create(variant, emulator, options);
      stacks.set(variant.id, stack);
      if (!result.pulumiVersion) result.pulumiVersion = (await stack.project.cli(["version"])).stdout.trim();
    }
    // Setups before any measurement, so the emulator restarts once to drop its rate limit and once to restore it.
    for (const variant of variants.filter((v) => v.needsSetup)) {
      const stack = stacks.get(variant.id);
      if (!stack) continue;
      try {
        result.setups.push(await stack.setup());
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log(`${variant.id}: setup failed; measured commands will set up again: ${message}`);
      }
    }
    for (const variant of variants) {
      const stack = stacks.get(variant.id);
      if (!stack) continue;
      try {
        for (const step of variant.steps) {
          if (step !== "up" && !stack.converged) result.setups.push(await stack.setup());
          result.rows.push(await stack.measure(step));
          result.durationMs = Date.now() - started;
          options.onProgress?.(result);
        }
      } catch (error) {
        // One broken stack must not cost the rest of a 40-minute run: record it and go on.
        const message = error instanceof Error ? error.message : String(error);
        log(`${variant.id}: abandoned: ${message}`);
        result.errors.push({ variant: variant.id, message: message.slice(0, 2000) });
      } finally {
        if (options.removeProjects !== false) removeProject(stack.project);
        stacks.delete(variant.id);
      }
    }
  } finally {
    if (options.removeProjects !== false) for (const stack of stacks.values()) removeProject(stack.project);
    await emulator.close();
  }
  result.durationMs = Date.now() - started;
  return result;
}

const COMMAND_TIMEOUT_MS = 45 * 60_000;

/** Project directories of this process not removed yet (an interrupted run removes them on its way out). */
const liveProjects = new Set<PulumiProject>();

export function removeLiveProjects(): void {
  for (const project of liveProjects) project.remove();
  liveProjects.clear();
}

async function createProject(...args: Parameters<typeof PulumiProject.create>): Promise<PulumiProject> {
  const project = await PulumiProject.create(...args);
  liveProjects.add(project);
  return project;
}

function removeProject(project: PulumiProject): void {
  project.remove();
  liveProjects.delete(project);
}

/** How many times the empty program's commands run: the start-up measure is their median (one run is noisy). */
const STARTUP_RUNS = 3;

/** An empty program's `up` and `preview --refresh`: what every command costs before the first resource (medians). */
async function measureStartup(options: BenchOptions): Promise<{ upMs: number; previewRefreshMs: number }> {
  const project = await createProject("bench-startup", { program: `require("@pulumi/pulumi");\n` });
  try {
    const ups: number[] = [];
    const previews: number[] = [];
    for (let run = 0; run < STARTUP_RUNS; run++) {
      const up = await measurePulumi({ cwd: project.dir, env: project.env, args: STEP_COMMANDS.up, timeoutMs: COMMAND_TIMEOUT_MS });
      const preview = await measurePulumi({ cwd: project.dir, env: project.env, args: STEP_COMMANDS["preview-refresh"], timeoutMs: COMMAND_TIMEOUT_MS });
      if (up.code !== 0 || preview.code !== 0) throw new Error(`the empty stack failed:\n${tail(up)}\n${tail(preview)}`);
      ups.push(up.wallMs);
      previews.push(preview.wallMs);
    }
    const result = { upMs: median(ups), previewRefreshMs: median(previews) };
    options.log(`CLI start-up (empty program, median of ${STARTUP_RUNS}): up ${seconds(result.upMs, 2)} s, preview --refresh ${seconds(result.previewRefreshMs, 2)} s`);
    return result;
  } finally {
    if (options.removeProjects !== false) removeProject(project);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** One variant's project and what is known of its state. */
class BenchStack {
  /** The stack holds every member with the starting role and its last `up` succeeded. */
  converged = false;
  private rolesChanged = false;
  private lastState?: StateSize;

  private constructor(
    readonly variant: Variant,
    readonly project: PulumiProject,
    private readonly emulator: BenchEmulator,
    private readonly options: BenchOptions,
  ) {}

  static async create(variant: Variant, emulator: BenchEmulator, options: BenchOptions): Promise<BenchStack> {
    const handle = emulator.handle;
    const config: Record<string, string> = {};
    const secrets: Record<string, string> = {};
    const env: Record<string, string> = {};
    if (variant.service && variant.provider === "ours") {
      const prefix = variant.service;
      config[`${prefix}:apiUrl`] = variant.service === "clerk" ? handle.clerkApiUrl : handle.workosApiUrl;
      config[`${prefix}:maxRequestsPerSecond`] = String(options.requestsPerSecond);
      secrets[variant.service === "clerk" ? "clerk:secretKey" : "workos:apiKey"] = variant.service === "clerk" ? CLERK_KEY : WORKOS_KEY;
    }
    if (variant.service && variant.provider === "naive") {
      env[NAIVE_ENV[variant.service].url] = variant.service === "clerk" ? handle.clerkApiUrl : handle.workosApiUrl;
      env[NAIVE_ENV[variant.service].key] = variant.service === "clerk" ? CLERK_KEY : WORKOS_KEY;
    }
    const program = programText({
      provider: variant.provider,
      granularity: variant.granularity,
      service: variant.service ?? "clerk",
      organizationId: variant.organizationId,
      unmanagedMembers: variant.scale?.unmanagedMembers,
    });
    const project = await createProject(`bench-${variant.id}`, { program, config, secrets, env });
    const stack = new BenchStack(variant, project, emulator, options);
    stack.writeRoster(false);
    return stack;
  }

  private writeRoster(changed: boolean): void {
    this.project.writeRoster(rosterEntries(this.variant, changed));
    this.rolesChanged = changed;
  }

  /** Whether `step` runs with checkpoints: reads always do (they write state once, at the end). */
  private checkpointsFor(step: Step): boolean {
    return this.variant.checkpoints || !writesPerStep(step);
  }

  private env(step: Step): NodeJS.ProcessEnv {
    return this.checkpointsFor(step) ? this.project.env : { ...this.project.env, PULUMI_SKIP_CHECKPOINTS: "true" };
  }

  /**
   * Unmeasured: brings the stack to every member with the starting role, fast (no rate limit, no checkpoints,
   * our client-side limit raised), retrying once when something failed; then one more up, with the measured limit
   * set again, so that the stack records it for the measured refreshes.
   */
  async setup(): Promise<{ variant: string; wallMs: number; exitCode: number; failed: number }> {
    const { variant } = this;
    if (this.rolesChanged) this.writeRoster(false);
    await this.emulator.setRateLimited(false);
    const rateKey = variant.service && variant.provider === "ours" ? `${variant.service}:maxRequestsPerSecond` : undefined;
    if (rateKey) await this.project.cli(["config", "set", rateKey, "100000"]);
    let run: MeasuredRun | undefined;
    try {
      for (let attempt = 1; attempt <= 2; attempt++) {
        this.options.log(`${variant.id}: setup up of ${variant.members} members (unmeasured, no rate limit, no checkpoints)${attempt > 1 ? ", again" : ""}`);
        run = await measurePulumi({ cwd: this.project.dir, env: { ...this.project.env, PULUMI_SKIP_CHECKPOINTS: "true" }, args: STEP_COMMANDS.up, timeoutMs: COMMAND_TIMEOUT_MS });
        this.options.log(`${variant.id}: setup took ${seconds(run.wallMs)} s, exit ${run.code}`);
        if (run.code === 0) break;
        this.options.log(`${variant.id}: setup failed:\n${tail(run)}`);
      }
    } finally {
      // The emulator stays unlimited: consecutive setups share it; measure() switches the limit back on.
      if (rateKey) await this.project.cli(["config", "set", rateKey, String(this.options.requestsPerSecond)]);
    }
    if (!run || run.code !== 0) throw new Error(`${variant.id}: the setup up failed twice; see the output above`);
    if (rateKey) {
      // A refresh configures the provider with the configuration the stack's last up recorded, not the current one:
      // without this up, a measured preview --refresh ran at the raised limit and drew 312 × 429 in 618 calls.
      const recorded = await measurePulumi({ cwd: this.project.dir, env: { ...this.project.env, PULUMI_SKIP_CHECKPOINTS: "true" }, args: STEP_COMMANDS.up, timeoutMs: COMMAND_TIMEOUT_MS });
      if (recorded.code !== 0) throw new Error(`${variant.id}: the up that records the measured rate limit failed:\n${tail(recorded)}`);
    }
    this.converged = true;
    this.lastState = await this.stateSize();
    return { variant: variant.id, wallMs: run.wallMs, exitCode: run.code, failed: run.failedResources.length + run.failedMembers };
  }

  /** Runs one measured command under the rate limit, with the emulator's counters reset just before it. */
  async measure(step: Step): Promise<BenchRow> {
    const { variant } = this;
    await this.emulator.setRateLimited(true);
    if (step === "roles") this.writeRoster(true);
    this.options.log(`${variant.id}: ${STEP_LABELS[step]} of ${variant.members} members${this.checkpointsFor(step) ? "" : " (PULUMI_SKIP_CHECKPOINTS=true)"}…`);
    this.emulator.handle.resetStats();
    const loadBefore = os.loadavg()[0] ?? 0;
    const startedAt = Date.now();
    const run = await measurePulumi({ cwd: this.project.dir, env: this.env(step), args: STEP_COMMANDS[step], timeoutMs: COMMAND_TIMEOUT_MS });
    const calls = this.emulator.handle.stats();
    const failed = run.failedResources.length + run.failedMembers;
    if (step === "up") this.converged = run.code === 0 && failed === 0;
    if (step === "up" || step === "roles") this.lastState = await this.stateSize();
    const row: BenchRow = {
      variant: variant.id,
      service: variant.service,
      provider: variant.provider,
      granularity: variant.granularity,
      checkpoints: this.checkpointsFor(step),
      step,
      command: `pulumi ${STEP_COMMANDS[step].join(" ")}`,
      members: variant.members,
      exitCode: run.code,
      wallMs: run.wallMs,
      rateBoundMs: (variant.members / this.options.requestsPerSecond) * 1000,
      calls: {
        total: calls.total,
        byRoute: calls.byRoute,
        byStatus: calls.byStatus,
        ...(calls.firstRequestAt !== undefined && calls.lastRequestAt !== undefined
          ? { firstCallMs: calls.firstRequestAt - startedAt, callSpanMs: calls.lastRequestAt - calls.firstRequestAt }
          : {}),
      },
      failedResources: run.failedResources.length,
      failedMembers: run.failedMembers,
      summary: run.summary,
      failureSample: failed > 0 || !okExit(step, run.code) ? failureSample(run) : undefined,
      peak: run.peak,
      benchCpuMs: run.benchCpuMs,
      load: [loadBefore, os.loadavg()[0] ?? 0],
      state: this.lastState,
      ...(variant.scale
        ? { scale: { scenario: variant.scale.scenario, unmanagedMembers: variant.scale.unmanagedMembers, liveMembers: variant.scale.liveMembers, organizations: variant.scale.organizationIds.length } }
        : {}),
    };
    this.options.log(
      `${variant.id}: ${STEP_LABELS[step]}: ${seconds(run.wallMs)} s, exit ${run.code}, ${calls.total} calls, ${failed} failed, provider ${mb(run.peak.providerKb)} MB, CLI ${mb(run.peak.cliKb)} MB`,
    );
    if (row.failureSample) this.options.log(`${variant.id}: ${row.failureSample}`);
    return row;
  }

  private async stateSize(): Promise<StateSize> {
    const exported = await this.project.exportState();
    const resources = (exported.deployment.resources ?? []).filter((r) => r.type !== "pulumi:pulumi:Stack" && !r.type.startsWith("pulumi:providers:"));
    let totalBytes = 0;
    let providerBytes = 0;
    for (const resource of resources) {
      totalBytes += Buffer.byteLength(JSON.stringify(resource));
      const provider = resource.inputs?.__provider;
      if (provider !== undefined) providerBytes = Math.max(providerBytes, Buffer.byteLength(typeof provider === "string" ? provider : JSON.stringify(provider)));
    }
    // Per member actually in the state: a failed up leaves fewer per-member resources than declared.
    const members = this.variant.granularity === "roster" ? this.variant.members : Math.max(1, resources.length);
    return { providerBytes, totalBytes, bytesPerMember: Math.round(totalBytes / members) };
  }
}

function okExit(step: Step, code: number): boolean {
  return code === 0 || (step === "preview-refresh" && code === 7);
}

function failureSample(run: MeasuredRun): string {
  const lines = `${run.stdout}\n${run.stderr}`.split("\n");
  const error = lines.find((line) => /error:/.test(line) && !/update failed|preview failed|refresh failed/.test(line))?.trim() ?? lines.find((l) => /error/i.test(l))?.trim() ?? "";
  return `exit ${run.code}; ${run.failedResources.length} failed resource(s)${run.failedMembers ? `, ${run.failedMembers} failed member change(s)` : ""}; first error: ${error.slice(0, 300)}`;
}

function tail(run: MeasuredRun): string {
  return `${run.stdout}\n${run.stderr}`.split("\n").slice(-30).join("\n");
}

/** Milliseconds as seconds with `digits` decimals (one by default). */
export function seconds(ms: number, digits = 1): string {
  return (ms / 1000).toFixed(digits);
}

export function mb(kb: number | undefined): string {
  return kb === undefined || kb === 0 ? "—" : (kb / 1024).toFixed(0);
}
