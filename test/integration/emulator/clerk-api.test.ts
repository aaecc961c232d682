// The emulated Clerk Backend API over real HTTP: authentication, membership create/list/update/metadata/delete
// with Clerk's rules and error envelope, users by email, and the per-key rate limits.
import { z } from "zod";
import type { EmulatorSeed } from "../../../emulator";
import { type CallOptions, type CallResult, call, useEmulator } from "../../support/emulator-harness";

const SECRET_KEY = "sk_test_clerk_suite";
const ADMIN_PERMISSIONS = ["org:sys_memberships:read", "org:sys_memberships:manage", "org:sys_profile:manage"];

const SEED: EmulatorSeed = {
  clerk: {
    secretKeys: [SECRET_KEY, "sk_live_clerk_suite"],
    roles: [
      { key: "org:admin", name: "Admin", permissions: ADMIN_PERMISSIONS },
      { key: "org:member", name: "Member", permissions: ["org:sys_memberships:read"] },
      { key: "org:billing", name: "Billing", permissions: ["org:sys_memberships:read", "org:invoices:manage"] },
    ],
    users: [
      { id: "user_alice", firstName: "Alice", lastName: "Zimmer", emailAddresses: ["alice@acme.com", "alice@home.dev"], username: "alice" },
      { id: "user_bob", firstName: "Bob", lastName: "Young", emailAddresses: ["bob@acme.com"] },
      { id: "user_carol", firstName: "Carol", lastName: "Xu", emailAddresses: ["carol@acme.com"] },
      { id: "user_dave", firstName: "Dave", lastName: "Walker", emailAddresses: ["dave@acme.com"] },
      { id: "user_erin", firstName: "Erin", lastName: "Vance", emailAddresses: ["erin@acme.com"] },
      { id: "user_frank", firstName: "Frank", lastName: "Underwood", emailAddresses: ["frank@acme.com"] },
    ],
    organizations: [
      { id: "org_main", name: "Acme Corp", slug: "acme-corp", createdBy: "user_alice" },
      { id: "org_full", name: "Full Inc", slug: "full-inc", maxAllowedMemberships: 2 },
      { id: "org_scim", name: "Directory Co", slug: "directory-co" },
    ],
    memberships: [
      { organizationId: "org_main", userId: "user_alice", role: "org:admin" },
      { organizationId: "org_main", userId: "user_bob", role: "org:member", publicMetadata: { team: "platform" } },
      { organizationId: "org_main", userId: "user_carol", role: "org:billing" },
      { organizationId: "org_full", userId: "user_alice", role: "org:admin" },
      { organizationId: "org_full", userId: "user_bob", role: "org:member" },
      { organizationId: "org_scim", userId: "user_alice", role: "org:admin" },
      { organizationId: "org_scim", userId: "user_dave", role: "org:member", managedByScim: true },
    ],
  },
};

const errorBody = z.object({
  errors: z
    .array(z.object({ message: z.string(), long_message: z.string(), code: z.string(), meta: z.object({ param_name: z.string().optional() }) }))
    .min(1),
  clerk_trace_id: z.string().min(1),
});

const metadata = z.record(z.string(), z.unknown());

const membershipBody = z.object({
  object: z.literal("organization_membership"),
  id: z.string(),
  role: z.string(),
  role_name: z.string(),
  permissions: z.array(z.string()),
  public_metadata: metadata,
  private_metadata: metadata,
  created_at: z.number().int(),
  updated_at: z.number().int(),
  organization: z.object({
    object: z.literal("organization"),
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    members_count: z.number().int(),
    max_allowed_memberships: z.number().int(),
    created_at: z.number().int(),
  }),
  public_user_data: z.object({
    user_id: z.string(),
    profile_image_url: z.string().nullable(),
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    identifier: z.string(),
    username: z.string().nullable(),
  }),
});

const membershipList = z.object({ data: z.array(membershipBody), total_count: z.number().int() });

const userList = z.array(
  z.object({
    object: z.literal("user"),
    id: z.string(),
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    username: z.string().nullable(),
    primary_email_address_id: z.string().nullable(),
    email_addresses: z.array(z.object({ id: z.string(), object: z.literal("email_address"), email_address: z.string() })),
    created_at: z.number().int(),
    updated_at: z.number().int(),
  }),
);

const emulator = useEmulator({ seed: SEED, rateLimit: false });

beforeEach(() => emulator.handle.seed(SEED));

