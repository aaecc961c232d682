// The emulator's backend-neutral machinery over real HTTP: fault injection (reproducible by seed), latency,
// request statistics, the admin API, seed validation and the command line (`npm run emulator`, the sources' `org-roster emulate`).
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { z } from "zod";
import { EmulatorInputError, type EmulatorSeed, defaultSeed, startEmulator } from "../../../emulator";
import { emulateSettings } from "../../../provider/cli/emulate-command";
import { type CallResult, call, useEmulator } from "../../support/emulator-harness";

const CLERK_KEY = "sk_test_control";
const WORKOS_KEY = "sk_test_control_workos";
const CREATE_ROUTE = "POST /v1/organizations/:organizationId/memberships";
const LIST_ROUTE = "GET /v1/organizations/:organizationId/memberships";

const SEED: EmulatorSeed = {
  clerk: {
    secretKeys: [CLERK_KEY],
    roles: [
      { key: "org:admin", name: "Admin", permissions: ["org:sys_memberships:manage"] },
      { key: "org:member", name: "Member" },
    ],
    users: [
      { id: "user_a", firstName: "Ada", emailAddresses: ["ada@acme.com"] },
      { id: "user_b", firstName: "Ben", emailAddresses: ["ben@acme.com"] },
    ],
    organizations: [{ id: "org_acme", name: "Acme" }],
    memberships: [{ organizationId: "org_acme", userId: "user_a", role: "org:admin" }],
  },
  workos: {
    apiKeys: [WORKOS_KEY],
    roles: [{ slug: "member" }],
    users: [{ id: "user_01W", email: "wes@acme.com" }],
    organizations: [{ id: "org_01W", name: "Acme" }],
  },
};

const clerkErrors = z.object({ errors: z.array(z.object({ code: z.string() })).min(1) });
const statsBody = z.object({ total: z.number(), byRoute: z.record(z.string(), z.number()), byStatus: z.record(z.string(), z.number()) });

const emulator = useEmulator({ seed: SEED, rateLimit: false });

beforeEach(() => {
  emulator.handle.seed(SEED);
  emulator.handle.setFaults({});
  emulator.handle.setLatency(0);
  emulator.handle.resetStats();
});

const listMembers = (): Promise<CallResult> => call(`${emulator.handle.clerkApiUrl}/organizations/org_acme/memberships`, { token: CLERK_KEY });
const addBen = (): Promise<CallResult> =>
  call(`${emulator.handle.clerkApiUrl}/organizations/org_acme/memberships`, { token: CLERK_KEY, method: "POST", body: { user_id: "user_b", role: "org:member" } });
const admin = (route: string, options: { method?: string; body?: unknown } = {}): Promise<CallResult> => call(`${emulator.handle.url}/_emulator${route}`, options);

