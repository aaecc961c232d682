// `driftByOrganization` and `renderDriftReport` on REAL `pulumi preview --refresh --json` outputs (captured from
// the Pulumi CLI against the emulator by test/fixtures/preview/capture.ts, trimmed): one stack of OrganizationRoster
// resources and one of OrganizationMembership resources, each after one out-of-band change (or roster edit).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { driftByOrganization, renderDriftReport, type MemberChange, type OrganizationDrift, type PreviewDigest } from "../../provider/cli/drift-report";

const FIXTURES = join(__dirname, "..", "fixtures", "preview");

const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const JOHN = "user_2CjfiYQESbHpt0mpAiRLH9DzmL6";
const PRIYA = "user_25O6MsMcGp2kTY7xO5ZIredutNa";
const MARCO = "user_2Cj42gEnI5sEt6OHTerNANMDgHi";
const SAM = "user_2q2pKPH4DwyaujKDfVPuwfT9G8F";
const WORKOS_PRIYA = "user_01JGFJK0YG1EE043E42N4FHZD8";

interface Step {
  op: string;
  urn: string;
  oldState?: { type?: string; outputs?: Record<string, unknown> };
  newState?: { type?: string; inputs?: Record<string, unknown> };
}

/** A captured preview, as `pulumi preview --json` prints it (trimmed). */
interface Digest extends PreviewDigest {
  steps: Step[];
  changeSummary?: Record<string, number>;
}

function fixture(name: string): Digest {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as Digest;
}

const clerk = (...changes: MemberChange[]): OrganizationDrift => ({ service: "Clerk", organizationId: CLERK_ORG, changes });
const workos = (...changes: MemberChange[]): OrganizationDrift => ({ service: "WorkOS", organizationId: WORKOS_ORG, changes });

/** What each captured change must produce, the same whichever resources hold the roster. */
const EXPECTED: Record<string, OrganizationDrift[]> = {
  "no-change": [],
  "role-changed": [clerk({ member: MARCO, change: "role", from: "org:admin", to: "org:member" })],
  "member-added": [clerk({ member: SAM, change: "unmanaged", from: "org:billing" })],
  // The same hand-added member after a `pulumi up --refresh` recorded them in state as unmanaged.
  "member-added-then-up": [clerk({ member: SAM, change: "unmanaged", from: "org:billing" })],
  // ... and then removed by hand again: only the stored state still lists them; the organization matches.
  "unmanaged-member-left": [],
  "member-removed-from-file": [clerk({ member: PRIYA, change: "remove", from: "org:billing" })],
  "metadata-changed": [clerk({ member: JOHN, change: "metadata", from: '{"oncall":true,"team":"security"}', to: '{"team":"platform"}' })],
  "workos-deactivated": [workos({ member: WORKOS_PRIYA, change: "reactivate", from: "inactive", to: "active" })],
};

/**
 * Members the member-granularity fixtures name by email (their resources' inputs): drift-report names them so next to
 * the id (the roster's fixtures, captured before states recorded `people`, name nobody).
 */
const NAMED_BY_EMAIL: Record<string, string> = { "metadata-changed": "john.smith@acme.com" };

function expectedFor(granularity: string, scenario: string, expected: OrganizationDrift[]): OrganizationDrift[] {
  const person = granularity === "member" ? NAMED_BY_EMAIL[scenario] : undefined;
  return person === undefined ? expected : expected.map((o) => ({ ...o, changes: o.changes.map((c) => ({ ...c, person })) }));
}

const NO_DRIFT = "## Roster drift\n\nNo drift: every organization matches its declared roster.\n";

