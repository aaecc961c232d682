// The emulated Clerk organization invitations over real HTTP: create, bulk create, list (status, email_address,
// order, paging), the deprecated pending list, get, revoke; the admin accept (signing the invitee up, the membership
// with the invitation's role and metadata) and expire; expiry over time; the membership quota counting outstanding
// invitations; seeds and the state dump; the per-endpoint hourly rate limits; and the official Backend SDK
// (@clerk/backend) pointed at the emulator.
import { createClerkClient } from "@clerk/backend";
import { z } from "zod";
import { DOCUMENTED_CLERK_ENDPOINT_RATE_LIMITS, EmulatorInputError, type EmulatorSeed, startEmulator } from "../../../emulator";
import { type CallOptions, type CallResult, call, useEmulator } from "../../support/emulator-harness";

const SECRET_KEY = "sk_test_clerk_invitations";
const OTHER_KEY = "sk_test_clerk_invitations_other";
const DAY_MS = 24 * 60 * 60 * 1000;
const MANAGE = ["org:sys_memberships:read", "org:sys_memberships:manage"];

const SEED: EmulatorSeed = {
  clerk: {
    secretKeys: [SECRET_KEY, OTHER_KEY],
    roles: [
      { key: "org:admin", name: "Admin", permissions: MANAGE },
      { key: "org:member", name: "Member", permissions: ["org:sys_memberships:read"] },
    ],
    users: [
      { id: "user_alice", firstName: "Alice", lastName: "Zimmer", emailAddresses: ["alice@acme.com", "alice@home.dev"] },
      { id: "user_bob", firstName: "Bob", lastName: "Young", emailAddresses: ["Bob@Acme.com"] },
      { id: "user_carol", firstName: "Carol", lastName: "Xu", emailAddresses: ["carol@acme.com"] },
    ],
    organizations: [
      { id: "org_main", name: "Acme Corp", slug: "acme-corp" },
      { id: "org_beta", name: "Beta LLC", slug: "beta" },
      { id: "org_small", name: "Small Co", slug: "small", maxAllowedMemberships: 3 },
    ],
    memberships: [
      { organizationId: "org_main", userId: "user_alice", role: "org:admin" },
      { organizationId: "org_main", userId: "user_bob", role: "org:member" },
      { organizationId: "org_beta", userId: "user_alice", role: "org:admin" },
      { organizationId: "org_small", userId: "user_alice", role: "org:admin" },
    ],
  },
};

const metadata = z.record(z.string(), z.unknown());

const invitationBody = z.strictObject({
  object: z.literal("organization_invitation"),
  id: z.string().regex(/^orginv_[0-9A-Za-z]{27}$|^orginv_[a-z_]+$/),
  email_address: z.string(),
  role: z.string(),
  role_name: z.string(),
  organization_id: z.string(),
  inviter_id: z.string().nullable(),
  public_inviter_data: z
    .strictObject({
      user_id: z.string(),
      first_name: z.string().nullable(),
      last_name: z.string().nullable(),
      image_url: z.string(),
      has_image: z.boolean(),
      identifier: z.string(),
    })
    .nullable(),
  status: z.enum(["pending", "accepted", "revoked", "expired"]),
  public_metadata: metadata,
  private_metadata: metadata,
  url: z.string().nullable(),
  expires_at: z.number().int().nullable(),
  created_at: z.number().int(),
  updated_at: z.number().int(),
});
type Invitation = z.infer<typeof invitationBody>;

const invitationList = z.strictObject({ data: z.array(invitationBody), total_count: z.number().int() });

const errorBody = z.object({
  errors: z.array(z.object({ message: z.string(), long_message: z.string(), code: z.string(), meta: z.object({ param_name: z.string().optional() }) })).min(1),
  clerk_trace_id: z.string(),
});
const adminError = z.object({ error: z.string(), message: z.string() });
const acceptedBody = z.object({
  invitation: invitationBody,
  user: z.object({ object: z.literal("user"), id: z.string(), email_addresses: z.array(z.object({ email_address: z.string() })) }),
  membership: z.object({ id: z.string(), role: z.string(), public_metadata: metadata, private_metadata: metadata, public_user_data: z.object({ user_id: z.string() }) }),
});

const emulator = useEmulator({ seed: SEED, rateLimit: false });

beforeEach(() => {
  emulator.handle.seed(SEED);
  emulator.handle.setFaults({});
  emulator.handle.resetStats();
});

function clerk(path: string, options: CallOptions = {}): Promise<CallResult> {
  return call(`${emulator.handle.clerkApiUrl}${path}`, { token: SECRET_KEY, ...options });
}

function admin(path: string): Promise<CallResult> {
  return call(`${emulator.handle.url}/_emulator${path}`, { method: "POST" });
}

const invitations = (organizationId: string, rest = ""): string => `/organizations/${organizationId}/invitations${rest}`;
const invite = (organizationId: string, body: unknown) => clerk(invitations(organizationId), { method: "POST", body });
const bulk = (organizationId: string, body: unknown) => clerk(invitations(organizationId, "/bulk"), { method: "POST", body });
const revoke = (organizationId: string, id: string, body?: unknown) => clerk(invitations(organizationId, `/${id}/revoke`), { method: "POST", body });

function invitation(result: CallResult): Invitation {
  expect({ status: result.status, body: result.json }).toMatchObject({ status: 200 });
  return invitationBody.parse(result.json);
}

function list(result: CallResult): z.infer<typeof invitationList> {
  expect({ status: result.status, body: result.json }).toMatchObject({ status: 200 });
  return invitationList.parse(result.json);
}

