// What `check` hands the engine: secrets never named as a failure's property (the engine would print the value next
// to it), and the provider's own configuration refused without a network call, with the same rule every API call
// applies.

import { clerkMembershipModel } from "../../provider/backends/clerk/model";
import { clerkRosterModel } from "../../provider/backends/clerk/roster";
import { clerkCredentialSpec } from "../../provider/backends/clerk/settings";
import { workosCredentialSpec } from "../../provider/backends/workos/settings";
import { createMembershipProvider } from "../../provider/engine/membership-provider";
import { createRosterProvider } from "../../provider/engine/roster-provider";
import { UNKNOWN_VALUE } from "../../provider/engine/validation";
import { HttpClient, type ServiceProfile } from "../../provider/http/client";
import { resolveCredentials } from "../../provider/http/credentials";
import { ConfigurationError } from "../../provider/http/errors";
import { RateLimiter } from "../../provider/http/rate-limiter";
import { clerkMembership, clerkRoster, closeHttpConnections, resetRuntime, workosMembership, workosRoster } from "../../provider/runtime";
import { startEmulator } from "../../emulator";

const MARKER = "PRIVMETA-4e1d77c0";
const CLERK_KEY = "sk_test_check_safety_key_0001";
const WORKOS_KEY = "sk_test_check_safety_workos_0002";
const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const USER = "user_2Cj42gEnI5sEt6OHTerNANMDgHi";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const WORKOS_USER = "user_01JGFJK1XRYFYTC66VPVTX363S";

// check must not call the API for anything below: an api factory that throws proves it.
const noApi = (): never => {
  throw new Error("check must not call the API here");
};

/** Everything the engine would print for these failures, as one text. */
function printed(failures: Array<{ property: string; reason: string }> | undefined): string {
  return JSON.stringify(failures ?? []);
}

describe("a rejected private metadata value is never handed to the engine to print", () => {
  const membership = createMembershipProvider(clerkMembershipModel, noApi);
  const roster = createRosterProvider(clerkRosterModel, noApi);
  const invalidValues: Array<[string, unknown]> = [
    ["a null value", { pager: MARKER, retired: null }],
    ["more than 8 KB", { pager: MARKER, notes: "x".repeat(9000) }],
    ["not an object", MARKER],
    ["a list", [MARKER]],
  ];

  it.each(invalidValues)("membership privateMetadata with %s: no property, the reason names privateMetadata and what is allowed", async (_, value) => {
    const result = await membership.check({}, { organizationId: ORG, userId: USER, privateMetadata: value });
    expect(result.failures).toEqual([{ property: "", reason: expect.stringMatching(/^privateMetadata: .*allowed: a JSON object/) as string }]);
    expect(printed(result.failures)).not.toContain(MARKER);
  });

  it("other properties are still named, so the engine shows their (public) value", async () => {
    const result = await membership.check({}, { organizationId: "acme", userId: USER, privateMetadata: { pager: MARKER, retired: null } });
    expect(result.failures?.map((f) => f.property).sort()).toEqual(["", "organizationId"]);
  });

  it.each(invalidValues)("roster member privateMetadata with %s: no property, the reason names the member's privateMetadata", async (_, value) => {
    const result = await roster.check({}, { organizationId: ORG, members: { [USER]: "org:admin" }, privateMetadata: { [USER]: value } });
    expect(result.failures).toEqual([{ property: "", reason: expect.stringMatching(new RegExp(`^members\\.${USER}\\.privateMetadata: .*allowed: a JSON object`)) as string }]);
    expect(printed(result.failures)).not.toContain(MARKER);
  });

  it("roster member named by email: the same, before any lookup", async () => {
    const result = await roster.check({}, { organizationId: ORG, members: { [USER]: "org:admin", "lee@acme.com": "org:member" }, privateMetadata: { "lee@acme.com": { pager: MARKER, retired: null } } });
    expect(result.failures).toEqual([{ property: "", reason: expect.stringMatching(/^members\.lee@acme\.com\.privateMetadata: null values/) as string }]);
    expect(printed(result.failures)).not.toContain(MARKER);
  });

  it("roster privateMetadata naming someone not in members, or not a map: no property", async () => {
    const stranger = await roster.check({}, { organizationId: ORG, members: { [USER]: "org:admin" }, privateMetadata: { user_2Stranger: { pager: MARKER } } });
    expect(stranger.failures).toEqual([{ property: "", reason: "privateMetadata names user_2Stranger, who is not in members" }]);
    const notAMap = await roster.check({}, { organizationId: ORG, members: { [USER]: "org:admin" }, privateMetadata: MARKER });
    expect(notAMap.failures).toEqual([{ property: "", reason: expect.stringMatching(/^privateMetadata must be a map/) as string }]);
    expect(printed([...(stranger.failures ?? []), ...(notAMap.failures ?? [])])).not.toContain(MARKER);
  });
});

