// The programmatic API of the local Clerk + WorkOS emulator: `startEmulator()` serves both APIs with their real
// path shapes on one 127.0.0.1 port (Clerk at /v1, WorkOS at /user_management, admin at /_emulator).
import { z } from "zod";
import { createClerkBackend } from "./clerk/backend";
import { type ClerkEndpointRateLimits, DOCUMENTED_CLERK_ENDPOINT_RATE_LIMITS } from "./clerk/endpoint-limits";
import { ClerkApiError } from "./clerk/errors";
import { serializeInvitation as serializeClerkInvitation, serializeMembership as serializeClerkMembership, serializeUser as serializeClerkUser } from "./clerk/serialize";
import { ClerkStore } from "./clerk/store";
import { AdminApi, type AdminControls, AdminRequestError } from "./core/admin";
import { type FaultSettings, FaultInjector } from "./core/faults";
import { IdempotencyCache } from "./core/idempotency";
import { parseInput } from "./core/input-error";
import { LatencyInjector } from "./core/latency";
import { SeededRandom } from "./core/prng";
import { SlidingWindowRateLimiter } from "./core/rate-limit";
import { EmulatorServer, type RateLimitPolicy } from "./core/server";
import { RequestStats, type StatsSnapshot } from "./core/stats";
import { type EmulatorSeed, defaultSeed, parseEmulatorSeed } from "./seed";
import { createWorkosBackend } from "./workos/backend";
import { WorkosApiError } from "./workos/errors";
import { serializeInvitation, serializeMembership, serializeUser } from "./workos/serialize";
import { WorkosStore } from "./workos/store";

export type { FaultSettings } from "./core/faults";
export type { StatsSnapshot } from "./core/stats";
export type { RateLimitPolicy } from "./core/server";
export { EmulatorInputError } from "./core/input-error";
export { type EmulatorSeed, type NormalizedEmulatorSeed, defaultSeed, loadSeedFile, parseEmulatorSeed } from "./seed";
export { seedFromExport, seedFromExportText } from "./seed-from-roster";
export { ClerkStore } from "./clerk/store";
export type { AcceptedClerkInvitation, ClerkInvitation, ClerkMembership, ClerkOrganization, ClerkRole, ClerkUser } from "./clerk/store";
export { type ClerkEndpointRateLimits, DOCUMENTED_CLERK_ENDPOINT_RATE_LIMITS } from "./clerk/endpoint-limits";
export { WorkosStore } from "./workos/store";
export type { AcceptedInvitation, WorkosInvitation, WorkosMembership, WorkosOrganization, WorkosUser } from "./workos/store";

/** The PRNG seed used when `randomSeed` is not given, so fault runs are reproducible by default. */
export const DEFAULT_RANDOM_SEED = 20240601;

export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 (the default) picks a free port. */
  port?: number;
  /** The starting state; default: a copy of emulator/seeds/default.json. */
  seed?: EmulatorSeed;
  /** Milliseconds added before every API response (admin routes are never delayed). */
  latencyMs?: number;
  /** Injected faults; default none. */
  faults?: FaultSettings;
  /** `documented` (default): each service's published limits; false: none; or one limit per secret key. */
  rateLimit?: RateLimitPolicy;
  /**
   * Replaces Clerk's documented per-endpoint limits (invitation creation 250 an hour, bulk creation 50 an hour,
   * per instance) that the `documented` policy applies besides the per-key ones, e.g. a few requests for a test.
   * Those left out keep the documented value; with any other policy there are no per-endpoint limits.
   */
  clerkEndpointRateLimits?: Partial<ClerkEndpointRateLimits>;
  /** Seed of the PRNG that decides faults; default DEFAULT_RANDOM_SEED. */
  randomSeed?: number;
}

/**
 * What the services keep of a membership write, where a real service may keep less than it was sent: WorkOS with
 * Multiple Roles disabled keeps one of `role_slugs`; a Clerk instance may strip a metadata key. Off by default.
 */
export interface WriteQuirks {
  /** Clerk: every membership write drops this key from the public and private metadata. */
  clerkDropMetadataKey?: string;
  /** WorkOS: every membership write keeps only the first requested role. */
  workosKeepFirstRole?: boolean;
}

const writeQuirksSchema = z.strictObject({
  clerkDropMetadataKey: z.string().min(1).optional(),
  workosKeepFirstRole: z.boolean().optional(),
});

export interface EmulatorHandle {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** Base URL for a Clerk Backend API client: `${url}/v1`. */
  readonly clerkApiUrl: string;
  /** Base URL for a WorkOS client: `url`. */
  readonly workosApiUrl: string;
  /** Replaces the fault settings (rates left out become 0). */
  setFaults(faults: FaultSettings): void;
  setLatency(milliseconds: number): void;
  /** Replaces the write quirks (those left out are off). */
  setWriteQuirks(quirks: WriteQuirks): void;
  /** API requests by route and responses by status since the start or the last reset. */
  stats(): StatsSnapshot;
  resetStats(): void;
  /** Replaces the whole state of every service (and forgets idempotency keys). */
  seed(seed: EmulatorSeed): void;
  /** The Clerk instance's state, for out-of-band changes in tests. */
  readonly clerk: ClerkStore;
  /** The WorkOS environment's state, for out-of-band changes in tests. */
  readonly workos: WorkosStore;
  close(): Promise<void>;
}

/** Runs a Clerk store action for the admin API, answering the service's refusal in the admin API's own format. */
function clerkAdminAction<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof ClerkApiError) {
      const [detail] = error.details;
      throw new AdminRequestError(error.status, detail.code, detail.longMessage);
    }
    throw error;
  }
}