function failure(result: CallResult): { status: number; code: string; param?: string } {
  const [first] = errorBody.parse(result.json).errors;
  return { status: result.status, code: first?.code ?? "", param: first?.meta.param_name };
}

async function ids(query: string, organizationId = "org_main"): Promise<string[]> {
  return list(await clerk(invitations(organizationId, query))).data.map((item) => item.id);
}

describe("POST /v1/organizations/{organization_id}/invitations", () => {
  test("creates a pending invitation valid for 30 days, with the role's name, the inviter, the metadata and a link", async () => {
    const before = Date.now();
    const sent = invitation(
      await invite("org_main", {
        email_address: "New@Acme.com",
        role: "org:admin",
        inviter_user_id: "user_alice",
        public_metadata: { team: "infra" },
        private_metadata: { seat: 4 },
        redirect_url: "https://app.example.com/welcome",
        notify: false,
      }),
    );
    expect(sent).toMatchObject({
      email_address: "New@Acme.com",
      role: "org:admin",
      role_name: "Admin",
      organization_id: "org_main",
      inviter_id: "user_alice",
      public_inviter_data: { user_id: "user_alice", first_name: "Alice", last_name: "Zimmer", identifier: "alice@acme.com", has_image: false },
      status: "pending",
      public_metadata: { team: "infra" },
      private_metadata: { seat: 4 },
    });
    expect(sent.id).toMatch(/^orginv_[0-9A-Za-z]{27}$/);
    expect(sent.created_at).toBe(sent.updated_at);
    expect(sent.created_at).toBeGreaterThanOrEqual(before - 1000);
    expect((sent.expires_at ?? 0) - sent.created_at).toBe(30 * DAY_MS);
    const link = new URL(sent.url ?? "");
    expect(link.searchParams.get("ticket")).toMatch(/^[0-9A-Za-z]{27}$/);
    expect(link.searchParams.get("redirect_url")).toBe("https://app.example.com/welcome");
    expect(invitation(await clerk(invitations("org_main", `/${sent.id}`)))).toEqual(sent);
  });

  test("takes expires_in_days from 1 to 365 and answers 422 form_param_value_invalid outside or for a fraction", async () => {
    for (const days of [1, 365]) {
      const sent = invitation(await invite("org_main", { email_address: `d${days}@acme.com`, role: "org:member", expires_in_days: days }));
      expect((sent.expires_at ?? 0) - sent.created_at).toBe(days * DAY_MS);
    }
    for (const days of [0, 366, 1.5]) {
      expect(failure(await invite("org_main", { email_address: "x@acme.com", role: "org:member", expires_in_days: days }))).toEqual({
        status: 422,
        code: "form_param_value_invalid",
        param: "expires_in_days",
      });
    }
    // Null counts as not given.
    const unset = invitation(await invite("org_main", { email_address: "n@acme.com", role: "org:member", expires_in_days: null, inviter_user_id: null }));
    expect((unset.expires_at ?? 0) - unset.created_at).toBe(30 * DAY_MS);
    expect(unset).toMatchObject({ inviter_id: null, public_inviter_data: null, public_metadata: {}, private_metadata: {} });
  });

  test("refuses a second pending invitation for an address (any case) and a member's address, with Clerk's codes", async () => {
    invitation(await invite("org_main", { email_address: "new@acme.com", role: "org:member" }));
    expect(failure(await invite("org_main", { email_address: "NEW@acme.com", role: "org:admin" }))).toMatchObject({
      status: 400,
      code: "organization_invitation_not_unique",
    });
    // The same address may be invited to another organization at the same time.
    invitation(await invite("org_beta", { email_address: "new@acme.com", role: "org:member" }));
    // Any of a member's addresses, compared without regard to case.
    for (const address of ["alice@home.dev", "bob@acme.com"]) {
      expect(failure(await invite("org_main", { email_address: address, role: "org:member" }))).toMatchObject({
        status: 400,
        code: "already_a_member_in_organization",
      });
    }
  });

  test("answers 404 for an unknown organization, role or inviter, 403 for an inviter who cannot manage members, 422 for a bad body", async () => {
    const body = { email_address: "x@acme.com", role: "org:member" };
    expect(failure(await invite("org_nope", body))).toMatchObject({ status: 404, code: "resource_not_found" });
    expect(failure(await invite("org_main", { ...body, role: "org:nope" }))).toMatchObject({ status: 404, code: "resource_not_found" });
    expect(failure(await invite("org_main", { ...body, inviter_user_id: "user_nope" }))).toMatchObject({ status: 404, code: "resource_not_found" });
    expect(failure(await invite("org_main", { ...body, inviter_user_id: "user_bob" }))).toEqual({
      status: 403,
      code: "not_an_admin_in_organization",
      param: "inviter_user_id",
    });
    expect(failure(await invite("org_main", { ...body, inviter_user_id: "user_carol" }))).toMatchObject({ status: 403 });
    expect(failure(await invite("org_main", {}))).toMatchObject({ status: 422, code: "form_param_missing" });
    expect(failure(await invite("org_main", { ...body, email_address: "not an address" }))).toEqual({
      status: 422,
      code: "form_param_format_invalid",
      param: "email_address",
    });
    expect(failure(await invite("org_main", { ...body, role: "admin" }))).toMatchObject({ status: 422, code: "form_param_value_invalid" });
    expect(failure(await invite("org_main", { ...body, team: "x" }))).toMatchObject({ status: 422, code: "form_param_unknown" });
    expect(failure(await invite("org_main", { ...body, private_metadata: { blob: "x".repeat(8200) } }))).toMatchObject({
      status: 422,
      code: "form_param_exceeds_allowed_size",
    });
    expect(failure(await invite("org_main", '{"email_address":'))).toMatchObject({ status: 400, code: "malformed_request_parameters" });
    expect(emulator.handle.clerk.listInvitations()).toEqual([]);
  });

  test("counts outstanding invitations in the membership quota, as Clerk's quota error says", async () => {
    // org_small allows 3 members and has 1.
    invitation(await invite("org_small", { email_address: "one@acme.com", role: "org:member" }));
    const second = invitation(await invite("org_small", { email_address: "two@acme.com", role: "org:member" }));
    expect(failure(await invite("org_small", { email_address: "three@acme.com", role: "org:member" }))).toMatchObject({
      status: 403,
      code: "organization_membership_quota_exceeded",
    });
    expect(failure(await clerk("/organizations/org_small/memberships", { method: "POST", body: { user_id: "user_bob", role: "org:member" } }))).toMatchObject({
      status: 403,
      code: "organization_membership_quota_exceeded",
    });
    invitation(await revoke("org_small", second.id));
    expect((await clerk("/organizations/org_small/memberships", { method: "POST", body: { user_id: "user_bob", role: "org:member" } })).status).toBe(200);
  });

  test("the organization's pending_invitations_count counts its pending invitations", async () => {
    const first = invitation(await invite("org_main", { email_address: "a@acme.com", role: "org:member" }));
    invitation(await invite("org_main", { email_address: "b@acme.com", role: "org:member" }));
    invitation(await invite("org_beta", { email_address: "c@acme.com", role: "org:member" }));
    invitation(await revoke("org_main", first.id));
    expect((await clerk("/organizations/org_main")).json).toMatchObject({ pending_invitations_count: 1 });
    const members = z.object({ data: z.array(z.object({ organization: z.object({ pending_invitations_count: z.number() }) })) });
    expect(members.parse((await clerk("/organizations/org_main/memberships")).json).data[0]?.organization.pending_invitations_count).toBe(1);
  });
});

