// The provider plugin's `org-roster:index:Roster` component, constructed in the plugin when a program in another
// language declares it: the TypeScript Roster's own logic (roster file, guards, names, outputs), its resources the
// plugin's own resource types instead of dynamic resources.

import * as pulumi from "../resources/sdk";
import type * as plugin from "@pulumi/pulumi/provider";
import { clerkMembershipProps } from "../resources/clerk/organization-membership";
import { clerkRosterProps } from "../resources/clerk/organization-roster";
import { quietPromiseStacks } from "../resources/promise-stacks";
import { RosterComponent, type RosterArgs, type RosterResourceMaker } from "../resources/roster";
import { workosMembershipProps } from "../resources/workos/organization-membership";
import { workosRosterProps } from "../resources/workos/organization-roster";
import { SERVED_RESOURCES, tokenOf, type PluginResource } from "./resources";
import { PACKAGE_NAME } from "./settings";

/** The component's type token. */
export const ROSTER_COMPONENT_TOKEN = `${PACKAGE_NAME}:index:Roster`;

/** The component's outputs: the state `construct` returns, and the schema's properties of the component. */
export const ROSTER_COMPONENT_OUTPUTS = ["organizations"] as const;

/** The component's inputs: the properties of `RosterArgs` a program sets. */
const ROSTER_COMPONENT_INPUTS: ReadonlyArray<keyof RosterArgs> = ["file", "roster", "granularity"];

function served(module: PluginResource["module"], name: PluginResource["name"]): PluginResource {
  const resource = SERVED_RESOURCES.find((candidate) => candidate.module === module && candidate.name === name);
  if (resource === undefined) throw new Error(`${PACKAGE_NAME}:${module}:${name} is not served by the plugin`);
  return resource;
}

/** One of the plugin's resources, registered by the component (per-promise stacks off, as the dynamic resources do). */
class ServedResource extends pulumi.CustomResource {
  constructor(resource: PluginResource, name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions) {
    const restoreStacks = quietPromiseStacks();
    try {
      super(tokenOf(resource), name, props, { ...opts, additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? []), ...resource.secrets] });
    } finally {
      restoreStacks();
    }
  }
}

/** The plugin's Roster's resources: the plugin's own types, registered with the properties the dynamic ones send. */
const SERVED_ROSTER_RESOURCES: RosterResourceMaker = {
  clerkRoster: (name, args, opts) => new ServedResource(served("clerk", "OrganizationRoster"), name, clerkRosterProps(args), opts),
  clerkMembership: (name, args, opts) => new ServedResource(served("clerk", "OrganizationMembership"), name, clerkMembershipProps(args), opts),
  workosRoster: (name, args, opts) => new ServedResource(served("workos", "OrganizationRoster"), name, workosRosterProps(args), opts),
  workosMembership: (name, args, opts) => new ServedResource(served("workos", "OrganizationMembership"), name, workosMembershipProps(args), opts),
  removalGuard: (name, props, opts) => new ServedResource(served("index", "RosterGuard"), name, { ...props }, opts),
};

/**
 * The component's arguments as the program wrote them. The roster is read while the component is constructed, so
 * every argument must be a value of the program's own, known in preview too: an output of another resource, or a
 * secret, is refused naming the argument.
 */
function rosterArgs(name: string, inputs: pulumi.Inputs): RosterArgs {
  const outputs = ROSTER_COMPONENT_INPUTS.filter((input) => pulumi.Output.isInstance(inputs[input]));
  if (outputs.length > 0) {
    const lines = outputs.map((input) => `Roster ${name}: ${input}: is an output of another resource or a secret; allowed: a value written in the program`);
    throw new pulumi.RunError(lines.join("\n"));
  }
  return Object.fromEntries(ROSTER_COMPONENT_INPUTS.flatMap((input) => (inputs[input] === undefined ? [] : [[input, inputs[input]]])));
}

/** `construct` of the plugin: the Roster component, its outputs as its state. */
export function constructRoster(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<plugin.ConstructResult> {
  return Promise.resolve().then(() => {
    if (type !== ROSTER_COMPONENT_TOKEN) throw new Error(`${PACKAGE_NAME} has no component of type ${type}; it has ${ROSTER_COMPONENT_TOKEN}`);
    const roster = new RosterComponent(ROSTER_COMPONENT_TOKEN, name, rosterArgs(name, inputs), SERVED_ROSTER_RESOURCES, options);
    const state: Record<(typeof ROSTER_COMPONENT_OUTPUTS)[number], pulumi.Output<unknown>> = { organizations: roster.organizations };
    return { urn: roster.urn, state };
  });
}