/** Runs a WorkOS store action for the admin API, answering the service's refusal in the admin API's own format. */
function workosAdminAction<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof WorkosApiError) {
      const code = typeof error.body.code === "string" ? error.body.code : "workos_error";
      throw new AdminRequestError(error.status, code, error.message);
    }
    throw error;
  }
}

const rateLimitRuleSchema = z.strictObject({ requests: z.number().int().positive(), windowMs: z.number().int().positive() });

const optionsSchema = z.object({
  port: z.number().int().min(0).max(65535).optional(),
  latencyMs: z.number().min(0).optional(),
  rateLimit: z.union([z.literal("documented"), z.literal(false), rateLimitRuleSchema]).optional(),
  clerkEndpointRateLimits: z
    .strictObject({ createOrganizationInvitation: rateLimitRuleSchema.optional(), createOrganizationInvitationBulk: rateLimitRuleSchema.optional() })
    .optional(),
  randomSeed: z.number().int().optional(),
});

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const {
    port = 0,
    latencyMs = 0,
    rateLimit = "documented",
    clerkEndpointRateLimits,
    randomSeed = DEFAULT_RANDOM_SEED,
  } = parseInput(
    optionsSchema,
    {
      port: options.port,
      latencyMs: options.latencyMs,
      rateLimit: options.rateLimit,
      clerkEndpointRateLimits: options.clerkEndpointRateLimits,
      randomSeed: options.randomSeed,
    },
    "emulator options",
  );
  const clerk = new ClerkStore();
  const workos = new WorkosStore();
  const idempotency = new IdempotencyCache();
  const loadSeed = (seed: unknown): void => {
    const parsed = parseEmulatorSeed(seed);
    clerk.load(parsed.clerk);
    workos.load(parsed.workos);
    idempotency.clear();
  };
  loadSeed(options.seed ?? defaultSeed());

  // The per-endpoint limits belong to the documented policy: off with it, and off when one custom rule replaces it.
  const endpointRateLimits = rateLimit === "documented" ? { ...DOCUMENTED_CLERK_ENDPOINT_RATE_LIMITS, ...clerkEndpointRateLimits } : undefined;
  const backends = [createClerkBackend(clerk, { endpointRateLimits }), createWorkosBackend(workos)];
  const routeKeys = backends.flatMap((backend) => backend.router.routeKeys());
  const random = new SeededRandom(randomSeed);
  const faults = new FaultInjector(random, routeKeys);
  faults.configure(options.faults ?? {});
  const latency = new LatencyInjector(latencyMs);
  const stats = new RequestStats();

  const setWriteQuirks = (settings: unknown): void => {
    const quirks = parseInput(writeQuirksSchema, settings, "write quirks");
    clerk.dropMetadataKeyOnWrite(quirks.clerkDropMetadataKey);
    workos.keepFirstRoleOnWrite(quirks.workosKeepFirstRole ?? false);
  };
  const writeQuirks = (): WriteQuirks => ({
    ...(clerk.metadataKeyDroppedOnWrite === undefined ? {} : { clerkDropMetadataKey: clerk.metadataKeyDroppedOnWrite }),
    workosKeepFirstRole: workos.keepsFirstRoleOnWrite,
  });

  const controls: AdminControls = {
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    faults: () => ({ ...faults.settings(), latencyMs: latency.ms }),
    setFaults: (settings) => faults.configure(settings),
    setLatency: (milliseconds) => latency.set(milliseconds),
    reseedRandom: (seed) => random.reseed(seed),
    quirks: () => ({ ...writeQuirks() }),
    setQuirks: setWriteQuirks,
    loadSeed,
    state: () => ({ clerk: clerk.snapshot(), workos: workos.snapshot() }),
    routeKeys: () => [...routeKeys],
    acceptWorkosInvitation: (id) =>
      workosAdminAction(() => {
        const { invitation, user, membership } = workos.acceptInvitation(id);
        return {
          invitation: serializeInvitation(workos, invitation),
          user: serializeUser(user),
          membership: membership ? serializeMembership(workos, membership) : null,
        };
      }),
    expireWorkosInvitation: (id) => workosAdminAction(() => ({ invitation: serializeInvitation(workos, workos.expireInvitation(id)) })),
    acceptClerkInvitation: (organizationId, id) =>
      clerkAdminAction(() => {
        const { invitation, user, membership } = clerk.acceptOrganizationInvitation(organizationId, id);
        return {
          invitation: serializeClerkInvitation(clerk, invitation),
          user: serializeClerkUser(user),
          membership: serializeClerkMembership(clerk, membership),
        };
      }),
    expireClerkInvitation: (organizationId, id) =>
      clerkAdminAction(() => ({ invitation: serializeClerkInvitation(clerk, clerk.expireOrganizationInvitation(organizationId, id)) })),
  };

  const server = new EmulatorServer({
    backends,
    admin: new AdminApi(controls),
    latency,
    faults,
    random,
    stats,
    rateLimiter: new SlidingWindowRateLimiter(),
    rateLimitPolicy: rateLimit,
    idempotency,
  });
  const url = await server.listen(port);

  return {
    url,
    clerkApiUrl: `${url}/v1`,
    workosApiUrl: url,
    setFaults: (settings) => faults.configure(settings),
    setLatency: (milliseconds) => latency.set(milliseconds),
    setWriteQuirks,
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    seed: (seed) => loadSeed(seed),
    clerk,
    workos,
    close: () => server.close(),
  };
}