describe("POST /v1/organizations/{organization_id}/invitations/bulk", () => {
  test("creates up to 10 invitations in one call, each with its own role and metadata, in the order given", async () => {
    const body = Array.from({ length: 10 }, (_, index) => ({
      email_address: `bulk${index}@acme.com`,
      role: index === 0 ? "org:admin" : "org:member",
      public_metadata: { index },
      inviter_user_id: "user_alice",
      expires_in_days: index + 1,
    }));
    const created = list(await bulk("org_main", body));
    expect(created.total_count).toBe(10);
    expect(created.data.map((item) => [item.email_address, item.role, item.public_metadata.index])).toEqual(
      body.map((item) => [item.email_address, item.role, item.public_metadata.index]),
    );
    expect(created.data.every((item) => item.status === "pending" && item.inviter_id === "user_alice")).toBe(true);
    expect((created.data[2]?.expires_at ?? 0) - (created.data[2]?.created_at ?? 0)).toBe(3 * DAY_MS);
    expect(list(await clerk(invitations("org_main"))).total_count).toBe(10);
  });

  test("refuses 11 invitations (400 bulk_size_exceeded), none, or a body that is not an array", async () => {
    const eleven = Array.from({ length: 11 }, (_, index) => ({ email_address: `b${index}@acme.com`, role: "org:member" }));
    expect(failure(await bulk("org_main", eleven))).toMatchObject({ status: 400, code: "bulk_size_exceeded" });
    expect(failure(await bulk("org_main", []))).toMatchObject({ status: 422, code: "form_param_missing" });
    expect(failure(await bulk("org_main", { email_address: "x@acme.com", role: "org:member" }))).toMatchObject({
      status: 400,
      code: "malformed_request_parameters",
    });
    expect(failure(await bulk("org_main", ["x@acme.com"]))).toMatchObject({ status: 400, code: "malformed_request_parameters" });
    expect(emulator.handle.clerk.listInvitations()).toEqual([]);
  });

  test("creates all or none: an invalid element, a duplicate within the batch or a member refuses the whole batch", async () => {
    const good = { email_address: "good@acme.com", role: "org:member" };
    expect(failure(await bulk("org_main", [good, { email_address: "x@acme.com" }]))).toEqual({
      status: 422,
      code: "form_param_missing",
      param: "[1].role",
    });
    expect(failure(await bulk("org_main", [good, { email_address: "nope", role: "org:member" }]))).toMatchObject({
      status: 422,
      code: "form_param_format_invalid",
      param: "[1].email_address",
    });
    expect(failure(await bulk("org_main", [good, { ...good, email_address: "GOOD@acme.com" }]))).toMatchObject({
      status: 400,
      code: "organization_invitation_not_unique",
    });
    expect(failure(await bulk("org_main", [good, { email_address: "bob@acme.com", role: "org:member" }]))).toMatchObject({
      status: 400,
      code: "already_a_member_in_organization",
    });
    expect(failure(await bulk("org_small", [good, { ...good, email_address: "b@acme.com" }, { ...good, email_address: "c@acme.com" }]))).toMatchObject({
      status: 403,
      code: "organization_membership_quota_exceeded",
    });
    expect(failure(await bulk("org_nope", [good]))).toMatchObject({ status: 404, code: "resource_not_found" });
    expect(emulator.handle.clerk.listInvitations()).toEqual([]);
  });
});

