// Resource constructors switch the SDK's per-promise debug stacks off while they run, and only then.

import { quietPromiseStacks } from "../../provider/resources/promise-stacks";

describe("quietPromiseStacks", () => {
  const saved = process.env.PULUMI_DEBUG_PROMISE_LEAKS;
  afterEach(() => {
    if (saved === undefined) delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    else process.env.PULUMI_DEBUG_PROMISE_LEAKS = saved;
  });

  it("captures no frames until restored, then restores the previous limit", () => {
    delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    const before = Error.stackTraceLimit;
    const restore = quietPromiseStacks();
    expect(Error.stackTraceLimit).toBe(0);
    expect(new Error("x").stack?.split("\n")).toHaveLength(1);
    restore();
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error("x").stack?.split("\n").length).toBeGreaterThan(1);
  });

  it("keeps stacks when promise leaks are being debugged", () => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "true";
    const before = Error.stackTraceLimit;
    const restore = quietPromiseStacks();
    expect(Error.stackTraceLimit).toBe(before);
    restore();
    expect(Error.stackTraceLimit).toBe(before);
  });
});
