// `org-roster export` in-process against the emulator, credentials from the environment as on the command line:
// the live organization as roster entries (Clerk with its metadata, WorkOS without inactive memberships), members
// named by email where the roster's lookup gives them back (by id where an address is shared or unknown, and why),
// and the roster file the command writes: both services in one file under the $schema line, valid as written.
// Pending invitations are written as members named by email with missingUsers: invite, and an OrganizationRoster
// applying the exported file adopts them: no invitation sent, no change left. Mistakes and an unreachable service
// are said before (or instead of) any retry.

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { exportOrganization } from "../../provider/cli/export-run";
import { main } from "../../provider/cli/org-roster";
import { parseRosterText } from "../../provider/roster";
import { formatEntryNote } from "../../provider/roster/entry-notes";
import * as runtime from "../../provider/runtime";
import { rosterInputs } from "../support/roster-inputs";
import { useRuntimeEnvironment } from "../support/runtime-environment";

const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin
const JOHN = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6"; // seeded org:member {team: platform}
const PRIYA = "user_25O6MsMcGp2kTY7xO5ZIredutNa"; // seeded org:billing, private metadata, two addresses
const JOHN_TOO = "user_2JohnToo9xQ4vX9pL2nR8tW5yZa"; // added: a user of no organization who has John's address too
const BOT = "user_2OpsBot7mQ4vX9pL2nR8tW5yZab"; // added: org:member with a username and no email address
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const W_JANE = "user_01JGFJJZ000MZ17QKF3F55Z488"; // seeded admin
const W_JOHN = "user_01JGFJJZZ8YAGVDCKSQWW7FE4N"; // seeded member
const W_PRIYA = "user_01JGFJK0YG1EE043E42N4FHZD8"; // seeded member, inactive
const W_JOHN_TOO = "user_01JGFJK9ZZJ0HNT00SHAREDADR1"; // added: a user of no organization with John's address (other case)
const NEW_HIRE = "New.Hire@acme.com"; // no user: invited (written as sent, case included)
const GONE = "gone@acme.com"; // no user: invited, then revoked
const MARCO = "marco.rossi@acme.com"; // a seeded user of both services, in neither organization
const SECRET = "PRIVMETA-export-4417";

const CLERK_BULK = "POST /v1/organizations/:organizationId/invitations/bulk";
const WORKOS_SEND = "POST /user_management/invitations";

const pointAt = useRuntimeEnvironment();
let emulator: EmulatorHandle;

beforeAll(async () => {
  const seed = defaultSeed();
  seed.clerk?.users?.push(
    { id: JOHN_TOO, firstName: "Johnny", lastName: "Smith", emailAddresses: ["johnny@smith.dev", "john.smith@acme.com"], username: null },
    { id: BOT, firstName: "Ops", lastName: "Bot", emailAddresses: [], username: "ops-bot" },
  );
  seed.clerk?.memberships?.push({ id: "orgmem_2OpsBot7mQ4vX9pL2nR8tW5yZ", organizationId: CLERK_ORG, userId: BOT, role: "org:member", publicMetadata: {}, privateMetadata: {}, managedByScim: false });
  seed.workos?.users?.push({ id: W_JOHN_TOO, email: "John.Smith@acme.com", firstName: "John", lastName: "Smith" });
  emulator = await startEmulator({ rateLimit: false, seed });
  pointAt(emulator);
});

afterAll(async () => {
  await emulator.close();
});

describe("exportOrganization", () => {
  it("lists a Clerk organization as roster entries: by email where the lookup gives the member back, else by id, and why", async () => {
    const { members, notes, invitations, skipped, keptById } = await exportOrganization(runtime, "clerk", CLERK_ORG);
    expect({ invitations, skipped }).toEqual({ invitations: 0, skipped: [] });
    expect(members).toEqual([
      { email: "jane.doe@acme.com", role: "org:admin" },
      // Another user has John's address too: the roster could not resolve it to John.
      { userId: JOHN, role: "org:member", publicMetadata: { team: "platform" } },
      // Priya has two addresses: her primary one gives her back.
      { email: "priya.patel@acme.com", role: "org:billing", privateMetadata: { costCenter: "CC-1042" } },
      { userId: BOT, role: "org:member" },
    ]);
    expect(notes.map((note) => note && formatEntryNote(note))).toEqual([
      ` Jane Doe <jane.doe@acme.com> (${JANE})`,
      " John Smith <john.smith@acme.com>",
      ` Priya Patel <priya.patel@acme.com> (${PRIYA})`,
      " Ops Bot",
    ]);
    expect(keptById).toEqual([
      `John Smith <john.smith@acme.com> (${JOHN}): john.smith@acme.com belongs to 2 users (${JOHN}, ${JOHN_TOO}), so a roster could not resolve it to one`,
      `Ops Bot (${BOT}): the service gives no email address for this user`,
    ]);
  });

  it("lists a WorkOS organization's active memberships only (declaring an inactive one would reactivate it)", async () => {
    const { members, keptById } = await exportOrganization(runtime, "workos", WORKOS_ORG);
    expect(members).toEqual([
      { email: "jane.doe@acme.com", role: "admin" },
      { userId: W_JOHN, role: "member" },
    ]);
    expect(members.some((member) => member.userId === W_PRIYA || member.email === "priya.patel@acme.com")).toBe(false);
    expect(keptById).toEqual([expect.stringContaining(`(${W_JOHN}): john.smith@acme.com belongs to 2 users (${W_JOHN}, ${W_JOHN_TOO})`)]);
  });
});

