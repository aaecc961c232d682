// The release path: .github/workflows/release.yml (and the GitOps example's workflow) pass actionlint; the release
// workflow publishes on a version tag with provenance and attaches the one packed tarball, with the provider plugin's
// tarballs, to the GitHub release; `npm pack` ships only what users need, and the packed package runs (after
// `npm run build`).

import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { parse } from "yaml";

const ROOT = join(__dirname, "..", "..");
const RELEASE = join(ROOT, ".github", "workflows", "release.yml");
const GITOPS = join(ROOT, "examples", "gitops", ".github", "workflows", "roster.yml");

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}

interface Job {
  permissions?: Record<string, string>;
  steps: Step[];
}

interface Workflow {
  on: { push?: { tags?: string[]; branches?: string[] } } & Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

interface PackageJson {
  version: string;
  main: string;
  types: string;
  files: string[];
  bin: Record<string, string>;
  exports: Record<string, string | Record<string, string>>;
}

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as PackageJson;
const workflow = parse(readFileSync(RELEASE, "utf8")) as Workflow;

function releaseJob(): Job {
  const jobs = Object.values(workflow.jobs);
  expect(jobs).toHaveLength(1);
  return jobs[0] as Job;
}

/** Index of the step whose script matches (-1 if none). */
function stepIndex(pattern: RegExp): number {
  return releaseJob().steps.findIndex((step) => step.run !== undefined && pattern.test(step.run));
}

function step(pattern: RegExp): Step {
  const found = releaseJob().steps[stepIndex(pattern)];
  if (!found) throw new Error(`no step runs ${String(pattern)}`);
  return found;
}

describe("actionlint", () => {
  let actionlint = "";

  beforeAll(() => {
    // Found on PATH or built once into the cache (the pretest step has normally done it already).
    const out = execFileSync("bash", [join(ROOT, "scripts", "ensure-actionlint.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], timeout: 600_000 });
    actionlint = out.trim().split("\n").pop() ?? "";
  }, 600_000);

  it.each([
    [".github/workflows/release.yml", RELEASE],
    ["examples/gitops/.github/workflows/roster.yml", GITOPS],
  ])("finds no problem in %s", (_name, file) => {
    // -no-color for plain messages; shellcheck runs on the scripts too when it is on PATH.
    const result = spawnSync(actionlint, ["-no-color", file], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect({ status: result.status, stdout: result.stdout, stderr: result.stderr }).toEqual({ status: 0, stdout: "", stderr: "" });
  });
});

describe(".github/workflows/release.yml", () => {
  it("runs on pushed version tags only", () => {
    expect(Object.keys(workflow.on)).toEqual(["push"]);
    expect(workflow.on.push).toEqual({ tags: ["v*"] });
  });

  it("reads the repository by default; the release job may write contents and mint an OIDC token for provenance", () => {
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(releaseJob().permissions).toEqual({ contents: "write", "id-token": "write" });
  });

  it("sets up Node with the npm registry, and the Pulumi CLI and Go the tests need; every action pinned to a major version", () => {
    const uses = releaseJob().steps.flatMap((s) => (s.uses ? [s.uses] : []));
    for (const action of uses) expect(action).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
    expect(uses[0]).toMatch(/^actions\/checkout@/);
    const node = releaseJob().steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
    expect(node?.with).toMatchObject({ "registry-url": "https://registry.npmjs.org" });
    expect(uses).toContain("pulumi/actions@v6");
    expect(uses.some((action) => action.startsWith("actions/setup-go@"))).toBe(true);
  });

  it("checks the tag, installs, runs the README's test command, packs, builds the plugin tarballs, publishes with provenance, then releases", () => {
    const order = [
      stepIndex(/\$GITHUB_REF_NAME" != "v\$version"/),
      stepIndex(/^npm ci$/),
      stepIndex(/^npm test && npm run test:compat$/),
      stepIndex(/npm pack/),
      stepIndex(/npm run plugin-tarball/),
      stepIndex(/npm publish/),
      stepIndex(/gh release create/),
    ];
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(readFileSync(join(ROOT, "README.md"), "utf8")).toContain("npm ci && npm test && npm run test:compat");
  });

  it("publishes the packed tarball with --provenance and the token from a secret, and attaches the same tarball", () => {
    const pack = step(/npm pack/);
    const publish = step(/npm publish/);
    const release = step(/gh release create/);
    expect(publish.run).toMatch(/npm publish "\$TARBALL" .*--provenance/);
    expect(publish.run).toContain("--access public");
    expect(publish.env).toMatchObject({ NODE_AUTH_TOKEN: "${{ secrets.NPM_TOKEN }}", TARBALL: `\${{ steps.${pack.id}.outputs.tarball }}` });
    expect(release.run).toMatch(/gh release create "\$GITHUB_REF_NAME" .* plugin-tarballs\/\*\.tar\.gz "\$TARBALL"\s*$/);
    expect(release.env).toMatchObject({ GH_TOKEN: "${{ github.token }}", TARBALL: `\${{ steps.${pack.id}.outputs.tarball }}` });
  });
});

describe("the release workflow's shell steps, run with stand-ins for npm and gh", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Runs one step's script as GitHub Actions does (bash -e), in a directory holding package.json at `version`. */
  function runStep(pattern: RegExp, version: string, env: Record<string, string>, files: string[] = []) {
    const dir = mkdtempSync(join(tmpdir(), "release-step-"));
    dirs.push(dir);
    for (const file of files) {
      mkdirSync(join(dir, file, ".."), { recursive: true });
      writeFileSync(join(dir, file), "");
    }
    const bin = join(dir, ".bin");
    mkdirSync(bin);
    for (const tool of ["npm", "gh"]) {
      // Each call's arguments, one per line; `npm pack` prints the tarball's name as npm does, last.
      writeFileSync(join(bin, tool), `#!/bin/sh\nprintf '%s\\n' "${tool}" "$@" >> "$CALLS"\nif [ "$1" = pack ]; then echo notice; : > "pulumi-org-roster-${version}.tgz"; echo "pulumi-org-roster-${version}.tgz"; fi\n`);
      chmodSync(join(bin, tool), 0o755);
    }
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "pulumi-org-roster", version }));
    const output = join(dir, ".output");
    const calls = join(dir, ".calls");
    writeFileSync(output, "");
    writeFileSync(calls, "");
    const script = step(pattern).run ?? "";
    const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], {
      cwd: dir,
      encoding: "utf8",
      timeout: 30_000,
      env: { PATH: `${bin}${delimiter}${process.env.PATH ?? ""}`, GITHUB_OUTPUT: output, CALLS: calls, ...env },
    });
    const outputs = Object.fromEntries(readFileSync(output, "utf8").split("\n").filter(Boolean).map((line) => line.split("=", 2) as [string, string]));
    const called = readFileSync(calls, "utf8").split("\n").filter(Boolean);
    return { status: result.status, stdout: result.stdout, outputs, called };
  }

  const CHECK = /\$GITHUB_REF_NAME" != "v\$version"/;

  it("the tag check passes for v<package.json version> and tells whether it is a prerelease", () => {
    expect(runStep(CHECK, "0.1.0", { GITHUB_REF_NAME: "v0.1.0" })).toMatchObject({ status: 0, outputs: { version: "0.1.0", prerelease: "false" } });
    expect(runStep(CHECK, "0.2.0-rc.1", { GITHUB_REF_NAME: "v0.2.0-rc.1" })).toMatchObject({ status: 0, outputs: { version: "0.2.0-rc.1", prerelease: "true" } });
  });

  it("the tag check fails when the tag is not package.json's version", () => {
    const result = runStep(CHECK, "0.1.0", { GITHUB_REF_NAME: "v0.1.1" });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("::error title=Tag and version differ::tag v0.1.1, package.json version 0.1.0");
  });

  it("pack hands its tarball's name on", () => {
    expect(runStep(/npm pack/, "0.1.0", {})).toMatchObject({ status: 0, outputs: { tarball: "pulumi-org-roster-0.1.0.tgz" } });
  });

  it("publish sends that tarball with provenance, under `next` for a prerelease", () => {
    const TARBALL = "pulumi-org-roster-0.1.0.tgz";
    expect(runStep(/npm publish/, "0.1.0", { TARBALL, PRERELEASE: "false" }).called).toEqual(["npm", "publish", TARBALL, "--provenance", "--access", "public", "--tag", "latest"]);
    expect(runStep(/npm publish/, "0.2.0-rc.1", { TARBALL, PRERELEASE: "true" }).called).toContain("next");
  });

  it("the plugin tarballs are built for Linux and macOS on x86-64 and ARM64 into plugin-tarballs/", () => {
    expect(runStep(/npm run plugin-tarball/, "0.1.0", {}).called).toEqual(["npm", "run", "plugin-tarball", "--", "--out", "plugin-tarballs", "linux-amd64", "linux-arm64", "darwin-amd64", "darwin-arm64"]);
  });

  it("the GitHub release attaches the plugin tarballs with the package tarball", () => {
    const TARBALL = "pulumi-org-roster-0.1.0.tgz";
    const plugins = ["darwin-amd64", "linux-amd64"].map((platform) => `plugin-tarballs/pulumi-resource-org-roster-v0.1.0-${platform}.tar.gz`);
    const release = runStep(/gh release create/, "0.1.0", { TARBALL, PRERELEASE: "false", GITHUB_REF_NAME: "v0.1.0" }, plugins);
    expect(release.status).toBe(0);
    expect(release.called.slice(-3)).toEqual([...plugins, TARBALL]);
  });

  it("the GitHub release is the tag's, with the tarball attached", () => {
    const TARBALL = "pulumi-org-roster-0.1.0.tgz";
    const release = runStep(/gh release create/, "0.1.0", { TARBALL, PRERELEASE: "false", GITHUB_REF_NAME: "v0.1.0" });
    expect(release.status).toBe(0);
    expect(release.called.slice(0, 4)).toEqual(["gh", "release", "create", "v0.1.0"]);
    expect(release.called.at(-1)).toBe(TARBALL);
    expect(release.called).not.toContain("--prerelease");
    expect(runStep(/gh release create/, "0.2.0-rc.1", { TARBALL, PRERELEASE: "true", GITHUB_REF_NAME: "v0.2.0-rc.1" }).called).toContain("--prerelease");
  });
});

