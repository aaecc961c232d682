// The HTTP layer's limiter against the emulator's own sliding window, over real HTTP: many concurrent requests at
// exactly the server's limit, with the latency changing under them (so arrivals trail sends by varying amounts),
// all succeed with no 429, and no faster than the limit allows. And an endpoint's own limit (Clerk's bulk
// invitations) besides the key's: requests naming it wait for its window instead of meeting a 429, and one that
// could not go out before its deadline is refused without being sent.

import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { ClerkInvitationApi } from "../../provider/backends/clerk/invitations";
import { CLERK_API_VERSION, CLERK_ENDPOINT_LIMITS, clerkCredentialSpec, clerkServiceProfile } from "../../provider/backends/clerk/settings";
import { HttpClient, closeHttpConnections } from "../../provider/http/client";
import { RateLimitError, RateLimitWaitError } from "../../provider/http/errors";
import { RateLimiter, limiterFor, type RateLimit } from "../../provider/http/rate-limiter";

const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const LIMIT = { requests: 20, windowMs: 1000 };

let emulator: EmulatorHandle;

beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: LIMIT, latencyMs: 10 });
});

afterAll(async () => {
  await emulator.close();
  await closeHttpConnections();
});

it("sends at the server's limit without a single 429 while the latency varies", async () => {
  const client = new HttpClient({
    baseUrl: emulator.clerkApiUrl,
    apiKey: "sk_test_emulator_clerk",
    profile: clerkServiceProfile,
    limiter: new RateLimiter(LIMIT),
    headers: { "clerk-api-version": CLERK_API_VERSION },
    maxAttempts: 1,
  });
  // Latency alternating between 0 and 60 ms every 70 ms: requests sent together arrive spread out.
  let flip = false;
  const wobble = setInterval(() => {
    flip = !flip;
    emulator.setLatency(flip ? 60 : 0);
  }, 70);
  const started = Date.now();
  try {
    emulator.resetStats();
    const count = 3 * LIMIT.requests + 5;
    await Promise.all(Array.from({ length: count }, () => client.send({ method: "GET", path: `/organizations/${ORG}/memberships`, operation: "list memberships", query: { limit: 1 } })));
    const stats = emulator.stats();
    expect(stats.byStatus["429"] ?? 0).toBe(0);
    expect(stats.byStatus["200"]).toBe(count);
    // 65 requests at 20 per second: the last 5 cannot start before three windows have passed.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * LIMIT.windowMs);
  } finally {
    clearInterval(wobble);
  }
});

