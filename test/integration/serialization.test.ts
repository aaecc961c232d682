// The serialized provider as Pulumi stores it: small, free of secrets, stable across releases, and working when
// deserialized the way the dynamic-provider process does it (require-from-string, from the project directory).

import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { SHIM_NAMES, serializedShim } from "../../provider/resources/dynamic-resource";
import { REPO_ROOT, run } from "../support/pulumi-cli";

const KEY = "sk_test_emulator_clerk";
const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const SAM = "user_2q2pKPH4DwyaujKDfVPuwfT9G8F";

// Runs in a child Node process (jest's module registry is not Node's, and the closure serializer needs Node's).
const SCRIPT = `
const pulumi = require("@pulumi/pulumi");
const requireFromString = require("require-from-string");
const shim = require(process.argv[2]);
(async () => {
  const serialized = await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true });
  const provider = requireFromString(serialized.text).handler();
  const config = JSON.parse(process.env.TEST_CONFIG);
  await provider.configure({ config: { get: (key) => config[key] } });
  const checked = await provider.check({}, { organizationId: process.env.TEST_ORG, userId: process.env.TEST_USER, role: "org:admin" });
  const created = await provider.create(checked.inputs);
  process.stdout.write(JSON.stringify({ text: serialized.text, containsSecrets: serialized.containsSecrets, created }));
  process.exit(0);
})().catch((error) => { process.stderr.write(String(error && error.stack || error)); process.exit(1); });
`;

// Registers, under the SDK's mocks, one `pulumi.dynamic.Resource` per shim (the SDK's own serializer) and one resource
// of each kind of the package (its constant text), and prints what each registered: type token and __provider.
const REGISTER_SCRIPT = `
const pulumi = require("@pulumi/pulumi");
const registered = [];
pulumi.runtime.setMocks({
  newResource: (args) => { registered.push({ name: args.name, type: args.type, provider: args.inputs.__provider }); return { id: args.name + "-id", state: {} }; },
  call: () => ({}),
}, "project", "stack", false);
const roster = require("pulumi-org-roster");
for (const shim of ${JSON.stringify(SHIM_NAMES)}) {
  new pulumi.dynamic.Resource(require("pulumi-org-roster/shims/" + shim), "sdk-" + shim, {}, undefined, "m", "T");
}
new roster.clerk.OrganizationMembership("clerk-membership", { organizationId: "org_2a", userId: "user_2a", role: "org:admin" });
new roster.workos.OrganizationMembership("workos-membership", { organizationId: "org_01a", userId: "user_01a", roleSlug: "admin" });
new roster.clerk.OrganizationRoster("clerk-roster", { organizationId: "org_2a", members: { user_2a: "org:admin" } });
new roster.workos.OrganizationRoster("workos-roster", { organizationId: "org_01a", members: { user_01a: "admin" } });
new roster.Roster("acme", { roster: { clerk: { organizations: { org_2acmeCorpK7mQ4vX9pL2nR8tW5y: { members: [{ userId: "user_2e71lHFE8l6hlvY5bR215DEWc1Z", role: "org:admin" }] } } } } });
setTimeout(() => { process.stdout.write(JSON.stringify(registered)); process.exit(0); }, 2000);
`;

let emulator: EmulatorHandle;
let projectDir: string;

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: false });
  projectDir = fs.mkdtempSync(path.join(REPO_ROOT, ".pulumi-e2e", "serialize-"));
  fs.writeFileSync(path.join(projectDir, "package.json"), JSON.stringify({ name: "serialize-test", private: true }));
  fs.writeFileSync(path.join(projectDir, "serialize.js"), SCRIPT);
  fs.writeFileSync(path.join(projectDir, "register.js"), REGISTER_SCRIPT);
});

afterAll(async () => {
  await emulator.close();
  fs.rmSync(projectDir, { recursive: true, force: true });
});

async function serializeAndCreate(shimModule: string) {
  const result = await run("node", ["serialize.js", shimModule], projectDir, {
    ...process.env,
    TEST_CONFIG: JSON.stringify({ "clerk:secretKey": KEY, "clerk:apiUrl": emulator.clerkApiUrl }),
    TEST_ORG: ORG,
    TEST_USER: SAM,
  });
  if (result.code !== 0) throw new Error(`serialize.js failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { text: string; containsSecrets: boolean; created: { id: string; outs: Record<string, unknown> } };
}

describe("the serialized provider", () => {
  it("is a reference to the installed package, at most 1.5 KB, with no secret, and works when deserialized", async () => {
    const { text, containsSecrets, created } = await serializeAndCreate("pulumi-org-roster/shims/clerk-membership");
    expect(text.length).toBeLessThanOrEqual(1536);
    expect(text).toContain('require("pulumi-org-roster/shims/clerk-membership")');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain("127.0.0.1");
    expect(containsSecrets).toBe(false);
    expect(created.id).toMatch(/^orgmem_/);
    expect(created.outs).toMatchObject({ userId: SAM, role: "org:admin" });
    await fetch(`${emulator.clerkApiUrl}/organizations/${ORG}/memberships/${SAM}`, { method: "DELETE", headers: { authorization: `Bearer ${KEY}` } });
  });

  // The resources register the by-reference text themselves now; a state written by an earlier release for a package
  // loaded from outside node_modules holds the shim serialized by value, which must keep working.
  it("still works, with no secret, when serialized by value (as the SDK did for a package loaded from outside node_modules)", async () => {
    const { text, created } = await serializeAndCreate(path.join(REPO_ROOT, "dist", "provider", "shims", "clerk-membership.js"));
    expect(text).toContain('require("pulumi-org-roster/runtime")');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain("zod");
    expect(text.length).toBeLessThan(2600);
    expect(created.outs).toMatchObject({ userId: SAM, role: "org:admin" });
  });

  it("is registered by the package's resources as the SDK's own serializer writes it, under the same type tokens", async () => {
    const result = await run("node", ["register.js"], projectDir, process.env);
    if (result.code !== 0) throw new Error(`register.js failed: ${result.stderr}`);
    const registered = JSON.parse(result.stdout) as Array<{ name: string; type: string; provider: string }>;
    for (const shim of SHIM_NAMES) {
      const bySdk = registered.find((r) => r.name === `sdk-${shim}`);
      expect(bySdk?.type).toBe("pulumi-nodejs:dynamic/m:T");
      expect(serializedShim(shim)).toBe(bySdk?.provider);
    }
    // The Roster's removal guard and lock (RosterGuard) are the package's fifth kind of resource.
    const guards = registered.filter((r) => r.type === "pulumi-nodejs:dynamic/index:RosterGuard");
    expect(guards.length).toBeGreaterThan(0);
    for (const guard of guards) expect(guard.provider).toBe(serializedShim("roster-guard"));
    const ours = registered.filter((r) => ["clerk-membership", "workos-membership", "clerk-roster", "workos-roster"].includes(r.name)).map((r) => [r.name, r.type, r.provider]);
    expect(ours.sort()).toEqual([
      ["clerk-membership", "pulumi-nodejs:dynamic/clerk:OrganizationMembership", serializedShim("clerk-membership")],
      ["clerk-roster", "pulumi-nodejs:dynamic/clerk:OrganizationRoster", serializedShim("clerk-roster")],
      ["workos-membership", "pulumi-nodejs:dynamic/workos:OrganizationMembership", serializedShim("workos-membership")],
      ["workos-roster", "pulumi-nodejs:dynamic/workos:OrganizationRoster", serializedShim("workos-roster")],
    ]);
  });
});
