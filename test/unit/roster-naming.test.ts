// Resource naming of the Roster component: names come from organization + user only, so reordering or reformatting
// the roster changes nothing. Uses Pulumi's own resource mocks (no HTTP is involved in naming).

import * as pulumi from "@pulumi/pulumi";
import type { RosterDocument } from "../../provider";

const registered: string[] = [];

beforeAll(() => {
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push(`${args.type}::${args.name}`);
        return { id: `${args.name}-id`, state: args.inputs as Record<string, unknown> };
      },
      call: (args) => args.inputs as Record<string, unknown>,
    },
    "project",
    "stack",
    false,
  );
});

async function names(roster: RosterDocument, granularity: "member" | "organization"): Promise<string[]> {
  registered.length = 0;
  const { Roster } = await import("../../provider");
  new Roster("acme", { roster, granularity });
  await new Promise((resolve) => setTimeout(resolve, 50));
  return [...registered].sort();
}

const roster: RosterDocument = {
  clerk: {
    organizations: {
      org_2acme: {
        members: [
          { userId: "user_2jane", role: "org:admin" },
          { email: "John.Smith@acme.com", role: "org:member" },
        ],
      },
    },
  },
  workos: { organizations: { org_01acme: { members: [{ userId: "user_01jane", role: "admin" }] } } },
};

const reordered: RosterDocument = {
  workos: { organizations: { org_01acme: { members: [{ role: "admin", userId: "user_01jane" }] } } },
  clerk: {
    organizations: {
      org_2acme: {
        members: [
          { role: "org:member", email: "john.smith@ACME.com" },
          { role: "org:admin", userId: "user_2jane" },
        ],
      },
    },
  },
};

describe("Roster resource names", () => {
  it("in member granularity, are organization + user, whatever the order and the email's case", async () => {
    const first = await names(roster, "member");
    expect(first).toEqual([
      "pulumi-nodejs:dynamic/clerk:OrganizationMembership::clerk/org_2acme/john.smith@acme.com",
      "pulumi-nodejs:dynamic/clerk:OrganizationMembership::clerk/org_2acme/user_2jane",
      "pulumi-nodejs:dynamic/clerk:OrganizationRoster::clerk/org_2acme/unmanaged",
      "pulumi-nodejs:dynamic/index:RosterGuard::acme/removal-guard",
      "pulumi-nodejs:dynamic/index:RosterGuard::acme/removal-lock",
      "pulumi-nodejs:dynamic/workos:OrganizationMembership::workos/org_01acme/user_01jane",
      "pulumi-nodejs:dynamic/workos:OrganizationRoster::workos/org_01acme/unmanaged",
      "pulumi-org-roster:index:Roster::acme",
    ]);
    expect(await names(reordered, "member")).toEqual(first);
  });

  it("in organization granularity, are one per organization", async () => {
    const first = await names(roster, "organization");
    expect(first).toEqual([
      "pulumi-nodejs:dynamic/clerk:OrganizationRoster::clerk/org_2acme",
      "pulumi-nodejs:dynamic/index:RosterGuard::acme/removal-guard",
      "pulumi-nodejs:dynamic/index:RosterGuard::acme/removal-lock",
      "pulumi-nodejs:dynamic/workos:OrganizationRoster::workos/org_01acme",
      "pulumi-org-roster:index:Roster::acme",
    ]);
    expect(await names(reordered, "organization")).toEqual(first);
  });
});
