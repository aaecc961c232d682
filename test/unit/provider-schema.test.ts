// The provider plugin's schema: generated from the resources' own declarations and committed up to date.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { forPlugin, renderProviderSchema } from "../../scripts/provider-schema";
import { clerkMembershipModel } from "../../provider/backends/clerk/model";
import { workosMembershipModel } from "../../provider/backends/workos/model";
import { ROSTER_SETTING_DEFAULTS } from "../../provider/engine/roster-plan";
import { credentialSpecs } from "../../provider/runtime";

const ROOT = join(__dirname, "..", "..");

describe("schema.json", () => {
  const schema = JSON.parse(renderProviderSchema()) as {
    config: { variables: Record<string, { secret?: boolean }> };
    resources: Record<
      string,
      {
        isComponent?: boolean;
        description?: string;
        inputProperties: Record<string, { secret?: boolean; description?: string; default?: unknown }>;
        properties: Record<string, { secret?: boolean; description?: string; default?: unknown }>;
      }
    >;
  };

  it("is up to date with the resources' declarations (run `npm run provider-schema` after changing them)", () => {
    expect(readFileSync(join(ROOT, "schema.json"), "utf8")).toBe(renderProviderSchema());
  });

  it("serves the four resources and the Roster component, marks private metadata and API keys secret, and carries the doc comments", () => {
    expect(Object.keys(schema.resources).sort()).toEqual([
      "org-roster:clerk:OrganizationMembership",
      "org-roster:clerk:OrganizationRoster",
      "org-roster:index:Roster",
      "org-roster:workos:OrganizationMembership",
      "org-roster:workos:OrganizationRoster",
    ]);
    const clerkMembership = schema.resources["org-roster:clerk:OrganizationMembership"];
    expect(clerkMembership?.inputProperties.privateMetadata?.secret).toBe(true);
    expect(clerkMembership?.properties.privateMetadata?.secret).toBe(true);
    expect(schema.resources["org-roster:clerk:OrganizationRoster"]?.properties.privateMetadata?.secret).toBe(true);
    expect(clerkMembership?.inputProperties.organizationId?.description).toContain("Changing it replaces the membership");
    const roster = schema.resources["org-roster:index:Roster"];
    expect(roster?.isComponent).toBe(true);
    expect(Object.keys(roster?.inputProperties ?? {}).sort()).toEqual(["file", "granularity", "roster"]);
    expect(roster?.inputProperties.file?.description).toContain("relative to the Pulumi project directory");
    expect(Object.keys(roster?.properties ?? {})).toEqual(["organizations"]);
    expect(roster?.properties.organizations?.description).toContain("Private metadata is not part of it");
    expect(schema.config.variables.clerkSecretKey?.secret).toBe(true);
    expect(schema.config.variables.workosApiKey?.secret).toBe(true);
  });

  it("names the plugin's settings where the doc comments name the stack settings, in one text for both", () => {
    expect(forPlugin("stack config `clerk:secretKey` (secret), `clerk:apiUrl`, `workos:maxRequestsPerSecond`; CLERK_SECRET_KEY")).toBe(
      "stack config `org-roster:clerkSecretKey` (secret), `org-roster:clerkApiUrl`, `org-roster:workosMaxRequestsPerSecond`; CLERK_SECRET_KEY",
    );
    const descriptions = Object.values(schema.resources).flatMap((resource) => [
      resource.description ?? "",
      ...Object.values(resource.inputProperties).map((property) => property.description ?? ""),
    ]);
    const stackSettings = Object.values(credentialSpecs).flatMap((spec) => [spec.keyConfig, spec.urlConfig, spec.rateConfig]);
    for (const setting of stackSettings) expect(descriptions.filter((text) => text.includes(setting))).toEqual([]);
    expect(schema.resources["org-roster:clerk:OrganizationMembership"]?.description).toContain("`org-roster:clerkSecretKey` (secret)");
    expect(schema.resources["org-roster:workos:OrganizationMembership"]?.description).toContain("`org-roster:workosApiKey` (secret)");
  });

  it("declares the defaults the engine gives inputs left out, on inputs only", () => {
    const defaults = (token: string) =>
      Object.fromEntries(Object.entries(schema.resources[token]?.inputProperties ?? {}).flatMap(([name, property]) => (property.default === undefined ? [] : [[name, property.default]])));
    expect(defaults("org-roster:clerk:OrganizationMembership")).toEqual(clerkMembershipModel.inputDefaults);
    expect(defaults("org-roster:clerk:OrganizationMembership")).toEqual({ role: "org:member", adoptExisting: true });
    // roleSlug has no default: a program that sets roleSlugs must not be sent one (they are mutually exclusive).
    expect(defaults("org-roster:workos:OrganizationMembership")).toEqual(workosMembershipModel.inputDefaults);
    expect(defaults("org-roster:workos:OrganizationMembership")).toEqual({ adoptExisting: true, onDelete: "delete" });
    for (const token of ["org-roster:clerk:OrganizationRoster", "org-roster:workos:OrganizationRoster"]) {
      expect(defaults(token)).toEqual(ROSTER_SETTING_DEFAULTS);
      expect(defaults(token)).toMatchObject({ maxRemovals: 5, unmanagedMembers: "report" });
    }
    for (const resource of Object.values(schema.resources)) expect(Object.values(resource.properties).filter((property) => property.default !== undefined)).toEqual([]);
  });
});
