// OrganizationRoster with missingUsers: "invite", called as the engine calls it, against the emulator: people named
// by an email with no account get exactly one invitation with the declared role (and Clerk metadata); reruns send
// nothing; acceptance turns them into members with nothing left to do; an invitation revoked out of band is drift
// and re-sent once by the next update; a role change revokes before it re-invites; dropping the email revokes; the
// settings are checked with no HTTP call; Clerk's hourly invitation limit refuses an oversized plan with 0 writes.

import { clerkRoster, workosRoster } from "../../provider/runtime";
import { useRuntimeEmulator } from "../support/emulator-harness";
import { warningsOf } from "../support/warnings";

const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488"; // seeded admin
const NEW_HIRE = "new.hire@acme.com";
const SECOND = "second.hire@acme.com";
const SECRET = "PRIVMETA-invite-3301";

const fixture = useRuntimeEmulator();

function posts(route: string): number {
  return fixture.handle.stats().byRoute[route] ?? 0;
}

const WORKOS_SEND = "POST /user_management/invitations";
const CLERK_BULK = "POST /v1/organizations/:organizationId/invitations/bulk";

function workosPending(email: string) {
  return fixture.handle.workos.listInvitations({ organizationId: WORKOS_ORG }).filter((i) => i.email === email && i.state === "pending");
}

function clerkPending(email: string) {
  return fixture.handle.clerk.listInvitations(CLERK_ORG).filter((i) => i.emailAddress === email && i.status === "pending");
}

describe("check", () => {
  it("refuses an email with no user unless missingUsers is invite, and bad invitation settings, with no HTTP call for the settings", async () => {
    const refused = await workosRoster.check({}, { organizationId: WORKOS_ORG, members: { [W_JANE]: "admin", [NEW_HIRE]: "member" } });
    expect(refused.failures?.[0]?.reason).toMatch(/new.hire@acme.com matches no WorkOS user \(to invite people who have no account yet, set missingUsers: invite\)/);

    fixture.handle.resetStats();
    const bad = await clerkRoster.check({}, { organizationId: CLERK_ORG, members: { [JANE]: "org:admin", [NEW_HIRE]: "org:member" }, missingUsers: "invite", invitations: { expiresInDays: 400, colour: "red" } });
    expect(bad.failures?.map((f) => f.reason)).toEqual([
      expect.stringMatching(/^invitations\.expiresInDays: must be a whole number of days from 1 to 365/),
      expect.stringMatching(/^invitations\.colour: is not a Clerk invitation setting; allowed: expiresInDays, redirectUrl, notify, inviterUserId/),
    ]);
    const workosBad = await workosRoster.check({}, { organizationId: WORKOS_ORG, members: { [W_JANE]: "admin" }, missingUsers: "sometimes", invitations: { expiresInDays: 31 } });
    expect(workosBad.failures?.map((f) => f.reason)).toEqual([expect.stringMatching(/^missingUsers must be "error"/), expect.stringMatching(/^invitations\.expiresInDays: must be a whole number of days from 1 to 30/)]);
    expect(fixture.handle.stats().total).toBe(0);
  });
});

