import { clerkMembershipModel } from "../../provider/backends/clerk/model";
import { UNKNOWN_VALUE } from "../../provider/engine/validation";

const valid = { organizationId: "org_2abc", userId: "user_2xyz" };

function problems(raw: Record<string, unknown>) {
  const result = clerkMembershipModel.validate(raw);
  return result.ok ? [] : result.problems;
}

describe("Clerk membership input validation", () => {
  it("applies the defaults: role org:member, empty metadata, adoptExisting true", () => {
    const result = clerkMembershipModel.validate(valid);
    expect(result.ok && result.inputs).toEqual({
      ...valid,
      role: "org:member",
      publicMetadata: {},
      privateMetadata: {},
      adoptExisting: true,
    });
  });

  it("names the property and the expected prefix for a bad organization id", () => {
    const found = problems({ ...valid, organizationId: "acme" });
    expect(found).toHaveLength(1);
    expect(found[0]?.property).toBe("organizationId");
    expect(found[0]?.reason).toContain('starting with "org_"');
    expect(found[0]?.reason).toContain('got "acme"');
  });

  it("rejects a user id without the user_ prefix", () => {
    const found = problems({ ...valid, userId: "usr_1" });
    expect(found.map((p) => p.property)).toEqual(["userId"]);
    expect(found[0]?.reason).toContain('"user_"');
  });

  it("rejects a bare role name and says role keys start with org:", () => {
    const found = problems({ ...valid, role: "admin" });
    expect(found.map((p) => p.property)).toEqual(["role"]);
    expect(found[0]?.reason).toContain("org:admin");
  });

  it("reports every problem at once, each against its own property", () => {
    const found = problems({ organizationId: 5, userId: "nope", role: "x", publicMetadata: [], adoptExisting: "yes" });
    expect(found.map((p) => p.property).sort()).toEqual(["adoptExisting", "organizationId", "publicMetadata", "role", "userId"]);
  });

  it("reports a missing required property", () => {
    const found = problems({ organizationId: "org_1" });
    expect(found.map((p) => p.property)).toEqual(["userId"]);
    expect(found[0]?.reason).toContain("missing");
  });

  it("rejects unknown properties and lists the allowed ones", () => {
    const found = problems({ ...valid, roles: ["org:admin"] });
    expect(found.map((p) => p.property)).toEqual(["roles"]);
    expect(found[0]?.reason).toContain("allowed: organizationId, userId, role");
  });

  it("rejects metadata that is not a JSON object", () => {
    expect(problems({ ...valid, publicMetadata: "x" }).map((p) => p.property)).toEqual(["publicMetadata"]);
    expect(problems({ ...valid, publicMetadata: [1] }).map((p) => p.property)).toEqual(["publicMetadata"]);
  });

  it("rejects null values in metadata, nested ones too, and says why", () => {
    const found = problems({ ...valid, publicMetadata: { team: { lead: null } } });
    expect(found.map((p) => p.property)).toEqual(["publicMetadata"]);
    expect(found[0]?.reason).toContain("null values are not allowed");
    expect(found[0]?.reason).toContain("team.lead");
  });

  it("rejects metadata above Clerk's 8 KB limit", () => {
    const found = problems({ ...valid, publicMetadata: { blob: "x".repeat(8200) } });
    expect(found.map((p) => p.property)).toEqual(["publicMetadata"]);
    expect(found[0]?.reason).toContain("8192");
  });

  it("never echoes private metadata in a message", () => {
    const found = problems({ ...valid, privateMetadata: { token: null, secret: "hunter2-very-secret" } });
    expect(found.map((p) => p.property)).toEqual(["privateMetadata"]);
    expect(JSON.stringify(found)).not.toContain("hunter2");
  });

  it("lets values unknown during preview through", () => {
    const result = clerkMembershipModel.validate({ organizationId: UNKNOWN_VALUE, userId: "user_1" });
    expect(result.ok).toBe(true);
  });
});
