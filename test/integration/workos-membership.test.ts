// The WorkOS provider's methods called as the engine calls them, against the emulator over real HTTP.

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { WorkosMembershipApi } from "../../provider/backends/workos/api";
import { workosServiceProfile } from "../../provider/backends/workos/settings";
import { MembershipExistsError } from "../../provider/engine/port";
import { HttpClient } from "../../provider/http/client";
import { ConflictError, ValidationError } from "../../provider/http/errors";
import { RateLimiter } from "../../provider/http/rate-limiter";
import { closeHttpConnections, resetRuntime, workosMembership } from "../../provider/runtime";

const KEY = "sk_test_emulator_workos";
const ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const JOHN = "user_01JGFJJZZ8YAGVDCKSQWW7FE4N"; // seeded: member, active
const PRIYA = "user_01JGFJK0YG1EE043E42N4FHZD8"; // seeded: member, inactive
const MARCO = "user_01JGFJK1XRYFYTC66VPVTX363S";
const AIKO = "user_01JGFJK2X0N6FCCW8VBHXF4W63";
const PENDING_USER = "user_01JGPENDING00000000000000";
const CREATE_ROUTE = "POST /user_management/organization_memberships";

let emulator: EmulatorHandle;

function configure(values: Record<string, string>): Promise<void> {
  return workosMembership.configure({ config: { get: (key: string) => values[key] } });
}

