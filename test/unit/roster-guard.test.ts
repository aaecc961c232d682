// The Roster's removal guard: a dropped section counts its declared members against its own budget, a change of
// granularity is refused with the way to switch, and everything else passes; refusals leave the provider once and
// without a stack, while a fault of the package keeps its stack.

import { createRosterGuardProvider, exceedsRemovalBudget, guardRosterChange, type GuardInputs } from "../../provider/engine/roster-guard";
import { isUserFacing, withErrorsSaidOnce } from "../../provider/engine/protocol";

const clerk = (members: string[], maxRemovals = 5) => ({ service: "Clerk", organizationId: "org_2acme", maxRemovals, members });
const roster = (organizations: GuardInputs["organizations"], granularity = "organization"): GuardInputs => ({ granularity, organizations });

describe("guardRosterChange", () => {
  const eight = Array.from({ length: 8 }, (_, i) => `user_2m${i}`);

  it("refuses dropping a section with more declared members than its maxRemovals, naming each and how to do it on purpose", () => {
    expect(() => guardRosterChange("acme", roster({ "clerk/org_2acme": clerk(eight) }), roster({}))).toThrow(
      /Clerk organization org_2acme: this change would remove 8 members, more than maxRemovals \(5\); nobody was removed\. Who would go: user_2m0 \(no longer declared\);.*user_2m7 .*its section was removed from the roster\. If that is intended, first raise maxRemovals to at least 8/,
    );
  });

  it("lets a section within its budget go, and any change that keeps every section", () => {
    expect(() => guardRosterChange("acme", roster({ "clerk/org_2acme": clerk(eight.slice(0, 5)) }), roster({}))).not.toThrow();
    expect(() => guardRosterChange("acme", roster({ "clerk/org_2acme": clerk(eight, 8) }), roster({}))).not.toThrow();
    expect(() => guardRosterChange("acme", roster({ "clerk/org_2acme": clerk(eight) }), roster({ "clerk/org_2acme": clerk(eight.slice(0, 1)) }))).not.toThrow();
  });

  it("refuses a change of granularity, saying how to switch without removing anyone", () => {
    expect(() => guardRosterChange("acme", roster({ "clerk/org_2acme": clerk(["user_2a"]) }, "organization"), roster({ "clerk/org_2acme": clerk(["user_2a"]) }, "member"))).toThrow(
      /Roster acme: granularity "organization" → "member" is refused.*Clerk org_2acme.*pulumi state delete/,
    );
    expect(() => guardRosterChange("acme", roster({}, "organization"), roster({}, "member"))).not.toThrow();
  });

  it("marks an organization whose removal would exceed its budget", () => {
    expect(exceedsRemovalBudget({ members: eight, maxRemovals: 5 })).toBe(true);
    expect(exceedsRemovalBudget({ members: eight, maxRemovals: 8 })).toBe(false);
  });
});

describe("the guard's lifecycle", () => {
  const provider = createRosterGuardProvider();
  const olds = { name: "acme", granularity: "organization", organizations: { "clerk/org_2acme": clerk(["user_2a", "user_2b"]) }, __provider: "x" };

  it("changes when what it records changes, and only then", async () => {
    await expect(provider.diff("acme", olds, { ...olds, __provider: "y" })).resolves.toEqual({ changes: false });
    await expect(provider.diff("acme", olds, { ...olds, organizations: { "clerk/org_2acme": clerk(["user_2a"]) } })).resolves.toEqual({ changes: true });
  });

  it("refuses in its diff", async () => {
    await expect(provider.diff("acme", olds, { ...olds, granularity: "member" })).rejects.toThrow(/is refused/);
  });
});

describe("errors said once", () => {
  it("a user-facing error leaves without a stack; a fault keeps it", async () => {
    const provider = withErrorsSaidOnce({
      refuse: () => Promise.reject(new Error("over budget")),
      fault: () => Promise.reject(new TypeError("x is undefined")),
    });
    const refused = await provider.refuse().catch((error: unknown) => error as Error);
    expect(refused.message).toBe("over budget");
    expect(refused.stack).not.toMatch(/\n\s+at /);
    const fault = await provider.fault().catch((error: unknown) => error as Error);
    expect(fault.stack).toMatch(/\n\s+at /);
    expect(isUserFacing(new TypeError("x"))).toBe(false);
    expect(isUserFacing(new Error("x"))).toBe(true);
  });
});
