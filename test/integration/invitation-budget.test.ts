// Clerk's hourly invitation limits are per instance: the rosters of two organizations in one stack draw on one budget,
// and the preview (check, for rosters new to their organizations) refuses the plan that would exceed it, before
// anything is sent, naming the other roster; what fits is sent.

import { defaultSeed } from "../../emulator";
import { clerkMembership, clerkRoster } from "../../provider/runtime";
import { useRuntimeEmulator } from "../support/emulator-harness";

const ORG_A = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const ORG_B = "org_2acmeLabsQ4vX9pL2nR8tW5yK7m";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin of ORG_A

const seed = defaultSeed();
seed.clerk?.organizations?.push({ id: ORG_B, name: "Acme Labs", slug: "acme-labs", maxAllowedMemberships: 1000, createdBy: JANE });
const fixture = useRuntimeEmulator({ rateLimit: false, seed });

const hires = (prefix: string, count: number): Record<string, string> => Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}@acme.com`, "org:member"]));
const roster = (organizationId: string, invitees: Record<string, string>) => ({ organizationId, members: { [JANE]: "org:admin", ...invitees }, missingUsers: "invite", unmanagedMembers: "ignore" });

it("two rosters of one instance share Clerk's 50 bulk invitation calls an hour: the plan past it is refused in preview, what fits is sent", async () => {
  const a = await clerkRoster.check({}, roster(ORG_A, hires("a", 300)));
  expect(a.failures).toBeUndefined();
  fixture.handle.resetStats();
  const refused = await clerkRoster.check({}, roster(ORG_B, hires("b", 300)));
  expect(refused.failures?.map((f) => f.reason)).toEqual([
    expect.stringContaining(`Clerk organization ${ORG_B}: this change would send 300 invitation(s), 30 call(s) of POST /v1/organizations/{organization_id}/invitations/bulk and the stack's other resources plan 30 more (the roster of ${ORG_A}: 30)`),
  ]);
  expect(fixture.handle.stats().byRoute["POST /v1/organizations/:organizationId/invitations/bulk"] ?? 0).toBe(0);

  const b = await clerkRoster.check({}, roster(ORG_B, hires("b", 200)));
  expect(b.failures).toBeUndefined();
  await clerkRoster.create(a.inputs);
  await clerkRoster.create(b.inputs);
  const pending = (organizationId: string) => fixture.handle.clerk.listInvitations(organizationId).filter((i) => i.status === "pending").length;
  expect([pending(ORG_A), pending(ORG_B)]).toEqual([300, 200]);
  expect(fixture.handle.stats().byRoute["POST /v1/organizations/:organizationId/invitations/bulk"]).toBe(50);
});

it("per-member invitees share the single-invitation endpoint's 250 an hour: the 251st is refused by its check", async () => {
  const invitee = (i: number) => ({ organizationId: ORG_A, email: `solo${i}@acme.com`, role: "org:member", missingUsers: "invite" });
  for (let i = 0; i < 250; i++) expect((await clerkMembership.check({}, invitee(i))).failures).toBeUndefined();
  const refused = await clerkMembership.check({}, invitee(250));
  expect(refused.failures?.map((f) => f.reason)).toEqual([
    expect.stringContaining(`Clerk organization ${ORG_A}: this change would send 1 invitation(s), 1 call(s) of POST /v1/organizations/{organization_id}/invitations and the stack's other resources plan 250 more (solo0@acme.com in ${ORG_A}: 1,`),
  ]);
  // The roster's bulk calls are another budget.
  expect((await clerkRoster.check({}, roster(ORG_B, hires("b", 20)))).failures).toBeUndefined();
});

it("a roster whose plan is refused gives back what it reserved: the next roster's invitations fit", async () => {
  // No admin declared: refused (after its invitations were counted).
  const refused = await clerkRoster.check({}, { organizationId: ORG_B, members: hires("b", 300), missingUsers: "invite", unmanagedMembers: "ignore" });
  expect(refused.failures?.[0]?.reason).toMatch(/without an admin/);
  expect((await clerkRoster.check({}, roster(ORG_A, hires("a", 500)))).failures).toBeUndefined();
});