interface WireMembership {
  id: string;
  status: string;
  user_id: string;
  roles?: Array<{ slug: string }>;
}

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${emulator.workosApiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

async function memberships(userId: string): Promise<WireMembership[]> {
  const { json } = await api("GET", `/user_management/organization_memberships?organization_id=${ORG}&user_id=${userId}&statuses=active,inactive,pending&limit=100`);
  return (json as { data: WireMembership[] }).data;
}

async function checked(raw: Record<string, unknown>) {
  const result = await workosMembership.check({}, { organizationId: ORG, ...raw });
  if (result.failures) throw new Error(JSON.stringify(result.failures));
  return result.inputs;
}

beforeEach(async () => {
  const seed = defaultSeed();
  seed.workos?.users?.push({ id: PENDING_USER, email: "pending@acme.com", firstName: "Pat", lastName: "Pending" });
  seed.workos?.memberships?.push({ organizationId: ORG, userId: PENDING_USER, roleSlugs: ["member"], status: "pending" });
  emulator = await startEmulator({ rateLimit: false, seed });
  resetRuntime();
  await configure({ "workos:apiKey": KEY, "workos:apiUrl": emulator.workosApiUrl, "workos:maxRequestsPerSecond": "1000" });
});

afterEach(async () => {
  await emulator.close();
});

afterAll(async () => {
  await closeHttpConnections();
});

describe("check", () => {
  it("rejects roleSlug together with roleSlugs, before any HTTP call", async () => {
    emulator.resetStats();
    const result = await workosMembership.check({}, { organizationId: ORG, userId: MARCO, roleSlug: "admin", roleSlugs: ["member"] });
    expect(result.failures).toEqual([{ property: "roleSlugs", reason: expect.stringContaining("mutually exclusive") as string }]);
    expect(emulator.stats().total).toBe(0);
  });

  it("names each bad property: ids, slugs, onDelete", async () => {
    const result = await workosMembership.check({}, { organizationId: "acme", userId: "u1", roleSlugs: [], onDelete: "archive" });
    expect(result.failures?.map((f) => f.property).sort()).toEqual(["onDelete", "organizationId", "roleSlugs", "userId"]);
  });
});

describe("create", () => {
  it("creates with a role slug and returns every output", async () => {
    const { id, outs } = await workosMembership.create(await checked({ userId: MARCO, roleSlug: "admin" }));
    expect(id).toMatch(/^om_/);
    expect(outs).toMatchObject({ membershipId: id, organizationId: ORG, userId: MARCO, role: "admin", roles: ["admin"], status: "active", adoptExisting: true, onDelete: "delete" });
    expect(typeof outs.organizationName).toBe("string");
  });

  it("creates with several roles", async () => {
    const { outs } = await workosMembership.create(await checked({ userId: MARCO, roleSlugs: ["admin", "billing"] }));
    expect(new Set(outs.roles as string[])).toEqual(new Set(["admin", "billing"]));
  });

  it("defaults to the member role", async () => {
    const { outs } = await workosMembership.create(await checked({ userId: AIKO }));
    expect(outs.roles).toEqual(["member"]);
  });

  it("sends one Idempotency-Key across retries, so a lost response does not create twice", async () => {
    emulator.setFaults({ rateDropAfterCommit: 0.5, routes: [CREATE_ROUTE] });
    const { outs } = await workosMembership.create(await checked({ userId: AIKO, roleSlug: "billing" }));
    emulator.setFaults({});
    expect(outs).toMatchObject({ userId: AIKO, roles: ["billing"] });
    expect(await memberships(AIKO)).toHaveLength(1);
    // The retried POST was answered by the idempotency replay, not by a 409 "already a member".
    const stats = emulator.stats();
    expect(stats.byRoute[CREATE_ROUTE]).toBeGreaterThanOrEqual(2);
    expect(stats.byStatus["409"]).toBeUndefined();
  });

  it("reactivates an inactive membership, keeping its id", async () => {
    const [before] = await memberships(PRIYA);
    const { id, outs } = await workosMembership.create(await checked({ userId: PRIYA, roleSlug: "billing" }));
    expect(id).toBe(before?.id);
    expect(outs).toMatchObject({ status: "active", roles: ["billing"] });
  });

  it("adopts an active membership and converges its roles", async () => {
    const [before] = await memberships(JOHN);
    const { id, outs } = await workosMembership.create(await checked({ userId: JOHN, roleSlugs: ["member", "billing"] }));
    expect(id).toBe(before?.id);
    expect(new Set(outs.roles as string[])).toEqual(new Set(["member", "billing"]));
    expect(await memberships(JOHN)).toHaveLength(1);
  });

  it("fails with advice when adoption is turned off", async () => {
    await expect(workosMembership.create(await checked({ userId: JOHN, adoptExisting: false }))).rejects.toThrow(/already a member.*adoptExisting: true/);
  });

  it("adopts a pending membership (an invitation not accepted yet) as invited: roles converge, no drift while it waits", async () => {
    const inputs = await checked({ userId: PENDING_USER, roleSlug: "admin" });
    const { id, outs } = await workosMembership.create(inputs);
    expect(outs).toMatchObject({ status: "pending", roles: ["admin"] });
    await expect(workosMembership.diff(id, outs, inputs)).resolves.toMatchObject({ changes: false });
    const read = await workosMembership.read(id, outs);
    await expect(workosMembership.diff(id, read.props ?? {}, inputs)).resolves.toMatchObject({ changes: false });
  });

  it("explains an unknown role slug: refused by check, and explained by create should the role go after the preview", async () => {
    await expect(checked({ userId: MARCO, roleSlug: "superuser" })).rejects.toThrow(/has no role superuser/);
    await expect(workosMembership.create({ organizationId: ORG, userId: MARCO, roleSlug: "superuser" })).rejects.toThrow(/does not exist in this environment.*roleSlug/);
  });

  it("explains an unknown user", async () => {
    await expect(workosMembership.create(await checked({ userId: "user_01NOSUCHUSER" }))).rejects.toThrow(/not found.*Check organizationId and userId/);
  });
});

describe("adoption is decided by WorkOS's error code, whatever the status", () => {
  // WorkOS's published description of the create lists no "already a member" answer, so a small server stands in
  // for it here with each status that code could come with, and with look-alikes that must not count.
  async function createAgainst(status: number, body: string, listing?: string): Promise<unknown> {
    const server = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        if (request.method === "GET" && listing !== undefined) {
          response.writeHead(200, { "content-type": "application/json" });
          response.end(listing);
          return;
        }
        response.writeHead(status, { "content-type": body.startsWith("{") ? "application/json" : "text/html" });
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const http = new HttpClient({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        apiKey: KEY,
        profile: workosServiceProfile,
        limiter: new RateLimiter({ requests: 100, windowMs: 1000 }),
      });
      const desired = { organizationId: ORG, userId: MARCO, adoptExisting: true, roleSlugs: ["member"], onDelete: "delete" as const };
      return await new WorkosMembershipApi(http).create(desired).then(() => undefined, (error: unknown) => error);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }
  const exists = JSON.stringify({ message: "An organization membership already exists.", code: "organization_membership_already_exists" });

  it.each([400, 409, 422])("an existing membership answered with HTTP %i is adopted", async (status) => {
    const error = await createAgainst(status, exists);
    expect(error).toBeInstanceOf(MembershipExistsError);
    expect(error).toMatchObject({ adoptable: true });
  });

  it("a 409 with another code is adopted when the membership reads back as existing", async () => {
    const membership = { object: "organization_membership", id: "om_01EXISTING", user_id: MARCO, organization_id: ORG, status: "active", role: { slug: "member" }, created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z" };
    const listing = JSON.stringify({ object: "list", data: [membership], list_metadata: { before: null, after: null } });
    const error = await createAgainst(409, JSON.stringify({ message: "Conflict", code: "conflict" }), listing);
    expect(error).toBeInstanceOf(MembershipExistsError);
  });

  it.each([
    ["a 409 with another code", 409, JSON.stringify({ message: "Membership already exists", code: "conflict" }), ConflictError],
    ["a 409 without a body it can read", 409, "<html>409 Conflict</html>", ConflictError],
    ["a 400 with another code", 400, JSON.stringify({ message: "This Idempotency-Key was already used.", code: "idempotency_key_reused" }), ValidationError],
  ])("%s is an error, not an existing membership", async (_case, status, body, ErrorClass) => {
    const error = await createAgainst(status, body);
    expect(error).not.toBeInstanceOf(MembershipExistsError);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ status });
  });
});

