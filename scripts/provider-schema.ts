// Writes schema.json, the provider plugin's Pulumi package schema, at the package root (`npm run provider-schema`)
// from the dynamic resources' own declarations: each resource's inputs are its class's `…Args` interface, its
// outputs the class's declared properties, descriptions their doc comments (the stack settings they name renamed to
// the plugin's: `clerk:secretKey` → `org-roster:clerkSecretKey`), defaults those the engine applies to inputs left
// out, secrets the resource's secret properties; the Roster component's inputs are its `RosterArgs`, its outputs
// those the plugin's component returns; the configuration is the services' credential settings under the plugin's
// names. A unit test fails when the committed file is out of date.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as ts from "typescript";
import { clerkMembershipModel } from "../provider/backends/clerk/model";
import { workosMembershipModel } from "../provider/backends/workos/model";
import { ROSTER_SETTING_DEFAULTS } from "../provider/engine/roster-plan";
import { credentialSpecs } from "../provider/runtime";
import { PLUGIN_RESOURCES, tokenOf, type PluginResource } from "../provider/plugin/resources";
import { ROSTER_COMPONENT_OUTPUTS, ROSTER_COMPONENT_TOKEN } from "../provider/plugin/roster-component";
import { PACKAGE_NAME, pluginCredentialSpec, pluginSettingName } from "../provider/plugin/settings";
import type { CredentialSpec } from "../provider/http/credentials";

const ROOT = join(__dirname, "..");
/** The Roster component's file: its `RosterArgs`, the `Roster` class (its description) and `RosterComponent` (its outputs). */
const ROSTER_SOURCE = join(ROOT, "provider", "resources", "roster.ts");

type TypeSpec = { type: string; items?: TypeSpec; additionalProperties?: TypeSpec } | { $ref: string };
interface PropertySpec {
  description?: string;
  secret?: boolean;
  [key: string]: unknown;
}

const ANY: TypeSpec = { $ref: "pulumi.json#/Any" };
const WRAPPERS = new Set(["pulumi.Input", "pulumi.Output", "Input", "Output", "Promise"]);

/** Each stack setting the doc comments may name (`clerk:secretKey`, …) and the plugin's name for it. */
const SETTING_NAMES: ReadonlyArray<[string, string]> = Object.values(credentialSpecs).flatMap((spec) => {
  const plugin = pluginCredentialSpec(spec);
  return [
    [spec.keyConfig, plugin.keyConfig],
    [spec.urlConfig, plugin.urlConfig],
    [spec.rateConfig, plugin.rateConfig],
  ] as Array<[string, string]>;
});

/** A doc comment as the plugin's users read it: every stack setting it names (in backquotes) by the plugin's name. */
export function forPlugin(text: string): string {
  return SETTING_NAMES.reduce((renamed, [stack, plugin]) => renamed.split(`\`${stack}\``).join(`\`${plugin}\``), text);
}

/** The defaults the engine gives `resource`'s inputs when they are left out, by property. */
function defaultsOf(resource: PluginResource): Readonly<Record<string, unknown>> {
  if (resource.name === "OrganizationRoster") return ROSTER_SETTING_DEFAULTS;
  if (resource.module === "clerk") return clerkMembershipModel.inputDefaults;
  if (resource.module === "workos") return workosMembershipModel.inputDefaults;
  return {};
}

/** The class of `resource`'s dynamic resource, by file: provider/resources/clerk/organization-membership.ts, … */
function sourceOf(resource: PluginResource): string {
  const file = resource.name.replace(/^Organization/, "organization-").toLowerCase();
  return join(ROOT, "provider", "resources", resource.module, `${file}.ts`);
}

class Declarations {
  private readonly program: ts.Program;
  private readonly checker: ts.TypeChecker;

  constructor(files: string[]) {
    this.program = ts.createProgram(files, { strict: true, module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, skipLibCheck: true, noEmit: true });
    this.checker = this.program.getTypeChecker();
  }

  private declaration<T extends ts.Node>(file: string, name: string, is: (node: ts.Node) => node is T): T {
    const source = this.program.getSourceFile(file);
    const found = source?.statements.find((statement): statement is T & ts.Statement => is(statement) && (statement as unknown as { name?: ts.Identifier }).name?.text === name);
    if (!found) throw new Error(`${name} is not declared in ${file}`);
    return found;
  }

