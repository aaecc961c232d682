// The emulator seed built from a roster file `org-roster export` wrote: organizations, roles, users (from the entries
// and the notes above them), memberships and pending invitations, and the combination with a base seed.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultSeed, EmulatorInputError, type NormalizedEmulatorSeed } from "../../emulator";
import { readEntryNotes, seedFromExportText } from "../../emulator/seed-from-roster";
import { RosterValidationError } from "../../provider/roster";

const FIXTURE = join(__dirname, "..", "fixtures", "roster", "exported.roster.yaml");
const text = readFileSync(FIXTURE, "utf8");

const CLERK_ORG = "org_2rehearsalK7mQ4vX9pL2nR8tW";
const SECOND_ORG = "org_2secondOrgK7mQ4vX9pL2nR8tW";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z";
const JOHN = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6";
const NO_NOTE = "user_2noNoteXoYq4vX9pL2nR8tW5yA";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488";
const W_PRIYA = "user_01JGFJK0YG1EE043E42N4FHZD8";
const W_MARCO = "user_01JGFJK1XRYFYTC66VPVTX363S";

/** Who is a member of which organization with what, by email (ids generated for some). */
function clerkMembers(seed: NormalizedEmulatorSeed, organizationId: string): Array<[string | undefined, string, object, object]> {
  const emailOf = new Map(seed.clerk.users.map((user) => [user.id, user.emailAddresses[0]]));
  return seed.clerk.memberships
    .filter((membership) => membership.organizationId === organizationId)
    .map((membership) => [emailOf.get(membership.userId), membership.role, membership.publicMetadata, membership.privateMetadata]);
}

describe("readEntryNotes", () => {
  it("reads the note above every entry, the first one included (YAML gives it to the list)", () => {
    expect(readEntryNotes(text)).toEqual({
      clerk: {
        [CLERK_ORG]: [
          { kind: "person", name: "Jane Doe", email: "jane.doe@acme.com" },
          { kind: "person", name: "John Smith", email: "john.smith@acme.com", userId: JOHN },
          undefined,
          undefined,
          { kind: "invitation", invitationId: "orginv_2newHireQ4vX9pL2nR8tW5yAb" },
        ],
        [SECOND_ORG]: [{ kind: "person", name: "Jane Doe", email: "jane.doe@acme.com" }],
      },
      workos: {
        [WORKOS_ORG]: [
          { kind: "person", name: "Jane Doe", email: "jane.doe@acme.com" },
          { kind: "person", name: "Priya Patel", email: "priya.patel@acme.com", userId: W_PRIYA },
          undefined,
          { kind: "invitation", invitationId: "invitation_01JGK0000000000000000000AB" },
        ],
      },
    });
  });
});

