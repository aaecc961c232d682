// The provider collects garbage before and after an operation when the heap grew past the threshold, and only then.

import { relieveMemory, withMemoryRelief } from "../../provider/engine/memory";
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
