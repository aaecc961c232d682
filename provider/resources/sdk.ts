// The parts of the Pulumi SDK the resources use, each required from its own module of `@pulumi/pulumi`.
//
// `require("@pulumi/pulumi")` loads the SDK's index, and the index loads every module of the SDK, the Automation
// API among them (with @pulumi/pulumi 3.248 to 3.276, ~0.45 s on a 2-core machine). The program's runtime has
// already loaded the modules below when the program starts, so requiring them costs nothing, and the resources'
// first registration (which is what makes the engine start their provider process) no longer waits for the index.
// A program that imports `@pulumi/pulumi` itself still loads the index, as it would without this package.
// The lint configuration refuses value imports of `@pulumi/pulumi` in provider/; test/integration/module-loading.test.ts
// checks that declaring the package's resources, and starting its provider plugin, load neither the index nor the
// Automation API.
export { ComponentResource, CustomResource } from "@pulumi/pulumi/resource";
export type { ComponentResourceOptions, CustomResourceOptions } from "@pulumi/pulumi/resource";
export { Output, all, output, secret } from "@pulumi/pulumi/output";
export type { Input, Inputs } from "@pulumi/pulumi/output";
export { RunError } from "@pulumi/pulumi/errors";
