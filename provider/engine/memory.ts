// Peak memory of the provider process. V8 collects lazily: refreshing 5000 memberships left ~150 MB of garbage
// (parsed requests, listing pages) in the heap before a major collection, and a roster's multi-megabyte requests
// pile up the same way between operations. Before and after an operation, when the heap grew by more than
// GROWTH_BYTES since the last collection, the provider asks for a full one: before, so that an operation on a large
// request (whose decoding left its garbage) starts from the live set; after, so that the next request does. A
// collection of a heap this size takes tens of milliseconds; with the threshold it runs a handful of times per
// thousand small operations, and about once per operation on a 5000-member roster.
// Neither pause stands between a command and its API calls when nothing is to be gained: the one after an operation
// runs once its result has been handed back (the engine carries on meanwhile), and the first operation of a process,
// which has no collection to measure growth from, collects only when the heap is already large (a request of tens of
// thousands of members). Pulumi's dynamic-provider host holds ~37 MB at its first request (a 1000-member roster's
// included), where a full collection took 20-30 ms on the way to the first API call and bought nothing.

import * as v8 from "node:v8";
import * as vm from "node:vm";
import { aroundEachMethod } from "./protocol";

const GROWTH_BYTES = 16 * 1024 * 1024;
/** Below this, the first operation of a process starts without a collection. */
const FIRST_COLLECTION_BYTES = 64 * 1024 * 1024;

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
 * Whether a collection is due with `used` bytes of heap in use: `since` is the heap measured after the last
 * collection, or, while none has been worth it, the lowest seen (0 before the first call).
 */
export function collectionDue(used: number, since: number): boolean {
  return since === 0 ? used >= FIRST_COLLECTION_BYTES : used >= since + GROWTH_BYTES;
}

/** Collects garbage when collectionDue says so; returns whether it did. */
export function relieveMemory(): boolean {
  const used = usedHeap();
  if (!collectionDue(used, baseline)) {
    // Following the heap down: garbage that V8 collected on its own (say, the start-up's) is not counted as live,
    // so growth is measured from the smallest heap seen, never from a heap that was mostly garbage.
    baseline = baseline === 0 ? used : Math.min(baseline, used);
    return false;
  }
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
        // After the caller (Pulumi's host) has sent the result on: the pause does not delay the answer.
        setImmediate(relieveMemory);
      }
    },
    ["configure"],
  );
}
