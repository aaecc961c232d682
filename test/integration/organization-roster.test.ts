// OrganizationRoster providers (Clerk and WorkOS) called as the engine calls them, against the emulator: email
// resolution, unmanaged members, guards, partial failure and resume, refresh with one listing.

import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { clerkRoster, closeHttpConnections, workosRoster } from "../../provider/runtime";
import { configureRuntimeFor } from "../support/emulator-harness";

const CLERK_KEY = "sk_test_emulator_clerk";
const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin
const JOHN = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6"; // seeded org:member {team: platform}
const PRIYA = "user_25O6MsMcGp2kTY7xO5ZIredutNa"; // seeded org:billing
const MARCO = "user_2Cj42gEnI5sEt6OHTerNANMDgHi";
const AIKO = "user_2xhf4ceAYkFATOHxeiZEhKrnn3E";
const SAM = "user_2q2pKPH4DwyaujKDfVPuwfT9G8F";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488"; // seeded admin
const W_JOHN = "user_01JGFJJZZ8YAGVDCKSQWW7FE4N"; // seeded member
const W_MARCO = "user_01JGFJK1XRYFYTC66VPVTX363S";

let emulator: EmulatorHandle;

beforeEach(async () => {
  const seed = defaultSeed();
  for (let i = 0; i < 12; i++) {
    seed.clerk?.users?.push({ id: `user_2Extra${String(i).padStart(2, "0")}AbCdEfGhIjKlMnOp`, firstName: `Extra${i}`, lastName: "X", emailAddresses: [`extra${i}@acme.com`], username: null });
  }
  seed.clerk?.users?.push({ id: "user_2TwinOneAbCdEfGhIjKlMnOpQr", firstName: "Twin", lastName: "One", emailAddresses: ["twin@acme.com"], username: null });
  seed.clerk?.users?.push({ id: "user_2TwinTwoAbCdEfGhIjKlMnOpQr", firstName: "Twin", lastName: "Two", emailAddresses: ["twin@acme.com"], username: null });
  emulator = await startEmulator({ rateLimit: false, seed });
  await configureRuntimeFor(emulator);
});

afterEach(async () => {
  await emulator.close();
});

afterAll(async () => {
  await closeHttpConnections();
});

async function clerkLive(): Promise<Map<string, { role: string; public_metadata: unknown; private_metadata: unknown }>> {
  const response = await fetch(`${emulator.clerkApiUrl}/organizations/${ORG}/memberships?limit=500`, { headers: { authorization: `Bearer ${CLERK_KEY}` } });
  const body = (await response.json()) as { data: Array<{ role: string; public_metadata: unknown; private_metadata: unknown; public_user_data: { user_id: string } }> };
  return new Map(body.data.map((m) => [m.public_user_data.user_id, m]));
}

