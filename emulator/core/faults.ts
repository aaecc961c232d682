// Fault injection for API routes: per request, one draw from the seeded PRNG picks a rate-limit response, a 5xx,
// a dropped connection, a drop after the request was applied, or nothing, in the configured proportions.
import { z } from "zod";
import { EmulatorInputError, parseInput } from "./input-error";
import type { SeededRandom } from "./prng";

/** Fault proportions (each in [0, 1], summing to at most 1) and which routes they apply to. */
export interface FaultSettings {
  /** Share of requests answered 429 with `Retry-After: retryAfterSeconds`, in the backend's error format. */
  rate429?: number;
  /** Share of requests answered 500, 502 or 503 in the backend's error format. */
  rate5xx?: number;
  /** Share of requests whose connection is destroyed before the request is handled. */
  rateDrop?: number;
  /** Share of requests handled in full (state changes) whose connection is then destroyed without a response. */
  rateDropAfterCommit?: number;
  /** Retry-After for injected 429s, in seconds; default 1. */
  retryAfterSeconds?: number;
  /** Route keys (`POST /v1/organizations/:organizationId/memberships`) to fault; default every API route. */
  routes?: string[];
}

const rate = z.number().min(0).max(1);

export const faultSettingsSchema = z
  .strictObject({
    rate429: rate.optional(),
    rate5xx: rate.optional(),
    rateDrop: rate.optional(),
    rateDropAfterCommit: rate.optional(),
    retryAfterSeconds: z.number().int().min(0).optional(),
    routes: z.array(z.string()).optional(),
  })
  .refine(
    (settings) =>
      (settings.rate429 ?? 0) + (settings.rate5xx ?? 0) + (settings.rateDrop ?? 0) + (settings.rateDropAfterCommit ?? 0) <= 1,
    { message: "the fault rates add up to more than 1" },
  );

export type ServerErrorStatus = 500 | 502 | 503;

export type FaultDecision =
  | { readonly kind: "none" }
  | { readonly kind: "rateLimited"; readonly retryAfterSeconds: number }
  | { readonly kind: "serverError"; readonly status: ServerErrorStatus }
  | { readonly kind: "drop" }
  | { readonly kind: "dropAfterCommit" };

const NO_FAULT: FaultDecision = { kind: "none" };

export class FaultInjector {
  private current: FaultSettings = {};

  /** `knownRouteKeys` lists the API routes, so a misspelt route filter is rejected instead of silently ignored. */
  constructor(
    private readonly random: SeededRandom,
    private readonly knownRouteKeys: readonly string[],
  ) {}

  /** Replaces the settings; throws EmulatorInputError for invalid ones (validated at run time, hence unknown). */
  configure(settings: unknown): void {
    const parsed = parseInput(faultSettingsSchema, settings, "fault settings");
    const unknown = (parsed.routes ?? []).filter((route) => !this.knownRouteKeys.includes(route));
    if (unknown.length > 0) {
      throw new EmulatorInputError(
        `invalid fault settings: unknown route(s) ${unknown.join(", ")}; known routes: ${this.knownRouteKeys.join(", ")}`,
      );
    }
    this.current = parsed;
  }

  settings(): FaultSettings {
    return structuredClone(this.current);
  }

  /** Decides the fault for one request to `routeKey`. Draws from the PRNG only for routes the filter selects. */
  decide(routeKey: string): FaultDecision {
    const { routes, rate429 = 0, rate5xx = 0, rateDrop = 0, rateDropAfterCommit = 0 } = this.current;
    if (routes !== undefined && !routes.includes(routeKey)) return NO_FAULT;
    if (rate429 + rate5xx + rateDrop + rateDropAfterCommit === 0) return NO_FAULT;
    const draw = this.random.next();
    if (draw < rate429) return { kind: "rateLimited", retryAfterSeconds: this.current.retryAfterSeconds ?? 1 };
    if (draw < rate429 + rate5xx) return { kind: "serverError", status: this.random.pick([500, 502, 503] as const) };
    if (draw < rate429 + rate5xx + rateDrop) return { kind: "drop" };
    if (draw < rate429 + rate5xx + rateDrop + rateDropAfterCommit) return { kind: "dropAfterCommit" };
    return NO_FAULT;
  }
}