function clerk(path: string, options: CallOptions = {}): Promise<CallResult> {
  return call(`${emulator.handle.clerkApiUrl}${path}`, { token: SECRET_KEY, ...options });
}

/** The status and error codes of a Clerk error response (checking the envelope on the way). */
function failure(result: CallResult): { status: number; codes: string[]; params: (string | undefined)[]; longMessages: string[] } {
  const body = errorBody.parse(result.json);
  return {
    status: result.status,
    codes: body.errors.map((error) => error.code),
    params: body.errors.map((error) => error.meta.param_name),
    longMessages: body.errors.map((error) => error.long_message),
  };
}

function membership(result: CallResult): z.infer<typeof membershipBody> {
  expect(result.status).toBe(200);
  return membershipBody.parse(result.json);
}

function list(result: CallResult): z.infer<typeof membershipList> {
  expect(result.status).toBe(200);
  return membershipList.parse(result.json);
}

const createIn = (organizationId: string, body: unknown): Promise<CallResult> =>
  clerk(`/organizations/${organizationId}/memberships`, { method: "POST", body });

describe("authentication and headers", () => {
  test("answers 401 authorization_header_format_invalid without an Authorization header", async () => {
    const result = await call(`${emulator.handle.clerkApiUrl}/organizations/org_main/memberships`);
    expect(failure(result)).toMatchObject({ status: 401, codes: ["authorization_header_format_invalid"] });
  });

  test("answers 401 authorization_header_format_invalid for a header that is not Bearer", async () => {
    const result = await clerk("/organizations/org_main/memberships", { token: undefined, headers: { Authorization: `Basic ${SECRET_KEY}` } });
    expect(failure(result)).toMatchObject({ status: 401, codes: ["authorization_header_format_invalid"] });
  });

  test("answers 401 clerk_key_invalid for a secret key the instance does not hold", async () => {
    const result = await clerk("/organizations/org_main/memberships", { token: "sk_test_someone_else" });
    expect(failure(result)).toMatchObject({ status: 401, codes: ["clerk_key_invalid"] });
  });

  test.each(["2021-02-05", "2024-10-01", "2025-04-10", "2025-11-10", "2026-05-12"])("accepts Clerk-API-Version %s, a released version", async (version) => {
    expect((await clerk("/organizations/org_main/memberships", { headers: { "Clerk-API-Version": version } })).status).toBe(200);
  });

  test.each(["2025-12-03", "2025-03-12", "2099-01-01", "latest"])("answers Clerk-API-Version %s, never released, with 400 api_version_invalid", async (version) => {
    const result = failure(await clerk("/organizations/org_main/memberships", { headers: { "Clerk-API-Version": version } }));
    expect(result).toMatchObject({ status: 400, codes: ["api_version_invalid"] });
    expect(result.longMessages[0]).toMatch(/^Invalid Clerk API version: /);
  });

  test("sends Content-Type exactly application/json on successes and errors", async () => {
    const success = await clerk("/organizations/org_main/memberships");
    const error = await clerk("/organizations/org_missing/memberships");
    expect(success.headers.get("content-type")).toBe("application/json");
    expect(error.headers.get("content-type")).toBe("application/json");
  });

  test("gives every error a fresh clerk_trace_id", async () => {
    const first = errorBody.parse((await clerk("/organizations/org_missing/memberships")).json);
    const second = errorBody.parse((await clerk("/organizations/org_missing/memberships")).json);
    expect(first.clerk_trace_id).not.toBe(second.clerk_trace_id);
  });

  test("answers an unknown /v1 path with 404 resource_not_found", async () => {
    expect(failure(await clerk("/no_such_thing"))).toMatchObject({ status: 404, codes: ["resource_not_found"] });
  });
});