describe("check reports the provider's configuration problem, without calling anything", () => {
  const problem = "No Clerk API key: set it with `pulumi config set --secret clerk:secretKey <…>`";
  const options = { configurationProblem: () => problem };
  const membership = createMembershipProvider(clerkMembershipModel, noApi, options);
  const roster = createRosterProvider(clerkRosterModel, noApi, options);

  it("membership: valid inputs fail with the configuration problem alone", async () => {
    const result = await membership.check({}, { organizationId: ORG, userId: USER });
    expect(result.failures).toEqual([{ property: "", reason: problem }]);
  });

  it("membership: reported along with input problems, and before an email lookup", async () => {
    const bad = await membership.check({}, { organizationId: "acme", userId: USER });
    expect(bad.failures).toEqual([{ property: "", reason: problem }, expect.objectContaining({ property: "organizationId" })]);
    const byEmail = await membership.check({}, { organizationId: ORG, email: "lee@acme.com" });
    expect(byEmail.failures).toEqual([{ property: "", reason: problem }]);
  });

  it("membership and roster: also while inputs are still unknown (preview)", async () => {
    await expect(membership.check({}, { organizationId: ORG, userId: UNKNOWN_VALUE })).resolves.toMatchObject({ failures: [{ property: "", reason: problem }] });
    await expect(roster.check({}, { organizationId: ORG, members: UNKNOWN_VALUE })).resolves.toMatchObject({ failures: [{ property: "", reason: problem }] });
  });

  it("roster: valid inputs with members named by email fail before any lookup", async () => {
    const result = await roster.check({}, { organizationId: ORG, members: { [USER]: "org:admin", "lee@acme.com": "org:member" } });
    expect(result.failures).toEqual([{ property: "", reason: problem }]);
  });
});

