// `org-roster export` in-process against the emulator, credentials from the environment as on the command line:
// the live organization as roster entries (Clerk with its metadata, WorkOS without inactive memberships), and the
// roster file the command writes. Pending invitations are written as members named by email with missingUsers:
// invite, and an OrganizationRoster applying the exported file adopts them: no invitation sent, no change left.

import { parse } from "yaml";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { exportOrganization } from "../../provider/cli/export-command";
import { main } from "../../provider/cli/org-roster";
import { parseRosterText } from "../../provider/roster";
import * as runtime from "../../provider/runtime";
import { rosterInputs } from "../support/roster-inputs";
import { useRuntimeEnvironment } from "../support/runtime-environment";

const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin
const JOHN = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6"; // seeded org:member {team: platform}
const PRIYA = "user_25O6MsMcGp2kTY7xO5ZIredutNa"; // seeded org:billing, private metadata
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488"; // seeded admin
const W_JOHN = "user_01JGFJJZZ8YAGVDCKSQWW7FE4N"; // seeded member
const W_PRIYA = "user_01JGFJK0YG1EE043E42N4FHZD8"; // seeded member, inactive
const NEW_HIRE = "New.Hire@acme.com"; // no user: invited (written as sent, case included)
const GONE = "gone@acme.com"; // no user: invited, then revoked
const MARCO = "marco.rossi@acme.com"; // a seeded user of both services, in neither organization
const SECRET = "PRIVMETA-export-4417";

const CLERK_BULK = "POST /v1/organizations/:organizationId/invitations/bulk";
const WORKOS_SEND = "POST /user_management/invitations";

const pointAt = useRuntimeEnvironment();
let emulator: EmulatorHandle;

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: false, seed: defaultSeed() });
  pointAt(emulator);
});

afterAll(async () => {
  await emulator.close();
});

describe("exportOrganization", () => {
  it("lists a Clerk organization as roster entries: role, and metadata only where there is some", async () => {
    const { members, invitations, skipped } = await exportOrganization(runtime, "clerk", CLERK_ORG);
    expect({ invitations, skipped }).toEqual({ invitations: 0, skipped: [] });
    const byUser = new Map(members.map((member) => [member.userId, member]));
    expect(byUser.get(JANE)).toEqual({ userId: JANE, role: "org:admin" });
    expect(byUser.get(JOHN)).toEqual({ userId: JOHN, role: "org:member", publicMetadata: { team: "platform" } });
    expect(byUser.get(PRIYA)).toEqual({ userId: PRIYA, role: "org:billing", privateMetadata: { costCenter: "CC-1042" } });
  });

  it("lists a WorkOS organization's active memberships only (declaring an inactive one would reactivate it)", async () => {
    const { members } = await exportOrganization(runtime, "workos", WORKOS_ORG);
    expect(members.map((member) => member.userId).sort()).toEqual([W_JANE, W_JOHN].sort());
    expect(members.find((member) => member.userId === W_JANE)).toEqual({ userId: W_JANE, role: "admin" });
    expect(members.some((member) => member.userId === W_PRIYA)).toBe(false);
  });
});

describe("org-roster export", () => {
  it("prints a roster file of the live organization, in report mode", async () => {
    let stdout = "";
    let stderr = "";
    const context = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text), exitCode: 0 };
    await expect(main(["export", "--service", "workos", "--organization", WORKOS_ORG], context)).resolves.toBe(0);
    expect(stderr).toContain("2 members");
    expect(stderr).not.toContain("pending invitation");
    const document = parse(stdout) as { workos: { organizations: Record<string, { unmanagedMembers: string; members: Array<{ userId: string }> }> } };
    const organization = document.workos.organizations[WORKOS_ORG];
    expect(organization?.unmanagedMembers).toBe("report");
    // An organization without pending invitations keeps the default (nobody is invited unless the file says so).
    expect(organization).not.toHaveProperty("missingUsers");
    expect(organization?.members.map((member) => member.userId).sort()).toEqual([W_JANE, W_JOHN].sort());
    // Each entry is named by the person above it.
    expect(stdout).toContain(`        # Jane Doe <jane.doe@acme.com>\n        - userId: ${W_JANE}\n`);
    expect(stdout).toContain(`        # John Smith <john.smith@acme.com>\n        - userId: ${W_JOHN}\n`);
  });
});

