// The detailed diff: property paths, value changes, an OrganizationRoster's changes by member and private metadata
// key, a WorkOS membership's (whose state names its roles otherwise than its inputs), and the DiffResponse the
// provider plugin answers the engine with.

import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { clerkRosterModel } from "../../provider/backends/clerk/roster";
import { workosMembershipModel } from "../../provider/backends/workos/model";
import { createMembershipProvider } from "../../provider/engine/membership-provider";
import { propertyPath, recordValueChanges, type PropertyChanges } from "../../provider/engine/detailed-diff";
import { normalizeRosterInputs } from "../../provider/engine/roster-inputs";
import { rosterPropertyChanges, type RosterReviewFindings } from "../../provider/engine/roster-property-changes";
import { diffResponse } from "../../provider/plugin/diff-response";

const ORG = "org_2acme";

describe("property paths", () => {
  it("writes plain names with dots and any other key quoted", () => {
    expect(propertyPath(["members", "user_2a", "role"])).toBe("members.user_2a.role");
    expect(propertyPath(["members", "jane@acme.com"])).toBe('members["jane@acme.com"]');
    expect(propertyPath(["publicMetadata", 'say "hi"'])).toBe('publicMetadata["say \\"hi\\""]');
  });
});

describe("value changes", () => {
  it("records added, deleted and updated keys, recursing into objects down to the depth given", () => {
    const changes: PropertyChanges = {};
    recordValueChanges(changes, ["publicMetadata"], { a: 1, b: { c: 1 }, gone: true }, { a: 2, b: { c: 2 }, new: "x" }, { depth: 1 });
    expect(changes).toEqual({
      "publicMetadata.a": { kind: "update" },
      "publicMetadata.b": { kind: "update" },
      "publicMetadata.gone": { kind: "delete" },
      "publicMetadata.new": { kind: "add" },
    });
  });

  it("records nothing for equal values, and a change of shape as an update of the whole", () => {
    const changes: PropertyChanges = {};
    recordValueChanges(changes, ["members", "user_2a"], { role: "org:admin" }, { role: "org:admin" });
    expect(changes).toEqual({});
    recordValueChanges(changes, ["members", "user_2a"], "org:member", { role: "org:admin", publicMetadata: { team: "x" } }, { inputDiff: true });
    expect(changes).toEqual({ "members.user_2a": { kind: "update", inputDiff: true } });
  });
});

describe("an OrganizationRoster's property changes", () => {
  const noFindings: RosterReviewFindings = { previouslyDeclared: new Set(["user_2a", "user_2b", "user_2c"]), removedUnmanaged: [], reportsUnmanaged: false, invited: [], revokedInvitations: [], invitationsOtherwise: false };
  const state = {
    organizationId: ORG,
    members: { user_2a: "org:admin", user_2b: { role: "org:member", publicMetadata: { team: "core" } }, user_2c: "org:billing" },
    privateMetadata: { user_2b: { note: "before-1", pager: "P-1" }, user_2c: { desk: "D-1" } },
    absentMembers: [],
    unmanagedMembers: [{ userId: "user_2u", role: "org:member", membershipId: "orgmem_u" }],
    unmanagedMembersMode: "report",
    maxRemovals: 5,
    adminRoles: ["org:admin"],
    manageMembers: true,
    emails: {},
  };

  async function inputsOf(raw: Record<string, unknown>) {
    const result = await normalizeRosterInputs(clerkRosterModel, { organizationId: ORG, ...raw }, () => Promise.resolve(new Map<string, string[]>()));
    if ("problems" in result) throw new Error(JSON.stringify(result.problems));
    return result.inputs;
  }

  it("names each member added, removed and changed, and each private metadata key, never a value", async () => {
    const inputs = await inputsOf({
      members: { user_2a: "org:admin", user_2b: { role: "org:admin", publicMetadata: { team: "core", floor: 3 } }, user_2d: "org:member" },
      privateMetadata: { user_2b: { note: "after-2", desk: "D-2" } },
      maxRemovals: 3,
    });
    const changes = rosterPropertyChanges(clerkRosterModel, state, inputs, noFindings);
    expect(changes).toEqual({
      maxRemovals: { kind: "update", inputDiff: true },
      "members.user_2b.role": { kind: "update" },
      "members.user_2b.publicMetadata.floor": { kind: "add" },
      "members.user_2c": { kind: "delete" },
      "members.user_2d": { kind: "add" },
      "privateMetadata.user_2b.desk": { kind: "add" },
      "privateMetadata.user_2b.note": { kind: "update" },
      "privateMetadata.user_2b.pager": { kind: "delete" },
      "privateMetadata.user_2c": { kind: "delete" },
    });
    expect(JSON.stringify(changes)).not.toMatch(/before-1|after-2|D-2|P-1/);
  });

  it("updates a member's role alone as a whole, and takes a member declared while absent from the previous inputs", async () => {
    const inputs = await inputsOf({ members: { user_2a: "org:member", user_2b: { role: "org:member", publicMetadata: { team: "core" } } }, privateMetadata: { user_2b: { note: "before-1", pager: "P-1" } } });
    const absent = { ...state, members: { user_2a: "org:admin", user_2b: state.members.user_2b }, privateMetadata: { user_2b: state.privateMetadata.user_2b }, absentMembers: ["user_2c"] };
    expect(rosterPropertyChanges(clerkRosterModel, absent, inputs, noFindings)).toEqual({
      "members.user_2a": { kind: "update" },
      "members.user_2c": { kind: "delete", inputDiff: true },
    });
  });

  it("names the unmanaged members removed, the invitees invited and no longer invited, and gives up where invitations change otherwise", async () => {
    const inputs = await inputsOf({ members: { user_2a: "org:admin", user_2b: { role: "org:member", publicMetadata: { team: "core" } }, user_2c: "org:billing" }, privateMetadata: state.privateMetadata });
    const findings = { ...noFindings, removedUnmanaged: [{ userId: "user_2u" }], invited: ["new@acme.com"], revokedInvitations: ["gone@acme.com"] };
    const invited = { ...state, privateMetadata: { ...state.privateMetadata, "gone@acme.com": { badge: "B-7" } } };
    expect(rosterPropertyChanges(clerkRosterModel, invited, inputs, findings)).toEqual({
      "unmanagedMembers[0]": { kind: "delete" },
      'members["new@acme.com"]': { kind: "add" },
      'members["gone@acme.com"]': { kind: "delete", inputDiff: true },
      'privateMetadata["gone@acme.com"]': { kind: "delete" },
    });
    expect(rosterPropertyChanges(clerkRosterModel, state, inputs, { ...noFindings, reportsUnmanaged: true })).toEqual({ unmanagedMembers: { kind: "update" } });
    expect(rosterPropertyChanges(clerkRosterModel, state, inputs, { ...noFindings, invitationsOtherwise: true })).toBeUndefined();
  });
});

