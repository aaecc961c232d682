// End-to-end: `pulumi preview --diff` of a Pulumi YAML program on the provider plugin, against the emulator, shows the
// plugin's detailed diff: Clerk and WorkOS rosters' members added, removed and changed (role from → to, each public
// metadata key), each private metadata key named with its values as [secret], and a membership replaced for its
// organizationId; and the drift check, after changes out of band, what `up` will set back. No private value appears
// in any command's output or in the state.

import * as path from "node:path";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject, REPO_ROOT, pluginYamlProject } from "../support/pulumi-cli";
import { CARL, CLERK_KEY, CLERK_ORG as ORG, JANE, WORKOS_ORG, W_MARCO } from "../support/seed-ids";

jest.setTimeout(300_000);

const ANA = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6"; // seeded org:member
const BEN = "user_25O6MsMcGp2kTY7xO5ZIredutNa"; // seeded org:billing
const AIKO = "user_2xhf4ceAYkFATOHxeiZEhKrnn3E"; // not a member
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488"; // WorkOS: seeded admin
const W_JOHN = "user_01JGFJJZZ8YAGVDCKSQWW7FE4N"; // WorkOS: seeded member
/** A second Clerk organization, added to the seed, for a membership to move to. */
const OTHER_ORG = "org_2betaLabsQ8vX2mN7pK4rT6wY9z";
const PRIVATE_VALUES = ["carl-note-5a1f", "ana-note-before-93c2", "ana-note-after-41d7", "ana-pager-77e0", "ana-desk-0b6c", "out-of-band-note-3f9a", "out-of-band-badge-62aa"];

interface Version {
  carlOrganization: string;
  ana: { role: string; team: string; floor?: number; privateMetadata: Record<string, string> };
  others: Record<string, string>;
  workos: Record<string, string>;
}

function program(version: Version): string {
  const privateMetadata = Object.entries(version.ana.privateMetadata).map(([key, value]) => `            ${key}: ${value}`).join("\n");
  const others = Object.entries(version.others).map(([user, role]) => `        ${user}: ${role}`).join("\n");
  const workos = Object.entries(version.workos).map(([user, role]) => `        ${user}: ${role}`).join("\n");
  return `plugins:
  providers:
    - name: org-roster
      path: ${path.join(REPO_ROOT, "bin")}
resources:
  carl:
    type: org-roster:clerk:OrganizationMembership
    properties:
      organizationId: ${version.carlOrganization}
      userId: ${CARL}
      role: org:member
      privateMetadata:
        note: carl-note-5a1f
  acme:
    type: org-roster:clerk:OrganizationRoster
    properties:
      organizationId: ${ORG}
      unmanagedMembers: ignore
      members:
${others}
        ${ANA}:
          role: ${version.ana.role}
          publicMetadata:
            team: ${version.ana.team}${version.ana.floor === undefined ? "" : `\n            floor: ${version.ana.floor}`}
          privateMetadata:
${privateMetadata}
  workosAcme:
    type: org-roster:workos:OrganizationRoster
    properties:
      organizationId: ${WORKOS_ORG}
      unmanagedMembers: ignore
      members:
${workos}
`;
}

const BEFORE: Version = {
  carlOrganization: ORG,
  ana: { role: "org:member", team: "platform", privateMetadata: { note: "ana-note-before-93c2", pager: "ana-pager-77e0" } },
  others: { [JANE]: "org:admin", [BEN]: "org:billing" },
  workos: { [W_JANE]: "admin", [W_JOHN]: "member" },
};
const AFTER: Version = {
  carlOrganization: OTHER_ORG,
  ana: { role: "org:admin", team: "security", floor: 3, privateMetadata: { note: "ana-note-after-41d7", desk: "ana-desk-0b6c" } },
  others: { [JANE]: "org:admin", [AIKO]: "org:member" },
  workos: { [W_JANE]: "admin", [W_JOHN]: "billing", [W_MARCO]: "member" },
};

/** The lines of `output` from the first that contains `start` up to the next resource's. */
function resourceSection(output: string, start: string): string {
  const from = output.indexOf(start);
  if (from < 0) throw new Error(`no "${start}" in:\n${output}`);
  const next = output.slice(from + start.length).search(/\n\s*[~+-]+\s*org-roster:|\nResources:/);
  return next < 0 ? output.slice(from) : output.slice(from, from + start.length + next);
}

