// People are named by email and name next to their ids, where the service says who they are: in a roster's state
// (output `people`), in the unmanaged members a refresh finds (and the drift check's --diff line), in refusals and
// notices; and the preview says whom `up` will send an invitation email.

import { driftByOrganization } from "../../provider/cli/drift-report";
import { clerkMembership, clerkRoster, workosMembership, workosRoster } from "../../provider/runtime";
import { useRuntimeEmulator } from "../support/emulator-harness";
import { warningsOf } from "../support/warnings";

const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin, Jane Doe
const JOHN = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6"; // seeded org:member, John Smith
const PRIYA = "user_25O6MsMcGp2kTY7xO5ZIredutNa"; // seeded org:billing, Priya Patel
const SAM = "user_2q2pKPH4DwyaujKDfVPuwfT9G8F";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488"; // seeded admin, active
const W_JOHN = "user_01JGFJJZZ8YAGVDCKSQWW7FE4N"; // seeded member, active

const fixture = useRuntimeEmulator();

describe("a roster names the people of its organization", () => {
  it("Clerk: state keeps who each member is; a refresh names the unmanaged members, and the drift line says who", async () => {
    const { inputs } = await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin", "john.smith@acme.com": "org:member" }, unmanagedMembers: "report" });
    const { outs } = await clerkRoster.create(inputs);
    expect(outs.people).toEqual({ [JANE]: "Jane Doe <jane.doe@acme.com>", [JOHN]: "John Smith <john.smith@acme.com>", [PRIYA]: "Priya Patel <priya.patel@acme.com>" });
    expect(outs.unmanagedMembers).toEqual([{ userId: PRIYA, person: "Priya Patel <priya.patel@acme.com>", role: "org:billing", membershipId: expect.any(String) as string }]);
    fixture.handle.clerk.createMembership({ organizationId: ORG, userId: SAM, role: "org:admin" });
    const read = await clerkRoster.read(ORG, outs);
    expect(read.inputs?.unmanagedMembers).toBe(
      `report: live members not in the roster: Priya Patel <priya.patel@acme.com> (${PRIYA}) (org:billing), Sam Okafor <sam.okafor@acme.com> (${SAM}) (org:admin); add them to the roster, or remove them from the organization (or set unmanagedMembers: remove)`,
    );
  });

  it("WorkOS: the organization's users are listed beside its memberships (two listings, shared by the process), and joined by id", async () => {
    fixture.handle.resetStats();
    const { inputs } = await workosRoster.check({}, { organizationId: WORKOS_ORG, members: { [W_JANE]: "admin" }, unmanagedMembers: "report" });
    const { outs } = await workosRoster.create(inputs);
    expect(fixture.handle.stats().byRoute["GET /user_management/users"]).toBe(1);
    expect(outs.people).toMatchObject({ [W_JANE]: "Jane Doe <jane.doe@acme.com>", [W_JOHN]: "John Smith <john.smith@acme.com>" });
    expect(outs.unmanagedMembers).toEqual([expect.objectContaining({ userId: W_JOHN, person: "John Smith <john.smith@acme.com>" })]);
  });

  it("a refusal over maxRemovals names each person who would go, from the state", async () => {
    const { inputs } = await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin", [JOHN]: "org:member", [PRIYA]: "org:billing" }, maxRemovals: 1 });
    const { outs } = await clerkRoster.create(inputs);
    const next = await clerkRoster.check(inputs, { organizationId: ORG, members: { [JANE]: "org:admin" }, maxRemovals: 1 });
    await expect(clerkRoster.diff(ORG, outs, next.inputs)).rejects.toThrow(
      `Who would go: Priya Patel <priya.patel@acme.com> (${PRIYA}) (no longer declared); John Smith <john.smith@acme.com> (${JOHN}) (no longer declared).`,
    );
  });
});

