// The emulated WorkOS User Management API over real HTTP: membership create/get/list/update/delete, the
// deactivate/reactivate rules, cursor pagination, users by email, Idempotency-Key replay and rate limits.
import { z } from "zod";
import type { EmulatorSeed } from "../../../emulator";
import { type CallOptions, type CallResult, call, useEmulator } from "../../support/emulator-harness";

const API_KEY = "sk_test_workos_suite";
const MEMBERSHIPS = "/user_management/organization_memberships";
const CREATE_ROUTE = `POST ${MEMBERSHIPS}`;

const SEED: EmulatorSeed = {
  workos: {
    apiKeys: [API_KEY],
    multipleRolesEnabled: true,
    roles: [{ slug: "admin" }, { slug: "member" }, { slug: "billing" }],
    users: [
      { id: "user_01ALICE", email: "alice@acme.com", firstName: "Alice", lastName: "Zimmer" },
      { id: "user_01BOB", email: "bob@acme.com", firstName: "Bob", lastName: "Young" },
      { id: "user_01CAROL", email: "carol@acme.com", firstName: "Carol", lastName: "Xu" },
      { id: "user_01DAVE", email: "dave@acme.com", firstName: "Dave", lastName: "Walker" },
      { id: "user_01ERIN", email: "Erin@Acme.com", firstName: "Erin", lastName: "Vance" },
      { id: "user_01FRANK", email: "frank@acme.com", firstName: "Frank", lastName: "Underwood" },
    ],
    organizations: [
      { id: "org_01ACME", name: "Acme Corp" },
      { id: "org_01BETA", name: "Beta LLC" },
    ],
    memberships: [
      { id: "om_01ALICE", organizationId: "org_01ACME", userId: "user_01ALICE", roleSlugs: ["admin"], status: "active" },
      { id: "om_01BOB", organizationId: "org_01ACME", userId: "user_01BOB", roleSlugs: ["member"], status: "active" },
      { id: "om_01CAROL", organizationId: "org_01ACME", userId: "user_01CAROL", roleSlugs: ["billing", "member"], status: "inactive" },
      { id: "om_01DAVE", organizationId: "org_01ACME", userId: "user_01DAVE", roleSlugs: ["member"], status: "pending" },
      { id: "om_01ERIN", organizationId: "org_01BETA", userId: "user_01ERIN", roleSlugs: ["member"], status: "active" },
    ],
  },
};

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const membershipBody = z.object({
  object: z.literal("organization_membership"),
  id: z.string(),
  user_id: z.string(),
  organization_id: z.string(),
  organization_name: z.string(),
  status: z.enum(["active", "inactive", "pending"]),
  directory_managed: z.boolean(),
  role: z.object({ slug: z.string() }),
  roles: z.array(z.object({ slug: z.string() })),
  custom_attributes: z.record(z.string(), z.unknown()),
  created_at: z.string().regex(ISO_MS),
  updated_at: z.string().regex(ISO_MS),
  user: z.object({ object: z.literal("user"), id: z.string(), email: z.string() }),
});

const listBody = <T extends z.ZodType>(item: T) =>
  z.object({
    object: z.literal("list"),
    data: z.array(item),
    list_metadata: z.object({ before: z.string().nullable(), after: z.string().nullable() }),
  });

const membershipList = listBody(membershipBody);
const userList = listBody(z.object({ object: z.literal("user"), id: z.string(), email: z.string(), first_name: z.string().nullable() }));
const errorBody = z.object({
  message: z.string(),
  code: z.string().optional(),
  entity_id: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
});

const emulator = useEmulator({ seed: SEED, rateLimit: false });

beforeEach(() => {
  emulator.handle.seed(SEED);
  emulator.handle.setFaults({});
});

function workos(path: string, options: CallOptions = {}): Promise<CallResult> {
  return call(`${emulator.handle.workosApiUrl}${path}`, { token: API_KEY, ...options });
}

function membership(result: CallResult, status = 200): z.infer<typeof membershipBody> {
  expect(result.status).toBe(status);
  return membershipBody.parse(result.json);
}

function memberships(result: CallResult): z.infer<typeof membershipList> {
  expect(result.status).toBe(200);
  return membershipList.parse(result.json);
}

