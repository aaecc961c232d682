// End-to-end under the real Pulumi CLI: a roster that names someone by an email with no account yet, with
// missingUsers: invite, for Clerk and WorkOS at once, in both granularities. The preview names who will be
// invited and sends nothing; up sends exactly one invitation per service; a second up sends none; once accepted,
// the drift check is green and the member has the declared role and metadata; an invitation revoked out of band
// turns the check red and the next up sends exactly one new one; removing the email revokes it.

import { startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject } from "../support/pulumi-cli";

jest.setTimeout(600_000);

const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488";
const CLERK_HIRE = "ada.new@acme.com";
const WORKOS_HIRE = "grace.new@acme.com";
const SECRET = "PRIVMETA-invitee-7781";
/** Clerk's two ways to send: one invitation, or up to ten in a bulk call. */
const CLERK_SENDS = ["POST /v1/organizations/:organizationId/invitations", "POST /v1/organizations/:organizationId/invitations/bulk"];
const WORKOS_SEND = "POST /user_management/invitations";

const program = (granularity: string): string => `
const { Roster } = require("pulumi-org-roster");
exports.organizations = new Roster("people", { roster: require("./roster.json"), granularity: "${granularity}" }).organizations;
`;

function roster(withHires = true) {
  return {
    clerk: {
      organizations: {
        [CLERK_ORG]: {
          unmanagedMembers: "ignore",
          missingUsers: "invite",
          invitations: { expiresInDays: 14 },
          members: [
            { userId: JANE, role: "org:admin" },
            ...(withHires ? [{ email: CLERK_HIRE, role: "org:member", publicMetadata: { team: "platform" }, privateMetadata: { pager: SECRET } }] : []),
          ],
        },
      },
    },
    workos: {
      organizations: {
        [WORKOS_ORG]: {
          unmanagedMembers: "ignore",
          missingUsers: "invite",
          members: [{ userId: W_JANE, role: "admin" }, ...(withHires ? [{ email: WORKOS_HIRE, role: "member" }] : [])],
        },
      },
    },
  };
}