describe("WorkOS", () => {
  const roster = (members: Record<string, unknown>) => ({ organizationId: WORKOS_ORG, members: { [W_JANE]: "admin", ...members }, missingUsers: "invite", unmanagedMembers: "ignore", invitations: { expiresInDays: 7 } });

  it("an invitee newly declared whose invitation was already sent from a dashboard is adopted: the preview does not announce an email, up sends none", async () => {
    const { inputs } = await workosRoster.check({}, roster({}));
    const { id, outs } = await workosRoster.create(inputs);
    fixture.handle.workos.sendInvitation({ email: NEW_HIRE, organizationId: WORKOS_ORG, roleSlug: "member" });
    fixture.handle.workos.sendInvitation({ email: SECOND, organizationId: WORKOS_ORG, roleSlug: "admin" });
    // SECOND's dashboard invitation grants another role: it is replaced, and that is an email.
    const { inputs: declared } = await workosRoster.check(inputs, roster({ [NEW_HIRE]: "member", [SECOND]: "member" }));
    const { result, warnings } = await warningsOf(() => workosRoster.diff(id, outs, declared));
    expect(result.changes).toBe(true);
    expect(warnings.filter((w) => w.includes("will send an invitation email"))).toEqual([`WorkOS organization ${WORKOS_ORG}: \`pulumi up\` will send an invitation email to ${SECOND} (missingUsers: invite)`]);
    fixture.handle.resetStats();
    const { outs: after } = await workosRoster.update(id, outs, declared);
    expect(posts(WORKOS_SEND)).toBe(1);
    expect(after.sentInvitations).toMatchObject({ [NEW_HIRE]: { status: "pending", entry: "member" }, [SECOND]: { status: "pending", entry: "member" } });
    await expect(workosRoster.diff(id, after, declared)).resolves.toMatchObject({ changes: false });
  });

  it("invites once, sends nothing on a rerun, and an accepted invitation becomes a member with nothing left to do", async () => {
    const { inputs } = await workosRoster.check({}, roster({ [NEW_HIRE]: "member" }));
    expect(inputs.members).toMatchObject({ [NEW_HIRE]: "member" });
    fixture.handle.resetStats();
    const { id, outs } = await workosRoster.create(inputs);
    expect(posts(WORKOS_SEND)).toBe(1);
    expect(outs.sentInvitations).toMatchObject({ [NEW_HIRE]: { status: "pending", entry: "member" } });
    expect(JSON.stringify(outs)).not.toMatch(/token|accept_invitation_url|invitation_token/);
    await expect(workosRoster.diff(id, outs, inputs)).resolves.toMatchObject({ changes: false });
    const again = await workosRoster.update(id, outs, inputs);
    expect(posts(WORKOS_SEND)).toBe(1);
    expect(workosPending(NEW_HIRE)).toHaveLength(1);

    const [invitation] = workosPending(NEW_HIRE);
    fixture.handle.workos.acceptInvitation(invitation?.id ?? "");
    const refreshed = await workosRoster.read(id, again.outs);
    const newUser = fixture.handle.workos.listUsers().find((u) => u.email === NEW_HIRE)?.id ?? "?";
    expect(refreshed.props).toMatchObject({ members: { [newUser]: "member" }, emails: { [NEW_HIRE]: newUser } });
    expect(refreshed.props?.sentInvitations).toBeUndefined();
    expect(refreshed.props?.unmanagedMembers).toEqual([]);
    const { inputs: now } = await workosRoster.check({}, roster({ [NEW_HIRE]: "member" }));
    await expect(workosRoster.diff(id, refreshed.props ?? {}, now)).resolves.toMatchObject({ changes: false });
  });

  it("an invitation revoked out of band is drift, and the next update sends exactly one new one", async () => {
    const { inputs } = await workosRoster.check({}, roster({ [NEW_HIRE]: "member" }));
    const { id, outs } = await workosRoster.create(inputs);
    fixture.handle.workos.revokeInvitation(workosPending(NEW_HIRE)[0]?.id ?? "");
    const refreshed = await workosRoster.read(id, outs);
    expect(refreshed.props?.sentInvitations).toMatchObject({ [NEW_HIRE]: { status: "revoked" } });
    await expect(workosRoster.diff(id, refreshed.props ?? {}, inputs)).resolves.toMatchObject({ changes: true });
    fixture.handle.resetStats();
    const { outs: after } = await workosRoster.update(id, refreshed.props ?? {}, inputs);
    expect(posts(WORKOS_SEND)).toBe(1);
    expect(workosPending(NEW_HIRE)).toHaveLength(1);
    await expect(workosRoster.diff(id, after, inputs)).resolves.toMatchObject({ changes: false });
  });

  it("a changed role revokes the pending invitation before sending the new one; dropping the email revokes it", async () => {
    const { inputs } = await workosRoster.check({}, roster({ [NEW_HIRE]: "member" }));
    const { id, outs } = await workosRoster.create(inputs);
    const first = workosPending(NEW_HIRE)[0]?.id;
    const { inputs: promoted } = await workosRoster.check(inputs, roster({ [NEW_HIRE]: "admin" }));
    const { outs: afterPromotion } = await workosRoster.update(id, outs, promoted);
    const pending = workosPending(NEW_HIRE);
    expect(pending).toHaveLength(1);
    expect(pending[0]?.roleSlug).toBe("admin");
    expect(fixture.handle.workos.listInvitations({ organizationId: WORKOS_ORG }).find((i) => i.id === first)?.state).toBe("revoked");

    const { inputs: dropped } = await workosRoster.check(promoted, roster({}));
    await workosRoster.update(id, afterPromotion, dropped);
    expect(workosPending(NEW_HIRE)).toHaveLength(0);
  });
});

