// End-to-end: what the organization refuses, `pulumi preview` refuses first, under the real CLI against the emulator:
// a role the instance does not have (a typo such as org:admn), more members than the organization may hold
// (Clerk's max_allowed_memberships), and a change that leaves no admin in report mode. `up` refuses the same and
// writes nothing.

import * as fs from "node:fs";
import * as path from "node:path";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject } from "../support/pulumi-cli";

jest.setTimeout(900_000);

const KEY = "sk_test_emulator_clerk";
const WORKOS_KEY = "sk_test_emulator_workos";
const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin
const JOHN = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6"; // seeded org:member {team: platform}, john.smith@acme.com
const PRIYA = "user_25O6MsMcGp2kTY7xO5ZIredutNa"; // seeded org:billing, private {costCenter}
const LIMIT = 4;

function rosterYaml(members: ReadonlyArray<readonly [string, string]>): string {
  return `clerk:
  organizations:
    ${ORG}:
      unmanagedMembers: report
      members:
${members.map(([who, role]) => `        - ${who.includes("@") ? "email" : "userId"}: ${who}\n          role: ${role}`).join("\n")}
`;
}

const BASE = [[JANE, "org:admin"], ["john.smith@acme.com", "org:member"], ["priya.patel@acme.com", "org:billing"]] as const;

describe.each(["organization", "member"] as const)("preview refuses what the organization would refuse, %s granularity", (granularity) => {
  let emulator: EmulatorHandle;
  let project: PulumiProject;
  let firstPreview = "";

  const writes = (): number =>
    Object.entries(emulator.stats().byRoute)
      .filter(([route]) => !route.startsWith("GET "))
      .reduce((sum, [, count]) => sum + count, 0);
  const roleOf = (userId: string): string | undefined => emulator.clerk.listMemberships({ organizationId: ORG }).find((m) => m.userId === userId)?.role;
  const writeFile = (members: ReadonlyArray<readonly [string, string]>): void => fs.writeFileSync(path.join(project.dir, "roster.yaml"), rosterYaml(members));

  /** preview and up both fail with `expected` in their output, and nothing is written. */
  async function refusedBoth(expected: string[]): Promise<void> {
    emulator.resetStats();
    const preview = await project.cli(["preview"], [1, 255]);
    for (const text of expected) expect(preview.stdout + preview.stderr).toContain(text);
    const up = await project.cli(["up", "--yes", "--skip-preview"], [1, 255]);
    for (const text of expected) expect(up.stdout + up.stderr).toContain(text);
    expect(writes()).toBe(0);
  }

  beforeAll(async () => {
    const seed = defaultSeed();
    const organization = seed.clerk?.organizations?.[0];
    if (organization) organization.maxAllowedMemberships = LIMIT;
    emulator = await startEmulator({ rateLimit: false, seed });
    project = await PulumiProject.create(`organization-rules-${granularity}`, {
      program: `
const { Roster } = require("pulumi-org-roster");
new Roster("acme", { file: "roster.yaml", granularity: "${granularity}" });
`,
      config: { "clerk:apiUrl": emulator.clerkApiUrl, "workos:apiUrl": emulator.workosApiUrl },
      secrets: { "clerk:secretKey": KEY, "workos:apiKey": WORKOS_KEY },
    });
    writeFile(BASE);
    const preview = await project.cli(["preview"]);
    firstPreview = preview.stdout + preview.stderr;
    await project.up();
  });

  it("the first preview says what adopting the members already there changes, by person, keys never values", () => {
    const john = `John Smith <john.smith@acme.com> (${JOHN}): publicMetadata: team removed`;
    const priya = `Priya Patel <priya.patel@acme.com> (${PRIYA}): privateMetadata: costCenter removed`;
    const adopts = (count: number): string => `Clerk organization ${ORG}: \`pulumi up\` adopts ${count} existing member(s) and changes them to what is declared: `;
    // One notice for the roster resource; one per membership resource in member granularity.
    const expected = granularity === "organization" ? [`${adopts(2)}${john} | ${priya}`] : [`${adopts(1)}${john}`, `${adopts(1)}${priya}`];
    for (const notice of expected) expect(firstPreview).toContain(notice);
  });

  afterAll(async () => {
    await emulator?.close();
    project?.remove();
  });

  it("a role the instance does not have (org:admn) is refused by preview, naming it and the roles there are; up writes nothing", async () => {
    writeFile([[JANE, "org:admin"], ["john.smith@acme.com", "org:admn"], ["priya.patel@acme.com", "org:billing"]]);
    const where = granularity === "organization" ? "members.john.smith@acme.com" : "role";
    await refusedBoth([`${where}: Clerk organization ${ORG} has no role org:admn (its roles: org:admin, org:billing, org:member); fix the role, or create it in Clerk first`]);
    expect(roleOf(JOHN)).toBe("org:member");
  });

  it("more members than max_allowed_memberships is refused by preview; up does not go past the limit", async () => {
    writeFile([...BASE, ["marco.rossi@acme.com", "org:member"], ["aiko.tanaka@acme.com", "org:member"]]);
    const full = `Clerk organization ${ORG} may hold at most ${LIMIT} memberships, pending invitations included (max_allowed_memberships): it holds 3`;
    if (granularity === "organization") {
      await refusedBoth([full, "this change adds 2 new membership(s)"]);
      return;
    }
    // Each membership resource adds one, and they are counted together: the preview refuses whichever comes second.
    const preview = await project.cli(["preview"], [1, 255]);
    expect(preview.stdout + preview.stderr).toContain(full);
    expect(preview.stdout + preview.stderr).toContain("the stack's other resources add 1 more");
    // Independent resources: `up` may write the one that fits before it refuses the other, never past the limit.
    const up = await project.cli(["up", "--yes", "--skip-preview"], [1, 255]);
    expect(up.stdout + up.stderr).toContain(full);
    expect(emulator.clerk.listMemberships({ organizationId: ORG }).length).toBeLessThanOrEqual(LIMIT);
    writeFile(BASE);
    await project.up();
  });

  if (granularity === "organization") {
    it("dropping the only admin in report mode is refused by preview, as up refuses it", async () => {
      writeFile(BASE.slice(1));
      await refusedBoth([`Clerk organization ${ORG}: this change would leave it without an admin`]);
      expect(roleOf(JANE)).toBe("org:admin");
    });
  }

  it("back to the file as it was: preview passes, up changes no membership, and the drift check is green", async () => {
    writeFile(BASE);
    await expect(project.cli(["preview"])).resolves.toMatchObject({ code: 0 });
    emulator.resetStats();
    // (A refused up may have updated the removal guard's record of the file, which this up puts back.)
    await project.up();
    expect(writes()).toBe(0);
    expect(roleOf(JANE)).toBe("org:admin");
    expect(roleOf(JOHN)).toBe("org:member");
    await expect(project.driftCheck()).resolves.toMatchObject({ code: 0 });
  });
});