async function addByHand(userId: string, role: string): Promise<void> {
  const response = await fetch(`${emulator.clerkApiUrl}/organizations/${ORG}/memberships`, {
    method: "POST",
    headers: { authorization: `Bearer ${CLERK_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ user_id: userId, role }),
  });
  expect(response.status).toBe(200);
}

const baseMembers = {
  [JANE]: { role: "org:admin" },
  [JOHN]: { role: "org:member", publicMetadata: { team: "platform" } },
  [PRIYA]: { role: "org:billing" },
};

describe("Clerk OrganizationRoster", () => {
  it("converges the organization in one create: adds, updates and adopts, and stores private metadata apart", async () => {
    const { inputs } = await clerkRoster.check({}, {
      organizationId: ORG,
      members: { ...baseMembers, [MARCO]: { role: "org:admin", publicMetadata: { team: "security" } }, [JOHN]: { role: "org:billing" } },
      privateMetadata: { [MARCO]: { pager: "P1" } },
    });
    const { id, outs } = await clerkRoster.create(inputs);
    expect(id).toBe(ORG);
    // A member with no public metadata is stored as its role alone (the compact form at thousands of members).
    expect(outs.members).toEqual({
      [JANE]: "org:admin",
      [JOHN]: "org:billing",
      [PRIYA]: "org:billing",
      [MARCO]: { role: "org:admin", publicMetadata: { team: "security" } },
    });
    // The declared users are the keys of members: none is stored twice.
    expect(outs.absentMembers).toEqual([]);
    expect(outs.declaredMembers).toBeUndefined();
    expect(inputs.members).toEqual(outs.members);
    expect(outs.privateMetadata).toEqual({ [MARCO]: { pager: "P1" } });
    expect(outs.unmanagedMembers).toEqual([]);
    const live = await clerkLive();
    expect(live.get(JOHN)).toMatchObject({ role: "org:billing", public_metadata: {} });
    expect(live.get(MARCO)).toMatchObject({ private_metadata: { pager: "P1" } });
  });

  it("reads states written by earlier releases (object entries, declaredMembers) as unchanged", async () => {
    const { inputs } = await clerkRoster.check({}, { organizationId: ORG, members: baseMembers });
    const { id, outs } = await clerkRoster.create(inputs);
    const members = outs.members as Record<string, unknown>;
    const objectEntry = (entry: unknown) => (typeof entry === "string" ? { role: entry } : entry);
    const olderForms = [
      Object.fromEntries(Object.entries(members).map(([userId, entry]) => [userId, { publicMetadata: {}, ...(objectEntry(entry) as object) }])),
      Object.fromEntries(Object.entries(members).map(([userId, entry]) => [userId, objectEntry(entry)])),
    ];
    expect(olderForms[0]?.[JANE]).toEqual({ role: "org:admin", publicMetadata: {} });
    expect(olderForms[1]?.[JANE]).toEqual({ role: "org:admin" });
    const { absentMembers: _absent, ...withoutAbsent } = outs;
    for (const older of olderForms) {
      const olderState = { ...withoutAbsent, members: older, declaredMembers: Object.keys(members).sort() };
      await expect(clerkRoster.diff(id, olderState, inputs)).resolves.toMatchObject({ changes: false });
      // A real difference in that form still shows.
      await expect(clerkRoster.diff(id, { ...olderState, members: { ...older, [JANE]: { role: "org:member" } } }, inputs)).resolves.toMatchObject({ changes: true });
      // A member dropped from the roster is still known as declared (and so removed), not taken for an unmanaged one.
      const withoutPriya = (await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: baseMembers[JANE], [JOHN]: baseMembers[JOHN] } })).inputs;
      const updated = await clerkRoster.update(id, olderState, withoutPriya);
      expect(Object.keys(updated.outs.members as object).sort()).toEqual([JANE, JOHN].sort());
      expect((await clerkLive()).has(PRIYA)).toBe(false);
      await clerkRoster.update(id, updated.outs, inputs);
    }
  });

  it("takes a role alone as the member's entry, and rejects entries that are neither a role nor an object", async () => {
    const { inputs, failures } = await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin", [JOHN]: { role: "org:member", publicMetadata: { team: "platform" } }, [PRIYA]: { role: "org:billing", publicMetadata: {} } } });
    expect(failures).toBeUndefined();
    expect(inputs.members).toEqual({ [JANE]: "org:admin", [JOHN]: { role: "org:member", publicMetadata: { team: "platform" } }, [PRIYA]: "org:billing" });
    const bad = await clerkRoster.check({}, { organizationId: ORG, members: { [JANE]: "org:admin", [JOHN]: 7, [PRIYA]: null } });
    expect(bad.failures?.map((f) => f.reason).sort()).toEqual([
      `members.${JOHN}: must be a role, or an object of the member's fields (got number)`,
      `members.${PRIYA}: must be a role, or an object of the member's fields (got null)`,
    ].sort());
  });

  it("records declared users who are not live members in absentMembers, and adds them on the next update", async () => {
    const { inputs } = await clerkRoster.check({}, { organizationId: ORG, members: baseMembers });
    const { id, outs } = await clerkRoster.create(inputs);
    // PRIYA is removed outside Pulumi: a refresh keeps her declared, as absent.
    const removed = await fetch(`${emulator.clerkApiUrl}/organizations/${ORG}/memberships/${PRIYA}`, { method: "DELETE", headers: { authorization: `Bearer ${CLERK_KEY}` } });
    expect(removed.status).toBe(200);
    const read = await clerkRoster.read(id, outs);
    expect(read.props?.absentMembers).toEqual([PRIYA]);
    expect(Object.keys(read.props?.members as object)).not.toContain(PRIYA);
    expect((read.props?.unmanagedMembers as unknown[]).length).toBe(0);
    await expect(clerkRoster.diff(id, read.props ?? {}, inputs)).resolves.toMatchObject({ changes: true });
    const updated = await clerkRoster.update(id, read.props ?? {}, inputs);
    expect(updated.outs.absentMembers).toEqual([]);
    expect((await clerkLive()).get(PRIYA)?.role).toBe("org:billing");
  });

  it("resolves members given by email with one batched lookup", async () => {
    emulator.resetStats();
    const { inputs, failures } = await clerkRoster.check({}, { organizationId: ORG, members: { ...baseMembers, "Marco.Rossi@acme.com": { role: "org:member" }, "aiko.tanaka@acme.com": {} } });
    expect(failures).toBeUndefined();
    expect(Object.keys(inputs.members as object).sort()).toEqual([AIKO, JANE, JOHN, MARCO, PRIYA].sort());
    expect(inputs.emails).toEqual({ "Marco.Rossi@acme.com": MARCO, "aiko.tanaka@acme.com": AIKO });
    expect(emulator.stats().byRoute["GET /v1/users"]).toBe(1);
  });

  it("names every email that matches no user or several", async () => {
    const { failures } = await clerkRoster.check({}, { organizationId: ORG, members: { ...baseMembers, "nobody@acme.com": {}, "twin@acme.com": {}, "ghost@acme.com": {} } });
    expect(failures).toHaveLength(1);
    expect(failures?.[0]?.reason).toMatch(/nobody@acme.com matches no Clerk user/);
    expect(failures?.[0]?.reason).toMatch(/ghost@acme.com matches no Clerk user/);
    expect(failures?.[0]?.reason).toMatch(/twin@acme.com matches 2 users/);
  });

  it("rejects bad entries before any API call, naming the member and property", async () => {
    emulator.resetStats();
    const { failures } = await clerkRoster.check({}, { organizationId: "acme", members: { [JANE]: { role: "admin" }, "not-an-email@": {} }, maxRemovals: -1 });
    expect(failures?.map((f) => f.property).sort()).toEqual(["maxRemovals", "members", "organizationId"]);
    expect(emulator.stats().total).toBe(0);
  });

  it("names a member given by email by its email in its entry's problems, before any lookup", async () => {
    emulator.resetStats();
    const { failures } = await clerkRoster.check({}, { organizationId: ORG, members: { ...baseMembers, "marco.rossi@acme.com": { role: "billing" }, "aiko.tanaka@acme.com": 7 } });
    expect(failures?.map((f) => f.reason).sort()).toEqual([
      "members.aiko.tanaka@acme.com: must be a role, or an object of the member's fields (got number)",
      expect.stringMatching(/^members\.marco\.rossi@acme\.com\.role: /) as string,
    ]);
    expect(emulator.stats().total).toBe(0);
  });

  it("a roster of 1000 with one invalid entry fails in check, naming that entry, with 0 HTTP calls", async () => {
    const members: Record<string, unknown> = { [JANE]: { role: "org:admin" } };
    for (let i = 0; i < 999; i++) members[`user_2Bulk${String(i).padStart(4, "0")}AbCdEfGh`] = { role: "org:member", publicMetadata: { i } };
    members.user_2Bulk0500AbCdEfGh = { role: "billing" };
    emulator.resetStats();
    const { failures } = await clerkRoster.check({}, { organizationId: ORG, members });
    expect(failures).toHaveLength(1);
    expect(failures?.[0]?.reason).toMatch(/members\.user_2Bulk0500AbCdEfGh\.role/);
    expect(emulator.stats().total).toBe(0);
  });

  it("refuses a roster without an admin that would remove the unmanaged ones", async () => {
    const { failures } = await clerkRoster.check({}, { organizationId: ORG, members: { [JOHN]: {} }, unmanagedMembers: "remove" });
    expect(failures?.[0]?.reason).toMatch(/without an admin/);
  });

  it("reads the whole organization in one listing, reports members added by hand, and diff reports them as drift", async () => {
    const { inputs } = await clerkRoster.check({}, { organizationId: ORG, members: baseMembers });
    const { id, outs } = await clerkRoster.create(inputs);
    await addByHand(SAM, "org:admin");
    emulator.resetStats();
    const read = await clerkRoster.read(id, outs);
    expect(emulator.stats().total).toBe(1);
    expect(read.props?.unmanagedMembers).toEqual([expect.objectContaining({ userId: SAM, role: "org:admin" })]);
    await expect(clerkRoster.diff(id, read.props ?? {}, inputs)).resolves.toMatchObject({ changes: true });
    const ignoring = (await clerkRoster.check({}, { organizationId: ORG, members: baseMembers, unmanagedMembers: "ignore" })).inputs;
    await expect(clerkRoster.diff(id, read.props ?? {}, ignoring)).resolves.toMatchObject({ changes: true }); // the mode itself changed
  });

  it("removes unmanaged members in remove mode", async () => {
    const { inputs } = await clerkRoster.check({}, { organizationId: ORG, members: baseMembers });
    const { id, outs } = await clerkRoster.create(inputs);
    await addByHand(SAM, "org:member");
    const removing = (await clerkRoster.check({}, { organizationId: ORG, members: baseMembers, unmanagedMembers: "remove" })).inputs;
    const { outs: updated } = await clerkRoster.update(id, outs, removing);
    expect(updated.unmanagedMembers).toEqual([]);
    expect((await clerkLive()).has(SAM)).toBe(false);
  });

  it("refuses to remove more than maxRemovals, before removing anyone, listing who would go", async () => {
    const extras = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`user_2Extra${String(i).padStart(2, "0")}AbCdEfGhIjKlMnOp`, { role: "org:member" }]));
    const { inputs } = await clerkRoster.check({}, { organizationId: ORG, members: { ...baseMembers, ...extras } });
    const { id, outs } = await clerkRoster.create(inputs);
    const truncated = (await clerkRoster.check({}, { organizationId: ORG, members: baseMembers })).inputs;
    await expect(clerkRoster.diff(id, outs, truncated)).rejects.toThrow(/would remove 10 members, more than maxRemovals \(5\).*user_2Extra00/);
    await expect(clerkRoster.update(id, outs, truncated)).rejects.toThrow(/would remove 10 members.*nobody was removed.*raise maxRemovals to at least 10/);
    expect((await clerkLive()).size).toBe(13);
    const allowed = (await clerkRoster.check({}, { organizationId: ORG, members: baseMembers, maxRemovals: 10 })).inputs;
    await clerkRoster.update(id, outs, allowed);
    expect((await clerkLive()).size).toBe(3);
  });

  it("refuses in diff with the apply's message, and counts as the apply does: members already gone are not removals", async () => {
    const extras = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`user_2Extra${String(i).padStart(2, "0")}AbCdEfGhIjKlMnOp`, { role: "org:member" }]));
    const { inputs } = await clerkRoster.check({}, { organizationId: ORG, members: { ...baseMembers, ...extras } });
    const { id, outs } = await clerkRoster.create(inputs);
    const truncated = (await clerkRoster.check({}, { organizationId: ORG, members: baseMembers })).inputs;
    const refusal = (operation: Promise<unknown>) => operation.then(() => "", (error: unknown) => (error instanceof Error ? error.message : String(error)));
    // The state does not hold a dropped member's role as the service words it: the apply names it, the diff does not.
    const withoutRoles = (message: string) => message.replace(/\(org:member, /g, "(");
    const fromDiff = await refusal(clerkRoster.diff(id, outs, truncated));
    expect(fromDiff).toMatch(/would remove 10 members, more than maxRemovals \(5\); nobody was removed/);
    expect(fromDiff).toBe(withoutRoles(await refusal(clerkRoster.update(id, outs, truncated))));
    // Six of them leave outside Pulumi: a refresh records them as absent, and dropping them removes only four.
    for (const userId of Object.keys(extras).slice(0, 6)) {
      const removed = await fetch(`${emulator.clerkApiUrl}/organizations/${ORG}/memberships/${userId}`, { method: "DELETE", headers: { authorization: `Bearer ${CLERK_KEY}` } });
      expect(removed.status).toBe(200);
    }
    const read = await clerkRoster.read(id, outs);
    await expect(clerkRoster.diff(id, read.props ?? {}, truncated)).resolves.toMatchObject({ changes: true });
    const { outs: updated } = await clerkRoster.update(id, read.props ?? {}, truncated);
    expect(updated.absentMembers).toEqual([]);
    expect((await clerkLive()).size).toBe(3);
  });

  it("keeps what was applied when some members fail, names them, and the next run continues", async () => {
    const members = { ...baseMembers, [MARCO]: { role: "org:admin" }, [AIKO]: { role: "org:nonexistent" }, [SAM]: { role: "org:member" } };
    const { inputs } = await clerkRoster.check({}, { organizationId: ORG, members });
    const error = (await clerkRoster.create(inputs).then(() => undefined, (e: unknown) => e)) as { message: string; id: string; properties: Record<string, unknown>; reasons: string[] };
    expect(error.message).toMatch(new RegExp(`1 member change\\(s\\) failed.*${AIKO} \\(add\\)`));
    expect(error.id).toBe(ORG);
    // The engine prints the reasons alone: one per member that failed, then what became of the others.
    expect(error.reasons).toEqual([expect.stringContaining(`${AIKO} (add): `), `Clerk organization ${ORG}: the other member changes were applied and recorded; run \`pulumi up\` again after fixing the above`]);
    expect(Object.keys(error.properties.members as object).sort()).toEqual([JANE, JOHN, MARCO, PRIYA, SAM].sort());
    const fixed = (await clerkRoster.check({}, { organizationId: ORG, members: { ...members, [AIKO]: { role: "org:member" } } })).inputs;
    emulator.resetStats();
    const { outs } = await clerkRoster.update(ORG, error.properties, fixed);
    expect(Object.keys(outs.members as object)).toHaveLength(6);
    expect(emulator.stats().byRoute["POST /v1/organizations/:organizationId/memberships"]).toBe(1);
  });

  it("translates the last-admin rule when the roster drops the only admin", async () => {
    const { inputs } = await clerkRoster.check({}, { organizationId: ORG, members: baseMembers });
    const { id, outs } = await clerkRoster.create(inputs);
    const noAdmin = (await clerkRoster.check({}, { organizationId: ORG, members: { [JOHN]: baseMembers[JOHN], [PRIYA]: baseMembers[PRIYA] } })).inputs;
    await expect(clerkRoster.update(id, outs, noAdmin)).rejects.toThrow(/without an admin.*nothing was applied/);
    expect((await clerkLive()).get(JANE)?.role).toBe("org:admin");
  });
});