describe("Clerk", () => {
  const roster = (members: Record<string, unknown>, privates: Record<string, unknown> = {}) => ({
    organizationId: CLERK_ORG,
    members: { [JANE]: "org:admin", ...members },
    privateMetadata: privates,
    missingUsers: "invite",
    unmanagedMembers: "ignore",
  });

  it("invites through the bulk endpoint with role and metadata, and the accepted member has what the roster declares", async () => {
    const { inputs } = await clerkRoster.check({}, roster({ [NEW_HIRE]: { role: "org:member", publicMetadata: { team: "platform" } }, [SECOND]: "org:billing" }, { [NEW_HIRE]: { pager: SECRET } }));
    fixture.handle.resetStats();
    const { id, outs } = await clerkRoster.create(inputs);
    expect(posts(CLERK_BULK)).toBe(1);
    expect(clerkPending(NEW_HIRE)[0]).toMatchObject({ role: "org:member", publicMetadata: { team: "platform" }, privateMetadata: { pager: SECRET } });
    expect(clerkPending(SECOND)[0]).toMatchObject({ role: "org:billing" });
    await expect(clerkRoster.diff(id, outs, inputs)).resolves.toMatchObject({ changes: false });

    fixture.handle.clerk.acceptOrganizationInvitation(CLERK_ORG, clerkPending(NEW_HIRE)[0]?.id ?? "");
    const refreshed = await clerkRoster.read(id, outs);
    const newUser = fixture.handle.clerk.findUserByEmail(NEW_HIRE)?.id ?? "?";
    expect(fixture.handle.clerk.findMembership(CLERK_ORG, newUser)).toMatchObject({ role: "org:member", publicMetadata: { team: "platform" }, privateMetadata: { pager: SECRET } });
    const { inputs: now } = await clerkRoster.check({}, roster({ [NEW_HIRE]: { role: "org:member", publicMetadata: { team: "platform" } }, [SECOND]: "org:billing" }, { [NEW_HIRE]: { pager: SECRET } }));
    await expect(clerkRoster.diff(id, refreshed.props ?? {}, now)).resolves.toMatchObject({ changes: false });
  });

  it("invitees who accepted, with no refresh since, are members, not removals: a plain up over them stays within maxRemovals", async () => {
    const hires = ["hire.one@acme.com", "hire.two@acme.com", "hire.three@acme.com"];
    const declared = { ...roster(Object.fromEntries(hires.map((email) => [email, "org:member"]))), maxRemovals: 1 };
    const { inputs } = await clerkRoster.check({}, declared);
    const { id, outs } = await clerkRoster.create(inputs);
    for (const email of hires) fixture.handle.clerk.acceptOrganizationInvitation(CLERK_ORG, clerkPending(email)[0]?.id ?? "");
    // The state still records three pending invitations; the file is unchanged; the emails now resolve to users.
    const { inputs: now } = await clerkRoster.check(inputs, declared);
    await expect(clerkRoster.diff(id, outs, now)).resolves.toMatchObject({ changes: true });
    fixture.handle.resetStats();
    const { outs: after } = await clerkRoster.update(id, outs, now);
    expect(posts("DELETE /v1/organizations/:organizationId/memberships/:userId")).toBe(0);
    const members = fixture.handle.clerk.listMemberships({ organizationId: CLERK_ORG }).map((m) => m.userId);
    for (const email of hires) expect(members).toContain(fixture.handle.clerk.findUserByEmail(email)?.id);
    expect(after.sentInvitations).toBeUndefined();
    await expect(clerkRoster.diff(id, after, now)).resolves.toMatchObject({ changes: false });
  });

  it("one address Clerk refuses fails alone: every other invitee of its bulk call and of later ones is invited", async () => {
    const bad = "a..b@acme.com";
    const emails = Array.from({ length: 11 }, (_, i) => `hire${i}@acme.com`);
    emails.splice(3, 0, bad);
    const { inputs } = await clerkRoster.check({}, roster(Object.fromEntries(emails.map((email) => [email, "org:member"]))));
    fixture.handle.resetStats();
    const error = await clerkRoster.create(inputs).then(
      () => undefined,
      (e: unknown) => e as Error & { properties: Record<string, unknown> },
    );
    expect(error?.message).toContain(`1 member change(s) failed`);
    expect(error?.message).toContain(`${bad} (invite): `);
    for (const email of emails.filter((e) => e !== bad)) {
      expect(error?.message).not.toContain(email);
      expect(clerkPending(email)).toHaveLength(1);
    }
    expect(Object.keys(error?.properties.sentInvitations as object)).toHaveLength(11);
    // The refused bulk call's batch went one by one through the single endpoint; the next batch in bulk.
    expect(posts(CLERK_BULK)).toBe(2);
    expect(posts("POST /v1/organizations/:organizationId/invitations")).toBe(10);
  });

  it("an invitation whose metadata the service did not keep fails once, names the key, and is never re-sent for the same declaration", async () => {
    fixture.handle.setWriteQuirks({ clerkDropMetadataKey: "pager" });
    try {
      const declared = roster({ [NEW_HIRE]: "org:member" }, { [NEW_HIRE]: { pager: SECRET, desk: "4F" } });
      const { inputs } = await clerkRoster.check({}, declared);
      fixture.handle.resetStats();
      const first = await clerkRoster.create(inputs).then(() => undefined, (e: unknown) => e as Error & { properties: Record<string, unknown> });
      expect(first?.message).toContain(`${NEW_HIRE} (invite): Clerk sent the invitation but kept something other than declared (privateMetadata: key(s) pager not kept)`);
      expect(first?.message).not.toContain(SECRET);
      expect(clerkPending(NEW_HIRE)).toHaveLength(1);
      const state = first?.properties ?? {};
      // The next preview still shows a change to fix, and no email to send; the next up says it again and sends nothing.
      const { result, warnings } = await warningsOf(() => clerkRoster.diff(CLERK_ORG, state, inputs));
      expect(result.changes).toBe(true);
      expect(warnings.filter((w) => w.includes("will send an invitation email"))).toEqual([]);
      const again = await clerkRoster.update(CLERK_ORG, state, inputs).then(() => undefined, (e: unknown) => e as Error);
      expect(again?.message).toContain(`${NEW_HIRE} (invite): Clerk still keeps something other than declared (privateMetadata: key(s) pager not kept)`);
      expect(posts(CLERK_BULK) + posts("POST /v1/organizations/:organizationId/invitations")).toBe(1);
      expect(posts("POST /v1/organizations/:organizationId/invitations/:invitationId/revoke")).toBe(0);
      expect(clerkPending(NEW_HIRE)).toHaveLength(1);
      // Another private value is another declaration: the old invitation is revoked and a new one sent, once.
      const moved = await clerkRoster.check(inputs, roster({ [NEW_HIRE]: "org:member" }, { [NEW_HIRE]: { pager: SECRET, desk: "5G" } }));
      const { warnings: movedWarnings } = await warningsOf(() => clerkRoster.diff(CLERK_ORG, state, moved.inputs));
      expect(movedWarnings.filter((w) => w.includes(`will send an invitation email to ${NEW_HIRE}`))).toHaveLength(1);
      const resent = await clerkRoster.update(CLERK_ORG, state, moved.inputs).then(() => undefined, (e: unknown) => e as Error);
      expect(resent?.message).toContain(`${NEW_HIRE} (invite): Clerk sent the invitation but kept something other than declared (privateMetadata: key(s) pager not kept)`);
      expect(clerkPending(NEW_HIRE)).toEqual([expect.objectContaining({ privateMetadata: { desk: "5G" } })]);
      // A new declaration (the key dropped from the file) is sent again, once.
      const fixed = await clerkRoster.check(inputs, roster({ [NEW_HIRE]: "org:member" }, { [NEW_HIRE]: { desk: "4F" } }));
      await clerkRoster.update(CLERK_ORG, state, fixed.inputs);
      expect(clerkPending(NEW_HIRE)).toEqual([expect.objectContaining({ privateMetadata: { desk: "4F" } })]);
    } finally {
      fixture.handle.setWriteQuirks({});
    }
  });

  it("one invitee goes through the single-invitation endpoint (250 an hour, where bulk allows 50)", async () => {
    const { inputs } = await clerkRoster.check({}, roster({ [NEW_HIRE]: "org:member" }));
    fixture.handle.resetStats();
    await clerkRoster.create(inputs);
    expect(posts("POST /v1/organizations/:organizationId/invitations")).toBe(1);
    expect(posts(CLERK_BULK)).toBe(0);
    expect(clerkPending(NEW_HIRE)).toHaveLength(1);
  });

  it("lowering the role of a pending invitation never leaves one that grants the old role", async () => {
    const { inputs } = await clerkRoster.check({}, roster({ [NEW_HIRE]: "org:admin" }));
    const { id, outs } = await clerkRoster.create(inputs);
    const { inputs: lowered } = await clerkRoster.check(inputs, roster({ [NEW_HIRE]: "org:member" }));
    await clerkRoster.update(id, outs, lowered);
    const all = fixture.handle.clerk.listInvitations(CLERK_ORG).filter((i) => i.emailAddress === NEW_HIRE);
    expect(all.filter((i) => i.status === "pending").map((i) => i.role)).toEqual(["org:member"]);
    expect(all.filter((i) => i.role === "org:admin").map((i) => i.status)).toEqual(["revoked"]);
  });

  it("refuses a plan over Clerk's hourly invitation limit before sending anything", async () => {
    const many = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`hire${i}@acme.com`, "org:member"]));
    const { inputs } = await clerkRoster.check({}, roster(many));
    fixture.handle.resetStats();
    await expect(clerkRoster.create(inputs)).rejects.toThrow(/would send 501 invitation\(s\), 51 call\(s\) of POST \/v1\/organizations\/\{organization_id\}\/invitations\/bulk, and Clerk allows 50 bulk invitation calls per hour per instance, 10 invitations each, so at most 50 such calls per hour; nothing was sent/);
    expect(posts(CLERK_BULK)).toBe(0);
    expect(fixture.handle.clerk.listInvitations(CLERK_ORG)).toHaveLength(0);
  });
});