function failure(result: CallResult): z.infer<typeof errorBody> & { status: number } {
  return { status: result.status, ...errorBody.parse(result.json) };
}

const create = (body: unknown, headers?: Record<string, string>) => workos(MEMBERSHIPS, { method: "POST", body, headers });
const ids = (list: z.infer<typeof membershipList>) => list.data.map((item) => item.id);

describe("authentication and headers", () => {
  test.each([
    ["without an Authorization header", undefined],
    ["with an unknown API key", "sk_test_unknown"],
  ])("answers 401 {message: Unauthorized} %s", async (_case, token) => {
    const result = await call(`${emulator.handle.workosApiUrl}${MEMBERSHIPS}?organization_id=org_01ACME`, { token });
    expect(result.status).toBe(401);
    expect(result.json).toEqual({ message: "Unauthorized" });
  });

  test("puts a fresh X-Request-ID on every response, errors and empty bodies included", async () => {
    const responses = [
      await workos(`${MEMBERSHIPS}/om_01BOB`),
      await workos(`${MEMBERSHIPS}/om_missing`),
      await call(`${emulator.handle.workosApiUrl}${MEMBERSHIPS}/om_01BOB`),
      await workos(`${MEMBERSHIPS}/om_01BOB`, { method: "DELETE" }),
    ];
    const requestIds = responses.map((result) => result.headers.get("x-request-id"));
    expect(requestIds.every((id) => typeof id === "string" && id.length > 0)).toBe(true);
    expect(new Set(requestIds).size).toBe(responses.length);
  });
});

