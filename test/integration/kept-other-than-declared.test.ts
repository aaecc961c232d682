// After a write, what the service kept is compared with the declaration: when the emulator keeps something else
// (WorkOS keeping one of several roles, Clerk dropping a metadata key), create and update fail with what was kept,
// what was declared and what to do, and the state they hand back holds what was kept, for both resource kinds.

import { ResourceInitError } from "../../provider/engine/protocol";
import { clerkMembership, clerkRoster, workosMembership, workosRoster } from "../../provider/runtime";
import { useRuntimeEmulator } from "../support/emulator-harness";

const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const MARCO = "user_2Cj42gEnI5sEt6OHTerNANMDgHi";
const AIKO = "user_2xhf4ceAYkFATOHxeiZEhKrnn3E";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const W_MARCO = "user_01JGFJK1XRYFYTC66VPVTX363S";
const W_AIKO = "user_01JGFJK2X0N6FCCW8VBHXF4W63";
const SECRET = "PRIVMETA-kept-check-4711";

const fixture = useRuntimeEmulator();

async function rejection(promise: Promise<unknown>): Promise<ResourceInitError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ResourceInitError);
  return error as ResourceInitError;
}

describe("OrganizationMembership", () => {
  it("WorkOS keeping one of two roles: create fails naming Multiple Roles, and the state holds the kept role", async () => {
    fixture.handle.setWriteQuirks({ workosKeepFirstRole: true });
    const { inputs } = await workosMembership.check({}, { organizationId: WORKOS_ORG, userId: W_MARCO, roleSlugs: ["admin", "billing"] });
    const error = await rejection(workosMembership.create(inputs));
    expect(error.message).toMatch(/WorkOS kept \[admin\], declared \[admin, billing\].*enable Multiple Roles.*or declare a single roleSlug/);
    expect(error.properties).toMatchObject({ userId: W_MARCO, roles: ["admin"] });
    // The stored state is what WorkOS kept: diff against the declaration still shows a change.
    await expect(workosMembership.diff(error.id, error.properties, inputs)).resolves.toMatchObject({ changes: true });

    // With the quirk off, the update converges and the diff is clean.
    fixture.handle.setWriteQuirks({});
    const { outs } = await workosMembership.update(error.id, error.properties, inputs);
    expect(outs).toMatchObject({ roles: ["admin", "billing"] });
    await expect(workosMembership.diff(error.id, outs, inputs)).resolves.toMatchObject({ changes: false });
  });

  it("Clerk dropping a metadata key: create fails naming the key, never its secret value", async () => {
    fixture.handle.setWriteQuirks({ clerkDropMetadataKey: "pager" });
    const { inputs } = await clerkMembership.check({}, { organizationId: CLERK_ORG, userId: MARCO, role: "org:member", publicMetadata: { team: "x" }, privateMetadata: { pager: SECRET } });
    const error = await rejection(clerkMembership.create(inputs));
    expect(error.message).toMatch(/privateMetadata: key\(s\) pager not kept/);
    expect(error.message).not.toContain(SECRET);
    expect(error.properties).toMatchObject({ privateMetadata: {}, publicMetadata: { team: "x" } });

    fixture.handle.setWriteQuirks({});
    const { outs } = await clerkMembership.update(error.id, error.properties, inputs);
    expect(outs).toMatchObject({ privateMetadata: { pager: SECRET } });
    await expect(clerkMembership.diff(error.id, outs, inputs)).resolves.toMatchObject({ changes: false });
  });

  it("an update whose write is not kept fails the same way", async () => {
    const { inputs } = await clerkMembership.check({}, { organizationId: CLERK_ORG, userId: MARCO, role: "org:member" });
    const created = await clerkMembership.create(inputs);
    fixture.handle.setWriteQuirks({ clerkDropMetadataKey: "team" });
    const { inputs: news } = await clerkMembership.check(inputs, { organizationId: CLERK_ORG, userId: MARCO, role: "org:member", publicMetadata: { team: "security", floor: 3 } });
    const error = await rejection(clerkMembership.update(created.id, created.outs, news));
    expect(error.message).toMatch(/publicMetadata: key\(s\) team not kept/);
    expect(error.properties).toMatchObject({ publicMetadata: { floor: 3 } });
  });
});

describe("OrganizationRoster", () => {
  it("Clerk: the member whose metadata was not kept is named, the others applied, the kept values recorded", async () => {
    fixture.handle.setWriteQuirks({ clerkDropMetadataKey: "pager" });
    const { inputs } = await clerkRoster.check({}, {
      organizationId: CLERK_ORG,
      members: { [MARCO]: "org:member", [AIKO]: { role: "org:member" } },
      privateMetadata: { [AIKO]: { pager: SECRET } },
      unmanagedMembers: "ignore",
    });
    const error = await rejection(clerkRoster.create(inputs));
    expect(error.message).toMatch(new RegExp(`1 member change\\(s\\) failed.*Aiko Tanaka <aiko\\.tanaka@acme\\.com> \\(${AIKO}\\) \\(add\\): Clerk accepted the write.*privateMetadata: key\\(s\\) pager not kept`));
    expect(error.message).not.toContain(SECRET);
    expect(error.properties).toMatchObject({ members: { [MARCO]: "org:member", [AIKO]: "org:member" }, privateMetadata: {} });
    await expect(clerkRoster.diff(error.id, error.properties, inputs)).resolves.toMatchObject({ changes: true });

    fixture.handle.setWriteQuirks({});
    const { outs } = await clerkRoster.update(error.id, error.properties, inputs);
    await expect(clerkRoster.diff(error.id, outs, inputs)).resolves.toMatchObject({ changes: false });
  });

  it("WorkOS: a member given two roles while one is kept fails with the Multiple Roles advice", async () => {
    fixture.handle.setWriteQuirks({ workosKeepFirstRole: true });
    const { inputs } = await workosRoster.check({}, {
      organizationId: WORKOS_ORG,
      members: { [W_MARCO]: { roleSlugs: ["admin", "billing"] }, [W_AIKO]: "member" },
      unmanagedMembers: "ignore",
    });
    const error = await rejection(workosRoster.create(inputs));
    expect(error.message).toMatch(new RegExp(`${W_MARCO} \\(add\\): WorkOS accepted the write.*WorkOS kept \\[admin\\], declared \\[admin, billing\\].*enable Multiple Roles`));
    expect(error.properties).toMatchObject({ members: { [W_MARCO]: "admin", [W_AIKO]: "member" } });
    await expect(workosRoster.diff(error.id, error.properties, inputs)).resolves.toMatchObject({ changes: true });
  });
});
