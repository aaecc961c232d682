// The emulated WorkOS invitations over real HTTP: send, list, get (by id and by token), resend, revoke and accept,
// the pending membership an organization invitation holds, expiry, the admin accept/expire routes, seeds and the
// state dump, the shared pipeline (faults, stats, idempotency), and the official Node SDK pointed at the emulator.
import { GenericServerException, NotFoundException, WorkOS } from "@workos-inc/node";
import { z } from "zod";
import { EmulatorInputError, type EmulatorSeed } from "../../../emulator";
import { type CallOptions, type CallResult, call, useEmulator } from "../../support/emulator-harness";

const API_KEY = "sk_test_workos_invitations";
const INVITATIONS = "/user_management/invitations";
const MEMBERSHIPS = "/user_management/organization_memberships";
const DAY_MS = 24 * 60 * 60 * 1000;

const SEED: EmulatorSeed = {
  workos: {
    apiKeys: [API_KEY],
    roles: [{ slug: "admin" }, { slug: "member" }],
    users: [
      { id: "user_01ALICE", email: "alice@acme.com", firstName: "Alice", lastName: "Zimmer" },
      { id: "user_01BOB", email: "Bob@Acme.com", firstName: "Bob", lastName: "Young" },
      { id: "user_01CAROL", email: "carol@acme.com", firstName: "Carol", lastName: "Xu" },
    ],
    organizations: [
      { id: "org_01ACME", name: "Acme Corp" },
      { id: "org_01BETA", name: "Beta LLC" },
    ],
    memberships: [
      { id: "om_01ALICE", organizationId: "org_01ACME", userId: "user_01ALICE", roleSlugs: ["admin"] },
      { id: "om_01CAROL", organizationId: "org_01ACME", userId: "user_01CAROL", roleSlugs: ["member"], status: "inactive" },
    ],
  },
};

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const invitationBody = z.strictObject({
  object: z.literal("invitation"),
  id: z.string().regex(/^invitation_[0-9A-HJKMNP-TV-Z]{26}$|^invitation_01[A-Z]+$/),
  email: z.string(),
  state: z.enum(["pending", "accepted", "expired", "revoked"]),
  accepted_at: z.string().regex(ISO_MS).nullable(),
  revoked_at: z.string().regex(ISO_MS).nullable(),
  expires_at: z.string().regex(ISO_MS),
  organization_id: z.string().nullable(),
  inviter_user_id: z.string().nullable(),
  accepted_user_id: z.string().nullable(),
  role_slug: z.string().nullable(),
  created_at: z.string().regex(ISO_MS),
  updated_at: z.string().regex(ISO_MS),
  token: z.string().regex(/^[0-9A-Za-z]+$/),
  accept_invitation_url: z.string(),
});
type Invitation = z.infer<typeof invitationBody>;

const invitationList = z.object({
  object: z.literal("list"),
  data: z.array(invitationBody),
  list_metadata: z.object({ before: z.string().nullable(), after: z.string().nullable() }),
});
const membershipBody = z.object({ id: z.string(), user_id: z.string(), status: z.string(), roles: z.array(z.object({ slug: z.string() })) });
const membershipList = z.object({ data: z.array(membershipBody) });
const errorBody = z.object({ message: z.string(), code: z.string().optional() });
const adminError = z.object({ error: z.string(), message: z.string() });
const acceptedBody = z.object({
  invitation: invitationBody,
  user: z.object({ id: z.string(), email: z.string(), email_verified: z.boolean() }),
  membership: membershipBody.nullable(),
});

const emulator = useEmulator({ seed: SEED, rateLimit: false });

beforeEach(() => {
  emulator.handle.seed(SEED);
  emulator.handle.setFaults({});
  emulator.handle.resetStats();
});

function workos(path: string, options: CallOptions = {}): Promise<CallResult> {
  return call(`${emulator.handle.workosApiUrl}${path}`, { token: API_KEY, ...options });
}

function admin(path: string): Promise<CallResult> {
  return call(`${emulator.handle.url}/_emulator${path}`, { method: "POST" });
}