describe("read", () => {
  it("returns live outputs and inputs that would reproduce them", async () => {
    const { id, outs } = await workosMembership.create(await checked({ userId: MARCO, roleSlug: "admin" }));
    const read = await workosMembership.read(id, outs);
    expect(read.id).toBe(id);
    expect(read.props).toMatchObject({ roles: ["admin"], status: "active" });
    expect(read.inputs).toEqual({ organizationId: ORG, userId: MARCO, roleSlug: "admin", adoptExisting: true, onDelete: "delete" });
  });

  it("sees an out-of-band deactivation, and diff then plans an update that reactivates", async () => {
    const inputs = await checked({ userId: MARCO, roleSlug: "admin" });
    const { id, outs } = await workosMembership.create(inputs);
    await api("PUT", `/user_management/organization_memberships/${id}/deactivate`);
    const read = await workosMembership.read(id, outs);
    expect(read.props?.status).toBe("inactive");
    // No input says it: the state's status does, for the detailed diff.
    await expect(workosMembership.diff(id, read.props ?? {}, inputs)).resolves.toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, propertyChanges: { status: { kind: "update" } } });
    const { outs: updated } = await workosMembership.update(id, read.props ?? {}, inputs);
    expect(updated).toMatchObject({ membershipId: id, status: "active", roles: ["admin"] });
  });

  it("returns no id when the membership was deleted out of band", async () => {
    const { id, outs } = await workosMembership.create(await checked({ userId: MARCO }));
    await api("DELETE", `/user_management/organization_memberships/${id}`);
    await expect(workosMembership.read(id, outs)).resolves.toEqual({});
  });

  it("imports org_…/user_…: the membership as a create records it (its om_ id), and inputs whose preview changes nothing", async () => {
    const read = await workosMembership.read(`${ORG}/${JOHN}`);
    expect(read.id).toMatch(/^om_/);
    expect(read.props).toMatchObject({ organizationId: ORG, userId: JOHN, membershipId: read.id, roles: ["member"], status: "active" });
    expect(read.inputs).toEqual({ organizationId: ORG, userId: JOHN, roleSlug: "member", adoptExisting: true, onDelete: "delete" });
    const news = await workosMembership.check(read.inputs ?? {}, read.inputs ?? {});
    expect(news.failures).toBeUndefined();
    await expect(workosMembership.diff(read.id ?? "", read.props ?? {}, news.inputs)).resolves.toMatchObject({ changes: false, replaces: [] });
  });

  it("refuses an import id of another shape, naming the shape", async () => {
    for (const id of ["om_x", JOHN, `${ORG}/${JOHN}/x`]) await expect(workosMembership.read(id)).rejects.toThrow(/org_…\/user_…/);
  });
});

