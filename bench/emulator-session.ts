// The bench's emulator: one port for the whole run, restarted with its state when the rate limit is switched on
// or off (setup runs go unlimited, measured runs are limited), and the seed: bench users and one org per stack.

import { type EmulatorHandle, type EmulatorSeed, type RateLimitPolicy, defaultSeed, startEmulator } from "../emulator";

export const CLERK_KEY = "sk_test_emulator_clerk";
export const WORKOS_KEY = "sk_test_emulator_workos";
/** Seeded users (Jane Doe) who own every bench organization as its admin. */
const CLERK_OWNER = "user_2e71lHFE8l6hlvY5bR215DEWc1Z";
const WORKOS_OWNER = "user_01JGFJJZ000MZ17QKF3F55Z488";

export class BenchEmulator {
  private limited: boolean;

  private constructor(
    private current: EmulatorHandle,
    private readonly port: number,
    private readonly latencyMs: number,
    private readonly rule: { requests: number; windowMs: number },
  ) {
    this.limited = true;
  }

  static async start(seed: EmulatorSeed, latencyMs: number, requestsPerSecond: number): Promise<BenchEmulator> {
    const rule = { requests: requestsPerSecond, windowMs: 1000 };
    const handle = await startEmulator({ seed, latencyMs, rateLimit: rule });
    const port = Number(new URL(handle.url).port);
    return new BenchEmulator(handle, port, latencyMs, rule);
  }

  get handle(): EmulatorHandle {
    return this.current;
  }

  get rateLimited(): boolean {
    return this.limited;
  }

  /** Restarts on the same port with the same state when the rate limit must change (the API has no switch). */
  async setRateLimited(limited: boolean): Promise<void> {
    if (limited === this.limited) return;
    const state: EmulatorSeed = { clerk: this.current.clerk.snapshot(), workos: this.current.workos.snapshot() };
    await this.current.close();
    const rateLimit: RateLimitPolicy = limited ? this.rule : false;
    this.current = await startEmulator({ port: this.port, seed: state, latencyMs: this.latencyMs, rateLimit });
    this.limited = limited;
  }

  close(): Promise<void> {
    return this.current.close();
  }
}

/** Bench user ids: `user_2Bench00042…` (Clerk) and `user_01BENCH00042…` (WorkOS), valid for both validators. */
export function benchUserId(service: "clerk" | "workos", index: number): string {
  const n = String(index).padStart(5, "0");
  return service === "clerk" ? `user_2Bench${n}x9QwErTyUiOpAs` : `user_01BENCH${n}ZZYDS3AR0RGXQ`;
}

/** Live members an organization starts with besides its owner: bench users `firstUser` … `firstUser + count − 1`. */
export interface LiveMembers {
  service: "clerk" | "workos";
  organizationId: string;
  firstUser: number;
  count: number;
}

/**
 * The default seed plus `users` users per service and one organization per id in `organizations` (its owner, plus
 * the `live` members given for it).
 */
export function benchSeed(users: number, organizations: { clerk: string[]; workos: string[] }, live: LiveMembers[] = []): EmulatorSeed {
  const seed = defaultSeed();
  const clerk = seed.clerk ?? {};
  const workos = seed.workos ?? {};
  clerk.users = [...(clerk.users ?? [])];
  workos.users = [...(workos.users ?? [])];
  clerk.organizations = [...(clerk.organizations ?? [])];
  workos.organizations = [...(workos.organizations ?? [])];
  for (let i = 0; i < users; i++) {
    clerk.users.push({ id: benchUserId("clerk", i), firstName: `Bench${i}`, lastName: "User", emailAddresses: [`bench${i}@acme.com`], username: null });
    workos.users.push({ id: benchUserId("workos", i), email: `bench${i}@acme.com`, firstName: `Bench${i}`, lastName: "User" });
  }
  // Each organization has one admin that no stack declares (its owner), so every declared member's role may change
  // without tripping the last-admin guards.
  clerk.memberships = [...(clerk.memberships ?? [])];
  workos.memberships = [...(workos.memberships ?? [])];
  for (const id of organizations.clerk) {
    clerk.organizations.push({ id, name: id, slug: null });
    clerk.memberships.push({ organizationId: id, userId: CLERK_OWNER, role: "org:admin" });
  }
  for (const id of organizations.workos) {
    workos.organizations.push({ id, name: id });
    workos.memberships.push({ organizationId: id, userId: WORKOS_OWNER, roleSlugs: ["admin"] });
  }
  for (const { service, organizationId, firstUser, count } of live) {
    for (let i = firstUser; i < firstUser + count; i++) {
      if (service === "clerk") clerk.memberships.push({ organizationId, userId: benchUserId("clerk", i), role: "org:member" });
      else workos.memberships.push({ organizationId, userId: benchUserId("workos", i), roleSlugs: ["member"] });
    }
  }
  return { clerk, workos };
}
