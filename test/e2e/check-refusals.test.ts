// End-to-end: what `check` refuses under the real Pulumi CLI, with no API behind it (check makes no network call).
// A rejected private metadata value never appears in any output of preview or up; and each misconfiguration that
// `up` would refuse makes `pulumi preview` (a pull-request check) fail too, naming the real cause and never the key.

import { PulumiProject, type RunResult } from "../support/pulumi-cli";

jest.setTimeout(600_000);

const MARKER = "PRIVMETA-9c2e51";
const CLERK_KEY = "sk_test_refusals_clerk_5d8a0f";
const WORKOS_KEY = "sk_test_refusals_workos_7b3e21";
const BAD_CLERK_KEY = "pk_test_refusals_wrongkind_61c4";
const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const CLERK_USER = "user_2Cj42gEnI5sEt6OHTerNANMDgHi";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const WORKOS_USER = "user_01JGFJK1XRYFYTC66VPVTX363S";
/** Loopback, where nothing listens: any API call would fail, and none may be made. */
const NOWHERE = "http://127.0.0.1:9";

// The engine stops at the first resource whose check fails, so each run declares one resource: roster.json names it
// and gives the Clerk resources' private metadata.
const PROGRAM = `
const { clerk, workos } = require("pulumi-org-roster");
const spec = require("./roster.json");
const declare = {
  "clerk-member": () => new clerk.OrganizationMembership("clerk-member", { organizationId: "${CLERK_ORG}", userId: "${CLERK_USER}", privateMetadata: spec.privateMetadata }),
  "clerk-roster": () => new clerk.OrganizationRoster("clerk-roster", { organizationId: "${CLERK_ORG}", members: { "${CLERK_USER}": { role: "org:admin", privateMetadata: spec.privateMetadata } } }),
  "workos-member": () => new workos.OrganizationMembership("workos-member", { organizationId: "${WORKOS_ORG}", userId: "${WORKOS_USER}", roleSlug: "admin" }),
  "workos-roster": () => new workos.OrganizationRoster("workos-roster", { organizationId: "${WORKOS_ORG}", members: { "${WORKOS_USER}": "admin" } }),
};
declare[spec.resource]();
`;

let project: PulumiProject;

beforeAll(async () => {
  project = await PulumiProject.create("check-refusals", { program: PROGRAM, env: { WORKOS_API_KEY: "", WORKOS_API_URL: "" } });
});

afterAll(() => {
  project?.remove();
});

/** Replaces the stack configuration: plain values, and secrets set with --secret (masked in the transcript). */
async function configure(plain: Record<string, string>, secrets: Record<string, string> = {}): Promise<void> {
  for (const key of ["clerk:secretKey", "clerk:apiUrl", "workos:apiKey", "workos:apiUrl"]) await project.cli(["config", "rm", key]);
  for (const [key, value] of Object.entries(plain)) await project.cli(["config", "set", key, value]);
  for (const [key, value] of Object.entries(secrets)) await project.cli(["config", "set", "--secret", key, value], [0], [value]);
}

/** Runs a command that must fail with `resource` declared: its whole output. */
async function refused(resource: string, args: string[], privateMetadata: unknown = { pager: MARKER }): Promise<string> {
  project.writeRoster({ resource, privateMetadata });
  const result: RunResult = await project.cli(args, [1, 255]);
  return `${result.stdout}\n${result.stderr}`;
}

/** The engine's line for a check failure of `resource` that names no property: only the reason follows. */
function problem(resource: string, reason: string): RegExp {
  return new RegExp(`resource '${resource}' has a problem: ${reason}`);
}