describe("a membership resource names its member", () => {
  it("Clerk and WorkOS: the state says who the member is (WorkOS: from one listing of the organization's users, shared), and drift-report names them", async () => {
    const { inputs } = await clerkMembership.check({}, { organizationId: ORG, userId: JOHN, role: "org:billing" });
    const { outs } = await clerkMembership.create(inputs);
    expect(outs.person).toBe("John Smith <john.smith@acme.com>");
    const read = await clerkMembership.read(String(outs.membershipId), outs);
    expect(read.props?.person).toBe("John Smith <john.smith@acme.com>");

    fixture.handle.resetStats();
    const workos = await Promise.all(
      [W_JANE, W_JOHN].map(async (userId) => {
        const checked = await workosMembership.check({}, { organizationId: WORKOS_ORG, userId, roleSlug: userId === W_JANE ? "admin" : "member" });
        return (await workosMembership.create(checked.inputs)).outs;
      }),
    );
    expect(workos.map((state) => state.person)).toEqual(["Jane Doe <jane.doe@acme.com>", "John Smith <john.smith@acme.com>"]);
    expect(fixture.handle.stats().byRoute["GET /user_management/users"]).toBe(1);

    // The reviewer's report of a change to this membership names the person, not only the id.
    const drift = driftByOrganization({ steps: [{ op: "update", urn: "urn:x", oldState: { type: "pulumi-nodejs:dynamic/clerk:OrganizationMembership", outputs: outs }, newState: { type: "pulumi-nodejs:dynamic/clerk:OrganizationMembership", inputs: { ...inputs, role: "org:member" } } }] });
    expect(drift[0]?.changes).toEqual([{ member: JOHN, person: "John Smith <john.smith@acme.com>", change: "role", from: "org:billing", to: "org:member" }]);
  });
});

describe("the preview says whom up will send an invitation email", () => {
  it("roster: the diff names each invitee once, and a pending invitation that grants the same is not announced again", async () => {
    const declared = { organizationId: ORG, members: { [JANE]: "org:admin", "ada@newhire.dev": "org:member" }, missingUsers: "invite" };
    const { inputs } = await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin" } });
    const { outs } = await clerkRoster.create(inputs);
    const next = await clerkRoster.check(inputs, declared);
    const { warnings } = await warningsOf(() => clerkRoster.diff(ORG, outs, next.inputs));
    expect(warnings).toEqual([`Clerk organization ${ORG}: \`pulumi up\` will send an invitation email to ada@newhire.dev (missingUsers: invite)`]);
    const { outs: sent } = await clerkRoster.update(ORG, outs, next.inputs);
    const again = await warningsOf(() => clerkRoster.diff(ORG, sent, next.inputs));
    expect(again.warnings).toEqual([]);
  });

  it("a roster new to the organization: its check names the invitees (no diff follows a create)", async () => {
    const { warnings } = await warningsOf(() => clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin", "ada@newhire.dev": "org:member", "bob@newhire.dev": "org:billing" }, missingUsers: "invite" }));
    expect(warnings).toContain(`Clerk organization ${ORG}: \`pulumi up\` will send an invitation email to ada@newhire.dev, bob@newhire.dev (missingUsers: invite)`);
  });

  it("roster with notify: false: says invitations are created without an email", async () => {
    const { inputs } = await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin" } });
    const { outs } = await clerkRoster.create(inputs);
    const next = await clerkRoster.check(inputs, { organizationId: ORG, members: { [JANE]: "org:admin", "ada@newhire.dev": "org:member" }, missingUsers: "invite", invitations: { notify: false } });
    const { warnings } = await warningsOf(() => clerkRoster.diff(ORG, outs, next.inputs));
    expect(warnings).toEqual([`Clerk organization ${ORG}: \`pulumi up\` will create 1 invitation(s), without an email (notify: false), for ada@newhire.dev (missingUsers: invite)`]);
  });

  it("per-member: a new invitee's check says it; an existing one's check does not", async () => {
    const raw = { organizationId: ORG, email: "ada@newhire.dev", role: "org:member", missingUsers: "invite" };
    const first = await warningsOf(() => clerkMembership.check({}, raw));
    expect(first.warnings).toEqual([`Clerk organization ${ORG}: \`pulumi up\` will send an invitation email to ada@newhire.dev (missingUsers: invite)`]);
    const again = await warningsOf(() => clerkMembership.check(first.result.inputs, raw));
    expect(again.warnings).toEqual([]);
  });

  it("per-member: a new invitee whose invitation was sent from a dashboard, granting what is declared, is adopted: no email announced, none sent", async () => {
    fixture.handle.clerk.createInvitation(ORG, { emailAddress: "grace@newhire.dev", role: "org:member" });
    const raw = { organizationId: ORG, email: "grace@newhire.dev", role: "org:member", missingUsers: "invite" };
    const { result, warnings } = await warningsOf(() => clerkMembership.check({}, raw));
    expect(warnings).toEqual([]);
    fixture.handle.resetStats();
    const { outs } = await clerkMembership.create(result.inputs);
    expect(outs).toMatchObject({ email: "grace@newhire.dev", invitationStatus: "pending" });
    expect(Object.keys(fixture.handle.stats().byRoute).filter((route) => route.startsWith("POST"))).toEqual([]);
  });
});