describe("unmanaged pending invitations (sent from a dashboard)", () => {
  it("are reported as drift in report mode and revoked in remove mode, within maxRemovals", async () => {
    fixture.handle.workos.sendInvitation({ email: "dashboard@acme.com", organizationId: WORKOS_ORG, roleSlug: "member" });
    const report = { organizationId: WORKOS_ORG, members: { [W_JANE]: "admin", [NEW_HIRE]: "member" }, missingUsers: "invite", unmanagedMembers: "report" };
    const { inputs } = await workosRoster.check({}, report);
    const { id, outs } = await workosRoster.create(inputs);
    expect(outs.unmanagedInvitations).toEqual([expect.objectContaining({ email: "dashboard@acme.com", role: "member" })]);
    await expect(workosRoster.diff(id, outs, inputs)).resolves.toMatchObject({ changes: true });

    const { inputs: strict } = await workosRoster.check(inputs, { ...report, unmanagedMembers: "remove", maxRemovals: 0 });
    await expect(workosRoster.diff(id, outs, strict)).rejects.toThrow(/would remove 2 members, more than maxRemovals \(0\).*dashboard@acme.com \(pending invitation\)/);
    const { inputs: remove } = await workosRoster.check(inputs, { ...report, unmanagedMembers: "remove" });
    const { outs: after } = await workosRoster.update(id, outs, remove);
    expect(fixture.handle.workos.listInvitations({ organizationId: WORKOS_ORG }).filter((i) => i.email === "dashboard@acme.com").map((i) => i.state)).toEqual(["revoked"]);
    expect(workosPending(NEW_HIRE)).toHaveLength(1);
    expect(after.unmanagedInvitations).toBeUndefined();
  });
});

