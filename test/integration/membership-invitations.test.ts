// OrganizationMembership named by email with missingUsers: "invite", called as the engine calls it, against the
// emulator: no account yet → one invitation (nothing re-sent on a rerun), a role change revokes before re-inviting,
// a revoked invitation is drift and re-sent by the next update, delete revokes it, and once the invitee accepted,
// the email resolves and the diff asks for the membership to replace the invitation.

import { clerkMembership, workosMembership } from "../../provider/runtime";
import { UNKNOWN_VALUE } from "../../provider/engine/validation";
import { useRuntimeEmulator } from "../support/emulator-harness";
import { warningsOf } from "../support/warnings";

const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const HIRE = "ada.new@acme.com";
const SECRET = "PRIVMETA-member-invite-5521";

const fixture = useRuntimeEmulator();

const clerkPending = () => fixture.handle.clerk.listInvitations(CLERK_ORG).filter((i) => i.emailAddress === HIRE && i.status === "pending");
const workosPending = () => fixture.handle.workos.listInvitations({ organizationId: WORKOS_ORG }).filter((i) => i.email === HIRE && i.state === "pending");

describe("Clerk", () => {
  const inputs = (role: string) => ({ organizationId: CLERK_ORG, email: HIRE, role, publicMetadata: { team: "platform" }, privateMetadata: { pager: SECRET }, missingUsers: "invite" });

  it("invites once, re-invites after a role change (old one revoked first), and is replaced by the membership once accepted", async () => {
    const refused = await clerkMembership.check({}, { organizationId: CLERK_ORG, email: HIRE, role: "org:member" });
    expect(refused.failures?.[0]?.reason).toMatch(/matches no Clerk user/);

    const { inputs: checked } = await clerkMembership.check({}, inputs("org:member"));
    expect(checked).toMatchObject({ email: HIRE, missingUsers: "invite" });
    expect(checked.userId).toBeUndefined();
    const { id, outs } = await clerkMembership.create(checked);
    expect(outs).toMatchObject({ invitationId: id, invitationStatus: "pending", email: HIRE });
    expect(clerkPending()).toEqual([expect.objectContaining({ role: "org:member", privateMetadata: { pager: SECRET } })]);
    await expect(clerkMembership.diff(id, outs, checked)).resolves.toMatchObject({ changes: false });

    const { inputs: promoted } = await clerkMembership.check(checked, inputs("org:admin"));
    await expect(clerkMembership.diff(id, outs, promoted)).resolves.toMatchObject({ changes: true, replaces: [] });
    const { outs: after } = await clerkMembership.update(id, outs, promoted);
    expect(clerkPending().map((i) => i.role)).toEqual(["org:admin"]);
    expect(fixture.handle.clerk.listInvitations(CLERK_ORG).filter((i) => i.role === "org:member").map((i) => i.status)).toEqual(["revoked"]);

    fixture.handle.clerk.acceptOrganizationInvitation(CLERK_ORG, clerkPending()[0]?.id ?? "");
    const { inputs: resolved } = await clerkMembership.check(promoted, inputs("org:admin"));
    expect(resolved.userId).toBe(fixture.handle.clerk.findUserByEmail(HIRE)?.id);
    await expect(clerkMembership.diff(String(after.invitationId), after, resolved)).resolves.toMatchObject({ changes: true, replaces: ["userId"] });
    // The replacement adopts the membership the acceptance created; deleting the accepted invitation revokes nothing.
    const membership = await clerkMembership.create(resolved);
    expect(membership.outs).toMatchObject({ role: "org:admin", publicMetadata: { team: "platform" } });
    await clerkMembership.delete(String(after.invitationId), after);
    expect(fixture.handle.clerk.findMembership(CLERK_ORG, String(resolved.userId))).toBeDefined();
  });
  it("an invitation whose metadata the service did not keep fails once, names the key, and is not re-sent for the same declaration", async () => {
    fixture.handle.setWriteQuirks({ clerkDropMetadataKey: "pager" });
    const posts = () => (fixture.handle.stats().byRoute["POST /v1/organizations/:organizationId/invitations"] ?? 0) + (fixture.handle.stats().byRoute["POST /v1/organizations/:organizationId/invitations/bulk"] ?? 0);
    try {
      const declared = { ...inputs("org:member"), privateMetadata: { pager: SECRET, desk: "4F" } };
      const { inputs: checked } = await clerkMembership.check({}, declared);
      fixture.handle.resetStats();
      const first = await clerkMembership.create(checked).then(() => undefined, (e: unknown) => e as Error & { id: string; properties: Record<string, unknown> });
      expect(first?.message).toContain(`${HIRE} (invite): Clerk sent the invitation but kept something other than declared (privateMetadata: key(s) pager not kept)`);
      expect(first?.message).not.toContain(SECRET);
      expect(JSON.stringify(first?.properties)).not.toContain(SECRET);
      const state = first?.properties ?? {};
      const id = first?.id ?? "";
      // The next preview still shows a change to fix, and no email to send; the next up says it again and sends nothing.
      const { result, warnings } = await warningsOf(() => clerkMembership.diff(id, state, checked));
      expect(result.changes).toBe(true);
      expect(warnings.filter((w) => w.includes("will send an invitation email"))).toEqual([]);
      const again = await clerkMembership.update(id, state, checked).then(() => undefined, (e: unknown) => e as Error & { properties: Record<string, unknown> });
      expect(again?.message).toContain(`${HIRE} (invite): Clerk still keeps something other than declared (privateMetadata: key(s) pager not kept)`);
      expect(posts()).toBe(1);
      expect(clerkPending()).toHaveLength(1);
      // Another private value is another declaration: sent again, once (the old invitation revoked first).
      const { inputs: moved } = await clerkMembership.check(checked, { ...declared, privateMetadata: { pager: SECRET, desk: "5G" } });
      const resent = await clerkMembership.update(id, again?.properties ?? state, moved).then(() => undefined, (e: unknown) => e as Error & { properties: Record<string, unknown> });
      expect(resent?.message).toContain("Clerk sent the invitation but kept something other than declared");
      expect(posts()).toBe(2);
      expect(clerkPending()).toEqual([expect.objectContaining({ privateMetadata: { desk: "5G" } })]);
      // Declaring what the service keeps settles it: the pending invitation grants it, nothing is sent.
      const { inputs: settled } = await clerkMembership.check(moved, { ...declared, privateMetadata: { desk: "5G" } });
      const { outs } = await clerkMembership.update(id, resent?.properties ?? state, settled);
      expect(outs.keptOther).toBeUndefined();
      expect(posts()).toBe(2);
      await expect(clerkMembership.diff(id, outs, settled)).resolves.toMatchObject({ changes: false });
    } finally {
      fixture.handle.setWriteQuirks({});
    }
  });
});

