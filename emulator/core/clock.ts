// A millisecond clock that never returns the same value twice, so records created in the same millisecond still
// have distinct creation times and list orders stay deterministic; it also stamps seeded records.

export interface Timestamped {
  readonly createdAt?: number;
  readonly updatedAt?: number;
}

export class MonotonicClock {
  private last = 0;

  /** The current time in Unix milliseconds, strictly greater than any value returned before. */
  now(): number {
    this.last = Math.max(Date.now(), this.last + 1);
    return this.last;
  }

  /** Makes later readings strictly greater than every timestamp of `records` (seeded times may lie ahead). */
  advancePast(records: readonly Timestamped[]): void {
    for (const record of records) this.last = Math.max(this.last, record.createdAt ?? 0, record.updatedAt ?? 0);
  }

  /** A copy of `record` with `createdAt` (now, when absent) and `updatedAt` (createdAt, when absent) filled in. */
  stamp<T extends Timestamped>(record: T): T & { createdAt: number; updatedAt: number } {
    const createdAt = record.createdAt ?? this.now();
    return { ...structuredClone(record), createdAt, updatedAt: record.updatedAt ?? createdAt };
  }
}
