import { clerkMembershipModel } from "../../provider/backends/clerk/model";
import { createMembershipProvider } from "../../provider/engine/membership-provider";
import { UNKNOWN_VALUE } from "../../provider/engine/validation";

// diff and check never touch the API: an api factory that throws proves it.
const provider = createMembershipProvider(clerkMembershipModel, () => {
  throw new Error("diff and check must not call the API");
});

const stored = {
  membershipId: "orgmem_1",
  organizationId: "org_1",
  userId: "user_1",
  role: "org:member",
  roleName: "Member",
  permissions: [],
  publicMetadata: { team: { name: "core", oncall: true } },
  privateMetadata: { costCenter: 42 },
  createdAt: "2026-01-01T00:00:00.000Z",
  updatedAt: "2026-01-01T00:00:00.000Z",
  adoptExisting: true,
  __provider: "exports.handler = …",
};
const declared = {
  organizationId: "org_1",
  userId: "user_1",
  role: "org:member",
  publicMetadata: { team: { oncall: true, name: "core" } },
  privateMetadata: { costCenter: 42 },
  adoptExisting: true,
  __provider: "a different serialized provider",
};

describe("diff decisions", () => {
  it("reports no change when live equals declared, ignoring __provider and key order", async () => {
    await expect(provider.diff("orgmem_1", stored, declared)).resolves.toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  });

  it("updates in place when the role changes, saying so by property path", async () => {
    await expect(provider.diff("orgmem_1", stored, { ...declared, role: "org:admin" })).resolves.toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
      propertyChanges: { role: { kind: "update" } },
    });
  });

  it("updates in place when a nested metadata key is removed, naming the nested key", async () => {
    const result = await provider.diff("orgmem_1", stored, { ...declared, publicMetadata: { team: { name: "core" } } });
    expect(result).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false, propertyChanges: { "publicMetadata.team.oncall": { kind: "delete" } } });
  });

  it("updates in place when private metadata changes, naming each key (never a value)", async () => {
    const result = await provider.diff("orgmem_1", stored, { ...declared, privateMetadata: { costCenter: 43, "desk no.": "D-4" } });
    expect(result.changes).toBe(true);
    expect(result.replaces).toEqual([]);
    expect(result.propertyChanges).toEqual({ "privateMetadata.costCenter": { kind: "update" }, 'privateMetadata["desk no."]': { kind: "add" } });
    expect(JSON.stringify(result)).not.toContain("D-4");
  });

  it("replaces when userId changes, saying which property replaces", async () => {
    await expect(provider.diff("orgmem_1", stored, { ...declared, userId: "user_2" })).resolves.toMatchObject({
      changes: true,
      replaces: ["userId"],
      propertyChanges: { userId: { kind: "update", replace: true } },
    });
  });

  it("replaces when organizationId changes", async () => {
    await expect(provider.diff("orgmem_1", stored, { ...declared, organizationId: "org_2" })).resolves.toMatchObject({
      changes: true,
      replaces: ["organizationId"],
      propertyChanges: { organizationId: { kind: "update", replace: true } },
    });
  });

  it("reports drift: stored outputs refreshed to a live role differ from the unchanged declaration", async () => {
    const refreshed = { ...stored, role: "org:admin" };
    await expect(provider.diff("orgmem_1", refreshed, declared)).resolves.toMatchObject({ changes: true, replaces: [] });
  });

  it("ignores adoptExisting, which only matters on create", async () => {
    await expect(provider.diff("orgmem_1", stored, { ...declared, adoptExisting: false })).resolves.toMatchObject({ changes: false });
  });

  it("plans a replace when an identity value is unknown during preview", async () => {
    await expect(provider.diff("orgmem_1", stored, { ...declared, userId: UNKNOWN_VALUE })).resolves.toMatchObject({ changes: true, replaces: ["userId"] });
  });

  it("plans an update when another value is unknown during preview", async () => {
    await expect(provider.diff("orgmem_1", stored, { ...declared, role: UNKNOWN_VALUE })).resolves.toMatchObject({ changes: true, replaces: [] });
  });

  it("check returns failures and the raw inputs for bad input, without any API call", async () => {
    const result = await provider.check({}, { organizationId: "acme", userId: "user_1" });
    expect(result.failures?.map((f) => f.property)).toEqual(["organizationId"]);
  });
});
