// The base of this package's resources: Pulumi dynamic resources (type `pulumi-nodejs:dynamic/<module>:<Type>`,
// served by the engine's dynamic-provider process from the `__provider` input), registered without running the SDK's
// closure serializer.
//
// `pulumi.dynamic.Resource` serializes its provider object into `__provider` in every program run. Ours is always
// one of the package's shim modules (provider/shims/), which the serializer stores as
// `require("pulumi-org-roster/shims/<name>")`: the text is a constant. Computing it anyway cost the program ~0.2 s
// (an inspector session and a TypeScript parse of the function) before the first registration could leave, and the
// engine starts the provider process only when that registration arrives, so every command's first API call
// waited for it. `serializedShim` is the serializer's own text for the shim, byte for byte, when the package is
// installed under node_modules (test/integration/serialization.test.ts compares it with what `pulumi.dynamic.Resource`
// registers), so those stacks see no change. Where the SDK serialized the shim by value (the package loaded from
// outside node_modules: a link or a workspace), the text changes once, which no plan shows: every provider's diff
// ignores `__provider`. The dynamic-provider process loads it as it loads any serialized provider.
// The resources are no longer `instanceof pulumi.dynamic.Resource` (they are `pulumi.CustomResource`s).

import * as pulumi from "./sdk";
import { quietPromiseStacks } from "./promise-stacks";

/** The provider shims, each exported by the package as `pulumi-org-roster/shims/<name>` (package.json `exports`). */
export const SHIM_NAMES = ["clerk-membership", "workos-membership", "clerk-roster", "workos-roster", "roster-guard"] as const;
export type ShimName = (typeof SHIM_NAMES)[number];

/** The `__provider` text of a resource served by `shim`: what the SDK's closure serializer writes for it. */
export function serializedShim(shim: ShimName): string {
  return [
    "exports.handler = __f0;",
    `const provider = require("pulumi-org-roster/shims/${shim}");`,
    "",
    "function __f0() {",
    "  return (function() {",
    "    with({ this: undefined, arguments: undefined }) {",
    "",
    "return () => provider;",
    "",
    "    }",
    "  }).apply(undefined, undefined).apply(this, arguments);",
    "}",
    "",
  ].join("\n");
}

/**
 * A dynamic resource of this package: registered as `pulumi.dynamic.Resource` registers one (the same type token and
 * `__provider` input), with the SDK's per-promise stacks off while it is constructed (see promise-stacks.ts).
 */
export abstract class QuietDynamicResource extends pulumi.CustomResource {
  constructor(shim: ShimName, name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions | undefined, module: string, type: string) {
    const restoreStacks = quietPromiseStacks();
    try {
      super(`pulumi-nodejs:dynamic/${module}:${type}`, name, { ...props, __provider: serializedShim(shim) }, opts);
    } finally {
      restoreStacks();
    }
  }
}
