// The provider plugin's process: `provider.main` of @pulumi/pulumi serving orgRosterProvider, with the provider's
// configuration taken from the engine's Configure call (the SDK's Provider interface has no configure, and its
// server answers Configure without passing the configuration on) into the runtime, under the plugin's setting names,
// and Diff answered with the detailed diff the SDK's server leaves out.
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return */

import * as path from "node:path";
import { main } from "@pulumi/pulumi/provider";
import { markProviderPlugin } from "../engine/engine-watch";
import { configureProviderPlugin } from "../runtime";
import type { DiffRequest } from "@pulumi/pulumi/proto/provider_pb";
import { diffResponse } from "./diff-response";
import { orgRosterProvider, type OrgRosterProvider } from "./provider";
import { revealed } from "./secrets";
import { PACKAGE_NAME, pluginCredentialSpec } from "./settings";

/** What the engine's ConfigureRequest says, as the generated protobuf class exposes it. */
interface ConfigureRequest {
  getVariablesMap(): { forEach(callback: (value: string, key: string) => void): void };
  getArgs(): { toJavaScript(): Record<string, unknown> } | undefined;
}

/**
 * The provider's configuration by full setting name (`org-roster:clerkSecretKey`): the request's variables (named
 * `org-roster:config:clerkSecretKey` or `org-roster:clerkSecretKey`, values as strings), else its arguments.
 */
export function configurationOf(request: ConfigureRequest): Map<string, string> {
  const settings = new Map<string, string>();
  const args = revealed(request.getArgs()?.toJavaScript() ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries(args)) {
    if (value !== undefined && value !== null) settings.set(`${PACKAGE_NAME}:${name}`, typeof value === "string" ? value : JSON.stringify(value));
  }
  request.getVariablesMap().forEach((value, key) => settings.set(key.replace(`${PACKAGE_NAME}:config:`, `${PACKAGE_NAME}:`), value));
  return settings;
}

/** What the engine's ReadRequest says, as far as the read's completion needs it. */
interface ReadRequest {
  getProperties(): unknown;
  setProperties(value: unknown): void;
}

/**
 * Has `onConfigure` receive each Configure request before the SDK's server answers it; gives a Read request without
 * properties (`pulumi import` sends only an id) empty ones, which the SDK's server cannot do without; and answers Diff
 * with `provider`'s diff including its detailed diff, which the SDK's server leaves out (diff-response.ts).
 */
function interceptServer(provider: OrgRosterProvider, onConfigure: (request: ConfigureRequest) => void): void {
  // The grpc instance @pulumi/pulumi serves with (the one its service definitions were generated for).
  const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdkDir] }));
  const { Struct } = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [sdkDir] }));
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service: unknown, implementation: Record<string, unknown>) {
    const read = implementation.read;
    if (typeof read === "function") {
      implementation.read = (call: { request: ReadRequest }, callback: unknown) => {
        if (call.request.getProperties() === undefined) call.request.setProperties(new Struct());
        return read.call(implementation, call, callback);
      };
    }
    const configure = implementation.configure;
    if (typeof configure === "function") {
      implementation.configure = (call: { request: ConfigureRequest }, callback: (error: unknown, response?: unknown) => void) => {
        try {
          onConfigure(call.request);
        } catch (error) {
          callback(error);
          return;
        }
        configure.call(implementation, call, callback);
      };
    }
    if (typeof implementation.diff === "function") {
      implementation.diff = (call: { request: DiffRequest }, callback: (error: unknown, response?: unknown) => void) => {
        const request = call.request;
        provider.diff(request.getId(), request.getUrn(), request.getOlds()?.toJavaScript() ?? {}, request.getNews()?.toJavaScript() ?? {}).then(
          (result) => callback(undefined, diffResponse(result)),
          (error: unknown) => {
            // As the SDK's server does: the error said on the plugin's stderr, and returned to the engine.
            console.error(`${String(error)}: ${error instanceof Error ? error.stack : ""}`);
            callback(error);
          },
        );
      };
    }
    return addService.call(this, service, implementation);
  };
}

/** Serves the plugin (the engine gives its address as the last argument). */
export function serve(args: string[]): Promise<void> {
  markProviderPlugin();
  const provider = orgRosterProvider();
  interceptServer(provider, (request) => {
    const settings = configurationOf(request);
    configureProviderPlugin((key) => settings.get(key), pluginCredentialSpec);
  });
  return main(provider, args);
}