describe("fault injection", () => {
  test("answers an injected 429 in the backend's format with the configured Retry-After", async () => {
    emulator.handle.setFaults({ rate429: 1, retryAfterSeconds: 7 });
    const result = await listMembers();
    expect(result.status).toBe(429);
    expect(result.headers.get("retry-after")).toBe("7");
    expect(clerkErrors.parse(result.json).errors[0]?.code).toBe("too_many_requests");
  });

  test("answers injected server errors with 500, 502 or 503 and internal_clerk_error", async () => {
    emulator.handle.setFaults({ rate5xx: 1 });
    const results = [];
    for (let index = 0; index < 20; index += 1) results.push(await listMembers());
    const statuses = new Set(results.map((result) => result.status));
    expect([...statuses].every((status) => [500, 502, 503].includes(status))).toBe(true);
    expect(statuses.size).toBeGreaterThan(1);
    expect(results.every((result) => clerkErrors.parse(result.json).errors[0]?.code === "internal_clerk_error")).toBe(true);
  });

  test("sends some injected WorkOS server errors as a non-JSON gateway page, all with X-Request-ID", async () => {
    emulator.handle.setFaults({ rate5xx: 1 });
    const results = [];
    for (let index = 0; index < 20; index += 1) {
      results.push(await call(`${emulator.handle.workosApiUrl}/user_management/users`, { token: WORKOS_KEY }));
    }
    const html = results.filter((result) => result.headers.get("content-type") === "text/html");
    expect(html.length).toBeGreaterThan(0);
    expect(html.length).toBeLessThan(results.length);
    expect(html[0]?.text).toMatch(/<h1>50[023] /);
    expect(results.every((result) => (result.headers.get("x-request-id") ?? "").length > 0)).toBe(true);
  });

  test("drops the connection before handling the request with rateDrop", async () => {
    emulator.handle.setFaults({ rateDrop: 1 });
    await expect(addBen()).rejects.toThrow();
    expect(emulator.handle.clerk.findMembership("org_acme", "user_b")).toBeUndefined();
  });

  test("applies the write and then drops the connection with rateDropAfterCommit", async () => {
    emulator.handle.setFaults({ rateDropAfterCommit: 1 });
    await expect(addBen()).rejects.toThrow();
    expect(emulator.handle.clerk.findMembership("org_acme", "user_b")?.role).toBe("org:member");
    emulator.handle.setFaults({});
    const retry = await addBen();
    expect(clerkErrors.parse(retry.json).errors[0]?.code).toBe("already_a_member_in_organization");
  });

  test("faults only the routes named in the routes filter", async () => {
    emulator.handle.setFaults({ rate5xx: 1, routes: [CREATE_ROUTE] });
    expect((await listMembers()).status).toBe(200);
    expect((await addBen()).status).toBeGreaterThanOrEqual(500);
  });

  test("rejects fault settings with an unknown route or rates adding up to more than 1", () => {
    expect(() => emulator.handle.setFaults({ rate5xx: 1, routes: ["POST /v1/organisations"] })).toThrow(EmulatorInputError);
    expect(() => emulator.handle.setFaults({ rate429: 0.6, rate5xx: 0.6 })).toThrow(/add up to more than 1/);
    expect(() => emulator.handle.setFaults({ rateDrop: -0.1 })).toThrow(EmulatorInputError);
  });

  test("injects the same faults in the same order for the same random seed", async () => {
    const faults = { rate429: 0.25, rate5xx: 0.25 };
    const run = async (randomSeed: number): Promise<number[]> => {
      const instance = await startEmulator({ seed: SEED, rateLimit: false, faults, randomSeed });
      try {
        const statuses: number[] = [];
        for (let index = 0; index < 30; index += 1) {
          statuses.push((await call(`${instance.clerkApiUrl}/organizations/org_acme/memberships`, { token: CLERK_KEY })).status);
        }
        return statuses;
      } finally {
        await instance.close();
      }
    };
    const first = await run(7);
    expect(await run(7)).toEqual(first);
    expect(first).toEqual(expect.arrayContaining([200, 429]));
    expect(first.some((status) => status >= 500)).toBe(true);
    expect(await run(8)).not.toEqual(first);
  });

  test("never faults, delays or counts admin routes", async () => {
    emulator.handle.setFaults({ rate5xx: 1 });
    emulator.handle.setLatency(5_000);
    const started = Date.now();
    const result = await admin("/stats");
    expect(result.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(statsBody.parse(result.json).total).toBe(0);
  });
});

describe("latency", () => {
  test("delays every API response by latencyMs", async () => {
    emulator.handle.setLatency(300);
    const started = Date.now();
    expect((await listMembers()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(295);
  });

  test("applies latencyMs given at start", async () => {
    const slow = await startEmulator({ seed: SEED, latencyMs: 200, rateLimit: false });
    try {
      const started = Date.now();
      await call(`${slow.clerkApiUrl}/users`, { token: CLERK_KEY });
      expect(Date.now() - started).toBeGreaterThanOrEqual(195);
    } finally {
      await slow.close();
    }
  });
});

describe("request statistics", () => {
  test("count requests by route template and responses by status, faulted and dropped ones included", async () => {
    const started = Date.now();
    await listMembers();
    const afterFirst = Date.now();
    await listMembers();
    await call(`${emulator.handle.clerkApiUrl}/organizations/org_none/memberships`, { token: CLERK_KEY });
    emulator.handle.setFaults({ rate429: 1, routes: [CREATE_ROUTE] });
    await addBen();
    emulator.handle.setFaults({ rateDrop: 1, routes: [CREATE_ROUTE] });
    await expect(addBen()).rejects.toThrow();
    await call(`${emulator.handle.clerkApiUrl}/nowhere`, { token: CLERK_KEY });
    const ended = Date.now();
    const { firstRequestAt, lastRequestAt, ...counts } = emulator.handle.stats();
    expect(counts).toEqual({
      total: 6,
      byRoute: { [LIST_ROUTE]: 3, [CREATE_ROUTE]: 2, "GET <unmatched>": 1 },
      byStatus: { "200": 2, "404": 2, "429": 1, dropped: 1 },
    });
    // When the first and the last request arrived, for rate measurements.
    expect(firstRequestAt).toBeGreaterThanOrEqual(started);
    expect(firstRequestAt).toBeLessThanOrEqual(afterFirst);
    expect(lastRequestAt).toBeGreaterThanOrEqual(afterFirst);
    expect(lastRequestAt).toBeLessThanOrEqual(ended);
  });

  test("start again from zero after a reset through the admin API", async () => {
    await listMembers();
    const reset = await admin("/stats/reset", { method: "POST" });
    expect(statsBody.parse(reset.json)).toEqual({ total: 0, byRoute: {}, byStatus: {} });
    expect(emulator.handle.stats().total).toBe(0);
  });
});

describe("admin API", () => {
  test("PUT /_emulator/faults replaces the faults and sets the latency; GET reports them", async () => {
    const put = await admin("/faults", { method: "PUT", body: { rate429: 1, retryAfterSeconds: 3, routes: [LIST_ROUTE], latencyMs: 10 } });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ rate429: 1, retryAfterSeconds: 3, routes: [LIST_ROUTE], latencyMs: 10 });
    expect((await listMembers()).status).toBe(429);
    await admin("/faults", { method: "PUT", body: {} });
    expect((await listMembers()).status).toBe(200);
    expect((await admin("/faults")).json).toEqual({ latencyMs: 10 });
  });

  test("PUT /_emulator/faults answers invalid settings with 400 and says what is wrong", async () => {
    const result = await admin("/faults", { method: "PUT", body: { rate5xx: 2 } });
    expect(result.status).toBe(400);
    expect(result.json).toMatchObject({ error: "invalid_input", message: expect.stringContaining("rate5xx") as unknown });
  });

  test("PUT /_emulator/quirks makes Clerk drop a metadata key on write until it is turned off; bad settings are 400", async () => {
    const put = await admin("/quirks", { method: "PUT", body: { clerkDropMetadataKey: "pager" } });
    expect(put.status).toBe(200);
    expect(put.json).toEqual({ clerkDropMetadataKey: "pager", workosKeepFirstRole: false });
    const created = await call(`${emulator.handle.clerkApiUrl}/organizations/org_acme/memberships`, {
      method: "POST",
      token: CLERK_KEY,
      body: { user_id: "user_b", role: "org:member", public_metadata: { team: "x", pager: "p" }, private_metadata: { pager: "q" } },
    });
    expect(created.json).toMatchObject({ public_metadata: { team: "x" }, private_metadata: {} });
    await admin("/quirks", { method: "PUT", body: {} });
    const patched = await call(`${emulator.handle.clerkApiUrl}/organizations/org_acme/memberships/user_b/metadata`, { method: "PATCH", token: CLERK_KEY, body: { public_metadata: { pager: "p" } } });
    expect(patched.json).toMatchObject({ public_metadata: { team: "x", pager: "p" } });
    expect((await admin("/quirks", { method: "PUT", body: { workosKeepFirstRole: "yes" } })).status).toBe(400);
  });

  test("GET /_emulator/state dumps every service in seed format, and POST /_emulator/seed of it restores that state", async () => {
    expect((await addBen()).status).toBe(200);
    const dump = await admin("/state");
    expect(dump.json).toMatchObject({
      clerk: { memberships: [{ userId: "user_a" }, { userId: "user_b", role: "org:member" }] },
      workos: { users: [{ id: "user_01W" }] },
    });
    emulator.handle.seed(SEED);
    expect(emulator.handle.clerk.findMembership("org_acme", "user_b")).toBeUndefined();
    const restored = await admin("/seed", { method: "POST", body: dump.json });
    expect(restored.status).toBe(200);
    expect(restored.json).toEqual(dump.json);
    expect(emulator.handle.clerk.findMembership("org_acme", "user_b")?.role).toBe("org:member");
  });

  test("POST /_emulator/seed answers a bad seed with 400 naming the offending path and keeps the state", async () => {
    const result = await admin("/seed", {
      method: "POST",
      body: { clerk: { users: [], organizations: [{ id: "org_x", name: "X" }], memberships: [{ organizationId: "org_x", userId: "user_ghost", role: "org:admin" }] } },
    });
    expect(result.status).toBe(400);
    expect(result.json).toMatchObject({ error: "invalid_input", message: expect.stringContaining("clerk.memberships[0].userId") as unknown });
    expect(emulator.handle.clerk.getOrganization("org_acme")).toBeDefined();
  });

  test("GET /_emulator/routes lists every API route key; unknown admin paths are 404", async () => {
    const routes = z.array(z.string()).parse((await admin("/routes")).json);
    expect(routes).toEqual(expect.arrayContaining([CREATE_ROUTE, LIST_ROUTE, "POST /user_management/organization_memberships"]));
    expect((await admin("/nothing")).status).toBe(404);
  });
});

describe("seeds", () => {
  test("startEmulator rejects an invalid seed with an EmulatorInputError naming each problem's path", async () => {
    const bad: EmulatorSeed = { clerk: { roles: [{ key: "admin", name: "Admin" }], users: [{ id: "user_a", emailAddresses: ["not-an-email"] }] } };
    const attempt = startEmulator({ seed: bad });
    await expect(attempt).rejects.toThrow(EmulatorInputError);
    await expect(attempt).rejects.toThrow(/clerk\.roles\[0\]\.key[\s\S]*clerk\.users\[0\]\.emailAddresses\[0\]|clerk\.users\[0\]\.emailAddresses\[0\][\s\S]*clerk\.roles\[0\]\.key/);
  });

  test("handle.seed rejects duplicate ids and keeps the previous state", () => {
    expect(() =>
      emulator.handle.seed({ workos: { users: [{ id: "user_1", email: "a@b.co" }, { id: "user_1", email: "c@d.co" }] } }),
    ).toThrow(/duplicate id user_1/);
    expect(emulator.handle.workos.getUser("user_01W")).toBeDefined();
  });

  test("the default seed is a Clerk dev instance and a WorkOS environment with Acme Corp", async () => {
    const seed = defaultSeed();
    expect(seed.clerk?.secretKeys).toEqual(["sk_test_emulator_clerk"]);
    expect(seed.clerk?.users).toHaveLength(6);
    expect(seed.clerk?.roles?.map((role) => role.key)).toEqual(["org:admin", "org:member", "org:billing"]);
    expect(seed.workos?.apiKeys).toEqual(["sk_test_emulator_workos"]);
    const instance = await startEmulator();
    try {
      const result = await call(`${instance.clerkApiUrl}/organizations/org_2acmeCorpK7mQ4vX9pL2nR8tW5y/memberships`, { token: "sk_test_emulator_clerk" });
      expect(result.status).toBe(200);
      const body = z.object({ total_count: z.number(), data: z.array(z.object({ organization: z.object({ name: z.string() }) })) }).parse(result.json);
      expect(body.total_count).toBe(3);
      expect(body.data.map((membership) => membership.organization.name)).toEqual(["Acme Corp", "Acme Corp", "Acme Corp"]);
    } finally {
      await instance.close();
    }
  });
});

describe("command line", () => {
  test("turns flags into emulator options", () => {
    expect(
      emulateSettings({ port: "4010", latencyMs: "30", rate429: "0.1", rate5xx: "0.05", rateDrop: "0.01", rateLimit: "off", seed: "seed.json" }),
    ).toEqual({
      options: { port: 4010, latencyMs: 30, faults: { rate429: 0.1, rate5xx: 0.05, rateDrop: 0.01 }, rateLimit: false },
      seedFile: "seed.json",
    });
    expect(emulateSettings({ rateLimit: "100/1000", faultRoute: [CREATE_ROUTE], retryAfter: "3", randomSeed: "7" }).options).toEqual({
      faults: { routes: [CREATE_ROUTE], retryAfterSeconds: 3 },
      rateLimit: { requests: 100, windowMs: 1000 },
      randomSeed: 7,
    });
    expect(() => emulateSettings({ rate429: "lots" })).toThrow('--rate-429 must be a number from 0 to 1, got "lots"');
    expect(() => emulateSettings({ rate5xx: "1.5" })).toThrow("--rate-5xx must be a number from 0 to 1");
    expect(() => emulateSettings({ port: "70000" })).toThrow("--port must be an integer from 0 to 65535");
    expect(() => emulateSettings({ rateLimit: "fast" })).toThrow("--rate-limit must be documented, off or <requests>/<windowMs>");
  });

  test("prints the base URL, serves until SIGTERM and then exits 0", async () => {
    const root = path.resolve(__dirname, "../../..");
    const child: ChildProcess = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "emulator/cli.ts", "--port", "0"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = "";
        child.stdout?.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          const line = output.split("\n")[0];
          if (output.includes("\n") && line) resolve(line);
        });
        child.once("exit", (code) => reject(new Error(`the emulator exited with ${code} before printing its URL`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const result = await call(`${url}/v1/users?email_address=jane.doe@acme.com`, { token: "sk_test_emulator_clerk" });
      expect(result.json).toMatchObject([{ first_name: "Jane", last_name: "Doe" }]);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