describe("POST /organizations/{organization_id}/memberships", () => {
  test("creates a membership and answers 200 with the full membership object", async () => {
    const created = membership(
      await createIn("org_main", { user_id: "user_dave", role: "org:admin", public_metadata: { team: "infra" }, private_metadata: { seat: 7 } }),
    );
    expect(created.id).toMatch(/^orgmem_[0-9A-Za-z]{27}$/);
    expect(created).toMatchObject({
      role: "org:admin",
      role_name: "Admin",
      permissions: ADMIN_PERMISSIONS,
      public_metadata: { team: "infra" },
      private_metadata: { seat: 7 },
      organization: { id: "org_main", name: "Acme Corp", slug: "acme-corp", members_count: 4, max_allowed_memberships: 0 },
      public_user_data: { user_id: "user_dave", first_name: "Dave", last_name: "Walker", identifier: "dave@acme.com", username: null },
    });
    expect(created.created_at).toBe(created.updated_at);
    expect(Math.abs(created.created_at - Date.now())).toBeLessThan(60_000);
    expect(emulator.handle.clerk.findMembership("org_main", "user_dave")?.id).toBe(created.id);
  });

  test("uses the primary email address as the public identifier", async () => {
    const result = list(await clerk("/organizations/org_main/memberships?user_id=user_alice"));
    expect(result.data[0]?.public_user_data.identifier).toBe("alice@acme.com");
  });

  test("reports each missing required parameter as 422 form_param_missing with its param_name", async () => {
    expect(failure(await createIn("org_main", {}))).toEqual(
      expect.objectContaining({ status: 422, codes: ["form_param_missing", "form_param_missing"], params: ["user_id", "role"] }),
    );
  });

  test("rejects an unknown body parameter with 422 form_param_unknown", async () => {
    const result = await createIn("org_main", { user_id: "user_dave", role: "org:member", roles: ["org:member"] });
    expect(failure(result)).toMatchObject({ status: 422, codes: ["form_param_unknown"], params: ["roles"] });
  });

  test("rejects metadata that is not an object with 422 form_param_value_invalid", async () => {
    const result = await createIn("org_main", { user_id: "user_dave", role: "org:member", public_metadata: ["a"] });
    expect(failure(result)).toMatchObject({ status: 422, codes: ["form_param_value_invalid"], params: ["public_metadata"] });
  });

  test("rejects a bare role name such as admin with 422 form_param_value_invalid", async () => {
    const result = await createIn("org_main", { user_id: "user_dave", role: "admin" });
    expect(failure(result)).toMatchObject({ status: 422, codes: ["form_param_value_invalid"], params: ["role"] });
  });

  test.each([
    ["organization", "org_nope", { user_id: "user_dave", role: "org:member" }, /organization.*org_nope/],
    ["user", "org_main", { user_id: "user_nope", role: "org:member" }, /user.*user_nope/],
    ["role", "org_main", { user_id: "user_dave", role: "org:nope" }, /role.*org:nope/],
  ])("answers 404 resource_not_found whose long_message names the missing %s", async (_what, organizationId, body, message) => {
    const result = failure(await createIn(organizationId, body));
    expect(result).toMatchObject({ status: 404, codes: ["resource_not_found"] });
    expect(result.longMessages[0]).toMatch(message);
  });

  test("answers 400 already_a_member_in_organization for an existing member", async () => {
    const result = await createIn("org_main", { user_id: "user_bob", role: "org:admin" });
    expect(failure(result)).toMatchObject({ status: 400, codes: ["already_a_member_in_organization"] });
    expect(emulator.handle.clerk.findMembership("org_main", "user_bob")?.role).toBe("org:member");
  });

  test("answers 403 organization_membership_quota_exceeded once maxAllowedMemberships is reached", async () => {
    const result = await createIn("org_full", { user_id: "user_carol", role: "org:member" });
    expect(failure(result)).toMatchObject({ status: 403, codes: ["organization_membership_quota_exceeded"] });
  });

  test("accepts metadata of exactly 8192 serialized bytes and rejects one more with 422 form_param_exceeds_allowed_size", async () => {
    const padding = (bytes: number) => ({ blob: "x".repeat(bytes - JSON.stringify({ blob: "" }).length) });
    expect(JSON.stringify(padding(8192))).toHaveLength(8192);
    const tooLarge = await createIn("org_main", { user_id: "user_dave", role: "org:member", private_metadata: padding(8193) });
    expect(failure(tooLarge)).toMatchObject({ status: 422, codes: ["form_param_exceeds_allowed_size"], params: ["private_metadata"] });
    membership(await createIn("org_main", { user_id: "user_dave", role: "org:member", private_metadata: padding(8192) }));
  });

  test("answers malformed JSON with 400 malformed_request_parameters", async () => {
    const result = await createIn("org_main", '{"user_id": "user_dave",');
    expect(failure(result)).toMatchObject({ status: 400, codes: ["malformed_request_parameters"] });
  });

  test("raises members_count of the organization in later responses", async () => {
    membership(await createIn("org_main", { user_id: "user_erin", role: "org:member" }));
    const result = list(await clerk("/organizations/org_main/memberships?limit=1"));
    expect(result.data[0]?.organization.members_count).toBe(4);
    expect(result.total_count).toBe(4);
  });
});

