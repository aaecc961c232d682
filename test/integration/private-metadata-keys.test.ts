// A reviewer sees which member's private metadata drifted, and which keys, without any value: a roster's and a
// membership's inputs (from check and from a refresh) and state carry privateMetadataKeys, and drift-report names
// the keys. The secret values appear nowhere.

import { driftByOrganization } from "../../provider/cli/drift-report";
import { clerkMembership, clerkRoster } from "../../provider/runtime";
import { useRuntimeEmulator } from "../support/emulator-harness";

const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin
const JOHN = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6"; // seeded org:member {team: platform}
const SAM = "user_2q2pKPH4DwyaujKDfVPuwfT9G8F";
const SECRET = "PAGER-7f3a91";
const OUT_OF_BAND = "COST-CENTER-55d2";

const fixture = useRuntimeEmulator();

describe("Clerk OrganizationRoster", () => {
  it("a private value changed out of band shows as that member's key in the refreshed inputs and in drift-report, never as a value", async () => {
    const declared = { organizationId: ORG, members: { [JANE]: "org:admin", [JOHN]: { role: "org:member", publicMetadata: { team: "platform" } } }, privateMetadata: { [JOHN]: { pager: SECRET } }, unmanagedMembers: "ignore" };
    const { inputs } = await clerkRoster.check({}, declared);
    expect(inputs.privateMetadataKeys).toEqual({ [JOHN]: { pager: expect.stringMatching(/^[0-9a-f]{16}$/) as string } });
    const { outs } = await clerkRoster.create(inputs);
    expect(outs.privateMetadataKeys).toEqual(inputs.privateMetadataKeys);

    fixture.handle.clerk.mergeMembershipMetadata(ORG, JOHN, { privateMetadata: { pager: "changed by hand", costCenter: OUT_OF_BAND } });
    const read = await clerkRoster.read(ORG, outs);
    const live = read.inputs?.privateMetadataKeys as Record<string, Record<string, string>>;
    const want = inputs.privateMetadataKeys as Record<string, Record<string, string>>;
    expect(Object.keys(live[JOHN] ?? {})).toEqual(["costCenter", "pager"]);
    expect(live[JOHN]?.pager).not.toBe(want[JOHN]?.pager);
    await expect(clerkRoster.diff(ORG, read.props ?? {}, inputs)).resolves.toMatchObject({ changes: true });

    const type = "pulumi-nodejs:dynamic/clerk:OrganizationRoster";
    const drift = driftByOrganization({ steps: [{ op: "update", urn: "urn:roster", oldState: { type, outputs: read.props }, newState: { type, inputs } }] });
    expect(drift).toEqual([{ service: "Clerk", organizationId: ORG, changes: [{ member: JOHN, person: "John Smith <john.smith@acme.com>", change: "private-metadata", to: "costCenter removed, pager changed" }] }]);
    for (const text of [JSON.stringify(read.inputs?.privateMetadataKeys), JSON.stringify(drift), JSON.stringify(outs.privateMetadataKeys)]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(OUT_OF_BAND);
    }
  });
});

describe("Clerk OrganizationMembership", () => {
  it("check and a refresh carry the member's key list; a changed value changes only that key's digest", async () => {
    const { inputs } = await clerkMembership.check({}, { organizationId: ORG, userId: SAM, role: "org:member", privateMetadata: { pager: SECRET, desk: "4F" } });
    const { id, outs } = await clerkMembership.create(inputs);
    fixture.handle.clerk.mergeMembershipMetadata(ORG, SAM, { privateMetadata: { pager: "changed by hand" } });
    const read = await clerkMembership.read(id, outs);
    const before = (inputs.privateMetadataKeys as Record<string, Record<string, string>>)[SAM];
    const after = (read.inputs?.privateMetadataKeys as Record<string, Record<string, string>>)[SAM];
    expect(after?.desk).toBe(before?.desk);
    expect(after?.pager).not.toBe(before?.pager);
    const type = "pulumi-nodejs:dynamic/clerk:OrganizationMembership";
    expect(driftByOrganization({ steps: [{ op: "update", urn: "urn:member", oldState: { type, outputs: read.props }, newState: { type, inputs } }] })).toEqual([
      { service: "Clerk", organizationId: ORG, changes: [{ member: SAM, person: "Sam Okafor <sam.okafor@acme.com>", change: "private-metadata", to: "pager changed" }] },
    ]);
  });
});