describe("pending invitations", () => {
  beforeAll(() => {
    emulator.clerk.createInvitation(CLERK_ORG, { emailAddress: NEW_HIRE, role: "org:member", publicMetadata: { team: "platform" }, privateMetadata: { pager: SECRET } });
    const gone = emulator.clerk.createInvitation(CLERK_ORG, { emailAddress: GONE, role: "org:admin" });
    emulator.clerk.revokeInvitation(CLERK_ORG, gone.id);
    emulator.workos.sendInvitation({ email: NEW_HIRE, organizationId: WORKOS_ORG, roleSlug: "admin" });
    emulator.workos.revokeInvitation(emulator.workos.sendInvitation({ email: GONE, organizationId: WORKOS_ORG }).id);
  });

  it("lists a Clerk organization's pending invitations after its members, by email, with role and metadata; not revoked ones", async () => {
    const { members, invitations, skipped } = await exportOrganization(runtime, "clerk", CLERK_ORG);
    expect(invitations).toBe(1);
    expect(skipped).toEqual([]);
    expect(members.map((member) => member.userId ?? member.email)).toEqual([JANE, JOHN, PRIYA, NEW_HIRE]);
    expect(members.at(-1)).toEqual({ email: NEW_HIRE, role: "org:member", publicMetadata: { team: "platform" }, privateMetadata: { pager: SECRET } });
  });

  it("lists a WorkOS organization's pending invitations after its active members, by email, with their role; not revoked ones", async () => {
    const { members, invitations, skipped } = await exportOrganization(runtime, "workos", WORKOS_ORG);
    expect({ invitations, skipped }).toEqual({ invitations: 1, skipped: [] });
    expect(members.map((member) => member.userId ?? member.email)).toEqual([W_JANE, W_JOHN, NEW_HIRE]);
    expect(members.at(-1)).toEqual({ email: NEW_HIRE, role: "admin" });
  });

  it("leaves out, and says why, a pending invitation to an address that already has a user (a roster would add that user directly)", async () => {
    const clerkInvitation = emulator.clerk.createInvitation(CLERK_ORG, { emailAddress: MARCO, role: "org:member" });
    const workosInvitation = emulator.workos.sendInvitation({ email: MARCO, organizationId: WORKOS_ORG });
    try {
      const clerk = await exportOrganization(runtime, "clerk", CLERK_ORG);
      expect(clerk.invitations).toBe(1);
      expect(clerk.members.some((member) => member.email === MARCO)).toBe(false);
      expect(clerk.skipped).toEqual([expect.stringMatching(new RegExp(`^the pending invitation of ${MARCO} \\(${clerkInvitation.id}\\): the address belongs to user_2Cj42gEnI5sEt6OHTerNANMDgHi, .*reports the invitation as unmanaged`))]);
      const workos = await exportOrganization(runtime, "workos", WORKOS_ORG);
      expect(workos.members.some((member) => member.email === MARCO)).toBe(false);
      expect(workos.skipped).toEqual([expect.stringContaining(`the pending invitation of ${MARCO} (${workosInvitation.id}): the address belongs to user_01JGFJK1XRYFYTC66VPVTX363S`)]);
    } finally {
      // The next tests apply the exported file and expect no change: an invitation it leaves out would be drift.
      emulator.clerk.revokeInvitation(CLERK_ORG, clerkInvitation.id);
      emulator.workos.revokeInvitation(workosInvitation.id);
    }
  });

  const services = [
    { service: "clerk", organizationId: CLERK_ORG, provider: runtime.clerkRoster, send: CLERK_BULK },
    { service: "workos", organizationId: WORKOS_ORG, provider: runtime.workosRoster, send: WORKOS_SEND },
  ] as const;

  it.each(services)("$service: the exported file invites, and applying it with an OrganizationRoster sends nothing and changes nothing", async ({ service, organizationId, provider, send }) => {
    let stdout = "";
    let stderr = "";
    const context = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text), exitCode: 0 };
    await expect(main(["export", "--service", service, "--organization", organizationId], context)).resolves.toBe(0);
    expect(stderr).toContain("1 pending invitation, written with missingUsers: invite");
    expect(stderr).not.toContain("not exported");
    const organization = parseRosterText(stdout, "exported.yaml")[service]?.organizations[organizationId];
    expect(organization).toMatchObject({ unmanagedMembers: "report", missingUsers: "invite" });
    expect(organization?.members.filter((member) => member.email !== undefined)).toEqual([
      service === "clerk" ? { email: NEW_HIRE, role: "org:member", publicMetadata: { team: "platform" }, privateMetadata: { pager: SECRET } } : { email: NEW_HIRE, role: "admin" },
    ]);
    const invitation = pendingInvitationIds(service);
    expect(invitation).toHaveLength(1);

    const { inputs, failures } = await provider.check({}, rosterInputs(service, organizationId, organization ?? { members: [] }));
    expect(failures).toBeUndefined();
    emulator.resetStats();
    const { id, outs } = await provider.create(inputs);
    expect(emulator.stats().byRoute[send] ?? 0).toBe(0);
    // Nothing written at all: every member is as declared, and the invitation is adopted, not revoked and re-sent.
    expect(Object.keys(emulator.stats().byRoute).filter((route) => !route.startsWith("GET "))).toEqual([]);
    expect(pendingInvitationIds(service)).toEqual(invitation);
    expect(outs.sentInvitations).toMatchObject({ [NEW_HIRE]: { invitationId: invitation[0], status: "pending" } });
    await expect(provider.diff(id, outs, inputs)).resolves.toMatchObject({ changes: false });
    const refreshed = await provider.read(id, outs);
    await expect(provider.diff(id, refreshed.props ?? {}, inputs)).resolves.toMatchObject({ changes: false });
  });
});

/** The ids of the pending invitations to NEW_HIRE in the service's organization, as the emulator holds them. */
function pendingInvitationIds(service: "clerk" | "workos"): string[] {
  return service === "clerk"
    ? emulator.clerk.listInvitations(CLERK_ORG).filter((i) => i.emailAddress === NEW_HIRE && i.status === "pending").map((i) => i.id)
    : emulator.workos.listInvitations({ organizationId: WORKOS_ORG }).filter((i) => i.email === NEW_HIRE && i.state === "pending").map((i) => i.id);
}