describe("GET /v1/organizations/{organization_id}/invitations", () => {
  async function sendMany(): Promise<Invitation[]> {
    const sent: Invitation[] = [];
    for (const address of ["b@acme.com", "A@acme.com", "c@acme.com", "d@acme.com"]) {
      sent.push(invitation(await invite("org_main", { email_address: address, role: "org:member" })));
    }
    invitation(await invite("org_beta", { email_address: "b@acme.com", role: "org:member" }));
    return sent;
  }

  test("lists the organization's invitations newest first, ordered by created_at or email_address on request", async () => {
    const [b, a, c, d] = (await sendMany()).map((item) => item.id);
    expect(await ids("")).toEqual([d, c, a, b]);
    expect(await ids("?order_by=%2Bcreated_at")).toEqual([b, a, c, d]);
    expect(await ids("?order_by=created_at")).toEqual([b, a, c, d]);
    expect(await ids("?order_by=email_address")).toEqual([a, b, c, d]);
    expect(await ids("?order_by=-email_address")).toEqual([d, c, b, a]);
    expect(failure(await clerk(invitations("org_main", "?order_by=role")))).toMatchObject({ status: 422, code: "form_param_value_invalid", param: "order_by" });
  });

  test("pages with limit and offset, total_count counting every match", async () => {
    const [b, a, c, d] = (await sendMany()).map((item) => item.id);
    const page = list(await clerk(invitations("org_main", "?limit=2&offset=1")));
    expect(page.data.map((item) => item.id)).toEqual([c, a]);
    expect(page.total_count).toBe(4);
    expect(await ids("?limit=2&offset=3")).toEqual([b]);
    expect(d).toBeDefined();
    expect(failure(await clerk(invitations("org_main", "?limit=0")))).toMatchObject({ status: 422, param: "limit" });
    expect(failure(await clerk(invitations("org_main", "?limit=501")))).toMatchObject({ status: 422, param: "limit" });
    expect(failure(await clerk(invitations("org_main", "?offset=-1")))).toMatchObject({ status: 422, param: "offset" });
  });

  test("filters by status (one or several values) and by email_address (without regard to case)", async () => {
    const [b, a, c, d] = (await sendMany()).map((item) => item.id);
    invitation(await revoke("org_main", b ?? ""));
    emulator.handle.clerk.expireOrganizationInvitation("org_main", c ?? "");
    emulator.handle.clerk.acceptOrganizationInvitation("org_main", d ?? "");
    expect(await ids("?status=pending")).toEqual([a]);
    expect(await ids("?status=revoked")).toEqual([b]);
    expect(await ids("?status=expired")).toEqual([c]);
    expect(await ids("?status=accepted")).toEqual([d]);
    expect(await ids("?status=revoked&status=expired")).toEqual([c, b]);
    expect(await ids("?email_address=a@ACME.com")).toEqual([a]);
    expect(await ids("?email_address=b@acme.com&status=pending")).toEqual([]);
    expect(failure(await clerk(invitations("org_main", "?status=open")))).toMatchObject({ status: 422, code: "form_param_value_invalid", param: "status" });
  });

  test("answers 404 for an unknown organization", async () => {
    expect(failure(await clerk(invitations("org_nope")))).toMatchObject({ status: 404, code: "resource_not_found" });
    expect(failure(await clerk(invitations("org_nope", "/pending")))).toMatchObject({ status: 404, code: "resource_not_found" });
  });

  test("the deprecated …/invitations/pending lists only pending invitations, newest first", async () => {
    const [b, a, c, d] = (await sendMany()).map((item) => item.id);
    invitation(await revoke("org_main", a ?? ""));
    const pending = list(await clerk(invitations("org_main", "/pending?limit=2")));
    expect(pending.data.map((item) => item.id)).toEqual([d, c]);
    expect(pending.total_count).toBe(3);
    expect(await ids("/pending?offset=2")).toEqual([b]);
  });
});

describe("GET and revoke one invitation", () => {
  test("finds an invitation of the organization by id; another organization's or an unknown id is 404 resource_not_found", async () => {
    const sent = invitation(await invite("org_main", { email_address: "new@acme.com", role: "org:member" }));
    expect(invitation(await clerk(invitations("org_main", `/${sent.id}`)))).toEqual(sent);
    expect(failure(await clerk(invitations("org_beta", `/${sent.id}`)))).toMatchObject({ status: 404, code: "resource_not_found" });
    expect(failure(await clerk(invitations("org_main", "/orginv_nope")))).toMatchObject({ status: 404, code: "resource_not_found" });
    expect(failure(await clerk(invitations("org_nope", `/${sent.id}`)))).toMatchObject({ status: 404, code: "resource_not_found" });
  });

  test("revokes a pending invitation (with or without requesting_user_id); only a pending one, 404 not pending otherwise", async () => {
    const sent = invitation(await invite("org_main", { email_address: "new@acme.com", role: "org:member" }));
    const revoked = invitation(await revoke("org_main", sent.id));
    expect(revoked).toMatchObject({ id: sent.id, status: "revoked" });
    expect(revoked.updated_at).toBeGreaterThan(sent.updated_at);
    expect(failure(await revoke("org_main", sent.id))).toMatchObject({ status: 404, code: "organization_invitation_not_pending" });
    // The address may be invited again.
    const again = invitation(await invite("org_main", { email_address: "new@acme.com", role: "org:member" }));
    expect(invitation(await revoke("org_main", again.id, { requesting_user_id: "user_alice" })).status).toBe("revoked");
  });

  test("the requesting user must be able to manage the organization's members", async () => {
    const sent = invitation(await invite("org_main", { email_address: "new@acme.com", role: "org:member" }));
    expect(failure(await revoke("org_main", sent.id, { requesting_user_id: "user_bob" }))).toMatchObject({
      status: 403,
      code: "not_an_admin_in_organization",
      param: "requesting_user_id",
    });
    expect(failure(await revoke("org_main", sent.id, { requesting_user_id: "user_nope" }))).toMatchObject({ status: 404 });
    expect(failure(await revoke("org_main", sent.id, { requesting: "user_alice" }))).toMatchObject({ status: 422, code: "form_param_unknown" });
    expect(failure(await revoke("org_main", "orginv_nope"))).toMatchObject({ status: 404, code: "resource_not_found" });
    expect(invitation(await clerk(invitations("org_main", `/${sent.id}`))).status).toBe("pending");
  });
});