describe.each(["organization", "member"] as const)("drift report of a %s-granularity stack", (granularity) => {
  it.each(Object.entries(EXPECTED))("%s: exactly the expected changes, per organization", (scenario, expected) => {
    expect(driftByOrganization(fixture(`${granularity}-${scenario}`))).toEqual(expectedFor(granularity, scenario, expected));
  });

  it("no-change: prints No drift", () => {
    expect(renderDriftReport(driftByOrganization(fixture(`${granularity}-no-change`)))).toBe(NO_DRIFT);
  });

  it("role-changed: one table row naming the member with the live and the declared role", () => {
    expect(renderDriftReport(driftByOrganization(fixture(`${granularity}-role-changed`)))).toBe(
      [
        "## Roster drift",
        "",
        `### Clerk \`${CLERK_ORG}\` — 1 change(s)`,
        "",
        "| member | change | from | to |",
        "|---|---|---|---|",
        `| \`${MARCO}\` | 🔁 role | \`org:admin\` | \`org:member\` |`,
        "",
        "",
      ].join("\n"),
    );
  });

  it("member-added: names the unmanaged member with their role", () => {
    const report = renderDriftReport(driftByOrganization(fixture(`${granularity}-member-added`)));
    expect(report).toContain(`| \`${SAM}\` | ⚠️ unmanaged (not in the roster) | \`org:billing\` |  |`);
    expect(report.match(/^\| `/gm)).toHaveLength(1);
  });

  it("metadata-changed: the metadata from and to as JSON", () => {
    const report = renderDriftReport(driftByOrganization(fixture(`${granularity}-metadata-changed`)));
    const who = granularity === "member" ? `john.smith@acme.com \`${JOHN}\`` : `\`${JOHN}\``;
    expect(report).toContain(`| ${who} | 📝 metadata | \`{"oncall":true,"team":"security"}\` | \`{"team":"platform"}\` |`);
  });

  it("workos-deactivated: a WorkOS section with the reactivation, and no role change for a member declared without a role", () => {
    const report = renderDriftReport(driftByOrganization(fixture(`${granularity}-workos-deactivated`)));
    expect(report).toContain(`### WorkOS \`${WORKOS_ORG}\` — 1 change(s)`);
    expect(report).toContain(`| \`${WORKOS_PRIYA}\` | ♻️ reactivate | \`inactive\` | \`active\` |`);
    expect(report).not.toContain("Clerk");
  });
});

describe("refresh steps", () => {
  // `preview --refresh` lists a refresh step per resource whose two states are both the state stored before the
  // refresh; only the step after it holds the refreshed state.
  it("carry the stored state: an unmanaged member recorded in state is in the refresh step and in the update step", () => {
    const steps = fixture("organization-member-added-then-up").steps.filter((step) => step.urn.endsWith(`OrganizationRoster::clerk/${CLERK_ORG}`));
    expect(steps.map((step) => step.op)).toEqual(["refresh", "update"]);
    for (const step of steps) expect(step.oldState?.outputs?.unmanagedMembers).toEqual([expect.objectContaining({ userId: SAM, role: "org:billing" })]);
    // Reported once.
    expect(renderDriftReport(driftByOrganization(fixture("organization-member-added-then-up"))).match(new RegExp(SAM, "g"))).toHaveLength(1);
  });

  it("are not drift: a member who left is still in the refresh step's stale state, and the preview has no change", () => {
    for (const granularity of ["organization", "member"]) {
      const digest = fixture(`${granularity}-unmanaged-member-left`);
      expect(Object.keys(digest.changeSummary ?? {})).toEqual(["same"]);
      expect(digest.steps.some((step) => step.op === "refresh" && JSON.stringify(step.oldState?.outputs?.unmanagedMembers ?? []).includes(SAM))).toBe(true);
      expect(renderDriftReport(driftByOrganization(digest))).toBe(NO_DRIFT);
    }
  });
});

describe("a stack whose state an earlier release wrote (object entries, declaredMembers)", () => {
  // Captured the same way before roster entries became the role alone and declaredMembers became absentMembers.
  it.each(Object.entries(EXPECTED))("%s: the same changes", (scenario, expected) => {
    const digest = JSON.parse(readFileSync(join(FIXTURES, "earlier-release", `organization-${scenario}.json`), "utf8")) as Digest;
    expect(JSON.stringify(digest)).toContain('"declaredMembers"');
    expect(driftByOrganization(digest)).toEqual(expected);
  });
});

describe("an OrganizationRoster step", () => {
  it("lists only the members that changed, not the whole member map", () => {
    const digest = fixture("organization-role-changed");
    const update = digest.steps.find((step) => step.op === "update");
    expect(update?.urn).toContain("dynamic/clerk:OrganizationRoster");
    // The step carries all four declared members on both sides ...
    expect(Object.keys(update?.oldState?.outputs?.members as object)).toHaveLength(4);
    expect(Object.keys(update?.newState?.inputs?.members as object)).toHaveLength(4);
    // ... and the report names one.
    const report = renderDriftReport(driftByOrganization(digest));
    expect(report.match(/^\| `/gm)).toEqual(["| `"]);
    for (const other of [JOHN, PRIYA, "user_2e71lHFE8l6hlvY5bR215DEWc1Z"]) expect(report).not.toContain(other);
  });

  it("an invitee who accepted, with no refresh since, is not reported as a revoked invitation", () => {
    const type = "pulumi-nodejs:dynamic/clerk:OrganizationRoster";
    const before = { organizationId: CLERK_ORG, members: { [MARCO]: "org:admin" }, declaredMembers: [MARCO], sentInvitations: { "ada@newhire.dev": { invitationId: "orginv_1", status: "pending", entry: "org:member" } } };
    const after = { organizationId: CLERK_ORG, members: { [MARCO]: "org:admin", [SAM]: "org:member" }, emails: { "ada@newhire.dev": SAM } };
    const changes = driftByOrganization({ steps: [{ op: "update", urn: "urn:roster", oldState: { type, outputs: before }, newState: { type, inputs: after } }] })[0]?.changes ?? [];
    expect(changes.filter((c) => c.change === "revoke-invitation")).toEqual([]);
    expect(changes).toContainEqual({ member: SAM, change: "add", to: "org:member" });
  });

  it("names each member by the person the state records (output people), next to the id", () => {
    const digest = fixture("organization-role-changed");
    for (const step of digest.steps) {
      if (step.oldState?.outputs?.members !== undefined) step.oldState.outputs.people = { [MARCO]: "Marco Rossi <marco.rossi@acme.com>" };
    }
    expect(driftByOrganization(digest)).toEqual([clerk({ member: MARCO, person: "Marco Rossi <marco.rossi@acme.com>", change: "role", from: "org:admin", to: "org:member" })]);
    expect(renderDriftReport(driftByOrganization(digest))).toContain(`| Marco Rossi &lt;marco.rossi@acme.com&gt; \`${MARCO}\` | 🔁 role | \`org:admin\` | \`org:member\` |`);
  });

  it("in a member-granularity stack (the watcher, manageMembers: false) reports only unmanaged members", () => {
    const digest = fixture("member-member-removed-from-file");
    const watcher = digest.steps.find((step) => step.op === "update" && step.urn.endsWith("/unmanaged"));
    expect(watcher?.newState?.inputs?.manageMembers).toBe(false);
    expect(driftByOrganization({ steps: watcher ? [watcher] : [] })).toEqual([]);
  });
});

describe("the fixtures", () => {
  const names = Object.keys(EXPECTED).flatMap((scenario) => [`organization-${scenario}`, `member-${scenario}`]);

  it.each(names)("%s is a trimmed preview with no secret", (name) => {
    const text = readFileSync(join(FIXTURES, `${name}.json`), "utf8");
    expect(text).not.toMatch(/sk_/);
    expect(text).not.toContain("P-1"); // the private metadata the roster declares
    expect(text).not.toContain("__provider");
    expect(text).not.toContain("stackTrace");
    const digest = JSON.parse(text) as Digest;
    expect(digest.steps.length).toBeGreaterThan(0);
    expect(digest.changeSummary).toBeDefined();
  });
});

describe("invitations (missingUsers: invite)", () => {
  const TYPE = "pulumi-nodejs:dynamic/clerk:OrganizationRoster";
  const step = (sentInvitations: Record<string, unknown>, members: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    steps: [
      {
        op: "update",
        urn: `urn:pulumi:test::p::${TYPE}::clerk-org`,
        oldState: { type: TYPE, outputs: { organizationId: "org_x", members: { user_admin: "org:admin" }, sentInvitations, unmanagedMembers: [], ...extra } },
        newState: { type: TYPE, inputs: { organizationId: "org_x", members: { user_admin: "org:admin", ...members }, unmanagedMembers: "report" } },
      },
    ],
  });

  it("names who is to be invited, whose invitation expired or was revoked, and lists pending ones as not drift", () => {
    const drift = driftByOrganization(
      step(
        {
          "pending@acme.com": { invitationId: "inv_1", status: "pending", entry: "org:member", sentAt: "2026-11-30T10:00:00.000Z" },
          "expired@acme.com": { invitationId: "inv_2", status: "expired", entry: "org:member" },
          "revoked@acme.com": { invitationId: "inv_3", status: "revoked", entry: "org:member" },
          "dropped@acme.com": { invitationId: "inv_4", status: "pending", entry: "org:billing" },
        },
        { "pending@acme.com": "org:member", "expired@acme.com": "org:member", "revoked@acme.com": "org:member", "new@acme.com": "org:member" },
        { unmanagedInvitations: [{ email: "dashboard@acme.com", role: "org:member", invitationId: "inv_5" }] },
      ),
    );
    expect(drift[0]?.changes).toEqual([
      { member: "dashboard@acme.com", change: "unmanaged", from: "org:member (pending invitation)" },
      { member: "dropped@acme.com", change: "revoke-invitation", from: "org:billing" },
      { member: "expired@acme.com", change: "invitation-expired", from: "expired", to: "org:member" },
      { member: "revoked@acme.com", change: "invitation-revoked", from: "revoked", to: "org:member" },
      { member: "new@acme.com", change: "invite", to: "org:member" },
    ]);
    const report = renderDriftReport(drift);
    expect(report).toContain("| `new@acme.com` | ✉️ to invite |  | `org:member` |");
    expect(report).toContain("| `expired@acme.com` | ⌛ invitation expired (re-sent by the next up) | `expired` | `org:member` |");
    expect(report).toContain("| `revoked@acme.com` | 🚫 invitation revoked out of band (re-sent by the next up) | `revoked` | `org:member` |");
    expect(report).toContain("| Clerk `org_x` | `pending@acme.com` | invited, pending since 2026-11-30T10:00:00.000Z | `org:member` |");
  });
});
