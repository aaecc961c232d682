// Latency injection: a configurable delay awaited before every API response (never before admin responses).

export class LatencyInjector {
  private milliseconds = 0;

  constructor(milliseconds = 0) {
    this.set(milliseconds);
  }

  get ms(): number {
    return this.milliseconds;
  }

  set(milliseconds: number): void {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) {
      throw new RangeError(`latency must be a non-negative number of milliseconds, got ${milliseconds}`);
    }
    this.milliseconds = milliseconds;
  }

  /** Resolves after the configured delay (at once when it is 0). */
  wait(): Promise<void> {
    if (this.milliseconds === 0) return Promise.resolve();
    return new Promise((resolve) => setTimeout(resolve, this.milliseconds));
  }
}