  private doc(node: ts.Node): string | undefined {
    const symbol = (node as unknown as { name?: ts.Node }).name ? this.checker.getSymbolAtLocation((node as unknown as { name: ts.Node }).name) : undefined;
    const text = symbol ? ts.displayPartsToString(symbol.getDocumentationComment(this.checker)).trim() : "";
    return text === "" ? undefined : forPlugin(text);
  }

  /** A TypeScript type as a schema type: wrappers (Input, Output) unwrapped, aliases resolved, objects as Any. */
  private typeOf(node: ts.TypeNode): TypeSpec {
    if (ts.isParenthesizedTypeNode(node)) return this.typeOf(node.type);
    if (ts.isArrayTypeNode(node)) return { type: "array", items: this.typeOf(node.elementType) };
    if (ts.isLiteralTypeNode(node)) return ts.isStringLiteral(node.literal) ? { type: "string" } : node.literal.kind === ts.SyntaxKind.NumericLiteral ? { type: "number" } : { type: "boolean" };
    if (ts.isUnionTypeNode(node)) {
      const members = node.types.filter((member) => member.kind !== ts.SyntaxKind.UndefinedKeyword && !(ts.isLiteralTypeNode(member) && member.literal.kind === ts.SyntaxKind.NullKeyword)).map((member) => this.typeOf(member));
      const first = members[0];
      return first !== undefined && members.every((member) => JSON.stringify(member) === JSON.stringify(first)) ? first : ANY;
    }
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText();
      const [first, second] = node.typeArguments ?? [];
      if (WRAPPERS.has(name) && first) return this.typeOf(first);
      if (name === "Record" && second) return { type: "object", additionalProperties: this.typeOf(second) };
      if (name === "Array" && first) return { type: "array", items: this.typeOf(first) };
      let symbol = this.checker.getSymbolAtLocation(node.typeName);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = this.checker.getAliasedSymbol(symbol);
      const declaration = symbol?.declarations?.[0];
      if (declaration && ts.isTypeAliasDeclaration(declaration)) return this.typeOf(declaration.type);
      return this.stringsOrAny(node);
    }
    switch (node.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: "string" };
      case ts.SyntaxKind.NumberKeyword:
        return { type: "number" };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: "boolean" };
      default:
        return this.stringsOrAny(node);
    }
  }

  /** A type written some other way (`(typeof MODES)[number]`): a string when it only holds strings, else Any. */
  private stringsOrAny(node: ts.TypeNode): TypeSpec {
    const type = this.checker.getTypeFromTypeNode(node);
    const parts = type.isUnion() ? type.types : [type];
    return parts.every((part) => (part.flags & ts.TypeFlags.StringLike) !== 0) ? { type: "string" } : ANY;
  }

  private property(declaration: ts.Declaration | undefined, secret: boolean): PropertySpec {
    if (!declaration || !(ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) || !declaration.type) throw new Error("a resource property without a declared type");
    const description = this.doc(declaration);
    return { ...this.typeOf(declaration.type), ...(description ? { description } : {}), ...(secret ? { secret: true } : {}) };
  }

  /** The input properties of an `…Args` interface (inherited ones included), and which are required. */
  private inputs(file: string, name: string, secrets: readonly string[]): { inputProperties: Record<string, PropertySpec>; requiredInputs: string[] } {
    const args = this.declaration(file, name, ts.isInterfaceDeclaration);
    const inputProperties: Record<string, PropertySpec> = {};
    const requiredInputs: string[] = [];
    for (const symbol of this.checker.getPropertiesOfType(this.checker.getTypeAtLocation(args))) {
      inputProperties[symbol.name] = this.property(symbol.declarations?.[0], secrets.includes(symbol.name));
      if (!(symbol.flags & ts.SymbolFlags.Optional)) requiredInputs.push(symbol.name);
    }
    return { inputProperties, requiredInputs };
  }

  /** A resource's schema: inputs from its `…Args` interface (inherited ones included), outputs from its class. */
  resource(resource: PluginResource): Record<string, unknown> {
    const file = sourceOf(resource);
    const { inputProperties, requiredInputs } = this.inputs(file, `${resource.name}Args`, resource.secrets);
    for (const [name, value] of Object.entries(defaultsOf(resource))) {
      const input = inputProperties[name];
      if (!input) throw new Error(`${resource.name}: the default of ${name} names no input`);
      // A schema default is a primitive of the property's type; others (lists) stay in the descriptions only.
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") continue;
      if (input.type !== typeof value) throw new Error(`${resource.name}: the default of ${name} is a ${typeof value}, the input a ${String(input.type)}`);
      inputProperties[name] = { ...input, default: value };
    }
    const klass = this.declaration(file, resource.name, ts.isClassDeclaration);
    const properties: Record<string, PropertySpec> = {};
    for (const [name, { default: _default, ...output }] of Object.entries(inputProperties)) properties[name] = output;
    for (const member of klass.members) {
      if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name)) properties[member.name.text] = this.property(member, resource.secrets.includes(member.name.text));
    }
    return { description: this.doc(klass), properties: sorted(properties), inputProperties: sorted(inputProperties), requiredInputs: requiredInputs.sort() };
  }

  /** The Roster component's schema: inputs from `RosterArgs`, outputs the properties of `RosterComponent` it returns. */
  rosterComponent(): Record<string, unknown> {
    const { inputProperties, requiredInputs } = this.inputs(ROSTER_SOURCE, "RosterArgs", []);
    const component = this.declaration(ROSTER_SOURCE, "RosterComponent", ts.isClassDeclaration);
    const properties: Record<string, PropertySpec> = {};
    for (const output of ROSTER_COMPONENT_OUTPUTS) {
      const member = component.members.find((candidate) => ts.isPropertyDeclaration(candidate) && ts.isIdentifier(candidate.name) && candidate.name.text === output);
      properties[output] = this.property(member, false);
    }
    const description = this.doc(this.declaration(ROSTER_SOURCE, "Roster", ts.isClassDeclaration));
    return { isComponent: true, description, properties, required: [...ROSTER_COMPONENT_OUTPUTS], inputProperties: sorted(inputProperties), requiredInputs: requiredInputs.sort() };
  }
}

