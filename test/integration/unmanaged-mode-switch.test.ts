// Switching unmanagedMembers from "ignore" to "remove" (or "report"): the state of an "ignore" roster lists no
// unmanaged members, so the diff lists the organization once to find them. A preview then names whom `up` would
// remove and refuses the switch when they exceed maxRemovals, for both services.

import { clerkRoster, workosRoster } from "../../provider/runtime";
import { useRuntimeEmulator } from "../support/emulator-harness";
import { warningsOf } from "../support/warnings";

const CLERK_KEY = "sk_test_emulator_clerk";
const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin
const JOHN = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6"; // seeded org:member
const PRIYA = "user_25O6MsMcGp2kTY7xO5ZIredutNa"; // seeded org:billing
const HAND_ADDED = ["user_2Cj42gEnI5sEt6OHTerNANMDgHi", "user_2xhf4ceAYkFATOHxeiZEhKrnn3E", "user_2q2pKPH4DwyaujKDfVPuwfT9G8F"];
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488"; // seeded admin
const W_JOHN = "user_01JGFJJZZ8YAGVDCKSQWW7FE4N"; // seeded member, never declared here
const W_MARCO = "user_01JGFJK1XRYFYTC66VPVTX363S";

const fixture = useRuntimeEmulator();

async function clerkAddByHand(userId: string): Promise<void> {
  const response = await fetch(`${fixture.handle.clerkApiUrl}/organizations/${CLERK_ORG}/memberships`, {
    method: "POST",
    headers: { authorization: `Bearer ${CLERK_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ user_id: userId, role: "org:member" }),
  });
  expect(response.status).toBe(200);
}


describe("Clerk: unmanagedMembers ignore → remove", () => {
  const members = { [JANE]: "org:admin", [JOHN]: { role: "org:member", publicMetadata: { team: "platform" } }, [PRIYA]: "org:billing" };

  async function createIgnoring(): Promise<Record<string, unknown>> {
    const { inputs } = await clerkRoster.check({}, { organizationId: CLERK_ORG, members, unmanagedMembers: "ignore" });
    const { outs } = await clerkRoster.create(inputs);
    expect(outs.unmanagedMembers).toEqual([]);
    return outs;
  }

  it("the preview names whom up will remove, from one listing, and up removes exactly them", async () => {
    const olds = await createIgnoring();
    for (const userId of HAND_ADDED) await clerkAddByHand(userId);
    const { inputs } = await clerkRoster.check({}, { organizationId: CLERK_ORG, members, unmanagedMembers: "remove" });
    const { result, warnings } = await warningsOf(() => clerkRoster.diff(CLERK_ORG, olds, inputs));
    expect(result.changes).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`Clerk organization ${CLERK_ORG}: \`pulumi up\` will remove 3 member(s) the roster does not declare`);
    for (const userId of HAND_ADDED) expect(warnings[0]).toMatch(new RegExp(`[A-Z][a-z]+ [A-Z][a-z]+ <[a-z.]+@acme\\.com> \\(${userId}\\) \\(org:member\\)`));
    await clerkRoster.update(CLERK_ORG, olds, inputs);
    expect(fixture.handle.clerk.listMemberships({ organizationId: CLERK_ORG }).map((m) => m.userId).sort()).toEqual([JANE, JOHN, PRIYA].sort());
  });

  it("more unmanaged members than maxRemovals: the preview refuses the switch, naming them", async () => {
    const olds = await createIgnoring();
    for (const userId of HAND_ADDED) await clerkAddByHand(userId);
    const { inputs } = await clerkRoster.check({}, { organizationId: CLERK_ORG, members, unmanagedMembers: "remove", maxRemovals: 2 });
    await expect(clerkRoster.diff(CLERK_ORG, olds, inputs)).rejects.toThrow(new RegExp(`would remove 3 members, more than maxRemovals \\(2\\);.*<marco\\.rossi@acme\\.com> \\(${HAND_ADDED[0] ?? ""}\\) \\(org:member, not declared\\)`));
    expect(fixture.handle.clerk.listMemberships({ organizationId: CLERK_ORG })).toHaveLength(6);
  });

  it("ignore → report: the diff shows the drift at once (no refresh needed), and says nothing of removals", async () => {
    const olds = await createIgnoring();
    await clerkAddByHand(HAND_ADDED[0] ?? "");
    const { inputs } = await clerkRoster.check({}, { organizationId: CLERK_ORG, members, unmanagedMembers: "report" });
    const { result, warnings } = await warningsOf(() => clerkRoster.diff(CLERK_ORG, olds, inputs));
    expect(result.changes).toBe(true);
    expect(warnings).toEqual([]);
  });
});

describe("WorkOS: unmanagedMembers ignore → remove", () => {
  it("the preview names the unmanaged active member up will remove", async () => {
    const members = { [W_JANE]: "admin", [W_MARCO]: "member" };
    const { inputs: ignoring } = await workosRoster.check({}, { organizationId: WORKOS_ORG, members, unmanagedMembers: "ignore" });
    const { outs: olds } = await workosRoster.create(ignoring);
    const { inputs } = await workosRoster.check({}, { organizationId: WORKOS_ORG, members, unmanagedMembers: "remove" });
    const { warnings } = await warningsOf(() => workosRoster.diff(WORKOS_ORG, olds, inputs));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`WorkOS organization ${WORKOS_ORG}: \`pulumi up\` will remove 1 member(s)`);
    expect(warnings[0]).toContain(W_JOHN);
  });
});
