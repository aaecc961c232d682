// The HTTP layer's limiter against the emulator's own sliding window, over real HTTP: many concurrent requests at
// exactly the server's limit, with the latency changing under them (so arrivals trail sends by varying amounts),
// all succeed with no 429, and no faster than the limit allows.

import { startEmulator, type EmulatorHandle } from "../../emulator";
import { CLERK_API_VERSION, clerkServiceProfile } from "../../provider/backends/clerk/settings";
import { HttpClient, closeHttpConnections } from "../../provider/http/client";
import { RateLimiter } from "../../provider/http/rate-limiter";

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