/** Runs `org-roster <args>` in-process: exit status, both outputs, and how long it took. */
async function orgRoster(args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  let stdout = "";
  let stderr = "";
  const context = { stdout: (text: string) => void (stdout += text), stderr: (text: string) => void (stderr += text), exitCode: 0 };
  const started = Date.now();
  const code = await main(args, context);
  return { code, stdout, stderr, ms: Date.now() - started };
}

/** Runs `body` with some environment variables replaced (undefined: unset), restoring them after. */
async function withEnv<T>(changes: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(changes).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(changes);
  try {
    return await body();
  } finally {
    apply(before);
  }
}

/** A port of 127.0.0.1 nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("org-roster export", () => {
  it("prints a roster file of the live organization, in report mode (--service and --organization, as before)", async () => {
    const { code, stdout, stderr } = await orgRoster(["export", "--service", "workos", "--organization", WORKOS_ORG]);
    expect(code).toBe(0);
    expect(stderr).toContain("2 members");
    expect(stderr).not.toContain("pending invitation");
    expect(stderr).toContain(`kept by user id: John Smith <john.smith@acme.com> (${W_JOHN}): john.smith@acme.com belongs to 2 users`);
    const document = parse(stdout) as { workos: { organizations: Record<string, { unmanagedMembers: string; members: Array<{ userId?: string; email?: string }> }> } };
    const organization = document.workos.organizations[WORKOS_ORG];
    expect(organization?.unmanagedMembers).toBe("report");
    // An organization without pending invitations keeps the default (nobody is invited unless the file says so).
    expect(organization).not.toHaveProperty("missingUsers");
    expect(organization?.members.map((member) => member.userId ?? member.email)).toEqual(["jane.doe@acme.com", W_JOHN]);
    // Each entry is named by the person above it; an entry by email also names the user it stands for.
    expect(stdout).toContain(`        # Jane Doe <jane.doe@acme.com> (${W_JANE})\n        - email: jane.doe@acme.com\n`);
    expect(stdout).toContain(`        # John Smith <john.smith@acme.com>\n        - userId: ${W_JOHN}\n`);
  });

  it("writes both services into one file under the $schema line, which validates as written", async () => {
    const directory = mkdtempSync(join(tmpdir(), "org-roster-export-"));
    try {
      const file = join(directory, "roster.yaml");
      const { code, stdout, stderr } = await orgRoster(["export", "--organization", CLERK_ORG, "--organization", WORKOS_ORG, "--output", file]);
      expect({ code, stdout }).toEqual({ code: 0, stdout: "" });
      expect(stderr).toContain(`clerk organization ${CLERK_ORG}: 4 members`);
      expect(stderr).toContain(`workos organization ${WORKOS_ORG}: 2 members`);
      const text = readFileSync(file, "utf8");
      const [schemaLine, exportedLine] = text.split("\n");
      expect(schemaLine).toBe("# yaml-language-server: $schema=./node_modules/pulumi-org-roster/roster.schema.json");
      expect(exportedLine).toMatch(new RegExp(`^# Exported from the live Clerk organization ${CLERK_ORG} and WorkOS organization ${WORKOS_ORG} on \\d{4}-`));
      const roster = parseRosterText(text, "roster.yaml");
      expect(Object.keys(roster.clerk?.organizations ?? {})).toEqual([CLERK_ORG]);
      expect(Object.keys(roster.workos?.organizations ?? {})).toEqual([WORKOS_ORG]);
      await expect(orgRoster(["validate", file])).resolves.toMatchObject({ code: 0, stdout: "ok: 2 organizations, 6 members\n" });
      // The same with each service named by its own option.
      const named = await orgRoster(["export", "--workos-organization", WORKOS_ORG, "--clerk-organization", CLERK_ORG]);
      expect(named.code).toBe(0);
      expect(parseRosterText(named.stdout, "named.yaml")).toEqual(roster);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it("says what is wrong before calling anything: a service without a key, an id of no known shape or of the other service", async () => {
    emulator.resetStats();
    const withoutKey = await withEnv({ WORKOS_API_KEY: undefined }, () => orgRoster(["export", "--organization", CLERK_ORG, "--organization", WORKOS_ORG]));
    expect(withoutKey).toMatchObject({ code: 1, stdout: "" });
    expect(withoutKey.stderr).toBe(
      "export: No WorkOS API key: set it with `pulumi config set --secret workos:apiKey <sk_…>` or the WORKOS_API_KEY environment variable (read from the environment; --stack <name> reads a stack's configuration)\n",
    );
    const unknownShape = await orgRoster(["export", "--organization", "org_acme"]);
    expect(unknownShape).toMatchObject({ code: 1, stdout: "" });
    expect(unknownShape.stderr).toMatch(/^export: cannot tell the service of organization "org_acme" from its id .*--clerk-organization or --workos-organization\n$/);
    const otherService = await orgRoster(["export", "--clerk-organization", WORKOS_ORG]);
    expect(otherService.code).toBe(1);
    expect(otherService.stderr).toContain(`"${WORKOS_ORG}" has the shape of a WorkOS organization id`);
    const badService = await orgRoster(["export", "--service", "github", "--organization", CLERK_ORG]);
    expect(badService).toMatchObject({ code: 1, stderr: 'export: --service must be clerk or workos, got "github"\n' });
    expect(emulator.stats().byRoute).toEqual({});
  });

  it.each([
    ["refused", async () => `http://127.0.0.1:${await closedPort()}`, /ECONNREFUSED/],
    ["not resolved", () => Promise.resolve("https://nonexistent.invalid"), /ENOTFOUND|EAI_AGAIN/],
  ])("fails at once, naming the URL and the setting, when the service cannot be reached (%s)", async (_case, url, cause) => {
    const apiUrl = await url();
    const result = await withEnv({ CLERK_API_URL: apiUrl }, () => orgRoster(["export", "--organization", CLERK_ORG, "--organization", WORKOS_ORG]));
    expect(result).toMatchObject({ code: 1, stdout: "" });
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toEqual([`listing clerk organization ${CLERK_ORG}…`, expect.stringContaining(`export: the Clerk API at ${apiUrl} cannot be reached (`)]);
    expect(lines[1]).toMatch(cause);
    expect(lines[1]).toContain("check the CLERK_API_URL environment variable (set it with `pulumi config set clerk:apiUrl <url>` or the CLERK_API_URL environment variable)");
    expect(result.stderr).not.toContain("sk_test_emulator");
    expect(result.ms).toBeLessThan(3_000);
  });
});

describe("pending invitations", () => {
  beforeAll(() => {
    emulator.clerk.createInvitation(CLERK_ORG, { emailAddress: NEW_HIRE, role: "org:member", publicMetadata: { team: "platform" }, privateMetadata: { pager: SECRET } });
    const gone = emulator.clerk.createInvitation(CLERK_ORG, { emailAddress: GONE, role: "org:admin" });
    emulator.clerk.revokeInvitation(CLERK_ORG, gone.id);
    emulator.workos.sendInvitation({ email: NEW_HIRE, organizationId: WORKOS_ORG, roleSlug: "admin" });
    emulator.workos.revokeInvitation(emulator.workos.sendInvitation({ email: GONE, organizationId: WORKOS_ORG }).id);
  });

  it("lists a Clerk organization's pending invitations after its members, by email, with role and metadata; not revoked ones", async () => {
    const { members, notes, invitations, skipped } = await exportOrganization(runtime, "clerk", CLERK_ORG);
    expect(invitations).toBe(1);
    expect(skipped).toEqual([]);
    expect(members.map((member) => member.userId ?? member.email)).toEqual(["jane.doe@acme.com", JOHN, "priya.patel@acme.com", BOT, NEW_HIRE]);
    expect(members.at(-1)).toEqual({ email: NEW_HIRE, role: "org:member", publicMetadata: { team: "platform" }, privateMetadata: { pager: SECRET } });
    expect(notes.at(-1)).toEqual({ kind: "invitation", invitationId: pendingInvitationIds("clerk")[0] });
  });

  it("lists a WorkOS organization's pending invitations after its active members, by email, with their role; not revoked ones", async () => {
    const { members, invitations, skipped } = await exportOrganization(runtime, "workos", WORKOS_ORG);
    expect({ invitations, skipped }).toEqual({ invitations: 1, skipped: [] });
    expect(members.map((member) => member.userId ?? member.email)).toEqual(["jane.doe@acme.com", W_JOHN, NEW_HIRE]);
    expect(members.at(-1)).toEqual({ email: NEW_HIRE, role: "admin" });
  });

  it("leaves out, and says why, a pending invitation to an address that already has a user (a roster would add that user directly)", async () => {
    const clerkInvitation = emulator.clerk.createInvitation(CLERK_ORG, { emailAddress: MARCO, role: "org:member" });
    const workosInvitation = emulator.workos.sendInvitation({ email: MARCO, organizationId: WORKOS_ORG });
    try {
      const clerk = await exportOrganization(runtime, "clerk", CLERK_ORG);
      expect(clerk.invitations).toBe(1);
      expect(clerk.members.some((member) => member.email === MARCO)).toBe(false);
      expect(clerk.skipped).toEqual([expect.stringMatching(new RegExp(`^the pending invitation of ${MARCO} \\(${clerkInvitation.id}\\): the address belongs to user_2Cj42gEnI5sEt6OHTerNANMDgHi, .*reports the invitation as unmanaged`))]);
      const workos = await exportOrganization(runtime, "workos", WORKOS_ORG);
      expect(workos.members.some((member) => member.email === MARCO)).toBe(false);
      expect(workos.skipped).toEqual([expect.stringContaining(`the pending invitation of ${MARCO} (${workosInvitation.id}): the address belongs to user_01JGFJK1XRYFYTC66VPVTX363S`)]);
    } finally {
      // The next tests apply the exported file and expect no change: an invitation it leaves out would be drift.
      emulator.clerk.revokeInvitation(CLERK_ORG, clerkInvitation.id);
      emulator.workos.revokeInvitation(workosInvitation.id);
    }
  });

  const services = [
    { service: "clerk", organizationId: CLERK_ORG, provider: runtime.clerkRoster, send: CLERK_BULK },
    { service: "workos", organizationId: WORKOS_ORG, provider: runtime.workosRoster, send: WORKOS_SEND },
  ] as const;

  it.each(services)("$service: the exported file invites, and applying it with an OrganizationRoster sends nothing and changes nothing", async ({ service, organizationId, provider, send }) => {
    const { code, stdout, stderr } = await orgRoster(["export", "--service", service, "--organization", organizationId]);
    expect(code).toBe(0);
    expect(stderr).toContain("1 pending invitation, written with missingUsers: invite");
    expect(stderr).not.toContain("not exported");
    const organization = parseRosterText(stdout, "exported.yaml")[service]?.organizations[organizationId];
    expect(organization).toMatchObject({ unmanagedMembers: "report", missingUsers: "invite" });
    expect(organization?.members.at(-1)).toEqual(
      service === "clerk" ? { email: NEW_HIRE, role: "org:member", publicMetadata: { team: "platform" }, privateMetadata: { pager: SECRET } } : { email: NEW_HIRE, role: "admin" },
    );
    const invitation = pendingInvitationIds(service);
    expect(invitation).toHaveLength(1);
    // The invitation's entry says which invitation it stands for.
    expect(stdout).toContain(`# pending invitation ${invitation[0]}\n        - email: ${NEW_HIRE}\n`);

    const { inputs, failures } = await provider.check({}, rosterInputs(service, organizationId, organization ?? { members: [] }));
    expect(failures).toBeUndefined();
    emulator.resetStats();
    const { id, outs } = await provider.create(inputs);
    expect(emulator.stats().byRoute[send] ?? 0).toBe(0);
    // Nothing written at all: every member is as declared, and the invitation is adopted, not revoked and re-sent.
    expect(Object.keys(emulator.stats().byRoute).filter((route) => !route.startsWith("GET "))).toEqual([]);
    expect(pendingInvitationIds(service)).toEqual(invitation);
    expect(outs.sentInvitations).toMatchObject({ [NEW_HIRE]: { invitationId: invitation[0], status: "pending" } });
    await expect(provider.diff(id, outs, inputs)).resolves.toMatchObject({ changes: false });
    const refreshed = await provider.read(id, outs);
    await expect(provider.diff(id, refreshed.props ?? {}, inputs)).resolves.toMatchObject({ changes: false });
  });
});

/** The ids of the pending invitations to NEW_HIRE in the service's organization, as the emulator holds them. */
function pendingInvitationIds(service: "clerk" | "workos"): string[] {
  return service === "clerk"
    ? emulator.clerk.listInvitations(CLERK_ORG).filter((i) => i.emailAddress === NEW_HIRE && i.status === "pending").map((i) => i.id)
    : emulator.workos.listInvitations({ organizationId: WORKOS_ORG }).filter((i) => i.email === NEW_HIRE && i.state === "pending").map((i) => i.id);
}
