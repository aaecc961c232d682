// The removal budget and last-admin arithmetic of an OrganizationRoster plan, on hand-made live members.

import { clerkRosterModel } from "../../provider/backends/clerk/roster";
import type { ClerkDesiredMembership, ClerkLiveMembership } from "../../provider/backends/clerk/model";
import { guardPlan, planRoster, type RosterSettings } from "../../provider/engine/roster-plan";

const ORG = "org_1";

function live(userId: string, role = "org:member", publicMetadata: Record<string, string> = {}): ClerkLiveMembership {
  return { membershipId: `orgmem_${userId}`, organizationId: ORG, userId, role, roleName: undefined, permissions: [], publicMetadata, privateMetadata: {}, createdAt: "", updatedAt: "" };
}

function desired(userId: string, role = "org:member", publicMetadata: Record<string, string> = {}): ClerkDesiredMembership {
  return { organizationId: ORG, userId, role, publicMetadata, privateMetadata: {}, adoptExisting: true };
}

const settings = (overrides: Partial<RosterSettings> = {}): RosterSettings => ({ unmanagedMembers: "report", maxRemovals: 5, adminRoles: ["org:admin"], manageMembers: true, missingUsers: "error", ...overrides });

describe("planRoster", () => {
  it("creates the missing, converges the changed, leaves the equal alone", () => {
    const plan = planRoster(clerkRosterModel, [live("user_a", "org:admin"), live("user_b"), live("user_c", "org:member", { t: "x" })], new Map([
      ["user_a", desired("user_a", "org:admin")],
      ["user_b", desired("user_b", "org:billing")],
      ["user_c", desired("user_c", "org:member", { t: "x" })],
      ["user_d", desired("user_d")],
    ]), new Set(), settings());
    expect(plan.create.map((d) => d.userId)).toEqual(["user_d"]);
    expect(plan.converge.map((c) => c.desired.userId)).toEqual(["user_b"]);
    expect(plan.removeDeclared).toEqual([]);
  });

  it("removes members dropped from the roster and tells them from unmanaged ones", () => {
    const plan = planRoster(clerkRosterModel, [live("user_a", "org:admin"), live("user_gone"), live("user_byhand")], new Map([["user_a", desired("user_a", "org:admin")]]), new Set(["user_a", "user_gone"]), settings());
    expect(plan.removeDeclared.map((m) => m.userId)).toEqual(["user_gone"]);
    expect(plan.unmanaged.map((m) => m.userId)).toEqual(["user_byhand"]);
    expect(plan.removeUnmanaged).toEqual([]);
  });

  it("removes unmanaged members only in remove mode", () => {
    const plan = planRoster(clerkRosterModel, [live("user_a", "org:admin"), live("user_byhand")], new Map([["user_a", desired("user_a", "org:admin")]]), new Set(), settings({ unmanagedMembers: "remove" }));
    expect(plan.removeUnmanaged.map((m) => m.userId)).toEqual(["user_byhand"]);
  });

  it("as a watcher, never creates, converges or removes declared members", () => {
    const plan = planRoster(clerkRosterModel, [live("user_a", "org:member"), live("user_gone")], new Map([["user_a", desired("user_a", "org:admin")], ["user_b", desired("user_b")]]), new Set(["user_gone"]), settings({ manageMembers: false }));
    expect([plan.create, plan.converge, plan.removeDeclared]).toEqual([[], [], []]);
  });
});

describe("guardPlan", () => {
  const admins = new Map([["user_a", desired("user_a", "org:admin")]]);
  const liveMembers = (n: number) => [live("user_a", "org:admin"), ...Array.from({ length: n }, (_, i) => live(`user_${i}`))];

  it("allows exactly maxRemovals removals", () => {
    const plan = planRoster(clerkRosterModel, liveMembers(5), admins, new Set(liveMembers(5).map((m) => m.userId)), settings());
    expect(plan.removeDeclared).toHaveLength(5);
    expect(() => guardPlan(clerkRosterModel, ORG, plan, admins, settings())).not.toThrow();
  });

  it("refuses maxRemovals + 1, counting declared and unmanaged removals together, naming everyone", () => {
    const previously = new Set(["user_a", "user_0", "user_1", "user_2"]);
    const plan = planRoster(clerkRosterModel, liveMembers(6), admins, previously, settings({ unmanagedMembers: "remove" }));
    expect(plan.removeDeclared).toHaveLength(3);
    expect(plan.removeUnmanaged).toHaveLength(3);
    expect(() => guardPlan(clerkRosterModel, ORG, plan, admins, settings({ unmanagedMembers: "remove" }))).toThrow(
      /would remove 6 members, more than maxRemovals \(5\).*user_0 \(org:member, no longer declared\).*user_5 \(org:member, not declared\).*at least 6/,
    );
  });

  it("counts members that per-member resources will delete (a watcher's dropped members)", () => {
    const watcher = settings({ manageMembers: false, maxRemovals: 1 });
    const plan = planRoster(clerkRosterModel, [...liveMembers(0), live("user_x"), live("user_y")], admins, new Set(["user_a", "user_x", "user_y"]), watcher);
    expect(plan.removeDeclared).toEqual([]);
    expect(() => guardPlan(clerkRosterModel, ORG, plan, admins, watcher)).toThrow(/would remove 2 members.*user_x \(org:member, no longer declared\)/);
  });

  it("refuses a plan that leaves no admin, unless an unmanaged admin stays", () => {
    const members = new Map([["user_b", desired("user_b")]]);
    const reportPlan = planRoster(clerkRosterModel, [live("user_a", "org:admin"), live("user_b")], members, new Set(), settings());
    expect(() => guardPlan(clerkRosterModel, ORG, reportPlan, members, settings())).not.toThrow();
    const removePlan = planRoster(clerkRosterModel, [live("user_a", "org:admin"), live("user_b")], members, new Set(), settings({ unmanagedMembers: "remove" }));
    expect(() => guardPlan(clerkRosterModel, ORG, removePlan, members, settings({ unmanagedMembers: "remove" }))).toThrow(/without an admin/);
  });
});
