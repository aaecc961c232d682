// The provider plugin's schema: generated from the resources' own declarations and committed up to date.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderProviderSchema } from "../../scripts/provider-schema";

const ROOT = join(__dirname, "..", "..");

describe("schema.json", () => {
  const schema = JSON.parse(renderProviderSchema()) as {
    config: { variables: Record<string, { secret?: boolean }> };
    resources: Record<string, { isComponent?: boolean; inputProperties: Record<string, { secret?: boolean; description?: string }>; properties: Record<string, { secret?: boolean; description?: string }> }>;
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
});
