// Request statistics for API routes: requests per `METHOD /route/template` and responses per status, where a
// connection closed without a response counts as `dropped`, so the statuses always add up to the total.

export interface StatsSnapshot {
  /** API requests received (admin requests are never counted). */
  total: number;
  /** Requests by `METHOD /route/template`; unmatched paths count under `METHOD <unmatched>`. */
  byRoute: Record<string, number>;
  /** Responses by HTTP status, plus `dropped` for connections closed without a response. */
  byStatus: Record<string, number>;
  /** When the first and the last counted request arrived (epoch ms); absent until one has. */
  firstRequestAt?: number;
  lastRequestAt?: number;
}

export const DROPPED_STATUS = "dropped";
export const UNMATCHED_ROUTE = "<unmatched>";

export class RequestStats {
  private total = 0;
  private byRoute = new Map<string, number>();
  private byStatus = new Map<string, number>();
  private firstAt: number | undefined;
  private lastAt: number | undefined;

  recordRequest(routeKey: string): void {
    this.total += 1;
    const now = Date.now();
    this.firstAt ??= now;
    this.lastAt = now;
    this.byRoute.set(routeKey, (this.byRoute.get(routeKey) ?? 0) + 1);
  }

  recordOutcome(status: number | typeof DROPPED_STATUS): void {
    const key = String(status);
    this.byStatus.set(key, (this.byStatus.get(key) ?? 0) + 1);
  }

  snapshot(): StatsSnapshot {
    return {
      total: this.total,
      byRoute: Object.fromEntries(this.byRoute),
      byStatus: Object.fromEntries(this.byStatus),
      ...(this.firstAt !== undefined && this.lastAt !== undefined ? { firstRequestAt: this.firstAt, lastRequestAt: this.lastAt } : {}),
    };
  }

  reset(): void {
    this.total = 0;
    this.byRoute = new Map();
    this.byStatus = new Map();
    this.firstAt = undefined;
    this.lastAt = undefined;
  }
}