describe("GET /organizations/{organization_id}/memberships", () => {
  beforeEach(async () => {
    for (const userId of ["user_dave", "user_erin", "user_frank"]) {
      membership(await createIn("org_main", { user_id: userId, role: "org:member" }));
    }
  });

  test("lists newest first by default, pages with limit and offset and counts all matches in total_count", async () => {
    const firstPage = list(await clerk("/organizations/org_main/memberships?limit=2"));
    const secondPage = list(await clerk("/organizations/org_main/memberships?limit=2&offset=2"));
    const lastPage = list(await clerk("/organizations/org_main/memberships?limit=2&offset=4"));
    expect(firstPage.total_count).toBe(6);
    expect([...firstPage.data, ...secondPage.data, ...lastPage.data].map((m) => m.public_user_data.user_id)).toEqual([
      "user_frank",
      "user_erin",
      "user_dave",
      "user_carol",
      "user_bob",
      "user_alice",
    ]);
  });

  test("returns ten memberships when no limit is given", async () => {
    const extraUsers = Array.from({ length: 12 }, (_, n) => ({ id: `user_extra_${n}`, emailAddresses: [`extra${n}@acme.com`] }));
    emulator.handle.seed({
      clerk: {
        ...SEED.clerk,
        users: [...(SEED.clerk?.users ?? []), ...extraUsers],
        memberships: extraUsers.map((user) => ({ organizationId: "org_main", userId: user.id, role: "org:admin" })),
      },
    });
    const result = list(await clerk("/organizations/org_main/memberships"));
    expect(result.data).toHaveLength(10);
    expect(result.total_count).toBe(12);
  });

  test.each([
    ["+created_at", ["user_alice", "user_bob", "user_carol", "user_dave", "user_erin", "user_frank"]],
    ["-first_name", ["user_frank", "user_erin", "user_dave", "user_carol", "user_bob", "user_alice"]],
    ["last_name", ["user_frank", "user_erin", "user_dave", "user_carol", "user_bob", "user_alice"]],
    ["email_address", ["user_alice", "user_bob", "user_carol", "user_dave", "user_erin", "user_frank"]],
  ])("orders by order_by=%s", async (orderBy, expected) => {
    const result = list(await clerk(`/organizations/org_main/memberships?order_by=${encodeURIComponent(orderBy)}`));
    expect(result.data.map((m) => m.public_user_data.user_id)).toEqual(expected);
  });

  test("reads an unencoded + in order_by as ascending", async () => {
    const result = list(await clerk("/organizations/org_main/memberships?order_by=+created_at&limit=1"));
    expect(result.data[0]?.public_user_data.user_id).toBe("user_alice");
  });

  test("filters by repeated user_id keys and ignores unknown ids", async () => {
    const result = list(await clerk("/organizations/org_main/memberships?user_id=user_bob&user_id=user_nobody&user_id=user_erin"));
    expect(result.total_count).toBe(2);
    expect(result.data.map((m) => m.public_user_data.user_id).sort()).toEqual(["user_bob", "user_erin"]);
  });

  test("includes user_id values given plain or with + and excludes those given with -", async () => {
    const ids = async (query: string) => list(await clerk(`/organizations/org_main/memberships?${query}`)).data.map((m) => m.public_user_data.user_id).sort();
    expect(await ids("user_id=%2Buser_bob&user_id=user_erin")).toEqual(["user_bob", "user_erin"]);
    // An unencoded + arrives as a space: still an inclusion.
    expect(await ids("user_id=+user_bob")).toEqual(["user_bob"]);
    expect(await ids("user_id=-user_bob&user_id=-user_alice")).toEqual(["user_carol", "user_dave", "user_erin", "user_frank"]);
    expect(await ids("user_id=user_bob&user_id=user_carol&user_id=-user_carol")).toEqual(["user_bob"]);
  });

  test("filters by repeated usernames and by name, email address and username substrings, case-insensitively", async () => {
    const ids = async (query: string) => list(await clerk(`/organizations/org_main/memberships?${query}`)).data.map((m) => m.public_user_data.user_id).sort();
    expect(await ids("username=ALICE&username=nobody")).toEqual(["user_alice"]);
    expect(await ids("name_query=wal")).toEqual(["user_dave"]);
    expect(await ids("name_query=erin%20vance")).toEqual(["user_erin"]);
    expect(await ids("email_address_query=HOME.dev")).toEqual(["user_alice"]);
    expect(await ids("username_query=lic")).toEqual(["user_alice"]);
    expect(await ids("email_address_query=acme&name_query=x")).toEqual(["user_carol"]);
  });

  test("filters by repeated role keys, by email_address and by a query substring", async () => {
    const byRole = list(await clerk("/organizations/org_main/memberships?role=org:admin&role=org:billing"));
    expect(byRole.data.map((m) => m.public_user_data.user_id).sort()).toEqual(["user_alice", "user_carol"]);
    const byEmail = list(await clerk("/organizations/org_main/memberships?email_address=ALICE@home.dev"));
    expect(byEmail.data.map((m) => m.public_user_data.user_id)).toEqual(["user_alice"]);
    const byQuery = list(await clerk("/organizations/org_main/memberships?query=walk"));
    expect(byQuery.data.map((m) => m.public_user_data.user_id)).toEqual(["user_dave"]);
  });

  test("keeps total_count as the count of all matches when the page is smaller", async () => {
    const result = list(await clerk("/organizations/org_main/memberships?role=org:member&limit=1&offset=1"));
    expect(result.data).toHaveLength(1);
    expect(result.total_count).toBe(4);
  });

  test.each([["limit=0"], ["limit=501"], ["limit=ten"], ["offset=-1"], ["order_by=-phone"], ["order_by=-updated_at"]])(
    "rejects %s with 422 form_param_value_invalid",
    async (query) => {
      expect(failure(await clerk(`/organizations/org_main/memberships?${query}`))).toMatchObject({
        status: 422,
        codes: ["form_param_value_invalid"],
      });
    },
  );

  test("accepts 100 user_id values and rejects 101 with 422", async () => {
    const ids = (count: number) => Array.from({ length: count }, (_, n) => `user_id=user_${n}`).join("&");
    expect(list(await clerk(`/organizations/org_main/memberships?${ids(100)}`)).total_count).toBe(0);
    expect(failure(await clerk(`/organizations/org_main/memberships?${ids(101)}`))).toMatchObject({ status: 422, params: ["user_id"] });
  });

  test("answers 404 resource_not_found for an unknown organization", async () => {
    expect(failure(await clerk("/organizations/org_nope/memberships"))).toMatchObject({ status: 404, codes: ["resource_not_found"] });
  });
});