describe("a WorkOS membership's property changes", () => {
  // diff never touches the API: an api factory that throws proves it.
  const provider = createMembershipProvider(workosMembershipModel, () => {
    throw new Error("diff must not call the API");
  });
  const stored = {
    membershipId: "om_1",
    organizationId: "org_01A",
    userId: "user_01A",
    organizationName: "Acme",
    role: "member",
    roles: ["member"],
    status: "active",
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: "2026-01-01T00:00:00.000Z",
    adoptExisting: true,
    onDelete: "delete",
  };
  const declared = { organizationId: "org_01A", userId: "user_01A", roleSlug: "member", adoptExisting: true, onDelete: "delete" };

  it("names the input that changes, its old value from the previous inputs where the state names it otherwise", async () => {
    await expect(provider.diff("om_1", stored, { ...declared, roleSlug: "admin", onDelete: "deactivate" })).resolves.toMatchObject({
      changes: true,
      propertyChanges: { roleSlug: { kind: "update", inputDiff: true }, onDelete: { kind: "update" } },
    });
    const { roleSlug: _roleSlug, ...withoutRoleSlug } = declared;
    await expect(provider.diff("om_1", stored, { ...withoutRoleSlug, roleSlugs: ["admin", "member"] })).resolves.toMatchObject({
      propertyChanges: { roleSlug: { kind: "delete", inputDiff: true }, roleSlugs: { kind: "add", inputDiff: true } },
    });
  });

  it("says a deactivated membership's reactivation by the state's status, which no input names", async () => {
    await expect(provider.diff("om_1", { ...stored, status: "inactive" }, declared)).resolves.toMatchObject({ changes: true, propertyChanges: { status: { kind: "update" } } });
  });
});

describe("the plugin's DiffResponse", () => {
  const Kind = provproto.PropertyDiff.Kind;

  it("carries the detailed diff, its kinds (replacing ones included), where old values come from, and the changed properties", () => {
    const response = diffResponse({
      changes: true,
      replaces: ["organizationId"],
      propertyChanges: {
        organizationId: { kind: "update", replace: true },
        'members["jane@acme.com"]': { kind: "add" },
        "privateMetadata.user_2b.note": { kind: "delete" },
        maxRemovals: { kind: "update", inputDiff: true },
      },
    });
    expect(response.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
    expect(response.getReplacesList()).toEqual(["organizationId"]);
    expect(response.getHasdetaileddiff()).toBe(true);
    // As the engine reads it: from the wire.
    const received = provproto.DiffResponse.deserializeBinary(response.serializeBinary());
    const detailed: Record<string, [number, boolean]> = {};
    received.getDetaileddiffMap().forEach((diff, path) => (detailed[path] = [diff.getKind(), diff.getInputdiff()]));
    expect(detailed).toEqual({
      organizationId: [Kind.UPDATE_REPLACE, false],
      'members["jane@acme.com"]': [Kind.ADD, false],
      "privateMetadata.user_2b.note": [Kind.DELETE, false],
      maxRemovals: [Kind.UPDATE, true],
    });
    expect(received.getDiffsList()).toEqual(["maxRemovals", "members", "organizationId", "privateMetadata"]);
  });

  it("has no detailed diff without property changes or without changes, so the CLI compares the properties itself", () => {
    expect(diffResponse({ changes: true }).getHasdetaileddiff()).toBe(false);
    const none = diffResponse({ changes: false, propertyChanges: {} });
    expect(none.getChanges()).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);
    expect(none.getHasdetaileddiff()).toBe(false);
  });
});