describe("expiry and destroy", () => {
  it("an expired invitation is drift but never re-sent by a refresh, only by the next update; destroying the roster revokes what it sent", async () => {
    const roster = { organizationId: WORKOS_ORG, members: { [W_JANE]: "admin", [NEW_HIRE]: "member" }, missingUsers: "invite", unmanagedMembers: "ignore" };
    const { inputs } = await workosRoster.check({}, roster);
    const { id, outs } = await workosRoster.create(inputs);
    fixture.handle.workos.expireInvitation(workosPending(NEW_HIRE)[0]?.id ?? "");
    fixture.handle.resetStats();
    const refreshed = await workosRoster.read(id, outs);
    expect(refreshed.props?.sentInvitations).toMatchObject({ [NEW_HIRE]: { status: "expired" } });
    expect(posts(WORKOS_SEND)).toBe(0);
    await expect(workosRoster.diff(id, refreshed.props ?? {}, inputs)).resolves.toMatchObject({ changes: true });
    const { outs: resent } = await workosRoster.update(id, refreshed.props ?? {}, inputs);
    expect(posts(WORKOS_SEND)).toBe(1);
    expect(workosPending(NEW_HIRE)).toHaveLength(1);

    await workosRoster.delete(id, resent);
    expect(workosPending(NEW_HIRE)).toHaveLength(0);
    expect(fixture.handle.workos.listMemberships({ organizationId: WORKOS_ORG, userId: W_JANE })[0]?.status).toBe("active");
  });
});
