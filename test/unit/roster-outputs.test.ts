// What a Roster tells `pulumi stack output`: built from its resources' outputs, the same in both granularities.

import { membershipsView, organizationOutput } from "../../provider/resources/roster-outputs";

const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z";
const JOHN = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6";
const SAM = "user_2q2pKPH4DwyaujKDfVPuwfT9G8F";

describe("a roster's organizations output", () => {
  const expected = {
    service: "clerk",
    organizationId: ORG,
    members: [
      { userId: JOHN, email: "john.smith@acme.com", name: "John Smith", role: "org:member" },
      { userId: JANE, email: "jane.doe@acme.com", name: "Jane Doe", role: "org:admin" },
    ],
    invitations: [{ email: "ada@acme.com", invitationId: "orginv_1", role: "org:member", expiresAt: "2026-12-21T00:00:00.000Z" }],
    unmanagedMembers: [{ userId: SAM, email: "sam@acme.com", name: "Sam Lee", role: "org:billing" }],
    unmanagedInvitations: [{ email: "eve@acme.com", role: "org:member", invitationId: "orginv_9" }],
    absentMembers: [],
  };
  const watcher = {
    unmanagedMembers: [{ userId: SAM, person: "Sam Lee <sam@acme.com>", role: "org:billing", membershipId: "orgmem_9" }],
    unmanagedInvitations: [{ email: "eve@acme.com", role: "org:member", invitationId: "orginv_9" }],
  };

  it("from an OrganizationRoster: members named, pending invitations with their declared role, extras", () => {
    const view = {
      members: { [JANE]: "org:admin", [JOHN]: { role: "org:member", publicMetadata: { team: "platform" } } },
      people: { [JANE]: "Jane Doe <jane.doe@acme.com>", [JOHN]: "John Smith <john.smith@acme.com>" },
      emails: {},
      sentInvitations: {
        "ada@acme.com": { invitationId: "orginv_1", status: "pending", expiresAt: "2026-12-21T00:00:00.000Z" },
        "gone@acme.com": { invitationId: "orginv_2", status: "revoked" },
      },
      absentMembers: [],
      ...watcher,
    };
    expect(organizationOutput("clerk", ORG, view, { "ada@acme.com": ["org:member"] })).toEqual(expected);
  });

  it("from per-member resources and the watcher: the same", () => {
    const memberships = [
      { userId: JANE, role: "org:admin", person: "Jane Doe <jane.doe@acme.com>" },
      { userId: JOHN, email: "john.smith@acme.com", role: "org:member", person: "John Smith" },
      { email: "ada@acme.com", role: "org:member", invitationId: "orginv_1", invitationStatus: "pending", expiresAt: "2026-12-21T00:00:00.000Z" },
    ];
    expect(organizationOutput("clerk", ORG, membershipsView(memberships, watcher), { "ada@acme.com": ["org:member"] })).toEqual(expected);
  });

  it("WorkOS: several roles as roles, an inactive member with its status, emails as the roster resolved them", () => {
    const view = {
      members: { user_01A: "admin", user_01B: { roleSlugs: ["member", "billing"] }, user_01C: { roleSlug: "member", status: "inactive" } },
      emails: { "b@acme.com": "user_01B" },
    };
    expect(organizationOutput("workos", "org_01X", view, {}).members).toEqual([
      { userId: "user_01A", role: "admin" },
      { userId: "user_01B", email: "b@acme.com", roles: ["billing", "member"] },
      { userId: "user_01C", role: "member", status: "inactive" },
    ]);
  });
});