describe("a rejected privateMetadata value (item 3)", () => {
  // Over Clerk's 8 KB limit for one metadata object; and a null value, which Clerk would delete instead of storing.
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ["clerk-member", { pager: MARKER, notes: "x".repeat(9000) }, "privateMetadata: is larger than Clerk's 8192-byte limit.*allowed: a JSON object"],
    ["clerk-roster", { pager: MARKER, retired: null }, `members\\.${CLERK_USER}\\.privateMetadata: null values are not allowed.*allowed: a JSON object`],
  ];

  it.each(cases)("%s: never printed by preview or up", async (resource, privateMetadata, reason) => {
    await configure({ "clerk:apiUrl": `${NOWHERE}/v1` }, { "clerk:secretKey": CLERK_KEY });
    for (const args of [["preview"], ["up", "--yes", "--skip-preview"]]) {
      expect(await refused(resource, args, privateMetadata)).toMatch(problem(resource, reason));
    }
    expect(project.transcript.join("\n")).not.toContain(MARKER);
    expect(project.stateFilesText()).not.toContain(MARKER);
  });
});

describe("a misconfiguration up would refuse makes preview fail with the real cause (item 4)", () => {
  afterEach(() => {
    delete project.env.CLERK_SECRET_KEY;
    delete project.env.WORKOS_API_URL;
    const transcript = project.transcript.join("\n");
    for (const secret of [CLERK_KEY, WORKOS_KEY, BAD_CLERK_KEY, MARKER]) expect(transcript).not.toContain(secret);
  });

  const clerk = ["clerk-member", "clerk-roster"];
  const workos = ["workos-member", "workos-roster"];

  it("no Clerk key; a WorkOS apiUrl ending in /user_management", async () => {
    await configure({ "clerk:apiUrl": `${NOWHERE}/v1`, "workos:apiUrl": `${NOWHERE}/user_management` }, { "workos:apiKey": WORKOS_KEY });
    for (const resource of clerk) {
      const output = await refused(resource, ["preview"]);
      expect(output).toMatch(problem(resource, "No Clerk API key: set it with `pulumi config set --secret clerk:secretKey .*` or the CLERK_SECRET_KEY environment variable"));
    }
    for (const resource of workos) {
      const output = await refused(resource, ["preview"]);
      expect(output).toMatch(problem(resource, "stack config workos:apiUrl ends in /user_management, but it must be the API's base URL without that suffix, e\\.g\\. https://api\\.workos\\.com"));
      expect(output).toMatch(/set it with `pulumi config set workos:apiUrl <url>` or the WORKOS_API_URL environment variable/);
      expect(output).not.toMatch(/organizationId|userId|not found/i);
    }
  });

  it("a non-loopback http:// Clerk apiUrl; no WorkOS key", async () => {
    await configure({ "clerk:apiUrl": "http://api.example.com/v1" }, { "clerk:secretKey": CLERK_KEY });
    for (const resource of clerk) {
      const output = await refused(resource, ["preview"]);
      expect(output).toMatch(problem(resource, "stack config clerk:apiUrl uses plain http:// for api\\.example\\.com.*use https://.*`pulumi config set clerk:apiUrl <url>`"));
    }
    for (const resource of workos) {
      const output = await refused(resource, ["preview"]);
      expect(output).toMatch(problem(resource, "No WorkOS API key: set it with `pulumi config set --secret workos:apiKey .*` or the WORKOS_API_KEY environment variable"));
    }
  });

  it("a Clerk key of the wrong kind and a non-loopback http:// WorkOS URL, both from the environment", async () => {
    await configure({ "clerk:apiUrl": `${NOWHERE}/v1` }, { "workos:apiKey": WORKOS_KEY });
    project.env.CLERK_SECRET_KEY = BAD_CLERK_KEY;
    project.env.WORKOS_API_URL = "http://10.20.30.40";
    for (const resource of clerk) {
      const output = await refused(resource, ["preview"]);
      expect(output).toMatch(problem(resource, "The Clerk API key in the CLERK_SECRET_KEY environment variable does not look like one \\(expected sk_test_… or sk_live_…\\)"));
    }
    for (const resource of workos) {
      const output = await refused(resource, ["preview"]);
      expect(output).toMatch(problem(resource, "the WORKOS_API_URL environment variable uses plain http:// for 10\\.20\\.30\\.40"));
    }
  });
});