describe("acceptance (admin)", () => {
  test("signs a new address up and makes it a member with the invitation's role and public/private metadata", async () => {
    const sent = invitation(
      await invite("org_main", { email_address: "New@Acme.com", role: "org:admin", public_metadata: { team: "infra" }, private_metadata: { seat: 7 } }),
    );
    const result = await admin(`/clerk/organizations/org_main/invitations/${sent.id}/accept`);
    expect(result.status).toBe(200);
    const accepted = acceptedBody.parse(result.json);
    expect(accepted.user.id).toMatch(/^user_[0-9A-Za-z]{27}$/);
    expect(accepted.user.email_addresses.map((address) => address.email_address)).toEqual(["New@Acme.com"]);
    expect(accepted.membership).toMatchObject({
      role: "org:admin",
      public_metadata: { team: "infra" },
      private_metadata: { seat: 7 },
      public_user_data: { user_id: accepted.user.id },
    });
    expect(accepted.invitation).toMatchObject({ id: sent.id, status: "accepted" });
    expect(invitation(await clerk(invitations("org_main", `/${sent.id}`)))).toEqual(accepted.invitation);
    const users = z.array(z.object({ id: z.string() })).parse((await clerk("/users?email_address=new@acme.com")).json);
    expect(users.map((user) => user.id)).toEqual([accepted.user.id]);
    expect(emulator.handle.clerk.findMembership("org_main", accepted.user.id)?.role).toBe("org:admin");
  });

  test("an address a user already has joins that user (in-process, through the store)", async () => {
    const sent = invitation(await invite("org_beta", { email_address: "BOB@acme.com", role: "org:member", public_metadata: { via: "invite" } }));
    const { user, userCreated, membership, invitation: accepted } = emulator.handle.clerk.acceptOrganizationInvitation("org_beta", sent.id);
    expect({ user: user.id, userCreated }).toEqual({ user: "user_bob", userCreated: false });
    expect(membership).toMatchObject({ organizationId: "org_beta", userId: "user_bob", role: "org:member", publicMetadata: { via: "invite" } });
    expect(accepted.status).toBe("accepted");
    expect(emulator.handle.clerk.listUsers()).toHaveLength(3);
  });

  test("refuses an invitation that is accepted, revoked, expired or unknown, and one whose invitee became a member meanwhile", async () => {
    const accept = async (id: string, organizationId = "org_main") => {
      const result = await admin(`/clerk/organizations/${organizationId}/invitations/${id}/accept`);
      return { status: result.status, error: adminError.parse(result.json).error };
    };
    const accepted = invitation(await invite("org_main", { email_address: "a@acme.com", role: "org:member" }));
    emulator.handle.clerk.acceptOrganizationInvitation("org_main", accepted.id);
    expect(await accept(accepted.id)).toEqual({ status: 400, error: "organization_invitation_already_accepted" });
    const revoked = invitation(await invite("org_main", { email_address: "r@acme.com", role: "org:member" }));
    invitation(await revoke("org_main", revoked.id));
    expect(await accept(revoked.id)).toEqual({ status: 400, error: "organization_invitation_revoked_code" });
    const expired = invitation(await invite("org_main", { email_address: "e@acme.com", role: "org:member" }));
    emulator.handle.clerk.expireOrganizationInvitation("org_main", expired.id);
    expect(await accept(expired.id)).toEqual({ status: 404, error: "organization_invitation_not_pending" });
    expect(await accept("orginv_nope")).toEqual({ status: 404, error: "resource_not_found" });
    expect(await accept(expired.id, "org_beta")).toEqual({ status: 404, error: "resource_not_found" });

    const carol = invitation(await invite("org_main", { email_address: "carol@acme.com", role: "org:member" }));
    expect((await clerk("/organizations/org_main/memberships", { method: "POST", body: { user_id: "user_carol", role: "org:member" } })).status).toBe(200);
    expect(await accept(carol.id)).toEqual({ status: 400, error: "already_a_member_in_organization" });
    expect(invitation(await clerk(invitations("org_main", `/${carol.id}`))).status).toBe("pending");
  });

  test("the invitation being accepted holds its own place in the quota", async () => {
    const one = invitation(await invite("org_small", { email_address: "one@acme.com", role: "org:member" }));
    const two = invitation(await invite("org_small", { email_address: "two@acme.com", role: "org:member" }));
    for (const sent of [one, two]) expect((await admin(`/clerk/organizations/org_small/invitations/${sent.id}/accept`)).status).toBe(200);
    expect(emulator.handle.clerk.membersCount("org_small")).toBe(3);
  });
});

