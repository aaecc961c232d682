// The published JSON Schema: generated from the zod schema, committed up to date, and agreeing with the checks.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { renderRosterJsonSchema, rosterJsonSchema } from "../../../provider/roster";

const ROOT = join(__dirname, "..", "..", "..");
const FIXTURES = join(ROOT, "test", "fixtures", "roster");

function compileSchema() {
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv);
  return ajv.compile(rosterJsonSchema());
}

function fixture(name: string): unknown {
  return parse(readFileSync(join(FIXTURES, name), "utf8"));
}

describe("roster.schema.json", () => {
  it("is up to date with the zod schema (run `npm run roster-schema` after changing it)", () => {
    expect(readFileSync(join(ROOT, "roster.schema.json"), "utf8")).toBe(renderRosterJsonSchema());
  });

  it("is a draft-07 schema that accepts the valid fixture", () => {
    const validate = compileSchema();
    expect(rosterJsonSchema().$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(validate(fixture("valid.roster.yaml"))).toBe(true);
  });

  it("rejects the broken fixture", () => {
    expect(compileSchema()(fixture("broken.roster.yaml"))).toBe(false);
  });

  it("rejects what the checks reject: null metadata, both role and roles, neither userId nor email, an unknown key", () => {
    const validate = compileSchema();
    const clerk = (member: Record<string, unknown>) => ({ clerk: { organizations: { org_a: { members: [member] } } } });
    const workos = (member: Record<string, unknown>) => ({ workos: { organizations: { org_a: { members: [member] } } } });
    expect(validate(clerk({ userId: "user_a", publicMetadata: { team: null } }))).toBe(false);
    expect(validate(clerk({ userId: "user_a", publicMetadata: { tags: ["a", { b: [1, true] }] } }))).toBe(true);
    expect(validate(workos({ userId: "user_a", role: "admin", roles: ["billing"] }))).toBe(false);
    expect(validate(workos({ role: "admin" }))).toBe(false);
    expect(validate(workos({ userId: "user_a", email: "jo@example.com" }))).toBe(false);
    expect(validate(clerk({ userId: "user_a", roles: ["org:admin"] }))).toBe(false);
    expect(validate({ clerk: { organizations: { "acme-corp": { members: [] } } } })).toBe(false);
  });
});