describe("instance-wide and per-user membership lists", () => {
  test("GET /organization_memberships lists memberships of every organization with limit and offset", async () => {
    const result = list(await clerk("/organization_memberships?limit=3&offset=1&order_by=%2Bcreated_at"));
    expect(result.total_count).toBe(7);
    expect(result.data.map((m) => `${m.organization.id}/${m.public_user_data.user_id}`)).toEqual([
      "org_main/user_bob",
      "org_main/user_carol",
      "org_full/user_alice",
    ]);
  });

  test("GET /users/{user_id}/organization_memberships lists one user's memberships", async () => {
    const result = list(await clerk("/users/user_alice/organization_memberships?limit=2"));
    expect(result.total_count).toBe(3);
    expect(result.data).toHaveLength(2);
    expect(result.data.every((m) => m.public_user_data.user_id === "user_alice")).toBe(true);
    expect(failure(await clerk("/users/user_nope/organization_memberships"))).toMatchObject({ status: 404 });
  });
});

describe("PATCH /organizations/{organization_id}/memberships/{user_id}", () => {
  const patchRole = (organizationId: string, userId: string, body: unknown) =>
    clerk(`/organizations/${organizationId}/memberships/${userId}`, { method: "PATCH", body });

  test("changes the role, its name and permissions, and moves updated_at", async () => {
    const before = emulator.handle.clerk.findMembership("org_main", "user_bob");
    const updated = membership(await patchRole("org_main", "user_bob", { role: "org:billing" }));
    expect(updated).toMatchObject({ role: "org:billing", role_name: "Billing", permissions: ["org:sys_memberships:read", "org:invoices:manage"] });
    expect(updated.id).toBe(before?.id);
    expect(updated.updated_at).toBeGreaterThan(before?.updatedAt ?? Infinity);
    expect(updated.created_at).toBe(before?.createdAt);
  });

  test("requires role (422 form_param_missing) and rejects other parameters (422 form_param_unknown)", async () => {
    expect(failure(await patchRole("org_main", "user_bob", {}))).toMatchObject({ status: 422, codes: ["form_param_missing"], params: ["role"] });
    expect(failure(await patchRole("org_main", "user_bob", { role: "org:admin", public_metadata: {} }))).toMatchObject({
      status: 422,
      codes: ["form_param_unknown"],
    });
  });

  test("answers 404 resource_not_found for a user who is not a member", async () => {
    expect(failure(await patchRole("org_main", "user_frank", { role: "org:admin" }))).toMatchObject({ status: 404, codes: ["resource_not_found"] });
  });

  test("refuses to demote the last member able to manage memberships with 400 organization_minimum_permissions_needed", async () => {
    const result = await patchRole("org_main", "user_alice", { role: "org:member" });
    expect(failure(result)).toMatchObject({ status: 400, codes: ["organization_minimum_permissions_needed"] });
    expect(emulator.handle.clerk.findMembership("org_main", "user_alice")?.role).toBe("org:admin");
  });

  test("lets an admin be demoted while another member can still manage memberships", async () => {
    membership(await patchRole("org_main", "user_bob", { role: "org:admin" }));
    expect(membership(await patchRole("org_main", "user_alice", { role: "org:member" })).role).toBe("org:member");
  });

  test("answers 409 organization_membership_managed_by_scim for a directory-managed membership", async () => {
    const result = await patchRole("org_scim", "user_dave", { role: "org:admin" });
    expect(failure(result)).toMatchObject({ status: 409, codes: ["organization_membership_managed_by_scim"] });
  });
});

