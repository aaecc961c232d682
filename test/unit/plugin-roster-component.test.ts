// The provider plugin's Roster component: the same resources, by the same names, as the TypeScript Roster, of the
// plugin's own types; arguments that are outputs refused naming them. Uses Pulumi's own resource mocks.

import * as pulumi from "@pulumi/pulumi";
import type { RosterDocument } from "../../provider";
import { constructRoster } from "../../provider/plugin/roster-component";

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

const roster: RosterDocument = {
  clerk: { organizations: { org_2acme: { members: [{ userId: "user_2jane", role: "org:admin" }, { email: "john.smith@acme.com", privateMetadata: { pager: "P-1" } }] } } },
  workos: { organizations: { org_01acme: { members: [{ userId: "user_01jane", role: "admin" }] } } },
};

/** The `type::name` of every resource a Roster registers, sorted. */
async function registrations(declare: () => unknown): Promise<string[]> {
  registered.length = 0;
  await declare();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return [...registered].sort();
}

describe("the provider plugin's Roster component", () => {
  it.each(["member", "organization"] as const)("registers the TypeScript Roster's resources by name, of the plugin's own types (%s granularity)", async (granularity) => {
    const { Roster } = await import("../../provider");
    const typescript = await registrations(() => new Roster("acme", { roster, granularity }));
    const plugin = await registrations(() => constructRoster("acme", "org-roster:index:Roster", { roster, granularity }, {}));
    expect(plugin.some((registration) => registration.includes("dynamic"))).toBe(false);
    expect(plugin).toContain("org-roster:index:RosterGuard::acme/removal-lock");
    const asPlugin = typescript.map((registration) => registration.replace("pulumi-nodejs:dynamic/", "org-roster:").replace("pulumi-org-roster:index:Roster", "org-roster:index:Roster"));
    expect(plugin).toEqual(asPlugin.sort());
  });

  it("refuses arguments that are outputs, naming them", async () => {
    await expect(constructRoster("acme", "org-roster:index:Roster", { file: pulumi.output("roster.yaml"), granularity: pulumi.secret("member") }, {})).rejects.toThrow(
      "Roster acme: file: is an output of another resource or a secret; allowed: a value written in the program\n" +
        "Roster acme: granularity: is an output of another resource or a secret; allowed: a value written in the program",
    );
  });

  it("refuses a component type it does not have", async () => {
    await expect(constructRoster("acme", "org-roster:index:Team", { roster }, {})).rejects.toThrow("org-roster has no component of type org-roster:index:Team; it has org-roster:index:Roster");
  });
});