describe("seedFromExportText", () => {
  const seed = seedFromExportText(text, FIXTURE);

  it("holds exactly the roster's organizations, named by their ids, with the emulator's fake keys", () => {
    expect(seed.clerk.organizations.map((organization) => [organization.id, organization.name])).toEqual([
      [CLERK_ORG, CLERK_ORG],
      [SECOND_ORG, SECOND_ORG],
    ]);
    expect(seed.workos.organizations.map((organization) => organization.id)).toEqual([WORKOS_ORG]);
    expect(seed.clerk.secretKeys).toEqual(defaultSeed().clerk?.secretKeys);
    expect(seed.workos.apiKeys).toEqual(defaultSeed().workos?.apiKeys);
  });

  it("makes a Clerk user per member: the id from the entry or its note, else one in Clerk's shape; the name and email from the note, else made up", () => {
    const users = new Map(seed.clerk.users.map((user) => [user.emailAddresses[0], user]));
    expect(seed.clerk.users).toHaveLength(4);
    expect(users.get("jane.doe@acme.com")).toMatchObject({ id: JANE, firstName: "Jane", lastName: "Doe" });
    expect(users.get("john.smith@acme.com")).toMatchObject({ id: JOHN, firstName: "John", lastName: "Smith" });
    expect(users.get(`${NO_NOTE}@example.com`)).toMatchObject({ id: NO_NOTE, firstName: null, lastName: null });
    // An entry by email without a note is a member whose id is generated (the same every time).
    expect(users.get("walter@acme.com")?.id).toMatch(/^user_2[A-Za-z0-9]{26}$/);
    expect(seedFromExportText(text, FIXTURE).clerk.users.find((user) => user.emailAddresses[0] === "walter@acme.com")?.id).toBe(users.get("walter@acme.com")?.id);
  });

  it("gives each Clerk member the declared role (default org:member) and metadata; the invitation entry is a pending invitation", () => {
    expect(clerkMembers(seed, CLERK_ORG)).toEqual([
      ["jane.doe@acme.com", "org:admin", {}, {}],
      ["john.smith@acme.com", "org:member", { team: "platform" }, {}],
      [`${NO_NOTE}@example.com`, "org:billing", {}, { costCenter: "CC-1042" }],
      ["walter@acme.com", "org:member", {}, {}],
    ]);
    expect(clerkMembers(seed, SECOND_ORG)).toEqual([["jane.doe@acme.com", "org:admin", {}, {}]]);
    expect(seed.clerk.invitations).toEqual([
      expect.objectContaining({
        id: "orginv_2newHireQ4vX9pL2nR8tW5yAb",
        organizationId: CLERK_ORG,
        emailAddress: "new.hire@acme.com",
        role: "org:admin",
        status: "pending",
        publicMetadata: { team: "growth" },
        privateMetadata: { pager: "4417" },
      }),
    ]);
  });

  it("defines the Clerk roles used and the usual admin and member roles", () => {
    expect(seed.clerk.roles.map((role) => role.key)).toEqual(["org:admin", "org:member", "org:billing"]);
  });

  it("makes WorkOS users, memberships with every declared role, and the pending invitation", () => {
    expect(seed.workos.users.map((user) => [user.id, user.email, user.firstName])).toEqual([
      [W_JANE, "jane.doe@acme.com", "Jane"],
      [W_PRIYA, "priya.patel@acme.com", "Priya"],
      [W_MARCO, `${W_MARCO}@example.com`, null],
    ]);
    expect(seed.workos.memberships.map((membership) => [membership.userId, membership.roleSlugs, membership.status])).toEqual([
      [W_JANE, ["admin"], "active"],
      [W_PRIYA, ["billing", "member"], "active"],
      [W_MARCO, ["member"], "active"],
    ]);
    expect(seed.workos.invitations).toEqual([
      expect.objectContaining({ id: "invitation_01JGK0000000000000000000AB", organizationId: WORKOS_ORG, email: "new.hire@acme.com", roleSlug: "admin", state: "pending" }),
    ]);
    expect(seed.workos.roles.map((role) => role.slug)).toEqual(["admin", "member", "billing"]);
    expect(seed.workos.multipleRolesEnabled).toBe(true);
  });

  it("generates WorkOS ids as ULIDs for members by email without a note", () => {
    const roster = `workos:\n  organizations:\n    ${WORKOS_ORG}:\n      members:\n        - email: new@acme.com\n`;
    const [user] = seedFromExportText(roster, "roster.yaml").workos.users;
    expect(user?.email).toBe("new@acme.com");
    expect(user?.id).toMatch(/^user_[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it("over a base seed: keeps its keys, users and other organizations, replaces the organizations the roster names, and reuses its users by email", () => {
    const base = defaultSeed();
    const roster = [
      "clerk:",
      "  organizations:",
      "    org_2acmeCorpK7mQ4vX9pL2nR8tW5y:",
      "      members:",
      "        - email: marco.rossi@acme.com",
      "          role: org:admin",
      `    ${CLERK_ORG}:`,
      "      members:",
      `        - userId: ${JANE}`,
    ].join("\n");
    const combined = seedFromExportText(roster, "roster.yaml", base);
    expect(combined.clerk.secretKeys).toEqual(base.clerk?.secretKeys);
    expect(combined.clerk.users.map((user) => user.id)).toEqual(defaultSeed().clerk?.users?.map((user) => user.id));
    // The base's name for an organization it has; the roster's members only.
    expect(combined.clerk.organizations.map((organization) => [organization.id, organization.name])).toEqual([
      ["org_2acmeCorpK7mQ4vX9pL2nR8tW5y", "Acme Corp"],
      [CLERK_ORG, CLERK_ORG],
    ]);
    expect(combined.clerk.memberships.map((membership) => [membership.organizationId, membership.userId, membership.role])).toEqual([
      ["org_2acmeCorpK7mQ4vX9pL2nR8tW5y", "user_2Cj42gEnI5sEt6OHTerNANMDgHi", "org:admin"],
      [CLERK_ORG, JANE, "org:member"],
    ]);
    // The WorkOS part of the base, which the roster does not touch, stays as it was.
    expect(combined.workos.memberships).toHaveLength(defaultSeed().workos?.memberships?.length ?? -1);
  });

  it("refuses a file that is no valid roster, with the roster's problems", () => {
    expect(() => seedFromExportText("clerk:\n  organizations:\n    acme: {}\n", "bad.yaml")).toThrow(RosterValidationError);
  });

  it("refuses a roster whose seed would be invalid, naming the problem", () => {
    const twice = `clerk:\n  organizations:\n    ${CLERK_ORG}:\n      members:\n        # pending invitation orginv_same\n        - email: a@acme.com\n    ${SECOND_ORG}:\n      members:\n        # pending invitation orginv_same\n        - email: b@acme.com\n`;
    expect(() => seedFromExportText(twice, "roster.yaml")).toThrow(EmulatorInputError);
  });
});