describe.each(["organization", "member"] as const)("onboarding by invitation, %s granularity", (granularity) => {
  let emulator: EmulatorHandle;
  let project: PulumiProject;

  function sends(): { clerk: number; workos: number } {
    const byRoute = emulator.stats().byRoute;
    return { clerk: CLERK_SENDS.reduce((sum, route) => sum + (byRoute[route] ?? 0), 0), workos: byRoute[WORKOS_SEND] ?? 0 };
  }

  function pending(): { clerk: string[]; workos: string[] } {
    return {
      clerk: emulator.clerk.listInvitations(CLERK_ORG).filter((i) => i.status === "pending").map((i) => i.id),
      workos: emulator.workos.listInvitations({ organizationId: WORKOS_ORG }).filter((i) => i.state === "pending").map((i) => i.id),
    };
  }

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: false });
    project = await PulumiProject.create(`invitations-${granularity}-e2e`, {
      program: program(granularity),
      config: { "clerk:apiUrl": emulator.clerkApiUrl, "workos:apiUrl": emulator.workosApiUrl },
      secrets: { "clerk:secretKey": "sk_test_emulator_clerk", "workos:apiKey": "sk_test_emulator_workos" },
    });
    project.writeRoster(roster());
  });

  afterAll(async () => {
    await emulator?.close();
    project?.remove();
  });

  describe("the whole cycle", () => {
    it("preview names who will be invited and sends nothing", async () => {
      emulator.resetStats();
      const preview = await project.cli(["preview", "--diff"]);
      expect(preview.stdout).toContain(CLERK_HIRE);
      expect(preview.stdout).toContain(WORKOS_HIRE);
      // The preview says each invitation is an email to a person, before up sends it.
      const output = preview.stdout + preview.stderr;
      expect(output).toContain(`\`pulumi up\` will send an invitation email to ${CLERK_HIRE} (missingUsers: invite)`);
      expect(output).toContain(`\`pulumi up\` will send an invitation email to ${WORKOS_HIRE} (missingUsers: invite)`);
      expect(sends()).toEqual({ clerk: 0, workos: 0 });
    });

    it("up sends exactly one invitation per service, and a second up sends none", async () => {
      emulator.resetStats();
      await project.up();
      expect(sends()).toEqual({ clerk: 1, workos: 1 });
      expect(pending().clerk).toHaveLength(1);
      expect(pending().workos).toHaveLength(1);
      await project.up();
      expect(sends()).toEqual({ clerk: 1, workos: 1 });
      await expect(project.driftCheck()).resolves.toMatchObject({ code: 0 });
    });

    it("pulumi stack output says who is in and who is invited, by name and email, without private metadata", async () => {
      const outputs = await project.outputs();
      expect(outputs).toEqual({
        organizations: {
          [`clerk/${CLERK_ORG}`]: {
            service: "clerk",
            organizationId: CLERK_ORG,
            members: [{ userId: JANE, email: "jane.doe@acme.com", name: "Jane Doe", role: "org:admin" }],
            invitations: [expect.objectContaining({ email: CLERK_HIRE, invitationId: pending().clerk[0], role: "org:member" })],
            unmanagedMembers: [],
            unmanagedInvitations: [],
            absentMembers: [],
          },
          [`workos/${WORKOS_ORG}`]: {
            service: "workos",
            organizationId: WORKOS_ORG,
            members: [expect.objectContaining({ userId: W_JANE, role: "admin" })],
            invitations: [expect.objectContaining({ email: WORKOS_HIRE, invitationId: pending().workos[0], role: "member" })],
            unmanagedMembers: [],
            unmanagedInvitations: [],
            absentMembers: [],
          },
        },
      });
      expect(JSON.stringify(outputs)).not.toContain(SECRET);
    });

    it("once accepted, the drift check is green and the members have what the roster declares", async () => {
      emulator.clerk.acceptOrganizationInvitation(CLERK_ORG, pending().clerk[0] ?? "");
      emulator.workos.acceptInvitation(pending().workos[0] ?? "");
      await project.up(["--refresh"]);
      const drift = await project.driftCheck();
      expect(drift.code).toBe(0);
      const ada = emulator.clerk.findUserByEmail(CLERK_HIRE)?.id ?? "?";
      expect(emulator.clerk.findMembership(CLERK_ORG, ada)).toMatchObject({ role: "org:member", publicMetadata: { team: "platform" }, privateMetadata: { pager: SECRET } });
      const grace = emulator.workos.listUsers().find((u) => u.email === WORKOS_HIRE)?.id ?? "?";
      expect(emulator.workos.listMemberships({ organizationId: WORKOS_ORG, userId: grace })[0]).toMatchObject({ status: "active", roleSlugs: ["member"] });
    });

    it("an invitation revoked out of band is red, and the next up sends exactly one new one; removing the email revokes it", async () => {
      const later = "later.hire@acme.com";
      const withLater = roster();
      withLater.clerk.organizations[CLERK_ORG].members.push({ email: later, role: "org:member" } as never);
      withLater.workos.organizations[WORKOS_ORG].members.push({ email: later, role: "member" });
      project.writeRoster(withLater);
      await project.up();
      const clerkLater = () => emulator.clerk.listInvitations(CLERK_ORG).filter((i) => i.emailAddress === later && i.status === "pending");
      const workosLater = () => emulator.workos.listInvitations({ organizationId: WORKOS_ORG }).filter((i) => i.email === later && i.state === "pending");
      emulator.clerk.revokeInvitation(CLERK_ORG, clerkLater()[0]?.id ?? "");
      emulator.workos.revokeInvitation(workosLater()[0]?.id ?? "");
      const drift = await project.driftCheck();
      expect(drift.code).toBe(7);
      emulator.resetStats();
      await project.up(["--refresh"]);
      expect(sends()).toEqual({ clerk: 1, workos: 1 });
      expect(clerkLater()).toHaveLength(1);
      expect(workosLater()).toHaveLength(1);
      await expect(project.driftCheck()).resolves.toMatchObject({ code: 0 });

      project.writeRoster(roster());
      await project.up();
      expect(clerkLater()).toHaveLength(0);
      expect(workosLater()).toHaveLength(0);
    });

    it("the invitee's private metadata and the keys never appear in state or output", () => {
      for (const text of [project.transcript.join("\n"), project.stateFilesText()]) {
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain("sk_test_emulator_clerk");
        expect(text).not.toContain("sk_test_emulator_workos");
      }
    });
  });
});