describe("POST /user_management/organization_memberships", () => {
  test("creates an active membership with 201 and the default member role", async () => {
    const created = membership(await create({ user_id: "user_01FRANK", organization_id: "org_01ACME" }), 201);
    expect(created.id).toMatch(/^om_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(created).toMatchObject({
      user_id: "user_01FRANK",
      organization_id: "org_01ACME",
      organization_name: "Acme Corp",
      status: "active",
      directory_managed: false,
      role: { slug: "member" },
      roles: [{ slug: "member" }],
      custom_attributes: {},
      user: { id: "user_01FRANK", email: "frank@acme.com" },
    });
    expect(created.created_at).toBe(created.updated_at);
  });

  test("takes one role from role_slug or several from role_slugs, the first being the primary role", async () => {
    expect(membership(await create({ user_id: "user_01FRANK", organization_id: "org_01ACME", role_slug: "admin" }), 201).roles).toEqual([
      { slug: "admin" },
    ]);
    const several = membership(await create({ user_id: "user_01FRANK", organization_id: "org_01BETA", role_slugs: ["billing", "admin"] }), 201);
    expect(several.role).toEqual({ slug: "billing" });
    expect(several.roles).toEqual([{ slug: "billing" }, { slug: "admin" }]);
  });

  test("rejects role_slug together with role_slugs with 422 invalid_request_parameters", async () => {
    const result = await create({ user_id: "user_01FRANK", organization_id: "org_01ACME", role_slug: "admin", role_slugs: ["admin"] });
    expect(failure(result)).toMatchObject({ status: 422, code: "invalid_request_parameters", errors: [{ field: "role_slugs" }] });
  });

  test("reports missing user_id and organization_id as 422 invalid_request_parameters with one entry each in errors", async () => {
    const result = failure(await create({}));
    expect(result).toMatchObject({ status: 422, code: "invalid_request_parameters" });
    expect(result.errors?.map((error) => [error.field, error.code])).toEqual([
      ["user_id", "required"],
      ["organization_id", "required"],
    ]);
  });

  test("answers 422 invalid_role for a slug the environment does not define", async () => {
    const result = await create({ user_id: "user_01FRANK", organization_id: "org_01ACME", role_slug: "owner" });
    expect(failure(result)).toMatchObject({ status: 422, code: "invalid_role", message: "Role 'owner' is not a valid role." });
  });

  test("answers 422 multiple_roles_not_enabled for several roles while multiple roles are off", async () => {
    emulator.handle.seed({ workos: { ...SEED.workos, multipleRolesEnabled: false, memberships: [] } });
    const result = await create({ user_id: "user_01FRANK", organization_id: "org_01ACME", role_slugs: ["admin", "member"] });
    expect(failure(result)).toMatchObject({ status: 422, code: "multiple_roles_not_enabled" });
    expect(membership(await create({ user_id: "user_01FRANK", organization_id: "org_01ACME", role_slugs: ["admin"] }), 201).role.slug).toBe(
      "admin",
    );
  });

  test.each([
    ["organization", { user_id: "user_01FRANK", organization_id: "org_01NOPE" }, "org_01NOPE"],
    ["user", { user_id: "user_01NOPE", organization_id: "org_01ACME" }, "user_01NOPE"],
  ])("answers 404 entity_not_found with entity_id for an unknown %s", async (_what, body, entityId) => {
    expect(failure(await create(body))).toMatchObject({ status: 404, code: "entity_not_found", entity_id: entityId });
  });

  test("reactivates an inactive membership with the requested roles and the same id", async () => {
    const reactivated = membership(await create({ user_id: "user_01CAROL", organization_id: "org_01ACME", role_slug: "admin" }), 201);
    expect(reactivated).toMatchObject({ id: "om_01CAROL", status: "active", roles: [{ slug: "admin" }] });
  });

  test("answers 409 organization_membership_already_exists over an active membership", async () => {
    expect(failure(await create({ user_id: "user_01BOB", organization_id: "org_01ACME", role_slug: "admin" }))).toMatchObject({
      status: 409,
      code: "organization_membership_already_exists",
    });
    expect(emulator.handle.workos.getMembership("om_01BOB")?.roleSlugs).toEqual(["member"]);
  });

  test("answers 400 cannot_reactivate_pending_organization_membership over a pending membership, as the spec documents", async () => {
    expect(failure(await create({ user_id: "user_01DAVE", organization_id: "org_01ACME" }))).toMatchObject({
      status: 400,
      code: "cannot_reactivate_pending_organization_membership",
    });
  });
});

describe("GET /user_management/organization_memberships/{id}", () => {
  test("answers the membership, or 404 entity_not_found with entity_id", async () => {
    expect(membership(await workos(`${MEMBERSHIPS}/om_01CAROL`))).toMatchObject({ status: "inactive", roles: [{ slug: "billing" }, { slug: "member" }] });
    expect(failure(await workos(`${MEMBERSHIPS}/om_01NOPE`))).toMatchObject({ status: 404, code: "entity_not_found", entity_id: "om_01NOPE" });
  });
});

describe("GET /user_management/organization_memberships", () => {
  test("requires organization_id or user_id: 400 missing_user_id_or_organization_id", async () => {
    expect(failure(await workos(MEMBERSHIPS))).toMatchObject({ status: 400, code: "missing_user_id_or_organization_id" });
  });

  test("lists only active memberships by default, in the list envelope", async () => {
    const result = memberships(await workos(`${MEMBERSHIPS}?organization_id=org_01ACME`));
    expect(ids(result).sort()).toEqual(["om_01ALICE", "om_01BOB"]);
    expect(result.list_metadata).toEqual({ before: null, after: null });
  });

  test.each([
    ["comma-separated", "statuses=inactive,pending"],
    ["repeated keys", "statuses=inactive&statuses=pending"],
    ["bracketed keys", "statuses[]=inactive&statuses[]=pending"],
    ["encoded brackets", "statuses%5B%5D=inactive&statuses%5B%5D=pending"],
  ])("accepts statuses as %s", async (_form, query) => {
    expect(ids(memberships(await workos(`${MEMBERSHIPS}?organization_id=org_01ACME&${query}`))).sort()).toEqual(["om_01CAROL", "om_01DAVE"]);
  });

  test("filters by user_id alone or together with organization_id", async () => {
    emulator.handle.workos.createMembership({ organizationId: "org_01BETA", userId: "user_01ALICE" });
    expect(memberships(await workos(`${MEMBERSHIPS}?user_id=user_01ALICE`)).data.map((m) => m.organization_id).sort()).toEqual([
      "org_01ACME",
      "org_01BETA",
    ]);
    expect(ids(memberships(await workos(`${MEMBERSHIPS}?user_id=user_01ALICE&organization_id=org_01ACME`)))).toEqual(["om_01ALICE"]);
  });

  test.each([["limit=0"], ["limit=101"], ["order=sideways"], ["statuses=retired"]])("rejects %s with 422 invalid_request_parameters", async (query) => {
    expect(failure(await workos(`${MEMBERSHIPS}?organization_id=org_01ACME&${query}`))).toMatchObject({
      status: 422,
      code: "invalid_request_parameters",
    });
  });

  describe("pagination", () => {
    let newestFirst: string[];

    beforeEach(() => {
      for (const userId of ["user_01CAROL", "user_01ALICE", "user_01FRANK"]) {
        emulator.handle.workos.createMembership({ organizationId: "org_01BETA", userId });
      }
      emulator.handle.workos.createMembership({ organizationId: "org_01BETA", userId: "user_01BOB" });
      newestFirst = emulator.handle.workos
        .listMemberships({ organizationId: "org_01BETA" })
        .sort((left, right) => right.createdAt - left.createdAt)
        .map((item) => item.id);
      expect(newestFirst).toHaveLength(5);
    });

    test("pages newest first with after cursors until list_metadata.after is null", async () => {
      const pages: string[][] = [];
      let after: string | null = null;
      do {
        const result = memberships(
          await workos(`${MEMBERSHIPS}?organization_id=org_01BETA&limit=2${after === null ? "" : `&after=${after}`}`),
        );
        pages.push(ids(result));
        if (pages.length > 1) expect(result.list_metadata.before).toBe(result.data[0]?.id);
        after = result.list_metadata.after;
      } while (after !== null && pages.length < 10);
      expect(pages).toEqual([newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4)]);
    });

    test("pages back towards newer records with before cursors", async () => {
      const last = memberships(await workos(`${MEMBERSHIPS}?organization_id=org_01BETA&limit=2&after=${newestFirst[2]}`));
      expect(ids(last)).toEqual(newestFirst.slice(3));
      expect(last.list_metadata).toEqual({ before: newestFirst[3], after: null });
      const previous = memberships(await workos(`${MEMBERSHIPS}?organization_id=org_01BETA&limit=2&before=${newestFirst[3]}`));
      expect(ids(previous)).toEqual(newestFirst.slice(1, 3));
      expect(previous.list_metadata).toEqual({ before: newestFirst[1], after: newestFirst[2] });
    });

    test("lists oldest first with order=asc", async () => {
      const result = memberships(await workos(`${MEMBERSHIPS}?organization_id=org_01BETA&order=asc&limit=3`));
      expect(ids(result)).toEqual([...newestFirst].reverse().slice(0, 3));
      expect(result.list_metadata.after).toBe(result.data[2]?.id);
    });

    test("lists newest first with order=normal, where before fetches older records", async () => {
      const first = memberships(await workos(`${MEMBERSHIPS}?organization_id=org_01BETA&order=normal&limit=2`));
      expect(ids(first)).toEqual(newestFirst.slice(0, 2));
      expect(first.list_metadata).toEqual({ before: newestFirst[1], after: null });
      const older = memberships(await workos(`${MEMBERSHIPS}?organization_id=org_01BETA&order=normal&limit=2&before=${newestFirst[1]}`));
      expect(ids(older)).toEqual(newestFirst.slice(2, 4));
      expect(older.list_metadata).toEqual({ before: newestFirst[3], after: newestFirst[2] });
    });

    test("keeps working when the cursor's membership was deleted, and answers an unknown cursor with 400", async () => {
      const cursor = newestFirst[1] ?? "";
      emulator.handle.workos.deleteMembership(cursor);
      expect(ids(memberships(await workos(`${MEMBERSHIPS}?organization_id=org_01BETA&limit=2&after=${cursor}`)))).toEqual(newestFirst.slice(2, 4));
      expect(failure(await workos(`${MEMBERSHIPS}?organization_id=org_01BETA&after=om_01NEVER`))).toMatchObject({ status: 400 });
    });
  });
});

