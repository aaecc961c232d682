// Peak memory of the provider process. V8 collects lazily: refreshing 5000 memberships left ~150 MB of garbage
// (parsed requests, listing pages) in the heap before a major collection, and a roster's multi-megabyte requests
// pile up the same way between operations. Before and after an operation, when the heap grew by more than
// GROWTH_BYTES since the last collection, the provider asks for a full one: before, so that an operation on a large
// request (whose decoding left its garbage) starts from the live set; after, so that the next request does. A
// collection of a heap this size takes tens of milliseconds; with the threshold it runs a handful of times per
// thousand small operations, and about once per operation on a 5000-member roster.

import * as v8 from "node:v8";
import * as vm from "node:vm";
import { aroundEachMethod } from "./protocol";

const GROWTH_BYTES = 16 * 1024 * 1024;

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

/**
 * Collects garbage on the first call, and then whenever the heap grew by more than the threshold since the last
 * collection; returns whether it did.
 */
export function relieveMemory(): boolean {
  const used = usedHeap();
  // The first call measures from the live set: a baseline taken over garbage (say, the program's start-up) could
  // stay above the heap long after V8 collects it on its own, and no growth would ever be seen.
  if (baseline !== 0 && used < baseline + GROWTH_BYTES) return false;
  const gc = collector();
  if (!gc) return false;
  gc();
  baseline = usedHeap();
  return true;
}

/** The same provider, relieving memory before and after each operation. */
export function withMemoryRelief<P extends object>(provider: P): P {
  return aroundEachMethod(
    provider,
    async (call) => {
      relieveMemory();
      try {
        return await call();
      } finally {
        relieveMemory();
      }
    },
    ["configure"],
  );
}
