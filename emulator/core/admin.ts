// The admin HTTP API under /_emulator (stats, faults and latency, write quirks, seed, state dump, routes, and what a
// service's end users do out of band, such as accepting a WorkOS or Clerk invitation) for demos and tests in another
// process; no auth, never delayed, faulted, rate limited or counted.
import { z } from "zod";
import { type ApiResponse, jsonResponse } from "./backend";
import type { RequestBody } from "./body";
import { EmulatorInputError, parseInput } from "./input-error";
import type { JsonValue } from "./json";
import { Router } from "./router";
import type { StatsSnapshot } from "./stats";

/** What the admin API can see and change; implemented by the emulator handle. */
export interface AdminControls {
  stats(): StatsSnapshot;
  resetStats(): void;
  /** Current fault settings and latency. */
  faults(): JsonValue;
  /** Replaces the fault settings (validated; throws EmulatorInputError). */
  setFaults(settings: unknown): void;
  setLatency(milliseconds: number): void;
  reseedRandom(seed: number): void;
  /** Current write quirks (what the services keep of a write). */
  quirks(): JsonValue;
  /** Replaces the write quirks (validated; throws EmulatorInputError). */
  setQuirks(settings: unknown): void;
  /** Replaces the whole state with `seed` (validated; throws EmulatorInputError). */
  loadSeed(seed: unknown): void;
  /** Every service's state, in seed format. */
  state(): JsonValue;
  routeKeys(): string[];
  /** Accepts a WorkOS invitation as its recipient would, signing the recipient up when needed (throws AdminRequestError). */
  acceptWorkosInvitation(id: string): JsonValue;
  /** Makes a pending WorkOS invitation expire now (throws AdminRequestError). */
  expireWorkosInvitation(id: string): JsonValue;
  /**
   * Accepts a Clerk organization invitation as its invitee would, signing the address up when no user has it
   * (throws AdminRequestError).
   */
  acceptClerkInvitation(organizationId: string, id: string): JsonValue;
  /** Makes a pending Clerk organization invitation expire now (throws AdminRequestError). */
  expireClerkInvitation(organizationId: string, id: string): JsonValue;
}

/** A refused admin action (an unknown record, a state that does not allow it): answered with this status. */
export class AdminRequestError extends Error {
  override readonly name = "AdminRequestError";

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type AdminHandler = (body: JsonValue | undefined, params: ReadonlyMap<string, string>) => ApiResponse;

function param(params: ReadonlyMap<string, string>, name: string): string {
  const value = params.get(name);
  if (value === undefined) throw new Error(`admin route has no path parameter :${name}`);
  return value;
}

const faultsRequestExtras = z.looseObject({
  latencyMs: z.number().min(0).optional(),
  randomSeed: z.number().int().optional(),
});

export class AdminApi {
  readonly pathPrefix = "/_emulator";
  private readonly router = new Router<AdminHandler>();

  constructor(private readonly controls: AdminControls) {
    this.router
      .add("GET", "/_emulator/stats", () => this.ok(this.controls.stats()))
      .add("POST", "/_emulator/stats/reset", () => {
        this.controls.resetStats();
        return this.ok(this.controls.stats());
      })
      .add("GET", "/_emulator/faults", () => jsonResponse(200, this.controls.faults()))
      .add("PUT", "/_emulator/faults", (body) => this.putFaults(body))
      .add("GET", "/_emulator/quirks", () => jsonResponse(200, this.controls.quirks()))
      .add("PUT", "/_emulator/quirks", (body) => {
        this.controls.setQuirks(body ?? {});
        return jsonResponse(200, this.controls.quirks());
      })
      .add("POST", "/_emulator/seed", (body) => {
        this.controls.loadSeed(body);
        return jsonResponse(200, this.controls.state());
      })
      .add("GET", "/_emulator/state", () => jsonResponse(200, this.controls.state()))
      .add("GET", "/_emulator/routes", () => jsonResponse(200, this.controls.routeKeys()))
      .add("POST", "/_emulator/workos/invitations/:id/accept", (_body, params) =>
        jsonResponse(200, this.controls.acceptWorkosInvitation(param(params, "id"))),
      )
      .add("POST", "/_emulator/workos/invitations/:id/expire", (_body, params) =>
        jsonResponse(200, this.controls.expireWorkosInvitation(param(params, "id"))),
      )
      // Clerk invitations belong to an organization, in the API's paths as here.
      .add("POST", "/_emulator/clerk/organizations/:organizationId/invitations/:id/accept", (_body, params) =>
        jsonResponse(200, this.controls.acceptClerkInvitation(param(params, "organizationId"), param(params, "id"))),
      )
      .add("POST", "/_emulator/clerk/organizations/:organizationId/invitations/:id/expire", (_body, params) =>
        jsonResponse(200, this.controls.expireClerkInvitation(param(params, "organizationId"), param(params, "id"))),
      );
  }

  handle(method: string, path: string, body: RequestBody): ApiResponse {
    const match = this.router.match(method, path);
    if (!match) return jsonResponse(404, { error: "not_found", message: `no admin route ${method} ${path}` });
    if (body.kind === "malformed") return jsonResponse(400, { error: "malformed_json", message: body.reason });
    try {
      return match.handler(body.kind === "json" ? body.value : undefined, match.params);
    } catch (error) {
      if (error instanceof EmulatorInputError) return jsonResponse(400, { error: "invalid_input", message: error.message });
      if (error instanceof AdminRequestError) return jsonResponse(error.status, { error: error.code, message: error.message });
      throw error;
    }
  }

  /** PUT semantics for the faults (omitted rates become 0); latencyMs and randomSeed change only when given. */
  private putFaults(body: JsonValue | undefined): ApiResponse {
    const { latencyMs, randomSeed, ...faults } = parseInput(faultsRequestExtras, body ?? {}, "fault settings");
    this.controls.setFaults(faults);
    if (latencyMs !== undefined) this.controls.setLatency(latencyMs);
    if (randomSeed !== undefined) this.controls.reseedRandom(randomSeed);
    return jsonResponse(200, this.controls.faults());
  }

  private ok(snapshot: StatsSnapshot): ApiResponse {
    return jsonResponse(200, { total: snapshot.total, byRoute: snapshot.byRoute, byStatus: snapshot.byStatus });
  }
}