describe("an invitee's email or organization", () => {
  it("edited in place replaces the invitation: the new address is invited, and the old one's delete revokes it", async () => {
    const declared = (email: string) => ({ organizationId: CLERK_ORG, email, role: "org:member", missingUsers: "invite" });
    const { inputs: first } = await clerkMembership.check({}, declared(HIRE));
    const { id, outs } = await clerkMembership.create(first);
    const { inputs: edited } = await clerkMembership.check(first, declared("ada.renamed@acme.com"));
    await expect(clerkMembership.diff(id, outs, edited)).resolves.toEqual({ changes: true, replaces: ["email"], deleteBeforeReplace: false });
    // What the engine then does for a replace: create the new one, delete the old one.
    await clerkMembership.create(edited);
    await clerkMembership.delete(id, outs);
    const pending = fixture.handle.clerk.listInvitations(CLERK_ORG).filter((i) => i.status === "pending").map((i) => i.emailAddress);
    expect(pending).toEqual(["ada.renamed@acme.com"]);
  });

  it("not known yet (a computed organization id in a preview) passes check; the check up runs decides", async () => {
    const result = await clerkMembership.check({}, { organizationId: UNKNOWN_VALUE, email: HIRE, role: "org:member", missingUsers: "invite" });
    expect(result.failures).toBeUndefined();
  });
});

describe("WorkOS", () => {
  const inputs = { organizationId: WORKOS_ORG, email: HIRE, roleSlug: "member", missingUsers: "invite", invitations: { expiresInDays: 7 } };

  it("a revoked invitation is drift and re-sent by the next update; delete revokes the pending one", async () => {
    const { inputs: checked } = await workosMembership.check({}, inputs);
    const { id, outs } = await workosMembership.create(checked);
    expect(workosPending()).toHaveLength(1);
    const again = await workosMembership.create(checked);
    expect(again.id).toBe(id);
    expect(workosPending()).toHaveLength(1);

    fixture.handle.workos.revokeInvitation(workosPending()[0]?.id ?? "");
    const read = await workosMembership.read(id, outs);
    expect(read.props).toMatchObject({ invitationStatus: "revoked" });
    expect(read.inputs).toEqual(checked);
    await expect(workosMembership.diff(id, read.props ?? {}, checked)).resolves.toMatchObject({ changes: true });
    const { outs: resent } = await workosMembership.update(id, read.props ?? {}, checked);
    expect(workosPending()).toHaveLength(1);
    await workosMembership.delete(String(resent.invitationId), resent);
    expect(workosPending()).toHaveLength(0);
  });
});
