// The README's Quick start, run as a new user runs it: in an empty directory outside the repository, with the
// package installed from its packed tarball (not the source tree), the emulator started by `npx org-roster emulate`,
// a roster `pulumi up` under the real CLI, `pulumi stack output`, and the drift check red after a change by hand and
// green after the repair. The script is the README's own code block; only the port is changed, to a free one.

import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import { createServer } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { pulumiBinDir, REPO_ROOT, run } from "../support/pulumi-cli";

jest.setTimeout(900_000);

const README = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

/** The `sh` code blocks of the README's "Quick start" section: the first terminal's, then the second's. */
function quickStartBlocks(): string[] {
  const section = README.split("\n## Quick start\n")[1]?.split("\n## ")[0] ?? "";
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? "");
  if (blocks.length !== 2) throw new Error(`the README's Quick start should have two sh code blocks (two terminals), has ${blocks.length}`);
  return blocks;
}

/** Starts `script` with bash in its own process group; resolves when it exits. */
function start(script: string, cwd: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<number> } {
  const child = spawn("bash", ["-c", script], { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve(code ?? (signal ? 128 : -1)));
  });
  return { child, output: () => output, exited };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function listening(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/_emulator/stats`).then(
    () => true,
    () => false,
  );
}

describe("the README's Quick start, from the packed tarball in an empty directory", () => {
  let dir: string;
  let port: number;
  let result: { code: number; output: string };
  let emulator: ReturnType<typeof start>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "org-roster-quick-start-"));
    const vendor = path.join(dir, "vendor");
    fs.mkdirSync(vendor);
    // What the Install section's `npm pack` writes (dist/ is built by the test command's pretest).
    const packed = await run("npm", ["pack", "--ignore-scripts", "--pack-destination", vendor], REPO_ROOT, process.env);
    expect(packed.code).toBe(0);
    expect(fs.existsSync(path.join(vendor, `pulumi-org-roster-${VERSION}.tgz`))).toBe(true);

    port = await freePort();
    const [terminal1, terminal2] = quickStartBlocks().map((block) =>
      block.replaceAll("4010", String(port)).replaceAll("pulumi-org-roster-0.1.0.tgz", `pulumi-org-roster-${VERSION}.tgz`),
    );
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_HOME: path.join(dir, ".pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
    };
    delete env.PULUMI_BACKEND_URL;
    delete env.PULUMI_CONFIG_PASSPHRASE;
    // The first terminal installs and starts the emulator, which keeps running; the second waits for it (its first
    // line) and runs the rest; then Ctrl-C stops the first, as a user stops it.
    emulator = start(terminal1 ?? "", dir, env);
    const second = start(terminal2 ?? "", dir, env);
    const timer = setTimeout(() => {
      for (const child of [second.child, emulator.child]) if (child.pid) process.kill(-child.pid, "SIGKILL");
    }, 800_000);
    // A first terminal that ends (say, a failed install) ends the wait of the second.
    void emulator.exited.then(() => second.child.pid && second.child.exitCode === null && process.kill(-second.child.pid, "SIGKILL"));
    const code = await second.exited;
    clearTimeout(timer);
    result = { code, output: second.output() };
    if (emulator.child.pid) process.kill(-emulator.child.pid, "SIGINT");
    await emulator.exited;
  });

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs to the end", () => {
    if (result.code !== 0) throw new Error(`the Quick start exited ${result.code}:\n${result.output}\nemulator:\n${emulator.output()}`);
    expect(emulator.output()).toContain(`export CLERK_API_URL=http://127.0.0.1:${port}/v1 CLERK_SECRET_KEY=sk_test_emulator_clerk`);
  });

  it("installed the package from the tarball, not the source tree", () => {
    const installed = path.join(dir, "node_modules", "pulumi-org-roster");
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    expect(manifest.dependencies["pulumi-org-roster"]).toBe(`file:vendor/pulumi-org-roster-${VERSION}.tgz`);
    expect(fs.existsSync(path.join(installed, "dist", "emulator", "index.js"))).toBe(true);
  });

  it("up made the organizations what the file says, and stack output names who is in", () => {
    const json = /^\{\n\s+"organizations"[\s\S]*?^\}$/m.exec(result.output)?.[0];
    expect(json).toBeDefined();
    const organizations = (JSON.parse(json ?? "{}") as { organizations: Record<string, { members: Array<{ email?: string; role?: string }> }> }).organizations;
    const clerk = organizations["clerk/org_2acmeCorpK7mQ4vX9pL2nR8tW5y"]?.members.map((m) => `${m.email} ${m.role}`).sort();
    expect(clerk).toEqual(["jane.doe@acme.com org:admin", "john.smith@acme.com org:member", "marco.rossi@acme.com org:member", "priya.patel@acme.com org:billing"]);
    const workos = organizations["workos/org_01JGD0680005FATZYDS3AR0RGX"]?.members.map((m) => `${m.email} ${m.role}`).sort();
    expect(workos).toEqual(["aiko.tanaka@acme.com member", "jane.doe@acme.com admin", "john.smith@acme.com member"]);
  });

  it("the drift check is red after the change by hand, and green after the repair", () => {
    expect(result.output).toContain("drift check: exit 7");
    expect(result.output).toContain("drift check: exit 0");
    expect(result.output.indexOf("drift check: exit 7")).toBeLessThan(result.output.indexOf("drift check: exit 0"));
  });

  it("Ctrl-C stopped the emulator, and nothing printed a key but the emulator's fake ones", async () => {
    expect(emulator.output()).toMatch(/stopped \(SIGINT\)/);
    expect(await listening(port)).toBe(false);
    expect(result.output).not.toMatch(/sk_live_/);
  });
});

describe("examples/gitops on a fresh checkout, as its README sets it up", () => {
  it("installs from the packed tarball in vendor/, its roster validates with the installed command and its program type-checks", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "org-roster-gitops-"));
    try {
      fs.cpSync(path.join(REPO_ROOT, "examples", "gitops"), dir, { recursive: true, filter: (source) => !/node_modules|vendor|package-lock\.json/.test(path.relative(REPO_ROOT, source)) });
      const vendor = path.join(dir, "vendor");
      fs.mkdirSync(vendor);
      expect((await run("npm", ["pack", "--ignore-scripts", "--pack-destination", vendor], REPO_ROOT, process.env)).code).toBe(0);
      const installed = await run("npm", ["install", "--no-audit", "--no-fund"], dir, process.env);
      if (installed.code !== 0) throw new Error(`npm install in the example failed:\n${installed.stdout}\n${installed.stderr}`);
      const validated = await run("npx", ["org-roster", "validate", "roster.yaml"], dir, process.env);
      expect({ code: validated.code, stderr: validated.stderr }).toEqual({ code: 0, stderr: "" });
      // The workflow's pull-request check (the pulumi commands compile the program without checking its types).
      const typeChecked = await run("npx", ["tsc", "--noEmit"], dir, process.env);
      expect({ code: typeChecked.code, output: typeChecked.stdout + typeChecked.stderr }).toEqual({ code: 0, output: "" });
      expect(fs.lstatSync(path.join(dir, "node_modules", "pulumi-org-roster")).isSymbolicLink()).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
