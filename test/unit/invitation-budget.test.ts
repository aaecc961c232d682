// The hourly invitation budget of a service instance is shared by every resource of a stack: each reservation replaces
// what the same resource reserved before, and one that would take an endpoint past its hourly limit is refused,
// naming what else of the stack draws on it.

import { reserveInvitations } from "../../provider/engine/invitation-budget";
import type { InvitationApi } from "../../provider/engine/port";
import { clerkRosterModel } from "../../provider/backends/clerk/roster";
import { workosRosterModel } from "../../provider/backends/workos/roster";
import type { ClerkDesiredMembership } from "../../provider/backends/clerk/model";

// The ledger is per invitation client (per key): each test has its own.
const instance = (): (() => InvitationApi<ClerkDesiredMembership>) => {
  const client = {} as InvitationApi<ClerkDesiredMembership>;
  return () => client;
};

describe("the instance's invitation budget", () => {
  it("counts the stack's rosters together: 300 and 300 invitations (60 bulk calls) exceed Clerk's 50 an hour", () => {
    const key = instance();
    reserveInvitations(clerkRosterModel, key, "org_2a", "the roster of org_2a", 300);
    expect(() => reserveInvitations(clerkRosterModel, key, "org_2b", "the roster of org_2b", 300)).toThrow(
      "Clerk organization org_2b: this change would send 300 invitation(s), 30 call(s) of POST /v1/organizations/{organization_id}/invitations/bulk and the stack's other resources plan 30 more (the roster of org_2a: 30), and Clerk allows 50 bulk invitation calls per hour per instance, 10 invitations each, so at most 50 such calls per hour; nothing was sent.",
    );
    // What fits still goes, and a resource's new plan replaces its own reservation.
    reserveInvitations(clerkRosterModel, key, "org_2b", "the roster of org_2b", 200);
    reserveInvitations(clerkRosterModel, key, "org_2a", "the roster of org_2a", 300);
    expect(() => reserveInvitations(clerkRosterModel, key, "org_2a", "the roster of org_2a", 301)).toThrow(/plan 20 more/);
    reserveInvitations(clerkRosterModel, key, "org_2a", "the roster of org_2a", 0);
    reserveInvitations(clerkRosterModel, key, "org_2b", "the roster of org_2b", 500);
  });

  it("a single invitee draws on the single endpoint's 250 an hour, apart from the bulk calls", () => {
    const key = instance();
    reserveInvitations(clerkRosterModel, key, "org_2a", "the roster of org_2a", 500);
    for (let i = 0; i < 250; i++) reserveInvitations(clerkRosterModel, key, "org_2a", `hire${i}@acme.com in org_2a`, 1);
    expect(() => reserveInvitations(clerkRosterModel, key, "org_2a", "late@acme.com in org_2a", 1)).toThrow(/1 call\(s\) of POST \/v1\/organizations\/\{organization_id\}\/invitations and the stack's other resources plan 250 more \(hire0@acme.com in org_2a: 1, .*, and 245 more\), and Clerk allows 250 single invitation calls per hour per instance/);
    // Another key is another instance.
    reserveInvitations(clerkRosterModel, instance(), "org_2a", "late@acme.com in org_2a", 1);
  });

  it("one roster alone over the limit is refused without naming others", () => {
    expect(() => reserveInvitations(clerkRosterModel, instance(), "org_2a", "the roster of org_2a", 501)).toThrow(
      /would send 501 invitation\(s\), 51 call\(s\) of POST \/v1\/organizations\/\{organization_id\}\/invitations\/bulk, and Clerk allows 50 bulk/,
    );
  });

  it("a service without invitation limits reserves nothing", () => {
    expect(() => reserveInvitations(workosRosterModel, () => { throw new Error("not asked"); }, "org_01", "the roster of org_01", 10_000)).not.toThrow();
  });
});
