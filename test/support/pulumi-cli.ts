// Drives the real Pulumi CLI for end-to-end tests: a throwaway project under .pulumi-e2e/ with a local file
// backend, the package installed as users install it, and the CLI found or built by scripts/ensure-pulumi.sh.

import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
const E2E_ROOT = path.join(REPO_ROOT, ".pulumi-e2e");

const ensuredPaths = new Map<string, string>();

/**
 * The directory or file a scripts/ensure-*.sh script prints last (it builds what is missing, once, into a cache;
 * throws when it cannot). Run once per test process.
 */
function ensuredPath(script: string): string {
  let found = ensuredPaths.get(script);
  if (found === undefined) {
    const out = execFileSync("bash", [path.join(REPO_ROOT, "scripts", script)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    found = out.trim().split("\n").pop() ?? "";
    ensuredPaths.set(script, found);
  }
  return found;
}

/** The directory holding `pulumi` and `pulumi-language-nodejs` (built once into a cache by the pretest step). */
export function pulumiBinDir(): string {
  return ensuredPath("ensure-pulumi.sh");
}

/** The directory holding `pulumi-language-yaml` (built once into a cache by scripts/ensure-pulumi-yaml.sh). */
export function pulumiYamlBinDir(): string {
  return ensuredPath("ensure-pulumi-yaml.sh");
}

/** The sdk-gen binary (sdk-gen/, built once into a cache by scripts/ensure-sdk-gen.sh). */
export function sdkGenPath(): string {
  return ensuredPath("ensure-sdk-gen.sh");
}

/** The sdk-gen-dotnet binary (sdk-gen/dotnet/, built once into a cache by scripts/ensure-sdk-gen-dotnet.sh). */
export function sdkGenDotnetPath(): string {
  return ensuredPath("ensure-sdk-gen-dotnet.sh");
}

/** The Go end-to-end program (test/e2e/go-program/), built by scripts/ensure-go-program.sh. */
export function goProgramPath(): string {
  return ensuredPath("ensure-go-program.sh");
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface StackOptions {
  /**
   * The program: index.js text, which can read `roster.json` (see writeRoster); or, with runtime "yaml", the Pulumi
   * YAML program (the rest of Pulumi.yaml after its name and runtime).
   */
  program: string;
  /** The project's runtime: "nodejs" (default) or "yaml". */
  runtime?: "nodejs" | "yaml";
  /** Plain stack config. */
  config?: Record<string, string>;
  /** Secret stack config (set with --secret). */
  secrets?: Record<string, string>;
  /** Extra environment for every CLI run. */
  env?: Record<string, string>;
}

/**
 * The environment of the CLI (or an Automation API program driving it) in an end-to-end test: the ensured CLI first on
 * PATH, a file backend in `stateDir`, a test passphrase, no update checks or plugin downloads, no ambient Clerk keys.
 */
export function cliEnvironment(stateDir: string, extraEnv: Record<string, string> = {}): NodeJS.ProcessEnv {
  const bin = pulumiBinDir();
  const pluginDir = path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi");
  return {
    ...process.env,
    PATH: `${bin}${path.delimiter}${pluginDir}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_HOME: path.join(E2E_ROOT, ".pulumi-home"),
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
    NO_COLOR: "1",
    CLERK_SECRET_KEY: "",
    CLERK_API_URL: "",
    ...extraEnv,
  };
}

export class PulumiProject {
  readonly dir: string;
  readonly stateDir: string;
  /** The file the file backend keeps the stack's state in (the stack is always `test`). */
  readonly stateFile: string;
  readonly env: NodeJS.ProcessEnv;
  /** Everything every command printed, for leak checks. */
  readonly transcript: string[] = [];

  private constructor(readonly name: string, extraEnv: Record<string, string>) {
    this.dir = path.join(E2E_ROOT, `${name}-${randomBytes(4).toString("hex")}`);
    this.stateDir = path.join(this.dir, ".state");
    this.stateFile = path.join(this.stateDir, ".pulumi", "stacks", name, "test.json");
    fs.mkdirSync(this.stateDir, { recursive: true });
    this.env = cliEnvironment(this.stateDir, extraEnv);
  }

  static async create(name: string, options: StackOptions): Promise<PulumiProject> {
    const project = new PulumiProject(name, options.env ?? {});
    if (options.runtime === "yaml") {
      project.writeYamlProgram(options.program);
    } else {
      fs.writeFileSync(path.join(project.dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\ndescription: end-to-end test stack\n`);
    }
    // Its own package.json makes the project its own package scope, so `pulumi-org-roster` resolves to the copy
    // installed in node_modules, exactly as in a user's project.
    fs.writeFileSync(path.join(project.dir, "package.json"), JSON.stringify({ name, private: true }, null, 2));
    if (options.runtime !== "yaml") project.writeProgram(options.program);
    // A private copy of the installed package, so a test may alter "the implementation" without touching others.
    const installed = path.join(REPO_ROOT, "node_modules", "pulumi-org-roster");
    fs.cpSync(installed, path.join(project.dir, "node_modules", "pulumi-org-roster"), { recursive: true });
    await project.cli(["stack", "init", "test"]);
    for (const [key, value] of Object.entries(options.config ?? {})) await project.cli(["config", "set", key, value]);
    for (const [key, value] of Object.entries(options.secrets ?? {})) await project.cli(["config", "set", "--secret", key, value], [0], [value]);
    return project;
  }

  /** Replaces a Node.js project's program (index.js). */
  writeProgram(program: string): void {
    fs.writeFileSync(path.join(this.dir, "index.js"), program);
  }

  /** Replaces a YAML project's program: Pulumi.yaml is its name, `runtime: yaml`, then `program`. */
  writeYamlProgram(program: string): void {
    fs.writeFileSync(path.join(this.dir, "Pulumi.yaml"), `name: ${this.name}\nruntime: yaml\ndescription: end-to-end test stack\n${program}`);
  }

  writeRoster(roster: unknown): void {
    fs.writeFileSync(path.join(this.dir, "roster.json"), JSON.stringify(roster, null, 2));
  }

  /** Runs `pulumi <args>`; rejects unless the exit code is one of `allowed` (default 0). */
  async cli(args: string[], allowed: number[] = [0], secretArgs: string[] = []): Promise<RunResult> {
    const result = await run("pulumi", [...args, "--non-interactive"], this.dir, this.env);
    // The command line is ours, not the CLI's output: secret arguments are shown masked.
    const shown = args.map((arg) => (secretArgs.includes(arg) ? "[secret]" : arg)).join(" ");
    this.transcript.push(`$ pulumi ${shown}\n${result.stdout}\n${result.stderr}`);
    if (!allowed.includes(result.code)) {
      throw new Error(`pulumi ${shown} exited ${result.code} (expected ${allowed.join(" or ")}):\n${result.stdout}\n${result.stderr}`);
    }
    return result;
  }

  up(extra: string[] = []): Promise<RunResult> {
    return this.cli(["up", "--yes", "--skip-preview", ...extra]);
  }

  /** `pulumi preview --refresh --expect-no-changes`: exit 0 when nothing drifted, 7 when something did. */
  driftCheck(): Promise<RunResult> {
    return this.cli(["preview", "--refresh", "--expect-no-changes", "--diff"], [0, 7]);
  }

  async exportState(): Promise<StackExport> {
    const result = await this.cli(["stack", "export"]);
    return JSON.parse(result.stdout) as StackExport;
  }

  /** `pulumi stack output --json` (secrets shown as "[secret]"): the stack's outputs as a reader sees them. */
  async outputs(): Promise<Record<string, unknown>> {
    const result = await this.cli(["stack", "output", "--json"]);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  /** The package copy this project loads (tests may change it to simulate a new release). */
  get packageDir(): string {
    return path.join(this.dir, "node_modules", "pulumi-org-roster");
  }

  /** `pulumi preview --json`: the planned steps. */
  async plan(extra: string[] = []): Promise<PreviewDigest> {
    const result = await this.cli(["preview", "--json", ...extra], [0, 7]);
    return JSON.parse(result.stdout) as PreviewDigest;
  }

  /** Every file the file backend wrote, concatenated (for secret-leak checks). */
  stateFilesText(): string {
    return readTree(this.stateDir);
  }

  remove(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface PreviewDigest {
  steps?: Array<{ op: string; urn: string; diffReasons?: string[]; replaceReasons?: string[] }>;
  changeSummary?: Record<string, number>;
}

export interface StackExport {
  deployment: { resources?: Array<{ urn: string; type: string; id?: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }> };
}

function readTree(dir: string): string {
  let text = "";
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) text += readTree(full);
    else if (entry.isFile()) text += fs.readFileSync(full, "utf8");
  }
  return text;
}

export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/**
 * A Pulumi YAML project using the provider plugin against `emulator` (its URLs and the emulator's keys as the
 * plugin's configuration), with `env` added to every CLI run's environment. Fails, never skips, when the YAML
 * language host cannot be found or built.
 */
export function pluginYamlProject(name: string, program: string, emulator: { clerkApiUrl: string; workosApiUrl: string }, env: Record<string, string> = {}): Promise<PulumiProject> {
  const yamlBin = pulumiYamlBinDir();
  return PulumiProject.create(name, {
    runtime: "yaml",
    program,
    config: { "org-roster:clerkApiUrl": emulator.clerkApiUrl, "org-roster:workosApiUrl": emulator.workosApiUrl },
    secrets: { "org-roster:clerkSecretKey": "sk_test_emulator_clerk", "org-roster:workosApiKey": "sk_test_emulator_workos" },
    env: { PATH: [yamlBin, pulumiBinDir(), process.env.PATH ?? ""].join(path.delimiter), ...env },
  });
}
