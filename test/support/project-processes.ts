// The processes one end-to-end project has running, found through /proc (Linux): those whose environment carries
// the project's own backend URL (a random directory per project, passed from the CLI to everything it starts) or
// whose working directory is the project directory. Other tests' projects, and this test process, never match.

import * as fs from "node:fs";

export interface ProjectProcess {
  pid: number;
  /** The command line, arguments joined by spaces. */
  command: string;
}

/** What identifies a project's processes (a PulumiProject fits). */
export interface ProcessOwner {
  dir: string;
  env: NodeJS.ProcessEnv;
}

/** The Node.js dynamic provider, or the `sh` launcher script running it. */
export function isDynamicProvider(candidate: ProjectProcess): boolean {
  return /dynamic-provider|pulumi-resource-pulumi-nodejs/.test(candidate.command);
}

function readProc(pid: string, entry: string): string | undefined {
  try {
    return entry === "cwd" ? fs.readlinkSync(`/proc/${pid}/cwd`) : fs.readFileSync(`/proc/${pid}/${entry}`, "latin1");
  } catch {
    return undefined; // gone meanwhile, or not ours to read
  }
}

/** The project's live processes (zombies excluded: they have exited and only wait for their parent). */
export function projectProcesses(owner: ProcessOwner): ProjectProcess[] {
  const backend = `PULUMI_BACKEND_URL=${owner.env.PULUMI_BACKEND_URL ?? ""}`;
  const found: ProjectProcess[] = [];
  for (const pid of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    if (Number(pid) === process.pid) continue;
    const environ = readProc(pid, "environ")?.split("\0") ?? [];
    if (!environ.includes(backend) && readProc(pid, "cwd") !== owner.dir) continue;
    if (/^\d+ \(.*\) Z/s.test(readProc(pid, "stat") ?? "")) continue;
    const command = (readProc(pid, "cmdline") ?? "").split("\0").filter(Boolean).join(" ");
    found.push({ pid: Number(pid), command });
  }
  return found;
}

/** Polls until `select` finds none of the project's processes or `timeoutMs` passes; returns those still alive. */
export async function waitForExit(owner: ProcessOwner, select: (p: ProjectProcess) => boolean, timeoutMs: number): Promise<ProjectProcess[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const alive = projectProcesses(owner).filter(select);
    if (alive.length === 0 || Date.now() >= deadline) return alive;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Kills every process the project still has (SIGKILL) and waits for them to go; returns what was killed. */
export async function killProjectProcesses(owner: ProcessOwner): Promise<ProjectProcess[]> {
  const left = projectProcesses(owner);
  for (const { pid } of left) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  const survivors = await waitForExit(owner, () => true, 5_000);
  if (survivors.length > 0) throw new Error(`processes of ${owner.dir} survived SIGKILL: ${JSON.stringify(survivors)}`);
  return left;
}
