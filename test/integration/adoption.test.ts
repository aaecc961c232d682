// Adoption says what it changes: a roster new to an organization, or a membership resource new to the stack, adopts
// the members already there and converges them to the declaration. Its check (so `pulumi preview`) names, per
// member, the role from → to and the metadata keys added, changed or removed (private ones by name, never a value).

import { clerkMembership, clerkRoster, workosMembership } from "../../provider/runtime";
import { useRuntimeEmulator } from "../support/emulator-harness";
import { warningsOf } from "../support/warnings";

const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin
const JOHN = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6"; // seeded org:member {team: platform}
const PRIYA = "user_25O6MsMcGp2kTY7xO5ZIredutNa"; // seeded org:billing
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const W_JOHN = "user_01JGFJJZZ8YAGVDCKSQWW7FE4N"; // seeded member, active
const COST_CENTER = "CC-7731-undeclared";

const fixture = useRuntimeEmulator();

describe("a roster new to an organization", () => {
  it("names, per member it adopts, what up changes: role, public keys, private keys by name only", async () => {
    fixture.handle.clerk.mergeMembershipMetadata(ORG, JOHN, { privateMetadata: { costCenter: COST_CENTER } });
    const declared = { organizationId: ORG, members: { [JANE]: "org:admin", "john.smith@acme.com": "org:admin", [PRIYA]: "org:billing" } };
    const { result, warnings } = await warningsOf(() => clerkRoster.check({}, declared));
    expect(result.failures).toBeUndefined();
    expect(warnings).toEqual([
      `Clerk organization ${ORG}: \`pulumi up\` adopts 2 existing member(s) and changes them to what is declared: ` +
        `John Smith <john.smith@acme.com> (${JOHN}): role org:member → org:admin; publicMetadata: team removed; privateMetadata: costCenter removed | ` +
        `Priya Patel <priya.patel@acme.com> (${PRIYA}): privateMetadata: costCenter removed. To keep a role or a metadata key as it is, declare it`,
    ]);
    expect(warnings.join("\n")).not.toContain(COST_CENTER);
    // What it announced is what up does.
    await clerkRoster.create(result.inputs);
    expect(fixture.handle.clerk.findMembership(ORG, JOHN)).toMatchObject({ role: "org:admin", publicMetadata: {}, privateMetadata: {} });
    expect(fixture.handle.clerk.findMembership(ORG, PRIYA)).toMatchObject({ role: "org:billing", privateMetadata: {} });
  });

  it("says nothing when the members it adopts already match, or once the roster is in the stack", async () => {
    const declared = { organizationId: ORG, members: { [JANE]: "org:admin", [JOHN]: { role: "org:member", publicMetadata: { team: "platform" } } } };
    const first = await warningsOf(() => clerkRoster.check({}, declared));
    expect(first.warnings).toEqual([]);
    const changed = { ...declared, members: { ...declared.members, [JOHN]: "org:billing" } };
    const again = await warningsOf(() => clerkRoster.check(first.result.inputs, changed));
    expect(again.warnings).toEqual([]);
  });
});

describe("a membership resource new to the stack", () => {
  it("Clerk: names what adopting the existing membership changes", async () => {
    const { warnings } = await warningsOf(() => clerkMembership.check({}, { organizationId: ORG, userId: JOHN, role: "org:member", publicMetadata: { team: "core" } }));
    expect(warnings).toEqual([
      `Clerk organization ${ORG}: \`pulumi up\` adopts 1 existing member(s) and changes them to what is declared: John Smith <john.smith@acme.com> (${JOHN}): publicMetadata: team changed. To keep a role or a metadata key as it is, declare it`,
    ]);
  });

  it("WorkOS: names the roles from → to; nothing when adoptExisting is false", async () => {
    const { warnings } = await warningsOf(() => workosMembership.check({}, { organizationId: WORKOS_ORG, userId: W_JOHN, roleSlugs: ["member", "billing"] }));
    expect(warnings).toEqual([
      `WorkOS organization ${WORKOS_ORG}: \`pulumi up\` adopts 1 existing member(s) and changes them to what is declared: ${W_JOHN}: roles member → billing, member. To keep a role or a metadata key as it is, declare it`,
    ]);
    const strict = await warningsOf(() => workosMembership.check({}, { organizationId: WORKOS_ORG, userId: W_JOHN, roleSlug: "admin", adoptExisting: false }));
    expect(strict.warnings).toEqual([]);
  });
});