describe("expiry", () => {
  test("the admin expire ends a pending invitation now; it can no longer be revoked or accepted, and the address can be invited again", async () => {
    const sent = invitation(await invite("org_main", { email_address: "new@acme.com", role: "org:member" }));
    const result = await admin(`/clerk/organizations/org_main/invitations/${sent.id}/expire`);
    expect(result.status).toBe(200);
    const expired = z.object({ invitation: invitationBody }).parse(result.json).invitation;
    expect(expired).toMatchObject({ id: sent.id, status: "expired" });
    // Expired now: after its creation, long before the 30 days it was given, and when it last changed.
    expect(expired.expires_at ?? 0).toBeGreaterThan(sent.created_at);
    expect(expired.expires_at ?? Infinity).toBeLessThan((sent.expires_at ?? 0) - 29 * DAY_MS);
    expect(expired.updated_at).toBe(expired.expires_at);
    expect(invitation(await clerk(invitations("org_main", `/${sent.id}`))).status).toBe("expired");
    expect(failure(await revoke("org_main", sent.id))).toMatchObject({ status: 404, code: "organization_invitation_not_pending" });
    const again = await admin(`/clerk/organizations/org_main/invitations/${sent.id}/expire`);
    expect({ status: again.status, error: adminError.parse(again.json).error }).toEqual({ status: 404, error: "organization_invitation_not_pending" });
    invitation(await invite("org_main", { email_address: "new@acme.com", role: "org:member" }));
  });

  test("a pending invitation whose expires_at has passed reads as expired, and no longer holds a place in the quota", async () => {
    const now = Date.now();
    emulator.handle.seed({
      clerk: {
        ...SEED.clerk,
        invitations: [
          { id: "orginv_old", organizationId: "org_small", emailAddress: "old@acme.com", role: "org:member", createdAt: now - 31 * DAY_MS },
          { id: "orginv_older", organizationId: "org_small", emailAddress: "older@acme.com", role: "org:member", createdAt: now - 40 * DAY_MS, expiresAt: now - DAY_MS },
        ],
      },
    });
    const read = invitation(await clerk(invitations("org_small", "/orginv_old")));
    expect(read).toMatchObject({ status: "expired", expires_at: now - DAY_MS });
    expect(read.updated_at).toBe(read.expires_at);
    expect(await ids("?status=expired", "org_small")).toEqual(["orginv_old", "orginv_older"]);
    invitation(await invite("org_small", { email_address: "old@acme.com", role: "org:member" }));
    invitation(await invite("org_small", { email_address: "new@acme.com", role: "org:member" }));
  });
});