describe("WorkOS OrganizationRoster", () => {
  it("converges roles, adopts, reports unmanaged and resolves emails", async () => {
    const { inputs, failures } = await workosRoster.check({}, {
      organizationId: WORKOS_ORG,
      members: { [W_JANE]: { roleSlug: "admin" }, "marco.rossi@acme.com": { roleSlugs: ["member", "billing"] } },
    });
    expect(failures).toBeUndefined();
    const { outs } = await workosRoster.create(inputs);
    expect(outs.members).toEqual({ [W_JANE]: "admin", [W_MARCO]: { roleSlugs: ["billing", "member"] } });
    expect(inputs.members).toEqual(outs.members);
    // An entry stored by an earlier release ({ roleSlug }) is the same entry.
    const older = { ...outs, members: { ...(outs.members as object), [W_JANE]: { roleSlug: "admin" } } };
    const same = await workosRoster.diff(WORKOS_ORG, outs, inputs);
    await expect(workosRoster.diff(WORKOS_ORG, older, inputs)).resolves.toEqual(same);
    expect((outs.unmanagedMembers as Array<{ userId: string }>).map((m) => m.userId)).toContain(W_JOHN);
  });

  it("checks a member given by email whole before the lookup (its fields together too), naming it by its email", async () => {
    emulator.resetStats();
    const { failures } = await workosRoster.check({}, { organizationId: WORKOS_ORG, members: { [W_JANE]: "admin", "marco.rossi@acme.com": { roleSlug: "admin", roleSlugs: ["member"] } } });
    expect(failures?.map((f) => f.reason)).toEqual([expect.stringMatching(/^members\.marco\.rossi@acme\.com\.roleSlugs: roleSlug and roleSlugs are mutually exclusive/) as string]);
    expect(emulator.stats().total).toBe(0);
  });
});