describe("PUT /user_management/organization_memberships/{id}", () => {
  const update = (id: string, body: unknown) => workos(`${MEMBERSHIPS}/${id}`, { method: "PUT", body });

  test("replaces the roles from role_slugs or role_slug and moves updated_at", async () => {
    const before = membership(await workos(`${MEMBERSHIPS}/om_01BOB`));
    const updated = membership(await update("om_01BOB", { role_slugs: ["admin", "billing"] }));
    expect(updated).toMatchObject({ role: { slug: "admin" }, roles: [{ slug: "admin" }, { slug: "billing" }] });
    expect(Date.parse(updated.updated_at)).toBeGreaterThan(Date.parse(before.updated_at));
    expect(membership(await update("om_01BOB", { role_slug: "member" })).roles).toEqual([{ slug: "member" }]);
  });

  test("answers 422 invalid_role for an unknown slug and 404 for an unknown membership", async () => {
    expect(failure(await update("om_01BOB", { role_slug: "owner" }))).toMatchObject({ status: 422, code: "invalid_role" });
    expect(failure(await update("om_01NOPE", { role_slug: "admin" }))).toMatchObject({ status: 404, code: "entity_not_found" });
  });
});

describe("DELETE /user_management/organization_memberships/{id}", () => {
  test("answers 200 with an empty body and removes the membership", async () => {
    const result = await workos(`${MEMBERSHIPS}/om_01BOB`, { method: "DELETE" });
    expect(result.status).toBe(200);
    expect(result.text).toBe("");
    expect(result.headers.get("content-length")).toBe("0");
    expect(failure(await workos(`${MEMBERSHIPS}/om_01BOB`))).toMatchObject({ status: 404 });
    expect(failure(await workos(`${MEMBERSHIPS}/om_01BOB`, { method: "DELETE" }))).toMatchObject({ status: 404, code: "entity_not_found" });
  });
});

