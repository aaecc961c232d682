// What loading the compiled package costs every `pulumi` command: the program's `require("pulumi-org-roster")` and
// the dynamic provider's runtime load no module they do not use (the roster validators' zod schema and `yaml`
// load when a roster is first validated), nor does the org-roster command line before a command needs them.
// Checked on dist/ (after `npm run build`), in a fresh Node.js process.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const ENTRY = join(ROOT, "dist", "provider", "index.js");
const RUNTIME = join(ROOT, "dist", "provider", "runtime.js");
const COMMAND_LINE = join(ROOT, "dist", "provider", "cli", "org-roster.js");

/** What `script`, run in a new Node.js process from the repository's root, prints as JSON. */
function printedBy<T>(script: string): T {
  const result = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  if (result.status !== 0) throw new Error(`node exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** The package directories (under node_modules) of every module loaded after running `script` in a new process. */
function loadedPackages(script: string): string[] {
  return printedBy(`${script}; const names = new Set(Object.keys(require.cache).map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(file)?.[1]).filter(Boolean)); console.log(JSON.stringify([...names].sort()));`);
}

/** The SDK's index and its Automation API's, as a pattern over loaded files (in a script's source). */
const SDK_INDEX = "@pulumi\\/pulumi\\/(index|automation\\/index)\\.js$";

/**
 * The files matching `pattern` (a regular expression's source) that are loaded when `script`, run in a new process,
 * calls `report()`: from `@pulumi/` or `dist/` on.
 */
function loadedFiles(script: string, pattern: string): string[] {
  const report = `const report = () => { const matches = new RegExp(${JSON.stringify(pattern)}); console.log(JSON.stringify(Object.keys(require.cache).filter((file) => matches.test(file)).map((file) => file.slice(Math.max(file.lastIndexOf("/dist/") + 1, file.lastIndexOf("@pulumi/")))))); process.exit(0) }`;
  return printedBy(`${report};\n${script}`);
}

/**
 * The files matching `pattern` loaded once `declare` has declared resources (the package's entry point is `roster`)
 * and they have registered (mocked), in a process that, like a program's runtime (the SDK's cmd/run), has loaded
 * modules of the SDK but not its index (nor runtime/index.js, whose closure serializer requires the index).
 */
function loadedAfterDeclaring(declare: string, pattern: string): string[] {
  return loadedFiles(
    [
      `const { setMocks } = require("@pulumi/pulumi/runtime/mocks")`,
      `setMocks({ newResource: (args) => ({ id: args.name, state: {} }), call: () => ({}) }, "project", "stack", false)`,
      `const roster = require(${JSON.stringify(ENTRY)})`,
      declare,
      `setTimeout(report, 1000)`,
    ].join(";\n"),
    pattern,
  );
}

beforeAll(() => {
  if (!existsSync(ENTRY)) throw new Error("dist/provider/index.js is missing: run `npm run build` before this test");
});

describe("module loading", () => {
  it("loads neither zod nor yaml for a program that declares resources without a roster file", () => {
    const loaded = loadedPackages(`const { clerk, workos } = require(${JSON.stringify(ENTRY)}); void clerk.OrganizationRoster; void workos.OrganizationMembership`);
    expect(loaded).toContain("@pulumi/pulumi");
    expect(loaded).not.toContain("zod");
    expect(loaded).not.toContain("yaml");
  });

  it("loads the roster validators, zod and yaml, when a roster file is first validated", () => {
    const loaded = loadedPackages(`require(${JSON.stringify(ENTRY)}).loadRosterFile("test/fixtures/roster/valid.roster.yaml")`);
    expect(loaded).toEqual(expect.arrayContaining(["zod", "yaml"]));
  });

  it("loads neither zod nor yaml in the org-roster command line before a command that needs them runs", () => {
    const loaded = loadedPackages(`require(${JSON.stringify(COMMAND_LINE)}).createProgram({ stdout: () => true, stderr: () => true, exitCode: 0 })`);
    expect(loaded).toContain("commander");
    expect(loaded).not.toContain("zod");
    expect(loaded).not.toContain("yaml");
  });

  it("loads no yaml in the dynamic provider's runtime, nor undici before its first request", () => {
    const loaded = loadedPackages(`require(${JSON.stringify(RUNTIME)})`);
    expect(loaded).not.toContain("yaml");
    expect(loaded).not.toContain("undici");
  });

  it("registers the package's resources without running the SDK's closure serializer (their __provider is constant)", () => {
    // The serializer loads its inspector-based closure walker (closure/v8.js) the first time it runs: it does for a
    // pulumi.dynamic.Resource (the control), and does not for the package's resources.
    const SERIALIZER = "runtime\\/closure\\/v8\\.js$";
    expect(loadedAfterDeclaring(`new (require("@pulumi/pulumi").dynamic.Resource)({ create: async () => ({ id: "x" }) }, "sdk", {})`, SERIALIZER)).toHaveLength(1);
    expect(
      loadedAfterDeclaring(
        `new roster.clerk.OrganizationRoster("c", { organizationId: "org_2a", members: { user_2a: "org:admin" } }); new roster.workos.OrganizationMembership("w", { organizationId: "org_01a", userId: "user_01a", roleSlug: "admin" })`,
        SERIALIZER,
      ),
    ).toEqual([]);
  });

  it("declares and registers every kind of the package's resources without loading the SDK's index (nor its Automation API)", () => {
    const afterDeclaring = (declare: string): string[] => loadedAfterDeclaring(declare, SDK_INDEX);
    // The control: a program that imports the SDK itself loads its index.
    expect(afterDeclaring(`require("@pulumi/pulumi")`)).toContain("@pulumi/pulumi/index.js");
    expect(
      afterDeclaring(
        [
          `new roster.clerk.OrganizationRoster("c", { organizationId: "org_2a", members: { user_2a: "org:admin" } })`,
          `new roster.clerk.OrganizationMembership("cm", { organizationId: "org_2a", userId: "user_2b", role: "org:member" })`,
          `new roster.workos.OrganizationRoster("w", { organizationId: "org_01a", members: { user_01a: "admin" } })`,
          `new roster.workos.OrganizationMembership("wm", { organizationId: "org_01a", userId: "user_01b", roleSlug: "member" })`,
          `new roster.Roster("acme", { roster: { clerk: { organizations: { org_2acmeCorpK7mQ4vX9pL2nR8tW5y: { members: [{ userId: "user_2e71lHFE8l6hlvY5bR215DEWc1Z", role: "org:admin" }] } } } } })`,
        ].join(";\n"),
      ),
    ).toEqual([]);
  });

  it("loads neither the SDK's index nor its Automation API in the provider plugin (every language's start-up)", () => {
    const main = JSON.stringify(join(ROOT, "dist", "provider", "plugin", "main.js"));
    const loaded = loadedFiles(`require(${main}); report()`, `${SDK_INDEX}|dist\\/provider\\/(plugin\\/roster-component|resources\\/sdk)\\.js$`);
    // The control: the plugin has loaded the Roster component and the SDK's pieces it uses (what loaded the index).
    expect(loaded).toEqual(expect.arrayContaining(["dist/provider/plugin/roster-component.js", "dist/provider/resources/sdk.js"]));
    expect(loaded.filter((file) => file.startsWith("@pulumi/"))).toEqual([]);
  });

  it("sends a request with undici's Agent and request API without loading the rest of undici (its index)", () => {
    const dist = (file: string) => JSON.stringify(join(ROOT, "dist", "provider", file));
    const script = [
      `const http = require("node:http")`,
      `const { HttpClient, closeHttpConnections } = require(${dist("http/client.js")})`,
      `const { RateLimiter } = require(${dist("http/rate-limiter.js")})`,
      `const { clerkServiceProfile } = require(${dist("backends/clerk/settings.js")})`,
      `let seen`,
      `const server = http.createServer((req, res) => { seen = req.method + " " + req.url; res.setHeader("content-type", "application/json"); res.end("{}") })`,
      `server.listen(0, "127.0.0.1", async () => {
        const client = new HttpClient({ baseUrl: "http://127.0.0.1:" + server.address().port + "/v1", apiKey: "sk_test_x", profile: clerkServiceProfile, limiter: new RateLimiter({ requests: 10, windowMs: 1000 }), maxAttempts: 1 })
        await client.send({ method: "GET", path: "/organizations/org_2a", query: { limit: 2 }, operation: "read" })
        await closeHttpConnections(); server.close()
        const undici = Object.keys(require.cache).filter((file) => file.includes("node_modules/undici/")).map((file) => file.slice(file.lastIndexOf("node_modules/undici/") + "node_modules/undici/".length))
        console.log(JSON.stringify({ seen, agent: undici.includes("lib/dispatcher/agent.js"), index: undici.includes("index.js"), fetch: undici.some((file) => file.startsWith("lib/web/fetch/")) }))
      })`,
    ].join(";\n");
    expect(printedBy(script)).toEqual({ seen: "GET /v1/organizations/org_2a?limit=2", agent: true, index: false, fetch: false });
  });
});
