// The provider plugin's resource provider (the interface `provider.main` of @pulumi/pulumi serves): each call
// dispatched by type token to the engine lifecycle of that resource, the dynamic resources' own, with only the
// envelope translated (secrets unwrapped on the way in and wrapped on the way out; no `__provider`); and the Roster
// component, constructed here for programs in other languages.

import * as fs from "node:fs";
import * as path from "node:path";
import type * as plugin from "@pulumi/pulumi/provider";
import { ResourceInitError } from "../engine/protocol";
import type { PluginDiffResult } from "./diff-response";
import { SERVED_RESOURCES, lifecycleOf, tokenOf, type PluginResource } from "./resources";
import { constructRoster } from "./roster-component";
import { revealedProps, withSecrets } from "./secrets";

type Props = Record<string, unknown>;

/** The package root, from dist/provider/plugin (built) or provider/plugin (sources). */
const PACKAGE_ROOT = path.resolve(__dirname, __dirname.split(path.sep).includes("dist") ? "../../.." : "../..");

/** The resource a URN names: its type is the URN's third part, after any parent types (`parent$type`). */
function resourceOf(urn: string): PluginResource {
  const type = (urn.split("::")[2] ?? "").split("$").pop() ?? "";
  const resource = SERVED_RESOURCES.find((candidate) => tokenOf(candidate) === type);
  if (!resource) throw new Error(`org-roster does not serve resources of type ${type}; it serves ${SERVED_RESOURCES.map(tokenOf).join(", ")}`);
  return resource;
}

/** A partial apply's error, its state's secrets wrapped like any state's. */
function withSecretState(error: unknown, resource: PluginResource): never {
  if (error instanceof ResourceInitError) {
    const wrapped = new ResourceInitError(error.message, error.id, withSecrets(error.properties, resource.secrets), error.reasons);
    wrapped.stack = error.stack;
    throw wrapped;
  }
  throw error;
}

/** The Provider interface, its diff saying what changes by property path (main.ts answers the engine with it). */
export type OrgRosterProvider = plugin.Provider & { diff(id: string, urn: string, olds: Props, news: Props): Promise<PluginDiffResult> };

export function orgRosterProvider(): OrgRosterProvider {
  const packageJson = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string };
  return {
    version: packageJson.version,
    getSchema: () => fs.promises.readFile(path.join(PACKAGE_ROOT, "schema.json"), "utf8"),

    async check(urn, olds: Props, news: Props) {
      const resource = resourceOf(urn);
      const result = await lifecycleOf(resource).check(revealedProps(olds), resource.inputs(revealedProps(news)));
      return { inputs: withSecrets(result.inputs, resource.secrets), failures: result.failures ?? [] };
    },

    async diff(id, urn, olds: Props, news: Props) {
      const result = await lifecycleOf(resourceOf(urn)).diff(id, revealedProps(olds), revealedProps(news));
      return {
        changes: result.changes,
        replaces: result.replaces ?? [],
        stables: result.stables ?? [],
        deleteBeforeReplace: result.deleteBeforeReplace ?? false,
        ...(result.propertyChanges ? { propertyChanges: result.propertyChanges } : {}),
      };
    },

    async create(urn, inputs: Props) {
      const resource = resourceOf(urn);
      const result = await lifecycleOf(resource).create(revealedProps(inputs)).catch((error: unknown) => withSecretState(error, resource));
      return { id: result.id, outs: withSecrets(result.outs, resource.secrets) };
    },

    async read(id, urn, props?: Props) {
      const resource = resourceOf(urn);
      const result = await lifecycleOf(resource).read(id, revealedProps(props));
      // `pulumi import` (no stored properties): the inputs are what the program will declare, so in the program's form.
      const importing = Object.keys(props ?? {}).length === 0;
      const inputs = result.inputs === undefined ? undefined : importing ? resource.declared(result.inputs) : result.inputs;
      return {
        id: result.id,
        // A resource gone has no id; the server turns the properties into a Struct, which cannot be undefined.
        props: withSecrets(result.props ?? {}, resource.secrets),
        inputs: inputs === undefined ? undefined : withSecrets(inputs, resource.secrets),
      };
    },

    async update(id, urn, olds: Props, news: Props) {
      const resource = resourceOf(urn);
      const result = await lifecycleOf(resource).update(id, revealedProps(olds), revealedProps(news)).catch((error: unknown) => withSecretState(error, resource));
      return { outs: withSecrets(result.outs, resource.secrets) };
    },

    async delete(id, urn, props: Props) {
      await lifecycleOf(resourceOf(urn)).delete(id, revealedProps(props));
    },

    construct: constructRoster,
  };
}
