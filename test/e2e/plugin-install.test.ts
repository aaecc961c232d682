// End-to-end: the provider plugin installed as users install it, under the real CLI against the emulator, by Pulumi
// YAML programs that do not point at the plugin (no `plugins: providers: path:`). The plugin tarball
// (scripts/plugin-tarball.sh) goes in with `pulumi plugin install resource org-roster <version> --file`, into a
// fresh PULUMI_HOME where the program could not find the plugin before. The package root as a source-based package
// (PulumiPlugin.yaml, `runtime: nodejs`), started the way a Node.js language host with RunPlugin starts it (the SDK's
// run-plugin over the package directory); the CLI here cannot start it itself (its Node.js language host, 3.68,
// answers RunPlugin with "not supported"), so the engine attaches to it by PULUMI_DEBUG_PROVIDERS.

import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject, REPO_ROOT, pluginYamlProject, run } from "../support/pulumi-cli";
import { CARL, CLERK_KEY, CLERK_ORG, WORKOS_KEY, WORKOS_ORG, W_MARCO } from "../support/seed-ids";

jest.setTimeout(600_000);

const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

/** A program that names the package's resources only: the engine finds the plugin by the package name. */
const PROGRAM = `resources:
  carl:
    type: org-roster:clerk:OrganizationMembership
    properties:
      organizationId: ${CLERK_ORG}
      userId: ${CARL}
      role: org:member
  marco:
    type: org-roster:workos:OrganizationMembership
    properties:
      organizationId: ${WORKOS_ORG}
      userId: ${W_MARCO}
      roleSlug: member
outputs:
  carlRole: \${carl.role}
`;

describe("the provider plugin, installed", () => {
  let emulator: EmulatorHandle;
  const projects: PulumiProject[] = [];
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "plugin-install-"));
  const isMember = (): { clerk: boolean; workos: boolean } => ({
    clerk: emulator.clerk.listMemberships({ organizationId: CLERK_ORG }).some((m) => m.userId === CARL),
    workos: emulator.workos.listMemberships({ organizationId: WORKOS_ORG, statuses: new Set(["active"]) }).some((m) => m.userId === W_MARCO),
  });

  /** A YAML project of PROGRAM with its own, empty PULUMI_HOME (no plugins installed). */
  async function project(name: string, env: Record<string, string> = {}): Promise<PulumiProject> {
    const home = fs.mkdtempSync(path.join(temporary, "home-"));
    const created = await pluginYamlProject(name, PROGRAM, emulator, { PULUMI_HOME: home, ...env });
    projects.push(created);
    return created;
  }

  /** up, the memberships are there, the drift check is green, destroy removes them; no key in any output. */
  async function upAndDestroy(installed: PulumiProject): Promise<void> {
    await installed.up();
    expect(isMember()).toEqual({ clerk: true, workos: true });
    expect(await installed.outputs()).toEqual({ carlRole: "org:member" });
    expect((await installed.driftCheck()).code).toBe(0);
    await installed.cli(["destroy", "--yes", "--skip-preview"]);
    expect(isMember()).toEqual({ clerk: false, workos: false });
    const transcript = installed.transcript.join("\n");
    for (const key of [CLERK_KEY, WORKOS_KEY]) expect(transcript).not.toContain(key);
  }

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: false, seed: defaultSeed() });
  });

  afterAll(async () => {
    await emulator?.close();
    for (const created of projects) created.remove();
    fs.rmSync(temporary, { recursive: true, force: true });
  });

  it("from its tarball with `pulumi plugin install --file`: a program that names no plugin path runs up and destroy", async () => {
    const built = await run("bash", [path.join(REPO_ROOT, "scripts", "plugin-tarball.sh"), "--out", temporary], REPO_ROOT, process.env);
    expect(built).toMatchObject({ code: 0 });
    const tarball = built.stdout.trim();
    expect(path.basename(tarball)).toMatch(new RegExp(`^pulumi-resource-org-roster-v${VERSION.replace(/\./g, "\\.")}-(linux|darwin)-(amd64|arm64)\\.tar\\.gz$`));

    const installed = await project("plugin-tarball");
    // Before the install the engine finds no org-roster plugin, neither in PULUMI_HOME nor on PATH.
    const missing = await installed.cli(["preview"], [1]);
    expect(`${missing.stdout}${missing.stderr}`).toContain("no resource plugin 'pulumi-resource-org-roster' found in the workspace or on your $PATH");
    expect(isMember()).toEqual({ clerk: false, workos: false });

    await installed.cli(["plugin", "install", "resource", "org-roster", VERSION, "--file", tarball]);
    const listed = JSON.parse((await installed.cli(["plugin", "ls", "--json"])).stdout) as Array<{ name: string; kind: string; version: string }>;
    expect(listed.map(({ name, kind, version }) => ({ name, kind, version }))).toEqual([{ name: "org-roster", kind: "resource", version: VERSION }]);

    await upAndDestroy(installed);
  });

  describe("the package root as a source-based package", () => {
    let plugin: ChildProcess | undefined;
    let engine: net.Server | undefined;

    afterAll(async () => {
      plugin?.kill();
      await new Promise((resolve) => (engine ? engine.close(resolve) : resolve(undefined)));
    });

    it("declares itself a Node.js plugin whose package entry point is the plugin", () => {
      expect(parse(fs.readFileSync(path.join(REPO_ROOT, "PulumiPlugin.yaml"), "utf8"))).toEqual({ runtime: "nodejs" });
      const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { main: string };
      expect(pkg.main).toBe("bin/pulumi-resource-org-roster");
    });

    it("started as a Node.js language host runs a plugin directory, serves a program that names no plugin path", async () => {
      // The engine address the plugin is given (and watches): a listener standing in for the engine.
      engine = net.createServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => engine?.listen(0, "127.0.0.1", resolve));
      const address = engine.address() as net.AddressInfo;
      // What RunPlugin runs: `node <@pulumi/pulumi>/cmd/run-plugin <plugin directory> <engine address>`.
      const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [REPO_ROOT] });
      const started = spawn(process.execPath, [runPlugin, REPO_ROOT, `127.0.0.1:${address.port}`], { cwd: temporary, stdio: ["ignore", "pipe", "pipe"] });
      plugin = started;
      const port = await new Promise<number>((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        started.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          const line = /^(\d+)\n/.exec(stdout);
          if (line?.[1]) resolve(Number(line[1]));
        });
        started.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        started.on("exit", (code) => reject(new Error(`run-plugin exited ${code}:\n${stdout}\n${stderr}`)));
      });

      await upAndDestroy(await project("plugin-source", { PULUMI_DEBUG_PROVIDERS: `org-roster:${port}` }));
    });
  });
});