describe("npm pack", () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, "dist", "provider", "index.js"))) throw new Error("dist/provider is missing: run `npm run build` before this test");
  });

  /** The files `npm pack` would put in the tarball (scripts skipped: dist/ is already built). */
  function packed(): string[] {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    const [entry] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
    return (entry?.files ?? []).map((file) => file.path).sort();
  }

  it("lists only what users need: compiled JavaScript and declarations, the command, the provider plugin, the schemas, README, LICENSE", () => {
    const files = packed();
    // The compiled folders are the dist/ entries of package.json's `files`.
    const shipped = pkg.files.filter((entry) => entry.startsWith("dist/"));
    expect(shipped.length).toBeGreaterThan(0);
    const compiled = (path: string) => shipped.some((dir) => path.startsWith(`${dir}/`)) && /(?<!\.d)\.js$|\.d\.ts$/.test(path);
    const other = files.filter((path) => !compiled(path));
    // The emulator's default seed is data the compiled emulator loads; the provider plugin's executable and its schema
    // (schema.json) are what a Pulumi program in another language loads.
    expect(other).toEqual(["LICENSE", "README.md", "bin/org-roster.js", "bin/pulumi-resource-org-roster", "dist/emulator/seeds/default.json", "package.json", "roster.schema.json", "schema.json"]);
    // No source maps (they would point at TypeScript sources the package does not ship), no sources, no tests.
    expect(files.filter((path) => /\.map$|(?<!\.d)\.ts$|^(test|emulator|bench|scripts|examples|provider)\//.test(path))).toEqual([]);
    // Every module comes with its declarations.
    for (const path of files.filter((p) => p.endsWith(".js") && p.startsWith("dist/"))) expect(files).toContain(path.replace(/\.js$/, ".d.ts"));
  });

  it("holds every file package.json points at (main, types, bin, exports)", () => {
    const files = new Set(packed());
    const targets = [pkg.main, pkg.types, ...Object.values(pkg.bin)];
    for (const target of Object.values(pkg.exports)) targets.push(...(typeof target === "string" ? [target] : Object.values(target)));
    for (const target of targets) expect({ target, packed: files.has(target.replace(/^\.\//, "")) }).toEqual({ target, packed: true });
  });

  it("packs LICENSE with the Apache-2.0 text package.json names", () => {
    expect(readFileSync(join(ROOT, "package.json"), "utf8")).toContain('"license": "Apache-2.0"');
    expect(readFileSync(join(ROOT, "LICENSE"), "utf8")).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
  });

  it("makes a tarball whose command and module run as installed (dependencies from this checkout)", () => {
    const dir = mkdtempSync(join(tmpdir(), "release-pack-"));
    try {
      const name = execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 120_000 }).trim().split("\n").pop() ?? "";
      expect(name).toBe(`pulumi-org-roster-${pkg.version}.tgz`);
      execFileSync("tar", ["-xzf", join(dir, name), "-C", dir]);
      // Installed as npm installs it, so that `require("pulumi-org-roster")` finds it by name (its exports; the
      // package's main is the provider plugin, for Node.js language hosts that run the package as a plugin).
      mkdirSync(join(dir, "node_modules"));
      renameSync(join(dir, "package"), join(dir, "node_modules", "pulumi-org-roster"));
      const env = { ...process.env, NODE_PATH: join(ROOT, "node_modules") };
      const version = spawnSync(process.execPath, [join(dir, "node_modules", "pulumi-org-roster", "bin", "org-roster.js"), "--version"], { encoding: "utf8", env, timeout: 30_000 });
      expect({ status: version.status, stdout: version.stdout, stderr: version.stderr }).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: "" });
      const load = spawnSync(process.execPath, ["-e", `const m = require("pulumi-org-roster"); process.stdout.write(Object.keys(m).join(","))`], { cwd: dir, encoding: "utf8", env, timeout: 30_000 });
      expect(load.stderr).toBe("");
      expect(load.stdout.split(",")).toEqual(expect.arrayContaining(["clerk", "workos", "Roster"]));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