describe("deactivate and reactivate", () => {
  const action = (id: string, verb: "deactivate" | "reactivate") => workos(`${MEMBERSHIPS}/${id}/${verb}`, { method: "PUT" });

  test("deactivates an active membership; deactivating it again is a no-op", async () => {
    const deactivated = membership(await action("om_01BOB", "deactivate"));
    expect(deactivated.status).toBe("inactive");
    const again = membership(await action("om_01BOB", "deactivate"));
    expect(again).toEqual({ ...deactivated, user: again.user });
  });

  test("reactivates an inactive membership keeping its roles; reactivating an active one is a no-op", async () => {
    const reactivated = membership(await action("om_01CAROL", "reactivate"));
    expect(reactivated).toMatchObject({ status: "active", roles: [{ slug: "billing" }, { slug: "member" }] });
    expect(membership(await action("om_01CAROL", "reactivate")).updated_at).toBe(reactivated.updated_at);
  });

  test.each([
    ["deactivate", "cannot_deactivate_pending_organization_membership"],
    ["reactivate", "cannot_reactivate_pending_organization_membership"],
  ] as const)("refuses to %s a pending membership with 400 %s", async (verb, code) => {
    expect(failure(await action("om_01DAVE", verb))).toMatchObject({ status: 400, code });
    expect(emulator.handle.workos.getMembership("om_01DAVE")?.status).toBe("pending");
  });

  test("answers 404 entity_not_found for an unknown membership", async () => {
    expect(failure(await action("om_01NOPE", "deactivate"))).toMatchObject({ status: 404, code: "entity_not_found" });
  });
});

describe("GET /user_management/users", () => {
  test("finds a user by email, ignoring case, in a list envelope", async () => {
    const result = userList.parse((await workos("/user_management/users?email=erin@acme.com")).json);
    expect(result.data.map((user) => user.id)).toEqual(["user_01ERIN"]);
    expect(result.list_metadata).toEqual({ before: null, after: null });
  });

  test("answers an empty data list for an address nobody has", async () => {
    expect(userList.parse((await workos("/user_management/users?email=nobody@acme.com")).json).data).toEqual([]);
  });

  test("filters by organization_id and pages with limit and after", async () => {
    const members = userList.parse((await workos("/user_management/users?organization_id=org_01ACME")).json);
    expect(members.data.map((user) => user.id).sort()).toEqual(["user_01ALICE", "user_01BOB"]);
    const first = userList.parse((await workos("/user_management/users?limit=4")).json);
    expect(first.data).toHaveLength(4);
    const rest = userList.parse((await workos(`/user_management/users?limit=4&after=${first.list_metadata.after}`)).json);
    expect(rest.data).toHaveLength(2);
    expect(rest.list_metadata.after).toBeNull();
  });
});

