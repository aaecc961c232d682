// Runs one `pulumi` command and measures it: wall time, peak RSS of the CLI and of its child processes (VmHWM
// sampled from /proc every 200 ms, plus `/usr/bin/time -v` when present), this process's CPU, failed resources.

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const SAMPLE_INTERVAL_MS = 200;
const GNU_TIME = "/usr/bin/time";

/** Peak resident set sizes in KiB (0 when the process was never seen). */
export interface PeakRss {
  /** The `pulumi` CLI process itself. */
  cliKb: number;
  /** The largest `node …/dynamic-provider` process (one per deployment). */
  providerKb: number;
  /** The largest other process under the CLI: the language host and the Node.js program. */
  programKb: number;
  /** `/usr/bin/time -v`'s maximum resident set size: the largest process of the whole tree; undefined without it. */
  treeKb?: number;
}

export interface MeasuredRun {
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
  wallMs: number;
  peak: PeakRss;
  /** CPU used by this process (the in-process emulator, mostly) while the command ran. */
  benchCpuMs: number;
  /** Names of resources the CLI reported as failed (`**… failed**`), the stack itself excluded. */
  failedResources: string[];
  /** Member changes an OrganizationRoster reported as failed inside one resource (`N member change(s) failed`). */
  failedMembers: number;
  /** The CLI's closing `Resources:` counts, e.g. `{ created: 998, errored: 3 }` (the stack itself included). */
  summary: Record<string, number>;
}

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  args: string[];
  timeoutMs: number;
}

/** Root pids of the commands running now, so an interrupted bench can stop them. */
const active = new Set<number>();

/** Kills every running command with all its descendants (the CLI's plugins live in their own process groups). */
export function killActiveRuns(): void {
  for (const root of active) killTree(root);
}

function killTree(root: number): void {
  for (const pid of descendants(root).reverse()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Runs `pulumi <args> --non-interactive` without blocking this event loop (the emulator answers from it). */
export async function measurePulumi(options: RunOptions): Promise<MeasuredRun> {
  const args = [...options.args, "--non-interactive"];
  const timeFile = path.join(os.tmpdir(), `bench-time-${randomBytes(6).toString("hex")}.txt`);
  const useTime = fs.existsSync(GNU_TIME);
  const [command, commandArgs] = useTime ? [GNU_TIME, ["-v", "-o", timeFile, "pulumi", ...args]] : ["pulumi", args];
  const sampler = new TreeSampler();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const root = child.pid;
    if (root !== undefined) active.add(root);
    const timer = setTimeout(() => root !== undefined && killTree(root), options.timeoutMs);
    const interval = setInterval(() => root !== undefined && sampler.sample(root), SAMPLE_INTERVAL_MS);
    child.on("error", (error) => {
      if (root !== undefined) active.delete(root);
      clearTimeout(timer);
      clearInterval(interval);
      reject(error);
    });
    child.on("close", (code) => {
      if (root !== undefined) active.delete(root);
      clearTimeout(timer);
      clearInterval(interval);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const treeKb = useTime ? readMaxRss(timeFile) : undefined;
  fs.rmSync(timeFile, { force: true });
  return {
    args: options.args,
    ...result,
    wallMs,
    peak: { ...sampler.peaks(), treeKb },
    benchCpuMs: (cpu.user + cpu.system) / 1000,
    failedResources: failedResources(result.stdout),
    failedMembers: failedMembers(result.stdout + result.stderr),
    summary: resourceSummary(result.stdout),
  };
}

type ProcessKind = "cli" | "provider" | "program";

/** Follows the process tree under one root pid through /proc and keeps each kind's highest VmHWM. */
class TreeSampler {
  private readonly peak: Record<ProcessKind, number> = { cli: 0, provider: 0, program: 0 };

  sample(rootPid: number): void {
    // Classified on every sample: a forked child shows its parent's command line until it execs.
    for (const pid of descendants(rootPid)) {
      const kind = classify(pid);
      const hwm = kind === undefined ? undefined : statusField(pid, "VmHWM");
      if (kind !== undefined && hwm !== undefined) this.peak[kind] = Math.max(this.peak[kind], hwm);
    }
  }

  peaks(): { cliKb: number; providerKb: number; programKb: number } {
    return { cliKb: this.peak.cli, providerKb: this.peak.provider, programKb: this.peak.program };
  }
}

function classify(pid: number): ProcessKind | undefined {
  const cmdline = readFile(`/proc/${pid}/cmdline`)?.split("\0").filter(Boolean) ?? [];
  const name = statusText(pid, "Name");
  if (cmdline.length === 0 || name === undefined) return undefined;
  const text = cmdline.join(" ");
  // `time`, shells, the plugin launcher script and its `node -e require.resolve(…)` are not counted.
  if (name === "time" || name === "sh" || name === "bash" || text.includes("pulumi-resource-pulumi-nodejs") || text.includes("require.resolve")) return undefined;
  if (text.includes("dynamic-provider")) return "provider";
  if (name === "pulumi" || path.basename(cmdline[0] ?? "") === "pulumi") return "cli";
  return "program";
}

/** Every live descendant of `rootPid` (from the ppid field of /proc/<pid>/stat). */
function descendants(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readFile(`/proc/${entry}/stat`);
    if (!stat) continue;
    // The command name may contain spaces and parentheses: the fields after the last ")" are fixed.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  const found: number[] = [rootPid];
  for (let i = 0; i < found.length; i++) found.push(...(children.get(found[i] ?? -1) ?? []));
  return found;
}

function statusText(pid: number, field: string): string | undefined {
  const status = readFile(`/proc/${pid}/status`);
  const line = status?.split("\n").find((l) => l.startsWith(`${field}:`));
  return line?.slice(field.length + 1).trim();
}

/** A `… kB` field of /proc/<pid>/status, in KiB. */
function statusField(pid: number, field: string): number | undefined {
  const text = statusText(pid, field);
  const value = text === undefined ? NaN : parseInt(text, 10);
  return Number.isFinite(value) ? value : undefined;
}

function readFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function readMaxRss(file: string): number | undefined {
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFile(file) ?? "");
  return match ? Number(match[1]) : undefined;
}

/** Resource names from progress lines such as ` +  pulumi-nodejs:dynamic:Resource m0001 **creating failed** error: …`. */
export function failedResources(stdout: string): string[] {
  const names = new Set<string>();
  for (const line of stdout.split("\n")) {
    const match = /^\s*[-+~<>=*!]*\s*(\S+)\s+(\S+)\s+\*\*[a-z ]*failed/.exec(line);
    if (match && match[1] !== "pulumi:pulumi:Stack") names.add(`${match[1]}::${match[2]}`);
  }
  return [...names];
}

/** The largest `N member change(s) failed` an OrganizationRoster error reported. */
export function failedMembers(output: string): number {
  let most = 0;
  for (const match of output.matchAll(/(\d+) member change\(s\) failed/g)) most = Math.max(most, Number(match[1]));
  return most;
}

/** The counts under the CLI's closing `Resources:` line (`+ 998 created`, `3 errored`, `1000 unchanged`). */
export function resourceSummary(stdout: string): Record<string, number> {
  const lines = stdout.split("\n");
  const start = lines.findIndex((line) => line.trim() === "Resources:");
  const summary: Record<string, number> = {};
  if (start < 0) return summary;
  for (const line of lines.slice(start + 1)) {
    const match = /^\s+(?:[-+~<>=*!]+\s+)?(\d+) (.+?)\s*$/.exec(line);
    if (!match) break;
    summary[match[2] ?? ""] = Number(match[1]);
  }
  return summary;
}