describe("an endpoint's own limit besides the key's: Clerk's bulk invitations", () => {
  const BULK_ROUTE = "POST /v1/organizations/:organizationId/invitations/bulk";
  /** The emulator's bulk limit in these tests, in place of Clerk's 50 an hour. */
  const BULK_LIMIT: RateLimit = { requests: 3, windowMs: 2000 };
  const instances: EmulatorHandle[] = [];

  afterEach(async () => {
    for (const instance of instances.splice(0)) await instance.close();
  });

  /**
   * An emulator with Clerk's documented limits (the bulk one as given) that accepts only `key`: each test has a key
   * of its own, so the limiters this process shares per key start empty for it, as the emulator's counts do.
   */
  async function emulatorFor(key: string, bulkLimit?: RateLimit): Promise<EmulatorHandle> {
    const seed = defaultSeed();
    const instance = await startEmulator({
      seed: { ...seed, clerk: { ...seed.clerk, secretKeys: [key] } },
      ...(bulkLimit ? { clerkEndpointRateLimits: { createOrganizationInvitationBulk: bulkLimit } } : {}),
    });
    instances.push(instance);
    return instance;
  }

  /** A client as the provider builds one: the key's shared limiter at Clerk's documented limit, no retries. */
  function clientFor(instance: EmulatorHandle, key: string): HttpClient {
    return new HttpClient({
      baseUrl: instance.clerkApiUrl,
      apiKey: key,
      profile: clerkServiceProfile,
      limiter: limiterFor("Clerk", key, clerkCredentialSpec.documentedLimit(key)),
      headers: { "clerk-api-version": CLERK_API_VERSION },
      maxAttempts: 1,
    });
  }

  /** Five bulk calls at once, one invitation each; when each was answered, in ms from the start. */
  async function fiveBulkCalls(client: HttpClient, endpointLimit?: RateLimit): Promise<Array<PromiseSettledResult<number>>> {
    const started = Date.now();
    return Promise.allSettled(
      Array.from({ length: 5 }, async (_, index) => {
        await client.send({
          method: "POST",
          path: `organizations/${ORG}/invitations/bulk`,
          operation: `invite bulk${index}@acme.com`,
          body: [{ email_address: `bulk${index}@acme.com`, role: "org:member" }],
          ...(endpointLimit ? { endpointLimit: { name: CLERK_ENDPOINT_LIMITS.createInvitationsBulk.name, limit: endpointLimit } } : {}),
        });
        return Date.now() - started;
      }),
    );
  }

  it("five calls through a matching endpoint limit meet no 429: the fourth waits for the window", async () => {
    const key = "sk_test_endpoint_limit_matching";
    const instance = await emulatorFor(key, BULK_LIMIT);
    const results = await fiveBulkCalls(clientFor(instance, key), BULK_LIMIT);
    expect(results.map((result) => result.status)).toEqual(Array(5).fill("fulfilled"));
    const answeredAfter = results.map((result) => (result.status === "fulfilled" ? result.value : NaN)).sort((a, b) => a - b);
    // Three at once; the fourth and fifth only once a window has passed since the first three were answered.
    expect(answeredAfter[2]).toBeLessThan(BULK_LIMIT.windowMs);
    expect(answeredAfter[3]).toBeGreaterThanOrEqual(BULK_LIMIT.windowMs);
    const stats = instance.stats();
    expect(stats.byStatus["429"] ?? 0).toBe(0);
    expect(stats.byRoute[BULK_ROUTE]).toBe(5);
  });

  it("whereas without it the same five calls meet the emulator's 429 for the fourth and fifth", async () => {
    const key = "sk_test_endpoint_limit_none";
    const instance = await emulatorFor(key, BULK_LIMIT);
    const results = await fiveBulkCalls(clientFor(instance, key));
    const refused = results.filter((result) => result.status === "rejected");
    expect(refused).toHaveLength(2);
    for (const result of refused) expect(result.status === "rejected" && result.reason).toBeInstanceOf(RateLimitError);
    expect(instance.stats().byStatus["429"]).toBe(2);
  });

  it("ClerkInvitationApi holds to Clerk's 50 bulk calls an hour: the 51st is refused before it is sent", async () => {
    const key = "sk_test_endpoint_limit_documented";
    const instance = await emulatorFor(key);
    const invitees = Array.from({ length: 51 * 10 }, (_, index) => ({
      email: `hire${index}@acme.com`,
      desired: { organizationId: ORG, userId: "", adoptExisting: false, role: "org:member", publicMetadata: {}, privateMetadata: {} },
    }));
    const outcome = await new ClerkInvitationApi(clientFor(instance, key)).invite(ORG, invitees, {});
    expect(outcome.sent).toHaveLength(500);
    // The 51st call's ten invitees each fail with why; none of them was sent.
    expect(outcome.failed.map((failure) => failure.email)).toEqual(Array.from({ length: 10 }, (_, index) => `hire${500 + index}@acme.com`));
    const error = outcome.failed[0]?.error;
    expect(error).toBeInstanceOf(RateLimitWaitError);
    expect((error as Error).message).toMatch(
      /^Clerk invite hire500@acme\.com, .*, hire509@acme\.com to org_\w+ was not sent: the client's limit for POST \/v1\/organizations\/\{organization_id\}\/invitations\/bulk \(50 requests per 60 min\) frees its next slot in 60 min, after the 3 min retry deadline; run again later$/,
    );
    const stats = instance.stats();
    expect(stats.byStatus["429"] ?? 0).toBe(0);
    expect(stats.byRoute[BULK_ROUTE]).toBe(50);
    expect(instance.clerk.listInvitations(ORG)).toHaveLength(500);
  });
});