describe("PATCH /organizations/{organization_id}/memberships/{user_id}/metadata", () => {
  const patchMetadata = (userId: string, body: unknown) =>
    clerk(`/organizations/org_main/memberships/${userId}/metadata`, { method: "PATCH", body });

  test("deep-merges the patch and deletes keys set to null at any depth", async () => {
    membership(
      await patchMetadata("user_bob", {
        public_metadata: { team: "platform", profile: { title: "SRE", level: 3, links: { blog: "b", git: "g" } }, tags: ["a", "b"] },
        private_metadata: { seat: 12, reviewer: true },
      }),
    );
    const merged = membership(
      await patchMetadata("user_bob", {
        public_metadata: { team: null, profile: { level: 4, links: { blog: null, chat: "c" } }, tags: ["c"] },
        private_metadata: { reviewer: null },
      }),
    );
    expect(merged.public_metadata).toEqual({ profile: { title: "SRE", level: 4, links: { git: "g", chat: "c" } }, tags: ["c"] });
    expect(merged.private_metadata).toEqual({ seat: 12 });
  });

  test("replaces a non-object value with the patch object minus its nulls", async () => {
    const merged = membership(await patchMetadata("user_bob", { public_metadata: { team: { name: "core", lead: null, extra: { x: null, y: 1 } } } }));
    expect(merged.public_metadata).toEqual({ team: { name: "core", extra: { y: 1 } } });
  });

  test("leaves the other metadata object untouched when only one is patched", async () => {
    membership(await patchMetadata("user_bob", { private_metadata: { seat: 1 } }));
    const merged = membership(await patchMetadata("user_bob", { private_metadata: { desk: 2 } }));
    expect(merged.public_metadata).toEqual({ team: "platform" });
    expect(merged.private_metadata).toEqual({ seat: 1, desk: 2 });
  });

  test("keeps a __proto__ key as plain data", async () => {
    const result = await patchMetadata("user_bob", '{"public_metadata":{"__proto__":{"polluted":true}}}');
    expect(result.status).toBe(200);
    expect(result.text).toContain('"public_metadata":{"team":"platform","__proto__":{"polluted":true}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("rejects a merge whose result exceeds 8 KB and leaves the metadata unchanged", async () => {
    membership(await patchMetadata("user_bob", { public_metadata: { a: "x".repeat(5000) } }));
    const result = await patchMetadata("user_bob", { public_metadata: { b: "y".repeat(5000) } });
    expect(failure(result)).toMatchObject({ status: 422, codes: ["form_param_exceeds_allowed_size"], params: ["public_metadata"] });
    expect(Object.keys(emulator.handle.clerk.findMembership("org_main", "user_bob")?.publicMetadata ?? {})).toEqual(["team", "a"]);
  });

  test("answers 404 resource_not_found for a user who is not a member", async () => {
    expect(failure(await patchMetadata("user_frank", { public_metadata: {} }))).toMatchObject({ status: 404 });
  });
});

describe("DELETE /organizations/{organization_id}/memberships/{user_id}", () => {
  const remove = (organizationId: string, userId: string) => clerk(`/organizations/${organizationId}/memberships/${userId}`, { method: "DELETE" });

  test("answers 200 with the deleted membership and removes it", async () => {
    const before = emulator.handle.clerk.findMembership("org_main", "user_bob");
    const deleted = membership(await remove("org_main", "user_bob"));
    expect(deleted).toMatchObject({ id: before?.id, role: "org:member", public_metadata: { team: "platform" }, organization: { members_count: 2 } });
    expect(emulator.handle.clerk.findMembership("org_main", "user_bob")).toBeUndefined();
    expect(failure(await remove("org_main", "user_bob"))).toMatchObject({ status: 404, codes: ["resource_not_found"] });
  });

  test("refuses to delete the last member able to manage memberships", async () => {
    expect(failure(await remove("org_main", "user_alice"))).toMatchObject({ status: 400, codes: ["organization_minimum_permissions_needed"] });
  });

  test("answers 409 organization_membership_managed_by_scim for a directory-managed membership", async () => {
    expect(failure(await remove("org_scim", "user_dave"))).toMatchObject({ status: 409, codes: ["organization_membership_managed_by_scim"] });
    expect(emulator.handle.clerk.findMembership("org_scim", "user_dave")).toBeDefined();
  });
});

describe("GET /users", () => {
  test("answers a JSON array of the users having any of the repeated email_address values", async () => {
    const result = await clerk("/users?email_address=bob@acme.com&email_address=ALICE@HOME.DEV&email_address=nobody@acme.com");
    expect(result.status).toBe(200);
    const users = userList.parse(result.json);
    expect(users.map((user) => user.id).sort()).toEqual(["user_alice", "user_bob"]);
    const alice = users.find((user) => user.id === "user_alice");
    expect(alice?.email_addresses.map((address) => address.email_address)).toEqual(["alice@acme.com", "alice@home.dev"]);
    expect(alice?.primary_email_address_id).toBe(alice?.email_addresses[0]?.id);
    expect(alice?.primary_email_address_id).toMatch(/^idn_[0-9A-Za-z]{27}$/);
  });

  test("answers an empty array for an address nobody has", async () => {
    const result = await clerk("/users?email_address=nobody@acme.com");
    expect(result.status).toBe(200);
    expect(result.json).toEqual([]);
  });

  test("filters by user_id with + and -, by username and by the partial-match queries", async () => {
    const ids = async (query: string) => userList.parse((await clerk(`/users?${query}`)).json).map((user) => user.id).sort();
    expect(await ids("user_id=%2Buser_alice&user_id=user_bob&user_id=-user_bob")).toEqual(["user_alice"]);
    expect(await ids("user_id=-user_alice&limit=500")).toEqual(["user_bob", "user_carol", "user_dave", "user_erin", "user_frank"]);
    expect(await ids("username=Alice")).toEqual(["user_alice"]);
    expect(await ids("name_query=UNDER")).toEqual(["user_frank"]);
    expect(await ids("email_address_query=home")).toEqual(["user_alice"]);
  });

  test("orders by the user's own fields, updated_at among them", async () => {
    emulator.handle.seed({
      clerk: { ...SEED.clerk, users: (SEED.clerk?.users ?? []).map((user, index) => ({ ...user, createdAt: 1_000 + index, updatedAt: 10_000 - index })) },
    });
    const byUpdate = userList.parse((await clerk("/users?order_by=%2Bupdated_at&limit=2")).json);
    expect(byUpdate.map((user) => user.id)).toEqual(["user_frank", "user_erin"]);
    expect((await clerk("/users?order_by=-last_active_at")).status).toBe(200);
  });

  test("answers every field the description requires of a user", async () => {
    const [alice] = z.array(z.record(z.string(), z.unknown())).parse((await clerk("/users?username=alice")).json);
    expect(alice).toMatchObject({
      external_id: null,
      password_enabled: false,
      two_factor_enabled: false,
      web3_wallets: [],
      passkeys: [],
      external_accounts: [],
      last_active_at: null,
      delete_self_enabled: true,
    });
  });

  test("applies limit and offset", async () => {
    const all = userList.parse((await clerk("/users?limit=500")).json);
    const page = userList.parse((await clerk("/users?limit=2&offset=1")).json);
    expect(all).toHaveLength(6);
    expect(page.map((user) => user.id)).toEqual(all.slice(1, 3).map((user) => user.id));
  });
});

describe("GET /organizations/{organization_id}", () => {
  const organization = z.looseObject({
    object: z.literal("organization"),
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    members_count: z.number().int().optional(),
    missing_member_with_elevated_permissions: z.boolean().optional(),
    created_by: z.string().optional(),
  });

  test("answers the organization by id, and by slug", async () => {
    const byId = await clerk("/organizations/org_main");
    expect(byId.status).toBe(200);
    expect(organization.parse(byId.json)).toMatchObject({ id: "org_main", name: "Acme Corp", slug: "acme-corp", created_by: "user_alice" });
    expect(organization.parse((await clerk("/organizations/acme-corp")).json).id).toBe("org_main");
  });

  test("counts the members and tells whether no one can manage them only when asked", async () => {
    const plain = organization.parse((await clerk("/organizations/org_main")).json);
    expect(plain.members_count).toBeUndefined();
    expect(plain.missing_member_with_elevated_permissions).toBeUndefined();
    const asked = organization.parse(
      (await clerk("/organizations/org_main?include_members_count=true&include_missing_member_with_elevated_permissions=true")).json,
    );
    expect(asked).toMatchObject({ members_count: 3, missing_member_with_elevated_permissions: false });
    emulator.handle.seed({ clerk: { ...SEED.clerk, memberships: [{ organizationId: "org_main", userId: "user_bob", role: "org:member" }] } });
    const unmanaged = organization.parse((await clerk("/organizations/org_main?include_missing_member_with_elevated_permissions=true")).json);
    expect(unmanaged.missing_member_with_elevated_permissions).toBe(true);
  });

  test("gives an organization seeded without a slug one derived from its name, and leaves out an absent creator", async () => {
    emulator.handle.seed({ clerk: { ...SEED.clerk, organizations: [...(SEED.clerk?.organizations ?? []), { id: "org_plain", name: "Plain & Simple, Ltd." }] } });
    const plain = organization.parse((await clerk("/organizations/org_plain")).json);
    expect(plain.slug).toBe("plain-simple-ltd");
    expect(plain.created_by).toBeUndefined();
    expect(organization.parse((await clerk("/organizations/plain-simple-ltd")).json).id).toBe("org_plain");
  });

  test("answers 404 resource_not_found for an unknown id or slug", async () => {
    expect(failure(await clerk("/organizations/org_nope"))).toMatchObject({ status: 404, codes: ["resource_not_found"] });
  });
});

describe("rate limits", () => {
  describe("with a custom limit", () => {
    const limited = useEmulator({ seed: SEED, rateLimit: { requests: 3, windowMs: 60_000 } });

    test("answers 429 too_many_requests with Retry-After once a key used its requests in the window", async () => {
      const url = `${limited.handle.clerkApiUrl}/organizations/org_main/memberships`;
      for (let index = 0; index < 3; index += 1) expect((await call(url, { token: SECRET_KEY })).status).toBe(200);
      const rejected = await call(url, { token: SECRET_KEY });
      expect(failure(rejected)).toMatchObject({ status: 429, codes: ["too_many_requests"] });
      const retryAfter = Number(rejected.headers.get("retry-after"));
      expect(Number.isInteger(retryAfter)).toBe(true);
      expect(retryAfter).toBeGreaterThanOrEqual(59);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect((await call(url, { token: "sk_live_clerk_suite" })).status).toBe(200);
    });
  });

  describe("with the documented limits", () => {
    const documented = useEmulator({ seed: SEED });

    test("allows a development key 100 requests per 10 seconds and answers the 101st with 429", async () => {
      const url = `${documented.handle.clerkApiUrl}/users?limit=1`;
      const statuses = await Promise.all(Array.from({ length: 100 }, () => call(url, { token: SECRET_KEY }).then((result) => result.status)));
      expect(statuses.every((status) => status === 200)).toBe(true);
      const rejected = await call(url, { token: SECRET_KEY });
      expect(rejected.status).toBe(429);
      const retryAfter = Number(rejected.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(10);
    });

    test("allows a production key more than 100 requests in the same window", async () => {
      const url = `${documented.handle.clerkApiUrl}/users?limit=1`;
      const statuses = await Promise.all(
        Array.from({ length: 150 }, () => call(url, { token: "sk_live_clerk_suite" }).then((result) => result.status)),
      );
      expect(statuses.every((status) => status === 200)).toBe(true);
    });
  });
});