describe("import (a read with only an id)", () => {
  it("imports a Clerk roster: every active member declared with roles and metadata, private metadata apart, and no change after", async () => {
    const read = await clerkRoster.read(ORG);
    expect(read.id).toBe(ORG);
    const live = await clerkLive();
    expect(Object.keys(read.inputs?.members as object).sort()).toEqual([...live.keys()].sort());
    expect(read.inputs).toMatchObject({ organizationId: ORG, unmanagedMembers: "report", maxRemovals: 5, manageMembers: true, members: { [JANE]: "org:admin", [JOHN]: { role: "org:member", publicMetadata: { team: "platform" } }, [PRIYA]: "org:billing" } });
    expect(read.inputs?.privateMetadata).toEqual({ [PRIYA]: live.get(PRIYA)?.private_metadata });
    expect(read.props).toMatchObject({ organizationId: ORG, unmanagedMembers: [], unmanagedMembersMode: "report", absentMembers: [] });
    const checked = await clerkRoster.check(read.inputs ?? {}, read.inputs ?? {});
    expect(checked.failures).toBeUndefined();
    await expect(clerkRoster.diff(ORG, read.props ?? {}, checked.inputs)).resolves.toMatchObject({ changes: false, replaces: [] });
  });

  it("imports a WorkOS roster: its active members, inactive ones listed but not declared, and no change after", async () => {
    const read = await workosRoster.read(WORKOS_ORG);
    expect(read.id).toBe(WORKOS_ORG);
    expect(read.inputs?.members).toEqual({ [W_JANE]: "admin", [W_JOHN]: "member" });
    expect(read.inputs).not.toHaveProperty("privateMetadata");
    expect((read.props?.inactiveMembers as Array<{ userId: string }> | undefined)?.length ?? 0).toBeGreaterThan(0);
    const checked = await workosRoster.check(read.inputs ?? {}, read.inputs ?? {});
    expect(checked.failures).toBeUndefined();
    await expect(workosRoster.diff(WORKOS_ORG, read.props ?? {}, checked.inputs)).resolves.toMatchObject({ changes: false, replaces: [] });
  });

  it("refuses an id that is not an organization's, naming the shape", async () => {
    for (const id of [`${ORG}/${JANE}`, JANE, "acme"]) await expect(clerkRoster.read(id)).rejects.toThrow(/imported by organization: `org_…`/);
    await expect(workosRoster.read(`${WORKOS_ORG}/${W_JANE}`)).rejects.toThrow(/imported by organization: `org_…`/);
  });
});
