// The Clerk provider's methods called as the engine calls them, against the emulator over real HTTP.

import { startEmulator, type EmulatorHandle } from "../../emulator";
import { ClerkMembershipApi } from "../../provider/backends/clerk/api";
import { CLERK_API_VERSION, clerkServiceProfile } from "../../provider/backends/clerk/settings";
import { HttpClient } from "../../provider/http/client";
import { OutcomeUnknownError } from "../../provider/http/errors";
import { RateLimiter } from "../../provider/http/rate-limiter";
import { clerkMembership, closeHttpConnections, resetRuntime } from "../../provider/runtime";

const KEY = "sk_test_emulator_clerk";
const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded: org:admin
const JOHN = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6"; // seeded: org:member, public {team: platform}
const MARCO = "user_2Cj42gEnI5sEt6OHTerNANMDgHi";
const AIKO = "user_2xhf4ceAYkFATOHxeiZEhKrnn3E";
const SAM = "user_2q2pKPH4DwyaujKDfVPuwfT9G8F";

let emulator: EmulatorHandle;

function configure(values: Record<string, string>): Promise<void> {
  return clerkMembership.configure({ config: { get: (key: string) => values[key] } });
}

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${emulator.clerkApiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

async function liveMembers(): Promise<Array<{ role: string; public_metadata: unknown; private_metadata: unknown; public_user_data: { user_id: string } }>> {
  const { json } = await api("GET", `/organizations/${ORG}/memberships?limit=100`);
  return (json as { data: Array<{ role: string; public_metadata: unknown; private_metadata: unknown; public_user_data: { user_id: string } }> }).data;
}

async function liveMember(userId: string) {
  return (await liveMembers()).find((m) => m.public_user_data.user_id === userId);
}

beforeEach(async () => {
  emulator = await startEmulator({ rateLimit: false });
  resetRuntime();
  await configure({ "clerk:secretKey": KEY, "clerk:apiUrl": emulator.clerkApiUrl, "clerk:maxRequestsPerSecond": "1000" });
});

afterEach(async () => {
  await emulator.close();
});

afterAll(async () => {
  await closeHttpConnections();
});

describe("create", () => {
  it("creates the membership with role and metadata and returns every output", async () => {
    const inputs = (await clerkMembership.check({}, { organizationId: ORG, userId: MARCO, role: "org:admin", publicMetadata: { team: "security" }, privateMetadata: { pager: "P1" } })).inputs;
    const { id, outs } = await clerkMembership.create(inputs);
    expect(id).toMatch(/^orgmem_/);
    expect(outs).toMatchObject({
      membershipId: id,
      organizationId: ORG,
      userId: MARCO,
      role: "org:admin",
      roleName: "Admin",
      publicMetadata: { team: "security" },
      privateMetadata: { pager: "P1" },
      adoptExisting: true,
    });
    expect(outs.permissions).toEqual(expect.arrayContaining(["org:sys_memberships:manage"]));
    expect(typeof outs.createdAt).toBe("string");
    const live = await liveMember(MARCO);
    expect(live).toMatchObject({ role: "org:admin", public_metadata: { team: "security" }, private_metadata: { pager: "P1" } });
  });

  it("adopts an existing membership and converges its role and metadata", async () => {
    const inputs = (await clerkMembership.check({}, { organizationId: ORG, userId: JOHN, role: "org:billing", publicMetadata: { team: "payments" } })).inputs;
    const { outs } = await clerkMembership.create(inputs);
    expect(outs).toMatchObject({ userId: JOHN, role: "org:billing", publicMetadata: { team: "payments" } });
    expect(await liveMember(JOHN)).toMatchObject({ role: "org:billing", public_metadata: { team: "payments" } });
    expect((await liveMembers()).filter((m) => m.public_user_data.user_id === JOHN)).toHaveLength(1);
  });

  it("fails with advice on adoptExisting when adoption is turned off", async () => {
    const inputs = (await clerkMembership.check({}, { organizationId: ORG, userId: JOHN, adoptExisting: false })).inputs;
    await expect(clerkMembership.create(inputs)).rejects.toThrow(/already a member.*adoptExisting: true/);
    expect(await liveMember(JOHN)).toMatchObject({ role: "org:member" });
  });

  it("says which id to check when the user does not exist", async () => {
    const inputs = (await clerkMembership.check({}, { organizationId: ORG, userId: "user_doesnotexist" })).inputs;
    await expect(clerkMembership.create(inputs)).rejects.toThrow(/user_doesnotexist.*not found.*Check organizationId, userId and role/);
  });

  it("reads back after a create whose response was lost, without duplicating the membership", async () => {
    emulator.setFaults({ rateDropAfterCommit: 1, routes: ["POST /v1/organizations/:organizationId/memberships"] });
    const inputs = (await clerkMembership.check({}, { organizationId: ORG, userId: AIKO, role: "org:member" })).inputs;
    const { outs } = await clerkMembership.create(inputs);
    expect(outs).toMatchObject({ userId: AIKO, role: "org:member" });
    expect((await liveMembers()).filter((m) => m.public_user_data.user_id === AIKO)).toHaveLength(1);
    expect(emulator.stats().byRoute["POST /v1/organizations/:organizationId/memberships"]).toBe(1);
  });

  /** A client whose retries end after 1 s, for a create whose answers keep getting lost. */
  function quickClient(): HttpClient {
    return new HttpClient({
      baseUrl: emulator.clerkApiUrl,
      apiKey: KEY,
      profile: clerkServiceProfile,
      limiter: new RateLimiter({ requests: 1000, windowMs: 1000 }),
      headers: { "clerk-api-version": CLERK_API_VERSION },
      deadlineMs: 1000,
      maxAttempts: 1000,
      baseBackoffMs: 50,
      maxBackoffMs: 100,
    });
  }
  const lostDesired = { organizationId: ORG, userId: AIKO, role: "org:member", publicMetadata: {}, privateMetadata: {}, adoptExisting: true };

  it("stops a create whose answers keep getting lost at the client's deadline, read-backs and waits included", async () => {
    emulator.setFaults({ rateDrop: 1, routes: ["POST /v1/organizations/:organizationId/memberships"] });
    const http = quickClient();
    const started = Date.now();
    const error = await new ClerkMembershipApi(http).create(lostDesired).then(() => undefined, (e: unknown) => e as Error);
    const elapsed = Date.now() - started;
    // Whether the last POST or the read-back after it met the deadline, the create's outcome is what is unknown.
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    expect(error?.message).toMatch(/no answer \(UND_ERR_SOCKET.*(not there when read back, and no retry left|reading it back failed too).*the 1 s retry deadline/);
    // Every lost POST was read back before the next one.
    expect(http.requestCount).toBeGreaterThan(4);
    expect(elapsed).toBeGreaterThanOrEqual(500);
    expect(elapsed).toBeLessThan(2500);
    expect(await liveMember(AIKO)).toBeUndefined();
  });

  it("says the outcome of a create is unknown when reading it back fails too", async () => {
    emulator.setFaults({ rateDrop: 1, routes: ["POST /v1/organizations/:organizationId/memberships", "GET /v1/organizations/:organizationId/memberships"] });
    const error = await new ClerkMembershipApi(quickClient()).create(lostDesired).then(() => undefined, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
    // The read-back meets the same deadline: after its own retries (the next wait would pass it, or, on a busy
    // machine, a wait ended too late for one more attempt), or before sending, when too little of it was left.
    const readBack =
      /(failed after \d+ attempt\(s\): (waiting [\d.]+ m?s more would pass|the [\d.]+ m?s wait for the next ended [\d.]+ m?s late, leaving no time for its answer before) the 1 s retry deadline|was not sent: the 1 s retry deadline of the operation it belongs to left no time for an answer)/;
    expect(error?.message).toMatch(new RegExp(`no answer \\(UND_ERR_SOCKET.*; reading it back failed too: Clerk read membership .* ${readBack.source}`));
    // Never the rate limiter's words: it had free slots all along.
    expect(error?.message).not.toMatch(/client's limit/);
  });
});

describe("read", () => {
  async function created(userId: string, extra: Record<string, unknown> = {}) {
    const inputs = (await clerkMembership.check({}, { organizationId: ORG, userId, ...extra })).inputs;
    return clerkMembership.create(inputs);
  }

  it("returns the live membership as outputs and as inputs", async () => {
    const { id, outs } = await created(SAM, { publicMetadata: { a: 1 } });
    const read = await clerkMembership.read(id, outs);
    expect(read.id).toBe(id);
    expect(read.props).toMatchObject({ userId: SAM, role: "org:member", publicMetadata: { a: 1 } });
    expect(read.inputs).toEqual({ organizationId: ORG, userId: SAM, role: "org:member", publicMetadata: { a: 1 }, privateMetadata: {}, privateMetadataKeys: {}, adoptExisting: true });
  });

  it("sees an out-of-band role change, and diff then reports it", async () => {
    const { id, outs } = await created(SAM, { role: "org:admin" });
    await api("PATCH", `/organizations/${ORG}/memberships/${SAM}`, { role: "org:member" });
    const read = await clerkMembership.read(id, outs);
    expect(read.props?.role).toBe("org:member");
    const declared = (await clerkMembership.check({}, { organizationId: ORG, userId: SAM, role: "org:admin" })).inputs;
    await expect(clerkMembership.diff(id, read.props ?? {}, declared)).resolves.toMatchObject({ changes: true, replaces: [] });
  });

  it("returns no id when the membership was deleted out of band", async () => {
    const { id, outs } = await created(SAM);
    await api("DELETE", `/organizations/${ORG}/memberships/${SAM}`);
    await expect(clerkMembership.read(id, outs)).resolves.toEqual({});
  });

  it("imports org_…/user_…: the membership as a create records it, and inputs whose preview changes nothing", async () => {
    const read = await clerkMembership.read(`${ORG}/${JOHN}`);
    expect(read.id).toMatch(/^orgmem_/);
    expect(read.props).toMatchObject({ organizationId: ORG, userId: JOHN, membershipId: read.id, role: "org:member", publicMetadata: { team: "platform" } });
    expect(read.inputs).toMatchObject({ organizationId: ORG, userId: JOHN, role: "org:member", publicMetadata: { team: "platform" } });
    // Empty metadata is left to its default: the generated program declares only what the membership has.
    expect(read.inputs).not.toHaveProperty("privateMetadata");
    const checked = await clerkMembership.check(read.inputs ?? {}, read.inputs ?? {});
    expect(checked.failures ?? []).toEqual([]);
    await expect(clerkMembership.diff(read.id ?? "", read.props ?? {}, checked.inputs)).resolves.toMatchObject({ changes: false, replaces: [] });
  });

  it("refuses an import id of another shape, naming the shape, and one that names no membership", async () => {
    for (const id of ["orgmem_x", JOHN, `${ORG}/${JOHN}/x`, `${ORG}/orgmem_x`]) {
      await expect(clerkMembership.read(id)).rejects.toThrow(/org_…\/user_…/);
    }
    await expect(clerkMembership.read(`${ORG}/user_2NoSuchUserInThisOrganization`)).rejects.toThrow(/is not a member of/);
  });
});

describe("update", () => {
  it("changes the role in place, keeping the membership id", async () => {
    const inputs = (await clerkMembership.check({}, { organizationId: ORG, userId: SAM })).inputs;
    const { id, outs } = await clerkMembership.create(inputs);
    const news = (await clerkMembership.check(inputs, { ...inputs, role: "org:admin" })).inputs;
    const { outs: updated } = await clerkMembership.update(id, outs, news);
    expect(updated).toMatchObject({ membershipId: id, role: "org:admin", roleName: "Admin" });
    expect(await liveMember(SAM)).toMatchObject({ role: "org:admin" });
  });

  it("removes nested metadata keys so live metadata equals the declaration exactly", async () => {
    const start = { organizationId: ORG, userId: SAM, publicMetadata: { team: { name: "core", oncall: true, tags: ["a"] }, tier: "gold" }, privateMetadata: { secret: { a: 1, b: 2 } } };
    const inputs = (await clerkMembership.check({}, start)).inputs;
    const { id, outs } = await clerkMembership.create(inputs);
    const next = { ...start, publicMetadata: { team: { name: "core", tags: ["a"] } }, privateMetadata: { secret: { b: 2 } } };
    const news = (await clerkMembership.check(inputs, next)).inputs;
    const { outs: updated } = await clerkMembership.update(id, outs, news);
    expect(updated.publicMetadata).toEqual({ team: { name: "core", tags: ["a"] } });
    expect(updated.privateMetadata).toEqual({ secret: { b: 2 } });
    expect(await liveMember(SAM)).toMatchObject({ public_metadata: { team: { name: "core", tags: ["a"] } }, private_metadata: { secret: { b: 2 } } });
  });

  it("converges from the live metadata, not the stored outputs, so keys added out of band are removed", async () => {
    const inputs = (await clerkMembership.check({}, { organizationId: ORG, userId: SAM, publicMetadata: { a: 1 } })).inputs;
    const { id, outs } = await clerkMembership.create(inputs);
    await api("PATCH", `/organizations/${ORG}/memberships/${SAM}/metadata`, { public_metadata: { sneaky: true } });
    const news = (await clerkMembership.check(inputs, { ...inputs, publicMetadata: { a: 2 } })).inputs;
    await clerkMembership.update(id, outs, news);
    expect((await liveMember(SAM))?.public_metadata).toEqual({ a: 2 });
  });

  it("recreates a membership deleted out of band", async () => {
    const inputs = (await clerkMembership.check({}, { organizationId: ORG, userId: SAM })).inputs;
    const { id, outs } = await clerkMembership.create(inputs);
    await api("DELETE", `/organizations/${ORG}/memberships/${SAM}`);
    const news = (await clerkMembership.check(inputs, { ...inputs, role: "org:admin" })).inputs;
    const { outs: updated } = await clerkMembership.update(id, outs, news);
    expect(updated.role).toBe("org:admin");
    expect(await liveMember(SAM)).toMatchObject({ role: "org:admin" });
  });

  it("explains the last-admin rule when demoting the only admin", async () => {
    const inputs = (await clerkMembership.check({}, { organizationId: ORG, userId: JANE, role: "org:admin" })).inputs;
    const { id, outs } = await clerkMembership.create(inputs);
    const news = (await clerkMembership.check(inputs, { ...inputs, role: "org:member" })).inputs;
    await expect(clerkMembership.update(id, outs, news)).rejects.toThrow(/without a member who can manage memberships.*org:admin first/);
    expect(await liveMember(JANE)).toMatchObject({ role: "org:admin" });
  });
});

describe("delete", () => {
  it("removes the membership", async () => {
    const inputs = (await clerkMembership.check({}, { organizationId: ORG, userId: SAM })).inputs;
    const { id, outs } = await clerkMembership.create(inputs);
    await clerkMembership.delete(id, outs);
    expect(await liveMember(SAM)).toBeUndefined();
  });

  it("counts a membership that is already gone as deleted", async () => {
    const inputs = (await clerkMembership.check({}, { organizationId: ORG, userId: SAM })).inputs;
    const { id, outs } = await clerkMembership.create(inputs);
    await api("DELETE", `/organizations/${ORG}/memberships/${SAM}`);
    await expect(clerkMembership.delete(id, outs)).resolves.toBeUndefined();
  });
});

describe("HTTP behaviour", () => {
  it("retries 429s and 5xx until the operation succeeds", async () => {
    emulator.setFaults({ rate429: 0.3, rate5xx: 0.3, retryAfterSeconds: 0 });
    for (const userId of [MARCO, AIKO, SAM]) {
      const inputs = (await clerkMembership.check({}, { organizationId: ORG, userId, role: "org:member" })).inputs;
      const { id, outs } = await clerkMembership.create(inputs);
      await clerkMembership.read(id, outs);
    }
    emulator.setFaults({});
    const stats = emulator.stats();
    expect((stats.byStatus["429"] ?? 0) + (stats.byStatus["500"] ?? 0) + (stats.byStatus["502"] ?? 0) + (stats.byStatus["503"] ?? 0)).toBeGreaterThan(0);
    for (const userId of [MARCO, AIKO, SAM]) expect(await liveMember(userId)).toBeDefined();
    expect((await liveMembers()).filter((m) => m.public_user_data.user_id === MARCO)).toHaveLength(1);
  });

  it("honours Retry-After on a real rate limit and still succeeds", async () => {
    await emulator.close();
    emulator = await startEmulator({ rateLimit: { requests: 3, windowMs: 1000 } });
    resetRuntime();
    await configure({ "clerk:secretKey": KEY, "clerk:apiUrl": emulator.clerkApiUrl, "clerk:maxRequestsPerSecond": "1000" });
    for (const userId of [MARCO, AIKO, SAM]) {
      const { id, outs } = await clerkMembership.create((await clerkMembership.check({}, { organizationId: ORG, userId })).inputs);
      await clerkMembership.delete(id, outs);
    }
    expect(emulator.stats().byStatus["429"]).toBeGreaterThan(0);
  });

  it("gives a clear error for a wrong key, without printing the key", async () => {
    resetRuntime();
    const wrongKey = "sk_test_this_key_is_wrong_123";
    await configure({ "clerk:secretKey": wrongKey, "clerk:apiUrl": emulator.clerkApiUrl });
    // check reads the organization's rules, so the preview already says it; create says it too.
    const checked = await clerkMembership.check({}, { organizationId: ORG, userId: SAM }).then(() => undefined, (e: unknown) => e as Error);
    const error = await clerkMembership.create({ organizationId: ORG, userId: SAM, role: "org:member" }).then(() => undefined, (e: unknown) => e as Error);
    for (const said of [checked, error]) {
      expect(said?.message).toMatch(/HTTP 401.*Check the Clerk secret key \(`clerk:secretKey` or CLERK_SECRET_KEY\)/);
      expect(said?.message).not.toContain(wrongKey);
    }
  });

  it("refuses a plain-http API URL that is not loopback before sending anything: in check, and again at call time", async () => {
    resetRuntime();
    emulator.resetStats();
    await configure({ "clerk:secretKey": KEY, "clerk:apiUrl": "http://api.example.com/v1" });
    const checked = await clerkMembership.check({}, { organizationId: ORG, userId: SAM });
    expect(checked.failures).toEqual([{ property: "", reason: expect.stringMatching(/^stack config clerk:apiUrl uses plain http:\/\/.*use https:\/\//) as string }]);
    await expect(clerkMembership.create(checked.inputs)).rejects.toThrow(/clerk:apiUrl uses plain http:\/\/.*use https:\/\//);
    expect(emulator.stats().total).toBe(0);
  });

  it("says how to set the key when none is configured", async () => {
    resetRuntime();
    const saved = process.env.CLERK_SECRET_KEY;
    delete process.env.CLERK_SECRET_KEY;
    try {
      await configure({ "clerk:apiUrl": emulator.clerkApiUrl });
      const checked = await clerkMembership.check({}, { organizationId: ORG, userId: SAM });
      expect(checked.failures).toEqual([{ property: "", reason: expect.stringMatching(/^No Clerk API key: set it with `pulumi config set --secret clerk:secretKey/) as string }]);
      await expect(clerkMembership.create(checked.inputs)).rejects.toThrow(/pulumi config set --secret clerk:secretKey/);
    } finally {
      if (saved !== undefined) process.env.CLERK_SECRET_KEY = saved;
    }
  });

  it("falls back to CLERK_SECRET_KEY and CLERK_API_URL", async () => {
    resetRuntime();
    process.env.CLERK_SECRET_KEY = KEY;
    process.env.CLERK_API_URL = emulator.clerkApiUrl;
    try {
      await configure({});
      const inputs = (await clerkMembership.check({}, { organizationId: ORG, userId: SAM })).inputs;
      await expect(clerkMembership.create(inputs)).resolves.toMatchObject({ outs: { userId: SAM } });
    } finally {
      delete process.env.CLERK_SECRET_KEY;
      delete process.env.CLERK_API_URL;
    }
  });

  it("makes no HTTP call for input that fails check", async () => {
    emulator.resetStats();
    const result = await clerkMembership.check({}, { organizationId: "acme", userId: "jane", role: "admin" });
    expect(result.failures?.map((f) => f.property).sort()).toEqual(["organizationId", "role", "userId"]);
    expect(emulator.stats().total).toBe(0);
  });
});