describe("pulumi preview --diff through the provider plugin", () => {
  let emulator: EmulatorHandle;
  let project: PulumiProject;

  beforeAll(async () => {
    const seed = defaultSeed();
    emulator = await startEmulator({ rateLimit: false, seed: { ...seed, clerk: { ...seed.clerk, organizations: [...(seed.clerk?.organizations ?? []), { id: OTHER_ORG, name: "Beta Labs" }] } } });
    project = await pluginYamlProject("plugin-diff", program(BEFORE), emulator);
  });

  afterAll(async () => {
    await emulator?.close();
    if (project) project.remove();
  });

  it("shows per member and per metadata key what changes, the property that replaces, and never a private value", async () => {
    await project.up();
    project.writeYamlProgram(program(AFTER));
    const preview = (await project.cli(["preview", "--diff"])).stdout;

    const roster = resourceSection(preview, "~ org-roster:clerk:OrganizationRoster: (update)");
    // A member added, a member removed, a role from → to and public metadata keys changed, each on its own line.
    expect(roster).toContain(`+ ${AIKO}: "org:member"`);
    expect(roster).toContain(`- ${BEN}: "org:billing"`);
    expect(roster).toMatch(/~ role\s*: "org:member" => "org:admin"/);
    expect(roster).toMatch(/~ team\s*: "platform" => "security"/);
    expect(roster).toMatch(/\+ floor\s*: 3/);
    // Private metadata keys named, their values [secret].
    expect(roster).toMatch(new RegExp(`~ privateMetadata\\s*: \\{\\s*~ ${ANA}: \\{`));
    expect(roster).toMatch(/\+ desk\s*: \[secret\]/);
    expect(roster).toMatch(/~ note\s*: \[secret\] => \[secret\]/);
    expect(roster).toMatch(/- pager\s*: \[secret\]/);
    // Only what changes: Jane's unchanged entry and the unchanged settings are not listed.
    expect(roster).not.toContain(JANE);
    expect(roster).not.toMatch(/maxRemovals/);

    // A WorkOS member's role alone, from → to, and a member added.
    const workosRoster = resourceSection(preview, "~ org-roster:workos:OrganizationRoster: (update)");
    expect(workosRoster).toContain(`~ ${W_JOHN}: "member" => "billing"`);
    expect(workosRoster).toContain(`+ ${W_MARCO}: "member"`);
    expect(workosRoster).not.toContain(W_JANE);

    const carl = resourceSection(preview, "+-org-roster:clerk:OrganizationMembership: (replace)");
    expect(carl).toMatch(new RegExp(`~ organizationId\\s*: "${ORG}" => "${OTHER_ORG}"`));
    const plan = await project.plan();
    expect(plan.steps?.find((step) => step.urn.endsWith("::carl") && step.op === "replace")?.replaceReasons).toEqual(["organizationId"]);

    await project.up();
    expect(emulator.clerk.listMemberships({ organizationId: ORG }).find((member) => member.userId === ANA)?.privateMetadata).toEqual({ note: "ana-note-after-41d7", desk: "ana-desk-0b6c" });
    // Nothing left to change: the diff after the update is empty.
    expect((await project.cli(["preview", "--diff", "--expect-no-changes"])).code).toBe(0);

    // Drift, changed out of band: the drift check says by member and key what `up` will set back.
    emulator.clerk.updateMembershipRole(ORG, ANA, "org:member");
    emulator.clerk.mergeMembershipMetadata(ORG, ANA, { privateMetadata: { note: "out-of-band-note-3f9a" } });
    emulator.clerk.updateMembershipRole(OTHER_ORG, CARL, "org:billing");
    emulator.clerk.mergeMembershipMetadata(OTHER_ORG, CARL, { privateMetadata: { badge: "out-of-band-badge-62aa" } });
    const drift = await project.driftCheck();
    expect(drift.code).toBe(7);
    const drifted = resourceSection(drift.stdout, "~ org-roster:clerk:OrganizationRoster: (update)");
    expect(drifted).toMatch(/~ role\s*: "org:member" => "org:admin"/);
    expect(drifted).toMatch(/~ note\s*: \[secret\] => \[secret\]/);
    expect(drifted).not.toMatch(/team|floor|desk/);
    const membership = resourceSection(drift.stdout, "~ org-roster:clerk:OrganizationMembership: (update)");
    expect(membership).toMatch(/~ role\s*: "org:billing" => "org:member"/);
    expect(membership).toMatch(/~ privateMetadata\s*: \{\s*- badge: \[secret\]/);
    expect(membership).not.toMatch(/note/);

    const everything = `${project.transcript.join("\n")}\n${project.stateFilesText()}`;
    for (const value of PRIVATE_VALUES) expect(everything).not.toContain(value);
    expect(everything).not.toContain(CLERK_KEY);
  });
});