describe("Idempotency-Key", () => {
  const body = { user_id: "user_01FRANK", organization_id: "org_01ACME", role_slug: "admin" };

  test("replays the first response for the same key and body without creating twice", async () => {
    const first = membership(await create(body, { "Idempotency-Key": "key-1" }), 201);
    const replay = await create({ role_slug: "admin", organization_id: "org_01ACME", user_id: "user_01FRANK" }, { "Idempotency-Key": "key-1" });
    expect(membership(replay, 201)).toEqual(first);
    expect(emulator.handle.workos.listMemberships({ userId: "user_01FRANK" })).toHaveLength(1);
    expect(failure(await create(body, { "Idempotency-Key": "key-2" }))).toMatchObject({ status: 409 });
  });

  test("replays an error response too", async () => {
    const first = failure(await create({ ...body, role_slug: "owner" }, { "Idempotency-Key": "key-err" }));
    expect(failure(await create({ ...body, role_slug: "owner" }, { "Idempotency-Key": "key-err" }))).toMatchObject({ status: first.status, code: first.code });
  });

  test("answers 400 when the same key comes with a different body", async () => {
    membership(await create(body, { "Idempotency-Key": "key-3" }), 201);
    const conflict = failure(await create({ ...body, role_slug: "member" }, { "Idempotency-Key": "key-3" }));
    expect(conflict).toMatchObject({ status: 400, code: "idempotency_key_reused" });
  });

  test("lets a request that met an injected server error be retried under the same key", async () => {
    emulator.handle.setFaults({ rate5xx: 1, routes: [CREATE_ROUTE] });
    expect((await create(body, { "Idempotency-Key": "key-4" })).status).toBeGreaterThanOrEqual(500);
    emulator.handle.setFaults({});
    membership(await create(body, { "Idempotency-Key": "key-4" }), 201);
  });

  test("answers a retry after a drop-after-commit with the original 201", async () => {
    emulator.handle.setFaults({ rateDropAfterCommit: 1, routes: [CREATE_ROUTE] });
    await expect(create(body, { "Idempotency-Key": "key-5" })).rejects.toThrow();
    emulator.handle.setFaults({});
    const replay = membership(await create(body, { "Idempotency-Key": "key-5" }), 201);
    expect(replay.id).toBe(emulator.handle.workos.findMembership("org_01ACME", "user_01FRANK")?.id);
  });

  test("forgets keys when the emulator is reseeded", async () => {
    membership(await create(body, { "Idempotency-Key": "key-6" }), 201);
    emulator.handle.seed(SEED);
    membership(await create({ ...body, role_slug: "member" }, { "Idempotency-Key": "key-6" }), 201);
  });
});

describe("rate limits", () => {
  describe("with a custom limit", () => {
    const limited = useEmulator({ seed: SEED, rateLimit: { requests: 2, windowMs: 30_000 } });

    test("answers 429 rate_limit_exceeded with Retry-After once the key used its requests", async () => {
      const url = `${limited.handle.workosApiUrl}/user_management/users`;
      expect((await call(url, { token: API_KEY })).status).toBe(200);
      expect((await call(url, { token: API_KEY })).status).toBe(200);
      const rejected = await call(url, { token: API_KEY });
      expect(rejected.status).toBe(429);
      expect(rejected.json).toMatchObject({ code: "rate_limit_exceeded" });
      expect(Number(rejected.headers.get("retry-after"))).toBeGreaterThanOrEqual(29);
      expect(rejected.headers.get("x-request-id")).toBeTruthy();
    });
  });

  describe("with the documented limits", () => {
    const documented = useEmulator({ seed: SEED });

    test("allows 500 writes per 10 seconds, answers the 501st with 429, and counts reads separately", async () => {
      const reactivate = `${documented.handle.workosApiUrl}${MEMBERSHIPS}/om_01BOB/reactivate`;
      const statuses = await Promise.all(
        Array.from({ length: 500 }, () => call(reactivate, { token: API_KEY, method: "PUT" }).then((result) => result.status)),
      );
      expect(statuses.every((status) => status === 200)).toBe(true);
      const rejected = await call(reactivate, { token: API_KEY, method: "PUT" });
      expect(rejected.status).toBe(429);
      expect(Number(rejected.headers.get("retry-after"))).toBeLessThanOrEqual(10);
      expect((await call(`${documented.handle.workosApiUrl}${MEMBERSHIPS}/om_01BOB`, { token: API_KEY })).status).toBe(200);
    });
  });
});
