// The provider plugin's envelope around the engine lifecycles: its configuration names in every credential message,
// the engine's Configure request read, secrets unwrapped on the way in and wrapped on the way out, rosters' members
// in the form the dynamic resources send (and, on import, in the form a program declares them), and dispatch by type
// token.
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { defaultSeed, startEmulator } from "../../emulator";
import * as runtime from "../../provider/runtime";
import { configurationOf } from "../../provider/plugin/main";
import { orgRosterProvider } from "../../provider/plugin/provider";
import { pluginCredentialSpec } from "../../provider/plugin/settings";

const ENV = ["CLERK_SECRET_KEY", "CLERK_API_URL", "CLERK_MAX_REQUESTS_PER_SECOND"] as const;
const urn = (type: string): string => `urn:pulumi:test::project::${type}::name`;
const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });
/** The inputs a check returned (the SDK types them `any`). */
const inputsOf = (result: { inputs?: unknown }): Record<string, unknown> => result.inputs as Record<string, unknown>;

describe("the provider plugin", () => {
  const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
  const configure = (settings: Record<string, string>): void => runtime.configureProviderPlugin((key) => settings[key], pluginCredentialSpec);

  beforeEach(() => {
    for (const name of ENV) delete process.env[name];
  });

  afterAll(() => {
    for (const name of ENV) if (saved[name] !== undefined) process.env[name] = saved[name];
    runtime.resetRuntime();
  });

  it("names its own settings in configuration problems, by the same rules as the dynamic resources", async () => {
    configure({});
    const missing = await orgRosterProvider().check!(urn("org-roster:clerk:OrganizationMembership"), {}, { organizationId: "org_2a", userId: "user_2a" });
    expect(missing.failures?.map((failure) => failure.reason).join("\n")).toContain("No Clerk API key: set it with `pulumi config set --secret org-roster:clerkSecretKey <sk_test_… or sk_live_…>` or the CLERK_SECRET_KEY environment variable");

    configure({ "org-roster:clerkSecretKey": "not-a-key" });
    const malformed = await orgRosterProvider().check!(urn("org-roster:clerk:OrganizationMembership"), {}, { organizationId: "org_2a", userId: "user_2a" });
    const reasons = malformed.failures?.map((failure) => failure.reason).join("\n") ?? "";
    expect(reasons).toContain("The Clerk API key in stack config org-roster:clerkSecretKey does not look like one");
    expect(reasons).not.toContain("not-a-key");
  });

  it("names its own key setting when the service refuses the key", async () => {
    const emulator = await startEmulator({ rateLimit: false, seed: defaultSeed() });
    try {
      configure({ "org-roster:clerkSecretKey": "sk_test_not_this_instance", "org-roster:clerkApiUrl": emulator.clerkApiUrl });
      const inputs = { organizationId: "org_2acmeCorpK7mQ4vX9pL2nR8tW5y", userId: "user_2Cj42gEnI5sEt6OHTerNANMDgHi", role: "org:member", publicMetadata: {}, privateMetadata: {}, adoptExisting: true };
      await expect(orgRosterProvider().create!(urn("org-roster:clerk:OrganizationMembership"), inputs)).rejects.toThrow(
        "Check the Clerk secret key (`org-roster:clerkSecretKey` or CLERK_SECRET_KEY)",
      );
    } finally {
      await runtime.closeHttpConnections();
      await emulator.close();
    }
  });

  it("reads the engine's Configure request: variables in either naming, arguments with secrets revealed", () => {
    const variables = new Map([["org-roster:config:clerkApiUrl", "http://127.0.0.1:1/v1"]]);
    const settings = configurationOf({
      getVariablesMap: () => ({ forEach: (callback) => variables.forEach((value, key) => callback(value, key)) }),
      getArgs: () => ({ toJavaScript: () => ({ clerkSecretKey: secret("sk_test_x"), clerkMaxRequestsPerSecond: 5 }) }),
    });
    expect(Object.fromEntries(settings)).toEqual({ "org-roster:clerkApiUrl": "http://127.0.0.1:1/v1", "org-roster:clerkSecretKey": "sk_test_x", "org-roster:clerkMaxRequestsPerSecond": "5" });
  });

  it("takes secrets in wrapped, hands them to the lifecycle plain, and returns the secret properties wrapped", async () => {
    configure({});
    const checked = await orgRosterProvider().check!(urn("org-roster:clerk:OrganizationMembership"), {}, { organizationId: "org_2a", userId: "user_2a", privateMetadata: secret({ note: "n" }) });
    expect(inputsOf(checked).privateMetadata).toEqual(secret({ note: "n" }));
    expect(inputsOf(checked).organizationId).toBe("org_2a");
  });

  it("sends a Clerk roster's members as its class does: public members apart from their secret private metadata", async () => {
    configure({});
    const checked = await orgRosterProvider().check!(urn("org-roster:clerk:OrganizationRoster"), {}, {
      organizationId: "org_2a",
      members: { user_2a: { role: "org:admin", privateMetadata: { note: "n" } }, user_2b: "org:member" },
    });
    expect(inputsOf(checked).members).toEqual({ user_2a: "org:admin", user_2b: "org:member" });
    expect(inputsOf(checked).privateMetadata).toEqual(secret({ user_2a: { note: "n" } }));
  });

  it("imports a Clerk roster with inputs in the program's form: each member's private metadata in its entry, a secret", async () => {
    const emulator = await startEmulator({ rateLimit: false, seed: defaultSeed() });
    try {
      configure({ "org-roster:clerkSecretKey": "sk_test_emulator_clerk", "org-roster:clerkApiUrl": emulator.clerkApiUrl });
      const organizationId = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
      const priya = "user_25O6MsMcGp2kTY7xO5ZIredutNa";
      const read = await orgRosterProvider().read!(organizationId, urn("org-roster:clerk:OrganizationRoster"), {});
      const inputs = read.inputs as Record<string, Record<string, unknown>>;
      const live = emulator.clerk.listMemberships({ organizationId }).find((m) => m.userId === priya);
      expect(inputs.members?.[priya]).toEqual({ role: "org:billing", privateMetadata: secret(live?.privateMetadata) });
      expect(inputs).not.toHaveProperty("privateMetadata");
      expect((read.props as Record<string, unknown>).privateMetadata).toEqual(secret({ [priya]: live?.privateMetadata }));
      // What the program then declares goes back to the lifecycle's form, private metadata apart.
      const checked = await orgRosterProvider().check!(urn("org-roster:clerk:OrganizationRoster"), inputs, inputs);
      expect(inputsOf(checked).privateMetadata).toEqual(secret({ [priya]: live?.privateMetadata }));
      expect(inputsOf(checked).members).toMatchObject({ [priya]: "org:billing" });
    } finally {
      await runtime.closeHttpConnections();
      await emulator.close();
    }
  });

  it("refuses a type it does not serve, naming those it does", async () => {
    await expect(orgRosterProvider().check!(urn("org-roster:clerk:Nope"), {}, {})).rejects.toThrow(
      "org-roster does not serve resources of type org-roster:clerk:Nope; it serves org-roster:clerk:OrganizationMembership, org-roster:workos:OrganizationMembership, org-roster:clerk:OrganizationRoster, org-roster:workos:OrganizationRoster",
    );
  });
});