describe("seeds, the state dump and the shared pipeline", () => {
  test("GET /_emulator/state → POST /_emulator/seed round-trips invitations in every status, tickets included", async () => {
    const pending = invitation(await invite("org_main", { email_address: "p@acme.com", role: "org:admin", inviter_user_id: "user_alice", redirect_url: "https://x.example" }));
    const accepted = invitation(await invite("org_main", { email_address: "a@acme.com", role: "org:member", private_metadata: { k: 1 } }));
    emulator.handle.clerk.acceptOrganizationInvitation("org_main", accepted.id);
    const revoked = invitation(await invite("org_beta", { email_address: "r@acme.com", role: "org:member" }));
    invitation(await revoke("org_beta", revoked.id));
    const expired = invitation(await invite("org_beta", { email_address: "e@acme.com", role: "org:member" }));
    emulator.handle.clerk.expireOrganizationInvitation("org_beta", expired.id);

    const before = await call(`${emulator.handle.url}/_emulator/state`);
    expect(before.json).toMatchObject({ clerk: { invitations: [{ id: pending.id, status: "pending", redirectUrl: "https://x.example" }, { status: "accepted" }, { status: "revoked" }, { status: "expired" }] } });
    const listsBefore = [(await clerk(invitations("org_main"))).json, (await clerk(invitations("org_beta"))).json];
    emulator.handle.seed(SEED);
    const reseeded = await call(`${emulator.handle.url}/_emulator/seed`, { method: "POST", body: before.json });
    expect(reseeded.status).toBe(200);
    expect(reseeded.json).toEqual(before.json);
    expect([(await clerk(invitations("org_main"))).json, (await clerk(invitations("org_beta"))).json]).toEqual(listsBefore);
    expect(invitation(await clerk(invitations("org_main", `/${pending.id}`))).url).toBe(pending.url);
  });

  test.each([
    ["an unknown organization", { organizationId: "org_nope" }, "organizationId"],
    ["an unknown role", { role: "org:nope" }, "role"],
    ["an unknown inviter", { inviterUserId: "user_nope" }, "inviterUserId"],
    ["an address that is not one", { emailAddress: "nope" }, "emailAddress"],
    ["a pending invitation for a member's address", { emailAddress: "ALICE@home.dev" }, "emailAddress"],
    ["an unknown status", { status: "open" }, "status"],
  ])("rejects a seeded invitation with %s, naming it, and keeps the state", async (_case, change, field) => {
    const seeded = { organizationId: "org_main", emailAddress: "x@acme.com", role: "org:member", ...change };
    const result = await call(`${emulator.handle.url}/_emulator/seed`, { method: "POST", body: { clerk: { ...SEED.clerk, invitations: [seeded] } } });
    expect(result.status).toBe(400);
    expect(adminError.parse(result.json).message).toContain(`clerk.invitations[0].${field}`);
    expect(emulator.handle.clerk.getOrganization("org_main")).toBeDefined();
  });

  test("rejects two pending seeded invitations for one address and organization, and duplicate ids", () => {
    const first = { id: "orginv_same", organizationId: "org_main", emailAddress: "x@acme.com", role: "org:member" };
    const second = { ...first, emailAddress: "X@acme.com" };
    const seedWith = (invitations: NonNullable<NonNullable<EmulatorSeed["clerk"]>["invitations"]>) => () =>
      emulator.handle.seed({ clerk: { ...SEED.clerk, invitations } });
    expect(seedWith([first, second])).toThrow(EmulatorInputError);
    expect(seedWith([first, second])).toThrow(/clerk\.invitations\[1\]\.id/);
    expect(seedWith([first, second])).toThrow(/clerk\.invitations\[1\]\.emailAddress/);
    // Not pending, the same address may appear again.
    const history = [{ ...first, id: "orginv_1", status: "revoked" as const }, { ...second, id: "orginv_2" }];
    expect(seedWith(history)).not.toThrow();
  });

  test("the invitation routes are API routes: listed, counted, faulted; the admin ones are none of these", async () => {
    const routes = z.array(z.string()).parse((await call(`${emulator.handle.url}/_emulator/routes`)).json);
    const base = "/v1/organizations/:organizationId/invitations";
    expect(routes).toEqual(
      expect.arrayContaining([`POST ${base}`, `POST ${base}/bulk`, `GET ${base}`, `GET ${base}/pending`, `GET ${base}/:invitationId`, `POST ${base}/:invitationId/revoke`]),
    );
    expect(routes.some((route) => route.includes("_emulator"))).toBe(false);

    const sent = invitation(await invite("org_main", { email_address: "new@acme.com", role: "org:member" }));
    await clerk(invitations("org_main", `/${sent.id}`));
    await admin(`/clerk/organizations/org_main/invitations/${sent.id}/expire`);
    expect(emulator.handle.stats().byRoute).toEqual({ [`POST ${base}`]: 1, [`GET ${base}/:invitationId`]: 1 });

    emulator.handle.setFaults({ rate429: 1, routes: [`POST ${base}/bulk`] });
    const limited = await bulk("org_main", [{ email_address: "other@acme.com", role: "org:member" }]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("1");
    expect((await clerk(invitations("org_main"))).status).toBe(200);
    expect(emulator.handle.clerk.listInvitations().map((item) => item.emailAddress)).toEqual(["new@acme.com"]);
  });
});

describe("the documented per-endpoint hourly limits", () => {
  const HOUR_MS = 60 * 60 * 1000;

  test("are 250 an hour for POST …/invitations and 50 an hour for POST …/invitations/bulk", () => {
    expect(DOCUMENTED_CLERK_ENDPOINT_RATE_LIMITS).toEqual({
      createOrganizationInvitation: { requests: 250, windowMs: HOUR_MS },
      createOrganizationInvitationBulk: { requests: 50, windowMs: HOUR_MS },
    });
  });

  describe("with smaller limits through the emulator options", () => {
    const limitedEmulator = useEmulator({
      seed: SEED,
      clerkEndpointRateLimits: { createOrganizationInvitation: { requests: 3, windowMs: HOUR_MS }, createOrganizationInvitationBulk: { requests: 2, windowMs: HOUR_MS } },
    });
    const send = (path: string, body: unknown, token = SECRET_KEY) =>
      call(`${limitedEmulator.handle.clerkApiUrl}${path}`, { method: "POST", token, body });

    test("answer 429 too_many_requests with an hour's Retry-After, counting every request of the instance to that endpoint", async () => {
      // Whatever the answer, the organization or the key, each request counts.
      expect((await send(invitations("org_main"), { email_address: "a@acme.com", role: "org:member" })).status).toBe(200);
      expect((await send(invitations("org_nope"), { email_address: "b@acme.com", role: "org:member" })).status).toBe(404);
      expect((await send(invitations("org_beta"), { email_address: "c@acme.com", role: "org:member" }, OTHER_KEY)).status).toBe(200);
      const rejected = await send(invitations("org_main"), { email_address: "d@acme.com", role: "org:member" }, OTHER_KEY);
      expect(failure(rejected)).toMatchObject({ status: 429, code: "too_many_requests" });
      const retryAfter = Number(rejected.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThan(HOUR_MS / 1000 - 60);
      expect(retryAfter).toBeLessThanOrEqual(HOUR_MS / 1000);
      expect(limitedEmulator.handle.clerk.findUserByEmail("d@acme.com")).toBeUndefined();
      expect(limitedEmulator.handle.clerk.listInvitations().map((item) => item.emailAddress)).toEqual(["a@acme.com", "c@acme.com"]);

      // The bulk endpoint has a count of its own, and the other routes none.
      const one = [{ email_address: "e@acme.com", role: "org:member" }];
      expect((await send(invitations("org_main", "/bulk"), one)).status).toBe(200);
      expect((await send(invitations("org_main", "/bulk"), [{ email_address: "f@acme.com", role: "org:member" }])).status).toBe(200);
      expect((await send(invitations("org_main", "/bulk"), [{ email_address: "g@acme.com", role: "org:member" }])).status).toBe(429);
      const listed = await call(`${limitedEmulator.handle.clerkApiUrl}${invitations("org_main")}`, { token: SECRET_KEY });
      expect(listed.status).toBe(200);
    });
  });

  test("the documented bulk limit answers the 51st request of an hour with 429", async () => {
    const instance = await startEmulator({ seed: SEED });
    try {
      const statuses: number[] = [];
      for (let index = 0; index < 51; index += 1) {
        const result = await call(`${instance.clerkApiUrl}${invitations("org_nope", "/bulk")}`, {
          method: "POST",
          token: SECRET_KEY,
          body: [{ email_address: "x@acme.com", role: "org:member" }],
        });
        statuses.push(result.status);
      }
      expect(statuses.slice(0, 50).every((status) => status === 404)).toBe(true);
      expect(statuses[50]).toBe(429);
    } finally {
      await instance.close();
    }
  });

  test("apply only with the documented policy: none with rate limiting off or one custom per-key rule", async () => {
    for (const rateLimit of [false, { requests: 1000, windowMs: 1000 }] as const) {
      const instance = await startEmulator({ seed: SEED, rateLimit, clerkEndpointRateLimits: { createOrganizationInvitation: { requests: 1, windowMs: HOUR_MS } } });
      try {
        for (const address of ["a@acme.com", "b@acme.com"]) {
          const result = await call(`${instance.clerkApiUrl}${invitations("org_main")}`, { method: "POST", token: SECRET_KEY, body: { email_address: address, role: "org:member" } });
          expect(result.status).toBe(200);
        }
      } finally {
        await instance.close();
      }
    }
  });

  test("refuses invalid overrides", async () => {
    await expect(startEmulator({ seed: SEED, clerkEndpointRateLimits: { createOrganizationInvitation: { requests: 0, windowMs: 1 } } })).rejects.toThrow(EmulatorInputError);
    await expect(startEmulator({ seed: SEED, clerkEndpointRateLimits: { createOrganizationInvitationBulk: { requests: 1, windowMs: 0.5 } } })).rejects.toThrow(
      EmulatorInputError,
    );
  });
});

describe("the official Backend SDK (@clerk/backend) against the emulator", () => {
  function sdk(): ReturnType<typeof createClerkClient> {
    // The SDK appends its API version path (`/v1`) to apiUrl itself, and sends Clerk-API-Version 2026-05-12.
    return createClerkClient({ secretKey: SECRET_KEY, apiUrl: emulator.handle.url });
  }

  test("createOrganizationInvitation, createOrganizationInvitationBulk, getOrganizationInvitationList and revokeOrganizationInvitation work unchanged", async () => {
    const { organizations } = sdk();
    const sent = await organizations.createOrganizationInvitation({
      organizationId: "org_main",
      emailAddress: "new@acme.com",
      role: "org:admin",
      inviterUserId: "user_alice",
      expiresInDays: 3,
      redirectUrl: "https://app.example.com/join",
      publicMetadata: { team: "infra" },
      privateMetadata: { seat: 2 },
    });
    expect(sent).toMatchObject({
      emailAddress: "new@acme.com",
      role: "org:admin",
      roleName: "Admin",
      organizationId: "org_main",
      status: "pending",
      publicMetadata: { team: "infra" },
      privateMetadata: { seat: 2 },
    });
    expect(sent.expiresAt - sent.createdAt).toBe(3 * DAY_MS);
    expect(sent.url).toContain("redirect_url=");

    const created = await organizations.createOrganizationInvitationBulk("org_main", [
      { emailAddress: "one@acme.com", role: "org:member", publicMetadata: { batch: 1 } },
      { emailAddress: "two@acme.com", role: "org:member", inviterUserId: "user_alice" },
    ]);
    expect(created.totalCount).toBe(2);
    expect(created.data.map((item) => [item.emailAddress, item.status])).toEqual([
      ["one@acme.com", "pending"],
      ["two@acme.com", "pending"],
    ]);

    const pending = await organizations.getOrganizationInvitationList({ organizationId: "org_main", status: ["pending"], limit: 2 });
    expect(pending.totalCount).toBe(3);
    expect(pending.data.map((item) => item.emailAddress)).toEqual(["two@acme.com", "one@acme.com"]);

    const revoked = await organizations.revokeOrganizationInvitation({ organizationId: "org_main", invitationId: sent.id, requestingUserId: "user_alice" });
    expect(revoked).toMatchObject({ id: sent.id, status: "revoked" });
    const secondRevoked = await organizations.revokeOrganizationInvitation({ organizationId: "org_main", invitationId: created.data[0]?.id ?? "" });
    expect(secondRevoked.status).toBe("revoked");
    const closed = await organizations.getOrganizationInvitationList({ organizationId: "org_main", status: ["revoked", "expired"] });
    expect(closed.data.map((item) => item.id).sort()).toEqual([sent.id, created.data[0]?.id].sort());
    expect((await organizations.getOrganizationInvitation({ organizationId: "org_main", invitationId: sent.id })).status).toBe("revoked");
  });

  test("errors reach the SDK as ClerkAPIResponseError with the status, code and Retry-After", async () => {
    const { organizations } = sdk();
    await organizations.createOrganizationInvitation({ organizationId: "org_main", emailAddress: "dup@acme.com", role: "org:member" });
    const duplicate: unknown = await organizations
      .createOrganizationInvitation({ organizationId: "org_main", emailAddress: "dup@acme.com", role: "org:member" })
      .then(() => undefined, (error: unknown) => error);
    // The SDK's error class comes from @clerk/shared, whose types this project's module resolution cannot reach: its
    // name and fields say what it is.
    expect(duplicate).toBeInstanceOf(Error);
    expect(duplicate).toMatchObject({ name: "ClerkAPIResponseError", status: 400, errors: [{ code: "organization_invitation_not_unique" }] });
    await expect(organizations.getOrganizationInvitation({ organizationId: "org_main", invitationId: "orginv_nope" })).rejects.toMatchObject({
      status: 404,
      errors: [{ code: "resource_not_found" }],
    });

    emulator.handle.setFaults({ rate429: 1, retryAfterSeconds: 9 });
    await expect(organizations.getOrganizationInvitationList({ organizationId: "org_main" })).rejects.toMatchObject({ status: 429, retryAfter: 9 });
  });
});