function invitation(result: CallResult, status = 200): Invitation {
  expect({ status: result.status, body: result.json }).toMatchObject({ status });
  return invitationBody.parse(result.json);
}

function failure(result: CallResult): { status: number; code?: string; message: string } {
  return { status: result.status, ...errorBody.parse(result.json) };
}

const send = (body: unknown, headers?: Record<string, string>) => workos(INVITATIONS, { method: "POST", body, headers });
const post = (path: string, body?: unknown) => workos(path, { method: "POST", body });

async function membershipsOf(organizationId: string): Promise<z.infer<typeof membershipBody>[]> {
  const result = await workos(`${MEMBERSHIPS}?organization_id=${organizationId}&statuses=active,inactive,pending`);
  expect(result.status).toBe(200);
  return membershipList.parse(result.json).data;
}

describe("POST /user_management/invitations", () => {
  test("sends a pending invitation valid for 7 days by default, with a token and the page to accept it", async () => {
    const before = Date.now();
    const sent = invitation(await send({ email: "new@acme.com", organization_id: "org_01ACME", inviter_user_id: "user_01ALICE" }), 201);
    expect(sent).toMatchObject({
      email: "new@acme.com",
      state: "pending",
      accepted_at: null,
      revoked_at: null,
      organization_id: "org_01ACME",
      inviter_user_id: "user_01ALICE",
      accepted_user_id: null,
      role_slug: "member",
    });
    expect(sent.id).toMatch(/^invitation_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(sent.token).toMatch(/^[0-9A-Za-z]{25}$/);
    expect(sent.accept_invitation_url).toBe(`https://app.example.com/invite?invitation_token=${sent.token}`);
    expect(sent.created_at).toBe(sent.updated_at);
    expect(Date.parse(sent.expires_at) - Date.parse(sent.created_at)).toBe(7 * DAY_MS);
    expect(Date.parse(sent.created_at)).toBeGreaterThanOrEqual(before - 1000);
  });

  test("takes expires_in_days from 1 to 30 and answers 400 expires_in_days_too_short / _too_long outside", async () => {
    for (const days of [1, 30]) {
      const sent = invitation(await send({ email: `d${days}@acme.com`, expires_in_days: days }), 201);
      expect(Date.parse(sent.expires_at) - Date.parse(sent.created_at)).toBe(days * DAY_MS);
    }
    expect(failure(await send({ email: "x@acme.com", expires_in_days: 0 }))).toMatchObject({ status: 400, code: "expires_in_days_too_short" });
    expect(failure(await send({ email: "x@acme.com", expires_in_days: 31 }))).toMatchObject({ status: 400, code: "expires_in_days_too_long" });
    expect(failure(await send({ email: "x@acme.com", expires_in_days: 1.5 }))).toMatchObject({ status: 422, code: "invalid_request_parameters" });
  });

  test("gives a user with an account a pending membership with the invitation's role, shown by the invitation", async () => {
    const sent = invitation(await send({ email: "BOB@acme.com", organization_id: "org_01ACME", role_slug: "admin" }), 201);
    const held = (await membershipsOf("org_01ACME")).find((item) => item.user_id === "user_01BOB");
    expect(held).toMatchObject({ status: "pending", roles: [{ slug: "admin" }] });
    // The default list (active only) leaves the invitee out.
    const active = membershipList.parse((await workos(`${MEMBERSHIPS}?organization_id=org_01ACME`)).json).data;
    expect(active.map((item) => item.user_id)).toEqual(["user_01ALICE"]);
    // role_slug reflects the invitee's membership role.
    expect((await workos(`${MEMBERSHIPS}/${held?.id}`, { method: "PUT", body: { role_slug: "member" } })).status).toBe(200);
    expect(invitation(await workos(`${INVITATIONS}/${sent.id}`)).role_slug).toBe("member");
  });

  test("creates neither user nor membership for an address without an account", async () => {
    invitation(await send({ email: "new@acme.com", organization_id: "org_01ACME", role_slug: "admin" }), 201);
    expect(emulator.handle.workos.findUserByEmail("new@acme.com")).toBeUndefined();
    expect((await membershipsOf("org_01ACME")).map((item) => item.user_id).sort()).toEqual(["user_01ALICE", "user_01CAROL"]);
  });

  test("leaves an inactive membership inactive until the invitation is accepted", async () => {
    invitation(await send({ email: "carol@acme.com", organization_id: "org_01ACME", role_slug: "admin" }), 201);
    expect(emulator.handle.workos.getMembership("om_01CAROL")).toMatchObject({ status: "inactive", roleSlugs: ["member"] });
  });

  test("refuses a second pending invitation and a member, with the codes of the description", async () => {
    invitation(await send({ email: "new@acme.com", organization_id: "org_01ACME" }), 201);
    invitation(await send({ email: "solo@acme.com" }), 201);
    expect(failure(await send({ email: "NEW@acme.com", organization_id: "org_01ACME" }))).toMatchObject({
      status: 400,
      code: "email_already_invited_to_organization",
    });
    // The same address may be invited to another organization at the same time.
    invitation(await send({ email: "new@acme.com", organization_id: "org_01BETA" }), 201);
    expect(failure(await send({ email: "solo@acme.com" }))).toMatchObject({ status: 400, code: "email_already_invited" });
    expect(failure(await send({ email: "alice@acme.com", organization_id: "org_01ACME" }))).toMatchObject({
      status: 400,
      code: "user_already_organization_member",
    });
    expect(failure(await send({ email: "alice@acme.com" }))).toMatchObject({ status: 400, code: "user_already_exists" });
  });

  test("answers 404 for an unknown organization or inviter, 400 invalid_role and 422 for a bad body", async () => {
    expect(failure(await send({ email: "x@acme.com", organization_id: "org_01NONE" }))).toMatchObject({ status: 404, code: "entity_not_found" });
    expect(failure(await send({ email: "x@acme.com", inviter_user_id: "user_01NONE" }))).toMatchObject({ status: 404, code: "entity_not_found" });
    expect(failure(await send({ email: "x@acme.com", organization_id: "org_01ACME", role_slug: "owner" }))).toMatchObject({
      status: 400,
      code: "invalid_role",
    });
    for (const body of [{}, { email: "not an email" }, { email: "x@acme.com", locale: "xx" }, { email: "x@acme.com", role_slug: "admin" }]) {
      expect(failure(await send(body))).toMatchObject({ status: 422, code: "invalid_request_parameters" });
    }
  });

  test("replays the same invitation for a repeated Idempotency-Key", async () => {
    const headers = { "Idempotency-Key": "invite-once" };
    const first = invitation(await send({ email: "new@acme.com", organization_id: "org_01ACME" }, headers), 201);
    const replay = invitation(await send({ email: "new@acme.com", organization_id: "org_01ACME" }, headers), 201);
    expect(replay).toEqual(first);
    expect(emulator.handle.workos.listInvitations()).toHaveLength(1);
  });
});

describe("GET /user_management/invitations", () => {
  async function sendMany(): Promise<Invitation[]> {
    const sent: Invitation[] = [];
    for (const [email, organization_id] of [
      ["a@acme.com", "org_01ACME"],
      ["b@acme.com", "org_01ACME"],
      ["a@acme.com", "org_01BETA"],
      ["c@acme.com", undefined],
    ] as const) {
      sent.push(invitation(await send({ email, organization_id }), 201));
    }
    return sent;
  }

  test("lists every invitation newest first, filtered by organization_id and (case-insensitively) by email", async () => {
    const [a, b, aBeta, c] = await sendMany();
    const ids = async (query: string) => invitationList.parse((await workos(`${INVITATIONS}${query}`)).json).data.map((item) => item.id);
    expect(await ids("")).toEqual([c?.id, aBeta?.id, b?.id, a?.id]);
    expect(await ids("?organization_id=org_01ACME")).toEqual([b?.id, a?.id]);
    expect(await ids("?email=A@ACME.com")).toEqual([aBeta?.id, a?.id]);
    expect(await ids("?email=a@acme.com&organization_id=org_01BETA")).toEqual([aBeta?.id]);
    expect(await ids("?organization_id=org_01NONE")).toEqual([]);
  });

  test("pages with limit and the before/after cursors like the other lists", async () => {
    const [a, b, aBeta, c] = await sendMany();
    const page = async (query: string) => invitationList.parse((await workos(`${INVITATIONS}?limit=2&order=asc${query}`)).json);
    const first = await page("");
    expect(first.data.map((item) => item.id)).toEqual([a?.id, b?.id]);
    expect(first.list_metadata).toEqual({ before: null, after: b?.id });
    const second = await page(`&after=${first.list_metadata.after}`);
    expect(second.data.map((item) => item.id)).toEqual([aBeta?.id, c?.id]);
    expect(second.list_metadata).toEqual({ before: aBeta?.id, after: null });
    expect(failure(await workos(`${INVITATIONS}?after=invitation_01NONE`))).toMatchObject({ status: 400 });
  });
});

describe("GET by id and by token", () => {
  test("finds an invitation by id and by token, and answers 404 entity_not_found otherwise", async () => {
    const sent = invitation(await send({ email: "new@acme.com" }), 201);
    expect(invitation(await workos(`${INVITATIONS}/${sent.id}`))).toEqual(sent);
    expect(invitation(await workos(`${INVITATIONS}/by_token/${sent.token}`))).toEqual(sent);
    expect(failure(await workos(`${INVITATIONS}/invitation_01NONE`))).toMatchObject({ status: 404, code: "entity_not_found" });
    expect(failure(await workos(`${INVITATIONS}/by_token/nope`))).toMatchObject({ status: 404, code: "entity_not_found" });
  });
});

describe("revoke and resend", () => {
  test("revoking deletes the pending membership; a revoked invitation cannot be revoked, resent or accepted", async () => {
    const sent = invitation(await send({ email: "bob@acme.com", organization_id: "org_01ACME", role_slug: "admin" }), 201);
    const revoked = invitation(await post(`${INVITATIONS}/${sent.id}/revoke`));
    expect(revoked).toMatchObject({ id: sent.id, state: "revoked", role_slug: "admin" });
    expect(revoked.revoked_at).toBe(revoked.updated_at);
    expect((await membershipsOf("org_01ACME")).some((item) => item.user_id === "user_01BOB")).toBe(false);
    expect(failure(await post(`${INVITATIONS}/${sent.id}/revoke`))).toMatchObject({ status: 400, code: "invite_not_pending" });
    expect(failure(await post(`${INVITATIONS}/${sent.id}/resend`, {}))).toMatchObject({ status: 400, code: "invite_revoked" });
    expect(failure(await post(`${INVITATIONS}/${sent.id}/accept`))).toMatchObject({ status: 400, code: "invite_not_pending" });
    expect(failure(await post(`${INVITATIONS}/invitation_01NONE/revoke`))).toMatchObject({ status: 404, code: "entity_not_found" });
    // The address can be invited again.
    invitation(await send({ email: "bob@acme.com", organization_id: "org_01ACME" }), 201);
  });

  test("resending keeps the token and expiry of a pending invitation and refuses the others", async () => {
    const sent = invitation(await send({ email: "new@acme.com", organization_id: "org_01ACME" }), 201);
    const resent = invitation(await post(`${INVITATIONS}/${sent.id}/resend`, { locale: "fr" }));
    expect(resent).toMatchObject({ state: "pending", token: sent.token, expires_at: sent.expires_at });
    expect(Date.parse(resent.updated_at)).toBeGreaterThan(Date.parse(sent.updated_at));
    expect(invitation(await post(`${INVITATIONS}/${sent.id}/resend`)).state).toBe("pending");
    expect(failure(await post(`${INVITATIONS}/${sent.id}/resend`, { locale: "xx" }))).toMatchObject({ status: 422 });
    expect(failure(await post(`${INVITATIONS}/invitation_01NONE/resend`, {}))).toMatchObject({ status: 404 });
  });
});

describe("acceptance", () => {
  test("the admin accept signs a new address up: a verified user and an active membership with the invitation's role", async () => {
    const sent = invitation(await send({ email: "New@Acme.com", organization_id: "org_01ACME", role_slug: "admin" }), 201);
    const result = await admin(`/workos/invitations/${sent.id}/accept`);
    expect(result.status).toBe(200);
    const accepted = acceptedBody.parse(result.json);
    expect(accepted.user).toMatchObject({ email: "New@Acme.com", email_verified: true });
    expect(accepted.user.id).toMatch(/^user_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(accepted.membership).toMatchObject({ user_id: accepted.user.id, status: "active", roles: [{ slug: "admin" }] });
    expect(accepted.invitation).toMatchObject({ state: "accepted", accepted_user_id: accepted.user.id, role_slug: "admin" });
    expect(accepted.invitation.accepted_at).toBe(accepted.invitation.updated_at);
    expect(invitation(await workos(`${INVITATIONS}/${sent.id}`))).toEqual(accepted.invitation);
    expect(failure(await post(`${INVITATIONS}/${sent.id}/resend`, {}))).toMatchObject({ status: 400, code: "invite_accepted" });
    expect(failure(await post(`${INVITATIONS}/${sent.id}/revoke`))).toMatchObject({ status: 400, code: "invite_not_pending" });
  });

  test("accepting activates the pending membership it held, with its roles and id", async () => {
    const sent = invitation(await send({ email: "bob@acme.com", organization_id: "org_01ACME", role_slug: "admin" }), 201);
    const held = emulator.handle.workos.findMembership("org_01ACME", "user_01BOB");
    const accepted = invitation(await post(`${INVITATIONS}/${sent.id}/accept`));
    expect(accepted).toMatchObject({ state: "accepted", accepted_user_id: "user_01BOB", role_slug: "admin" });
    expect(emulator.handle.workos.getMembership(held?.id ?? "")).toMatchObject({ status: "active", roleSlugs: ["admin"] });
  });

  test("accepting reactivates an inactive membership with the invitation's role", async () => {
    const sent = invitation(await send({ email: "carol@acme.com", organization_id: "org_01ACME", role_slug: "admin" }), 201);
    const { membership } = emulator.handle.workos.acceptInvitation(sent.id);
    expect(membership).toMatchObject({ id: "om_01CAROL", status: "active", roleSlugs: ["admin"] });
  });

  test("an invitation to the application only creates the user", async () => {
    const sent = invitation(await send({ email: "app@acme.com" }), 201);
    expect(sent.role_slug).toBeNull();
    const accepted = acceptedBody.parse((await admin(`/workos/invitations/${sent.id}/accept`)).json);
    expect(accepted.membership).toBeNull();
    expect(emulator.handle.workos.findUserByEmail("APP@acme.com")?.id).toBe(accepted.user.id);
  });

  test("the API accept needs the recipient's account: 400 invalid_invite without one", async () => {
    const sent = invitation(await send({ email: "new@acme.com", organization_id: "org_01ACME" }), 201);
    expect(failure(await post(`${INVITATIONS}/${sent.id}/accept`))).toMatchObject({ status: 400, code: "invalid_invite" });
    expect(invitation(await workos(`${INVITATIONS}/${sent.id}`)).state).toBe("pending");
  });

  test("the admin accept answers 404 for an unknown invitation and 400 for one that is not pending", async () => {
    const unknown = await admin("/workos/invitations/invitation_01NONE/accept");
    expect(unknown.status).toBe(404);
    expect(adminError.parse(unknown.json).error).toBe("entity_not_found");
    const sent = invitation(await send({ email: "new@acme.com" }), 201);
    emulator.handle.workos.revokeInvitation(sent.id);
    const refused = await admin(`/workos/invitations/${sent.id}/accept`);
    expect(refused.status).toBe(400);
    expect(adminError.parse(refused.json).error).toBe("invite_not_pending");
  });
});

describe("expiry", () => {
  test("the admin expire ends a pending invitation now; its pending membership stays until a new invitation takes it over", async () => {
    const sent = invitation(await send({ email: "bob@acme.com", organization_id: "org_01ACME", role_slug: "admin" }), 201);
    const result = await admin(`/workos/invitations/${sent.id}/expire`);
    expect(result.status).toBe(200);
    const expired = z.object({ invitation: invitationBody }).parse(result.json).invitation;
    expect(expired).toMatchObject({ state: "expired", accepted_at: null, revoked_at: null });
    expect(Date.parse(expired.expires_at)).toBeLessThan(Date.parse(sent.expires_at));
    expect(emulator.handle.workos.findMembership("org_01ACME", "user_01BOB")).toMatchObject({ status: "pending", roleSlugs: ["admin"] });
    expect(failure(await post(`${INVITATIONS}/${sent.id}/resend`, {}))).toMatchObject({ status: 400, code: "invite_expired" });
    expect(failure(await post(`${INVITATIONS}/${sent.id}/accept`))).toMatchObject({ status: 400, code: "invite_not_pending" });
    expect((await admin(`/workos/invitations/${sent.id}/expire`)).status).toBe(400);

    const again = invitation(await send({ email: "bob@acme.com", organization_id: "org_01ACME", role_slug: "member" }), 201);
    expect(emulator.handle.workos.findMembership("org_01ACME", "user_01BOB")).toMatchObject({ status: "pending", roleSlugs: ["member"] });
    expect(emulator.handle.workos.acceptInvitation(again.id).membership).toMatchObject({ status: "active", roleSlugs: ["member"] });
  });

  test("a pending invitation whose expires_at has passed reads as expired", async () => {
    const now = Date.now();
    emulator.handle.seed({
      workos: {
        ...SEED.workos,
        invitations: [{ id: "invitation_01OLD", email: "old@acme.com", organizationId: "org_01ACME", createdAt: now - 8 * DAY_MS }],
      },
    });
    const read = invitation(await workos(`${INVITATIONS}/invitation_01OLD`));
    expect(read).toMatchObject({ state: "expired", expires_at: new Date(now - DAY_MS).toISOString() });
    // A new invitation to the same address is not a duplicate any more.
    invitation(await send({ email: "old@acme.com", organization_id: "org_01ACME" }), 201);
  });

  test("the store's expireInvitation does the same in-process", async () => {
    const sent = invitation(await send({ email: "new@acme.com" }), 201);
    expect(emulator.handle.workos.expireInvitation(sent.id).state).toBe("expired");
    expect(invitation(await workos(`${INVITATIONS}/${sent.id}`)).state).toBe("expired");
  });
});

describe("seeds, the state dump and the shared pipeline", () => {
  test("GET /_emulator/state → POST /_emulator/seed round-trips invitations, tokens and pending memberships", async () => {
    const pending = invitation(await send({ email: "bob@acme.com", organization_id: "org_01ACME", role_slug: "admin", inviter_user_id: "user_01ALICE" }), 201);
    const accepted = invitation(await send({ email: "new@acme.com", organization_id: "org_01BETA" }), 201);
    emulator.handle.workos.acceptInvitation(accepted.id);
    const revoked = invitation(await send({ email: "app@acme.com" }), 201);
    emulator.handle.workos.revokeInvitation(revoked.id);
    const before = await call(`${emulator.handle.url}/_emulator/state`);
    const listBefore = (await workos(INVITATIONS)).json;
    const reseeded = await call(`${emulator.handle.url}/_emulator/seed`, { method: "POST", body: before.json });
    expect(reseeded.status).toBe(200);
    expect(reseeded.json).toEqual(before.json);
    expect((await workos(INVITATIONS)).json).toEqual(listBefore);
    expect(invitation(await workos(`${INVITATIONS}/by_token/${pending.token}`)).id).toBe(pending.id);
    expect(emulator.handle.workos.findMembership("org_01ACME", "user_01BOB")?.status).toBe("pending");
  });

  test.each([
    ["an unknown organization", { email: "x@acme.com", organizationId: "org_01NONE" }, "organizationId"],
    ["an unknown inviter", { email: "x@acme.com", inviterUserId: "user_01NONE" }, "inviterUserId"],
    ["an unknown role", { email: "x@acme.com", organizationId: "org_01ACME", roleSlug: "owner" }, "roleSlug"],
    ["a role without an organization", { email: "x@acme.com", roleSlug: "admin" }, "roleSlug"],
    ["an accepted invitation without acceptedUserId", { email: "x@acme.com", state: "accepted" as const }, "acceptedUserId"],
    ["revokedAt on a pending invitation", { email: "x@acme.com", revokedAt: 1 }, "revokedAt"],
  ])("rejects a seeded invitation with %s", (_case, seeded, field) => {
    expect(() => emulator.handle.seed({ workos: { ...SEED.workos, invitations: [seeded] } })).toThrow(
      new RegExp(`workos\\.invitations\\[0\\]\\.${field}`),
    );
  });

  test("rejects two pending seeded invitations for one address and organization, and duplicate tokens", () => {
    const twice = [
      { email: "x@acme.com", organizationId: "org_01ACME", token: "same" },
      { email: "X@acme.com", organizationId: "org_01ACME", token: "same" },
    ];
    expect(() => emulator.handle.seed({ workos: { ...SEED.workos, invitations: twice } })).toThrow(EmulatorInputError);
    expect(() => emulator.handle.seed({ workos: { ...SEED.workos, invitations: twice } })).toThrow(/token/);
  });

  test("the invitation routes are API routes: listed, counted, faulted; the admin ones are none of these", async () => {
    const routes = z.array(z.string()).parse((await call(`${emulator.handle.url}/_emulator/routes`)).json);
    expect(routes).toEqual(
      expect.arrayContaining([
        `POST ${INVITATIONS}`,
        `GET ${INVITATIONS}`,
        `GET ${INVITATIONS}/by_token/:token`,
        `GET ${INVITATIONS}/:id`,
        `POST ${INVITATIONS}/:id/accept`,
        `POST ${INVITATIONS}/:id/revoke`,
        `POST ${INVITATIONS}/:id/resend`,
      ]),
    );
    expect(routes.some((route) => route.includes("_emulator"))).toBe(false);

    const sent = invitation(await send({ email: "new@acme.com" }), 201);
    await workos(`${INVITATIONS}/${sent.id}`);
    await admin(`/workos/invitations/${sent.id}/expire`);
    expect(emulator.handle.stats().byRoute).toEqual({ [`POST ${INVITATIONS}`]: 1, [`GET ${INVITATIONS}/:id`]: 1 });

    emulator.handle.setFaults({ rate429: 1, routes: [`POST ${INVITATIONS}`] });
    const limited = await send({ email: "other@acme.com" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect((await workos(INVITATIONS)).status).toBe(200);
    expect(emulator.handle.workos.findUserByEmail("other@acme.com")).toBeUndefined();
  });
});

describe("the official Node SDK (@workos-inc/node) against the emulator", () => {
  function sdk(): WorkOS {
    const { port } = new URL(emulator.handle.workosApiUrl);
    return new WorkOS(API_KEY, { apiHostname: "127.0.0.1", port: Number(port), https: false });
  }

  test("sendInvitation, getInvitation, findInvitationByToken, listInvitations, resendInvitation and revokeInvitation work unchanged", async () => {
    const workosSdk = sdk();
    const sent = await workosSdk.userManagement.sendInvitation({
      email: "bob@acme.com",
      organizationId: "org_01ACME",
      roleSlug: "admin",
      inviterUserId: "user_01ALICE",
      expiresInDays: 3,
    });
    expect(sent).toMatchObject({
      object: "invitation",
      email: "bob@acme.com",
      state: "pending",
      organizationId: "org_01ACME",
      inviterUserId: "user_01ALICE",
      acceptedAt: null,
      revokedAt: null,
      acceptedUserId: null,
    });
    expect(Date.parse(sent.expiresAt) - Date.parse(sent.createdAt)).toBe(3 * DAY_MS);

    expect(await workosSdk.userManagement.getInvitation(sent.id)).toEqual(sent);
    expect(await workosSdk.userManagement.findInvitationByToken(sent.token)).toEqual(sent);

    const pending = await workosSdk.userManagement.listOrganizationMemberships({ organizationId: "org_01ACME", statuses: ["pending"] });
    expect(pending.data.map((item) => [item.userId, item.status, item.role.slug])).toEqual([["user_01BOB", "pending", "admin"]]);

    const second = await workosSdk.userManagement.sendInvitation({ email: "new@acme.com", organizationId: "org_01ACME" });
    const third = await workosSdk.userManagement.sendInvitation({ email: "solo@acme.com" });
    const firstPage = await workosSdk.userManagement.listInvitations({ organizationId: "org_01ACME", limit: 1 });
    expect(firstPage.data.map((item) => item.id)).toEqual([second.id]);
    expect(firstPage.listMetadata.after).toBe(second.id);
    const nextPage = await workosSdk.userManagement.listInvitations({ organizationId: "org_01ACME", limit: 1, after: second.id });
    expect(nextPage.data.map((item) => item.id)).toEqual([sent.id]);
    expect(nextPage.listMetadata).toEqual({ before: sent.id, after: null });
    // autoPagination walks the pages itself (100 a page, newest first).
    const everyInvitation = await (await workosSdk.userManagement.listInvitations({})).autoPagination();
    expect(everyInvitation.map((item) => item.id)).toEqual([third.id, second.id, sent.id]);
    expect((await workosSdk.userManagement.listInvitations({ email: "SOLO@acme.com" })).data.map((item) => item.id)).toEqual([third.id]);

    const resent = await workosSdk.userManagement.resendInvitation(second.id, { locale: "de" });
    expect(resent).toMatchObject({ id: second.id, state: "pending", token: second.token });

    const revoked = await workosSdk.userManagement.revokeInvitation(sent.id);
    expect(revoked).toMatchObject({ id: sent.id, state: "revoked" });
    expect(revoked.revokedAt).not.toBeNull();
    expect((await workosSdk.userManagement.listOrganizationMemberships({ organizationId: "org_01ACME", statuses: ["pending"] })).data).toEqual([]);
  });

  test("acceptInvitation works unchanged for a recipient with an account", async () => {
    const workosSdk = sdk();
    const sent = await workosSdk.userManagement.sendInvitation({ email: "bob@acme.com", organizationId: "org_01BETA" });
    const accepted = await workosSdk.userManagement.acceptInvitation(sent.id);
    expect(accepted).toMatchObject({ id: sent.id, state: "accepted", acceptedUserId: "user_01BOB" });
    const members = await workosSdk.userManagement.listOrganizationMemberships({ organizationId: "org_01BETA" });
    expect(members.data.map((item) => [item.userId, item.status, item.role.slug])).toEqual([["user_01BOB", "active", "member"]]);
  });

  test("errors reach the SDK as its own exceptions: 404 NotFoundException, 400 with the service's code", async () => {
    const workosSdk = sdk();
    await expect(workosSdk.userManagement.getInvitation("invitation_01NONE")).rejects.toBeInstanceOf(NotFoundException);
    const sent = await workosSdk.userManagement.sendInvitation({ email: "new@acme.com" });
    await workosSdk.userManagement.revokeInvitation(sent.id);
    const refused: unknown = await workosSdk.userManagement.revokeInvitation(sent.id).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(GenericServerException);
    expect(refused).toMatchObject({ status: 400, rawData: { code: "invite_not_pending" } });
    await expect(workosSdk.userManagement.sendInvitation({ email: "x@acme.com", expiresInDays: 0 })).rejects.toMatchObject({
      status: 400,
      rawData: { code: "expires_in_days_too_short" },
    });
  });
});