describe("diff and update", () => {
  it("compares roles as a set", async () => {
    const { id, outs } = await workosMembership.create(await checked({ userId: MARCO, roleSlugs: ["admin", "billing"] }));
    await expect(workosMembership.diff(id, outs, await checked({ userId: MARCO, roleSlugs: ["billing", "admin"] }))).resolves.toMatchObject({ changes: false });
    await expect(workosMembership.diff(id, outs, await checked({ userId: MARCO, roleSlugs: ["admin"] }))).resolves.toMatchObject({ changes: true, replaces: [] });
  });

  it("changes roles in place with PUT, keeping the id", async () => {
    const { id, outs } = await workosMembership.create(await checked({ userId: MARCO, roleSlug: "member" }));
    const { outs: updated } = await workosMembership.update(id, outs, await checked({ userId: MARCO, roleSlug: "admin" }));
    expect(updated).toMatchObject({ membershipId: id, roles: ["admin"] });
    expect(emulator.stats().byRoute["PUT /user_management/organization_memberships/:id"]).toBe(1);
  });

  it("replaces when userId or organizationId changes", async () => {
    const { id, outs } = await workosMembership.create(await checked({ userId: MARCO }));
    await expect(workosMembership.diff(id, outs, await checked({ userId: AIKO }))).resolves.toMatchObject({ replaces: ["userId"] });
  });

  it("plans an update when only onDelete changes, so delete uses the new mode", async () => {
    const { id, outs } = await workosMembership.create(await checked({ userId: MARCO }));
    await expect(workosMembership.diff(id, outs, await checked({ userId: MARCO, onDelete: "deactivate" }))).resolves.toMatchObject({ changes: true });
  });
});

describe("delete", () => {
  it("deletes by default", async () => {
    const { id, outs } = await workosMembership.create(await checked({ userId: MARCO }));
    await workosMembership.delete(id, outs);
    expect(await memberships(MARCO)).toEqual([]);
  });

  it("deactivates with onDelete: deactivate", async () => {
    const { id, outs } = await workosMembership.create(await checked({ userId: MARCO, onDelete: "deactivate" }));
    await workosMembership.delete(id, outs);
    expect(await memberships(MARCO)).toMatchObject([{ id, status: "inactive" }]);
  });

  it("counts a membership that is already gone as deleted", async () => {
    const { id, outs } = await workosMembership.create(await checked({ userId: MARCO }));
    await api("DELETE", `/user_management/organization_memberships/${id}`);
    await expect(workosMembership.delete(id, outs)).resolves.toBeUndefined();
  });
});

describe("HTTP behaviour", () => {
  it("retries 429s and 5xx (including non-JSON gateway pages) until the operation succeeds", async () => {
    emulator.setFaults({ rate429: 0.3, rate5xx: 0.3, retryAfterSeconds: 0 });
    for (const userId of [MARCO, AIKO]) {
      const { id, outs } = await workosMembership.create(await checked({ userId, roleSlug: "member" }));
      await workosMembership.read(id, outs);
    }
    emulator.setFaults({});
    expect(await memberships(MARCO)).toHaveLength(1);
    expect(await memberships(AIKO)).toHaveLength(1);
    const stats = emulator.stats();
    expect((stats.byStatus["429"] ?? 0) + (stats.byStatus["500"] ?? 0) + (stats.byStatus["502"] ?? 0) + (stats.byStatus["503"] ?? 0)).toBeGreaterThan(0);
  });

  it("gives a clear error for a wrong key, without printing the key", async () => {
    resetRuntime();
    const wrongKey = "sk_test_wrong_workos_key_42";
    await configure({ "workos:apiKey": wrongKey, "workos:apiUrl": emulator.workosApiUrl });
    // check reads the organization's roles, so the preview already says it; create says it too.
    const checkedError = await workosMembership.check({}, { organizationId: ORG, userId: MARCO }).then(() => undefined, (e: unknown) => e as Error);
    const error = await workosMembership.create({ organizationId: ORG, userId: MARCO }).then(() => undefined, (e: unknown) => e as Error);
    for (const said of [checkedError, error]) {
      expect(said?.message).toMatch(/HTTP 401.*Check the WorkOS API key \(`workos:apiKey` or WORKOS_API_KEY\)/);
      expect(said?.message).not.toContain(wrongKey);
    }
  });

  it("says how to set the key when none is configured", async () => {
    resetRuntime();
    await configure({ "workos:apiUrl": emulator.workosApiUrl });
    const result = await workosMembership.check({}, { organizationId: ORG, userId: MARCO });
    expect(result.failures).toEqual([{ property: "", reason: expect.stringMatching(/^No WorkOS API key: set it with `pulumi config set --secret workos:apiKey/) as string }]);
    await expect(workosMembership.create(result.inputs)).rejects.toThrow(/pulumi config set --secret workos:apiKey/);
  });
});