describe("credentials: one resolution for check and for API calls", () => {
  const resolve = (spec: typeof clerkCredentialSpec, config: Record<string, string>, env: Record<string, string> = {}): string | undefined => {
    try {
      resolveCredentials(spec, (key) => config[key], env);
      return undefined;
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      return (error as Error).message;
    }
  };

  it("a missing key says which config key and environment variable to set, and how", () => {
    expect(resolve(clerkCredentialSpec, {})).toMatch(/No Clerk API key: set it with `pulumi config set --secret clerk:secretKey .*` or the CLERK_SECRET_KEY environment variable/);
    expect(resolve(workosCredentialSpec, {})).toMatch(/No WorkOS API key: set it with `pulumi config set --secret workos:apiKey .*` or the WORKOS_API_KEY environment variable/);
  });

  it("a malformed key names where it came from, never the key", () => {
    const fromConfig = resolve(clerkCredentialSpec, { "clerk:secretKey": "pk_test_not_a_secret_key_77" });
    expect(fromConfig).toMatch(/API key in stack config clerk:secretKey does not look like one \(expected sk_test_… or sk_live_…\); set it with `pulumi config set --secret clerk:secretKey/);
    expect(fromConfig).not.toContain("pk_test_not_a_secret_key_77");
    const fromEnv = resolve(workosCredentialSpec, {}, { WORKOS_API_KEY: "wrong-key-shape-88" });
    expect(fromEnv).toMatch(/API key in the WORKOS_API_KEY environment variable does not look like one/);
    expect(fromEnv).not.toContain("wrong-key-shape-88");
  });

  it("a plain-http URL to another machine is refused, naming the setting it came from; loopback is allowed", () => {
    expect(resolve(clerkCredentialSpec, { "clerk:secretKey": CLERK_KEY, "clerk:apiUrl": "http://api.example.com/v1" })).toMatch(
      /^stack config clerk:apiUrl uses plain http:\/\/ for api\.example\.com.*use https:\/\/.*; set it with `pulumi config set clerk:apiUrl <url>` or the CLERK_API_URL environment variable$/,
    );
    expect(resolve(workosCredentialSpec, { "workos:apiKey": WORKOS_KEY }, { WORKOS_API_URL: "http://10.0.0.8" })).toMatch(/^the WORKOS_API_URL environment variable uses plain http:\/\/ for 10\.0\.0\.8/);
    expect(resolve(clerkCredentialSpec, { "clerk:secretKey": CLERK_KEY, "clerk:apiUrl": "http://127.0.0.1:4010/v1" })).toBeUndefined();
    expect(resolve(clerkCredentialSpec, { "clerk:secretKey": CLERK_KEY, "clerk:apiUrl": CLERK_KEY })).not.toContain(CLERK_KEY);
  });

  it.each(["http://127.0.0.1:4010/user_management", "https://api.workos.com/user_management/"])("a WorkOS URL ending in /user_management (%s) is refused: set the base URL", (url) => {
    expect(resolve(workosCredentialSpec, { "workos:apiKey": WORKOS_KEY, "workos:apiUrl": url })).toMatch(
      /^stack config workos:apiUrl ends in \/user_management, but it must be the API's base URL without that suffix, e\.g\. https:\/\/api\.workos\.com.*; set it with `pulumi config set workos:apiUrl <url>` or the WORKOS_API_URL environment variable$/,
    );
    expect(resolve(workosCredentialSpec, { "workos:apiKey": WORKOS_KEY, "workos:apiUrl": "https://api.workos.com" })).toBeUndefined();
  });

  it("the HTTP client refuses the same URLs by the same rule", () => {
    const profile: ServiceProfile = { service: "Clerk", keyHint: "secret key", parseError: () => ({}) };
    const build = (baseUrl: string) => () => new HttpClient({ baseUrl, apiKey: CLERK_KEY, profile, limiter: new RateLimiter({ requests: 1, windowMs: 1000 }) });
    expect(build("http://api.example.com/v1")).toThrow(/Clerk API URL uses plain http:\/\/ for api\.example\.com/);
    expect(build("http://localhost:4010/v1")).not.toThrow();
  });
});

describe("the runtime's providers check their service's configuration", () => {
  const saved = { ...process.env };
  beforeEach(() => {
    for (const name of ["CLERK_SECRET_KEY", "CLERK_API_URL", "WORKOS_API_KEY", "WORKOS_API_URL"]) delete process.env[name];
    resetRuntime();
  });
  afterAll(() => {
    process.env = saved;
    resetRuntime();
  });
  const configure = (values: Record<string, string>): Promise<void> => clerkMembership.configure({ config: { get: (key: string) => values[key] } });

  it("Clerk membership and roster: missing key, then a non-loopback http URL", async () => {
    await configure({});
    for (const result of [await clerkMembership.check({}, { organizationId: ORG, userId: USER }), await clerkRoster.check({}, { organizationId: ORG, members: { [USER]: "org:admin" } })]) {
      expect(result.failures).toEqual([{ property: "", reason: expect.stringMatching(/^No Clerk API key/) as string }]);
    }
    await configure({ "clerk:secretKey": CLERK_KEY, "clerk:apiUrl": "http://api.example.com/v1" });
    const result = await clerkMembership.check({}, { organizationId: ORG, userId: USER });
    expect(result.failures).toEqual([{ property: "", reason: expect.stringMatching(/clerk:apiUrl uses plain http:\/\//) as string }]);
    expect(printed(result.failures)).not.toContain(CLERK_KEY);
  });

  it("WorkOS membership and roster: an API URL ending in /user_management", async () => {
    await configure({ "workos:apiKey": WORKOS_KEY, "workos:apiUrl": "http://127.0.0.1:4010/user_management" });
    const results = [
      await workosMembership.check({}, { organizationId: WORKOS_ORG, userId: WORKOS_USER }),
      await workosRoster.check({}, { organizationId: WORKOS_ORG, members: { [WORKOS_USER]: { roleSlug: "admin" } } }),
    ];
    for (const result of results) {
      expect(result.failures).toEqual([{ property: "", reason: expect.stringMatching(/workos:apiUrl ends in \/user_management/) as string }]);
      expect(printed(result.failures)).not.toContain(WORKOS_KEY);
    }
  });

  it("a complete configuration passes (check then reads the organization's rules from the service)", async () => {
    const emulator = await startEmulator({ rateLimit: false });
    try {
      await configure({ "clerk:secretKey": "sk_test_emulator_clerk", "clerk:apiUrl": emulator.clerkApiUrl, "workos:apiKey": "sk_test_emulator_workos", "workos:apiUrl": emulator.workosApiUrl });
      await expect(clerkMembership.check({}, { organizationId: ORG, userId: USER })).resolves.not.toHaveProperty("failures");
      await expect(workosRoster.check({}, { organizationId: WORKOS_ORG, members: { [WORKOS_USER]: { roleSlug: "admin" } } })).resolves.not.toHaveProperty("failures");
    } finally {
      await emulator.close();
      await closeHttpConnections();
    }
  });
});
