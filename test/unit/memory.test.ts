// The provider collects garbage before and after an operation when the heap grew past the threshold, and only then;
// the collection after an operation waits until its result has been handed back.

import { collectionDue, relieveMemory, withMemoryRelief } from "../../provider/engine/memory";
import * as v8 from "node:v8";

describe("relieveMemory", () => {
  it("leaves a heap that barely grew alone, and collects one that grew by tens of megabytes", () => {
    relieveMemory();
    expect(relieveMemory()).toBe(false);
    // ~64 MB held (so no automatic collection can free it), then dropped: garbage when the operation ends.
    let held: string[][] = [];
    for (let i = 0; i < 64; i++) held.push(Array.from({ length: 32_768 }, (_, j) => `garbage ${i} ${j} ${"x".repeat(8)}`));
    expect(held.flat()).toHaveLength(64 * 32_768);
    held = [];
    expect(held).toHaveLength(0);
    const before = v8.getHeapStatistics().used_heap_size;
    if (relieveMemory()) expect(v8.getHeapStatistics().used_heap_size).toBeLessThan(before - 16 * 1024 * 1024);
    else throw new Error(`expected a collection: the heap held ${Math.round(before / 1e6)} MB`);
    expect(relieveMemory()).toBe(false);
  });

  it("starts an operation from the live set when the request before it left tens of megabytes of garbage", async () => {
    relieveMemory();
    let heapAtStart = 0;
    const provider = withMemoryRelief({ read: () => Promise.resolve((heapAtStart = v8.getHeapStatistics().used_heap_size)) });
    let held: string[][] = [];
    for (let i = 0; i < 64; i++) held.push(Array.from({ length: 32_768 }, (_, j) => `request ${i} ${j} ${"x".repeat(8)}`));
    expect(held.flat()).toHaveLength(64 * 32_768);
    held = [];
    expect(held).toHaveLength(0);
    const before = v8.getHeapStatistics().used_heap_size;
    await provider.read();
    expect(heapAtStart).toBeLessThan(before - 16 * 1024 * 1024);
  });

  it("collects on the first operation only when the heap is already large, then on growth of 16 MB or more", () => {
    const MB = 1024 * 1024;
    // Pulumi's host holds ~37 MB at its first request (a 1000-member roster's included): no pause before it.
    expect(collectionDue(40 * MB, 0)).toBe(false);
    expect(collectionDue(63 * MB, 0)).toBe(false);
    // A request of tens of thousands of members decodes to a heap of hundreds of megabytes.
    expect(collectionDue(64 * MB, 0)).toBe(true);
    expect(collectionDue(300 * MB, 0)).toBe(true);
    expect(collectionDue(55 * MB, 40 * MB)).toBe(false);
    expect(collectionDue(56 * MB, 40 * MB)).toBe(true);
  });

  it("hands the result back before collecting the garbage its operation left, and collects it right after", async () => {
    relieveMemory();
    const provider = withMemoryRelief({
      create: () => {
        let held: string[][] = [];
        for (let i = 0; i < 64; i++) held.push(Array.from({ length: 32_768 }, (_, j) => `response ${i} ${j} ${"x".repeat(8)}`));
        const count = held.flat().length;
        held = [];
        return Promise.resolve({ count, held: held.length });
      },
    });
    await expect(provider.create()).resolves.toEqual({ count: 64 * 32_768, held: 0 });
    const handedBack = v8.getHeapStatistics().used_heap_size;
    await new Promise((resolve) => setImmediate(resolve));
    expect(v8.getHeapStatistics().used_heap_size).toBeLessThan(handedBack - 16 * 1024 * 1024);
  });

  it("wraps every operation but configure, passing results and errors through", async () => {
    const provider = withMemoryRelief({
      configure: () => Promise.resolve("configured"),
      read: (id: string) => Promise.resolve({ id }),
      delete: () => Promise.reject(new Error("refused")),
    });
    await expect(provider.configure()).resolves.toBe("configured");
    await expect(provider.read("x")).resolves.toEqual({ id: "x" });
    await expect(provider.delete()).rejects.toThrow("refused");
  });
});