function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** The configuration of one service: its key (secret), URL and rate limit, under the plugin's names. */
function configurationOf(spec: CredentialSpec): Record<string, PropertySpec> {
  return {
    [pluginSettingName(spec.keyConfig)]: { type: "string", secret: true, description: `The ${spec.service} API key (${spec.keyShape}). Default: the ${spec.keyEnv} environment variable.` },
    [pluginSettingName(spec.urlConfig)]: { type: "string", description: `The ${spec.service} API URL. Default: the ${spec.urlEnv} environment variable, else ${spec.defaultUrl}.` },
    [pluginSettingName(spec.rateConfig)]: {
      type: "number",
      description: `The most ${spec.service} API requests per second this provider sends. Default: the ${spec.rateEnv} environment variable, else the service's documented limit for the key.`,
    },
  };
}

/**
 * The generated SDKs' names (sdk/, written by `bash scripts/gen-sdks.sh` from this schema): the Go module is used from
 * a clone through a `replace` directive, so its path is a local one.
 */
export const SDK_LANGUAGES = {
  go: { importBasePath: "pulumi-org-roster/sdk/go/orgroster" },
  nodejs: { packageName: "pulumi-org-roster-sdk" },
  python: { packageName: "pulumi_org_roster" },
};

/** The package schema, as schema.json holds it. */
export function renderProviderSchema(): string {
  const declarations = new Declarations([...PLUGIN_RESOURCES.map(sourceOf), ROSTER_SOURCE]);
  const config = sorted(Object.assign({}, ...Object.values(credentialSpecs).map(configurationOf)) as Record<string, PropertySpec>);
  const schema = {
    name: PACKAGE_NAME,
    displayName: "Organization Roster",
    description: "Clerk and WorkOS organization memberships and rosters, converged by `pulumi up`; drift shown by refresh.",
    license: "Apache-2.0",
    // Who publishes the package, as the .NET SDK's Authors and Company say it (the generator's default is not ours).
    publisher: "pulumi-org-roster",
    config: { variables: config },
    provider: { description: "The org-roster provider: credentials, API URLs and rate limits of Clerk and WorkOS.", properties: config, inputProperties: config },
    resources: {
      ...Object.fromEntries(PLUGIN_RESOURCES.map((resource) => [tokenOf(resource), declarations.resource(resource)])),
      [ROSTER_COMPONENT_TOKEN]: declarations.rosterComponent(),
    },
    language: SDK_LANGUAGES,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) {
  const target = join(ROOT, "schema.json");
  writeFileSync(target, renderProviderSchema());
  console.log(`wrote ${target}`);
}
