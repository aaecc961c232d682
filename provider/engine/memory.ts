// Peak memory of the provider process. V8 collects lazily: refreshing 5000 memberships left ~150 MB of garbage
// (parsed requests, listing pages) in the heap before a major collection, and a roster's multi-megabyte requests
// pile up the same way between operations. After an operation that grew the heap by more than GROWTH_BYTES, the
// provider asks for a full collection, so the next request starts from the live set. A collection of a heap this
// size takes tens of milliseconds; with the threshold it runs a handful of times per thousand operations.

import * as v8 from "node:v8";
import * as vm from "node:vm";

const GROWTH_BYTES = 32 * 1024 * 1024;

let collect: (() => void) | null | undefined;
let baseline = 0;

function collector(): (() => void) | null {
  if (collect !== undefined) return collect;
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc: unknown = vm.runInNewContext("gc");
    collect = typeof gc === "function" ? (gc as () => void) : null;
  } catch {
    collect = null;
  }
  return collect;
}

function usedHeap(): number {
  return v8.getHeapStatistics().used_heap_size;
}

/** Collects garbage if the heap grew by more than the threshold since the last collection; returns whether it did. */
export function relieveMemory(): boolean {
  const used = usedHeap();
  if (baseline === 0) baseline = used;
  if (used < baseline + GROWTH_BYTES) return false;
  const gc = collector();
  if (!gc) return false;
  gc();
  baseline = usedHeap();
  return true;
}

/** The same provider, relieving memory after each operation. */
export function withMemoryRelief<P extends object>(provider: P): P {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(provider)) {
    if (typeof method !== "function" || name === "configure") {
      wrapped[name] = method;
      continue;
    }
    wrapped[name] = async (...args: unknown[]): Promise<unknown> => {
      try {
        return await (method as (...a: unknown[]) => unknown).apply(provider, args);
      } finally {
        relieveMemory();
      }
    };
  }
  return wrapped as P;
}
