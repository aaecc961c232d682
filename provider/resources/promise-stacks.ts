// The Pulumi SDK stamps every promise it creates while a resource is constructed with `new Error().stack`, kept
// only for its "leaked promise" diagnostics. Under the program's ts-node, each of those stacks is source-mapped
// frame by frame, which made constructing 1000 memberships take ~6 s of CPU before a single registration could
// leave the program. Constructing with Error.stackTraceLimit = 0 skips that work; the resource's source position
// is unaffected (the SDK captures it with its own, unlimited limit).

/** Turns the per-promise stacks off until the returned function is called (kept on when debugging leaks). */
export function quietPromiseStacks(): () => void {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return () => undefined;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}
