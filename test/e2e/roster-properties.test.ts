// Property-style end-to-end test under the real CLI, in both granularities: a seeded random sequence of roster edits
// (add, drop, role change, dropping several at once, dropping the organization's whole section and restoring it,
// unmanagedMembers switches, a granularity switch, people added by hand, invitees added, accepting or revoked by hand)
// and, after each, `pulumi preview` then `pulumi up`. Whatever the sequence:
// - preview passes exactly when up does (up never refuses what preview passed, preview never passes what up refuses);
// - after an up that passed, the organization is what the file says (declared roles; invitees invited or members;
//   in remove mode nobody else active);
// - no step removes more members than maxRemovals;
// - no address ever has two pending invitations, and a second up sends nothing.
// The seed is printed; ROSTER_PROPERTY_SEED replays one.

import { defaultSeed, startEmulator, type EmulatorHandle } from "../../emulator";
import { PulumiProject } from "../support/pulumi-cli";

jest.setTimeout(900_000);

const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const JANE = "user_2e71lHFE8l6hlvY5bR215DEWc1Z"; // seeded org:admin, always declared admin
const POOL = Array.from({ length: 8 }, (_, i) => `user_2Prop${i}AbCdEfGhIjKlMnOpQrSt`);
const ROLES = ["org:member", "org:billing", "org:admin"] as const;
const MODES = ["ignore", "report", "remove"] as const;
const MAX_REMOVALS = 2;
/** Edits per sequence: fewer in member granularity, whose every step costs more engine steps. */
const STEPS = { organization: 10, member: 7 } as const;
const SEED = Number(process.env.ROSTER_PROPERTY_SEED ?? 20261206);
const SENDS = ["POST /v1/organizations/:organizationId/invitations", "POST /v1/organizations/:organizationId/invitations/bulk"];

/** A small deterministic PRNG (mulberry32), so a failing sequence can be replayed from its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GRANULARITIES = ["organization", "member"] as const;
type Granularity = (typeof GRANULARITIES)[number];

interface File {
  mode: (typeof MODES)[number];
  /** user id or invitee email → role */
  members: Map<string, string>;
  /** Whether the organization's section is in the file (dropped: its members stay in memory, to restore it). */
  section: boolean;
  /** The program's granularity (a stack setting, switched like an edit). */
  granularity: Granularity;
}

const copy = (file: File): File => ({ ...file, members: new Map(file.members) });

describe.each(GRANULARITIES)(`a random sequence of roster edits (seed ${SEED}), %s granularity`, (granularity) => {
  let emulator: EmulatorHandle;
  let project: PulumiProject;
  const random = prng(SEED + GRANULARITIES.indexOf(granularity));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  let invitees = 0;

  const live = (): Map<string, string> => new Map(emulator.clerk.listMemberships({ organizationId: ORG }).map((m) => [m.userId, m.role]));
  const pendingInvitations = () => emulator.clerk.listInvitations(ORG).filter((i) => i.status === "pending");
  const sends = (): number => SENDS.reduce((sum, route) => sum + (emulator.stats().byRoute[route] ?? 0), 0);

  async function write(file: File): Promise<void> {
    await project.cli(["config", "set", "granularity", file.granularity]);
    if (!file.section) {
      project.writeRoster({ workos: { organizations: {} } });
      return;
    }
    project.writeRoster({
      clerk: {
        organizations: {
          [ORG]: {
            unmanagedMembers: file.mode,
            maxRemovals: MAX_REMOVALS,
            missingUsers: "invite",
            members: [...file.members].map(([who, role]) => ({ ...(who.includes("@") ? { email: who } : { userId: who }), role })),
          },
        },
      },
    });
  }

  /** One random edit of the file, or of the organization by hand; described for the log. */
  function edit(file: File): string {
    if (!file.section) {
      file.section = true;
      return "restore the section";
    }
    const declaredPool = POOL.filter((id) => file.members.has(id));
    // Not declared: among them, people added by hand, whom declaring adopts.
    const addable = POOL.filter((id) => !file.members.has(id));
    const undeclaredPool = addable.filter((id) => !live().has(id));
    const choice = random();
    if (choice < 0.2 && addable.length > 0) {
      const id = pick(addable);
      const role = pick(ROLES);
      file.members.set(id, role);
      return `add ${id} as ${role}`;
    }
    if (choice < 0.35 && declaredPool.length > 0) {
      const id = pick(declaredPool);
      file.members.delete(id);
      return `drop ${id}`;
    }
    if (choice < 0.5 && declaredPool.length > 0) {
      const id = pick(declaredPool);
      const role = pick(ROLES.filter((r) => r !== file.members.get(id)));
      file.members.set(id, role);
      return `${id} to ${role}`;
    }
    if (choice < 0.6 && declaredPool.length >= 3) {
      const dropped = declaredPool.slice(0, 3);
      for (const id of dropped) file.members.delete(id);
      return `drop ${dropped.join(", ")} at once`;
    }
    if (choice < 0.66) {
      file.mode = pick(MODES.filter((m) => m !== file.mode));
      return `unmanagedMembers: ${file.mode}`;
    }
    if (choice < 0.69) {
      file.section = false;
      return `drop the section (${file.members.size} declared)`;
    }
    if (choice < 0.72) {
      file.granularity = file.granularity === "organization" ? "member" : "organization";
      return `granularity: ${file.granularity}`;
    }
    if (choice < 0.82 && undeclaredPool.length > 0) {
      const id = pick(undeclaredPool);
      emulator.clerk.createMembership({ organizationId: ORG, userId: id, role: "org:member" });
      return `${id} added by hand`;
    }
    if (choice < 0.92) {
      const email = `invitee${invitees++}@newhire.dev`;
      file.members.set(email, "org:member");
      return `invite ${email}`;
    }
    const pending = pendingInvitations();
    if (pending.length > 0 && choice < 0.96) {
      const invitation = pick(pending);
      emulator.clerk.acceptOrganizationInvitation(ORG, invitation.id);
      return `${invitation.emailAddress} accepts`;
    }
    if (pending.length > 0) {
      // Revoked from a dashboard: the next up sends one new invitation (a refresh never does).
      const invitation = pick(pending);
      emulator.clerk.revokeInvitation(ORG, invitation.id);
      return `${invitation.emailAddress}'s invitation revoked by hand`;
    }
    return "no edit";
  }

  /** The organization is what the file says: declared roles, invitees invited or members, nobody else in remove mode. */
  function expectOrganizationAsDeclared(file: File, step: string): void {
    // A section dropped within its budget: the members it declared are gone, but for the last admin.
    if (!file.section) return;
    const now = live();
    for (const [who, role] of file.members) {
      if (who.includes("@")) {
        const user = emulator.clerk.findUserByEmail(who);
        if (user) expect({ step, who, role: now.get(user.id) }).toEqual({ step, who, role });
        else expect({ step, who, pending: pendingInvitations().filter((i) => i.emailAddress === who).length }).toEqual({ step, who, pending: 1 });
      } else {
        expect({ step, who, role: now.get(who) }).toEqual({ step, who, role });
      }
    }
    if (file.mode === "remove") {
      const declaredIds = new Set([...file.members.keys()].map((who) => (who.includes("@") ? emulator.clerk.findUserByEmail(who)?.id : who)));
      expect({ step, others: [...now.keys()].filter((id) => !declaredIds.has(id)) }).toEqual({ step, others: [] });
    }
  }

  beforeAll(async () => {
    const seed = defaultSeed();
    for (const [i, id] of POOL.entries()) seed.clerk?.users?.push({ id, firstName: `Pool${i}`, lastName: "X", emailAddresses: [`pool${i}@acme.com`], username: null });
    emulator = await startEmulator({ rateLimit: false, seed });
    project = await PulumiProject.create(`roster-properties-${granularity}`, {
      program: `const pulumi = require("@pulumi/pulumi"); const { Roster } = require("pulumi-org-roster"); new Roster("acme", { roster: require("./roster.json"), granularity: new pulumi.Config().require("granularity") });`,
      config: { "clerk:apiUrl": emulator.clerkApiUrl, "workos:apiUrl": emulator.workosApiUrl },
      secrets: { "clerk:secretKey": "sk_test_emulator_clerk", "workos:apiKey": "sk_test_emulator_workos" },
    });
  });

  afterAll(async () => {
    await emulator?.close();
    project?.remove();
  });

  it("preview passes exactly when up does; after up the organization is the file; budgets and invitations hold", async () => {
    const file: File = { mode: "report", members: new Map([[JANE, "org:admin"]]), section: true, granularity };
    await write(file);
    await project.up();
    const log: string[] = [];
    for (let step = 0; step < STEPS[granularity]; step++) {
      const proposed = copy(file);
      const what = `step ${step}: ${edit(proposed)}`;
      log.push(what);
      await write(proposed);
      const before = live();
      const preview = await project.cli(["preview"], [0, 1, 255]);
      const up = await project.cli(["up", "--yes", "--skip-preview"], [0, 1, 255]);
      const removed = [...before.keys()].filter((id) => !live().has(id));
      log[log.length - 1] = `${what} → ${up.code === 0 ? "applied" : "refused"}${removed.length > 0 ? `, removed ${removed.length}` : ""}`;
      expect({ what, preview: preview.code === 0, up: up.code === 0 }).toEqual({ what, preview: up.code === 0, up: up.code === 0 });
      expect({ what, removed: removed.length <= MAX_REMOVALS }).toEqual({ what, removed: true });
      const addresses = pendingInvitations().map((i) => i.emailAddress);
      expect({ what, twice: addresses.filter((a, i) => addresses.indexOf(a) !== i) }).toEqual({ what, twice: [] });
      if (up.code === 0) {
        expectOrganizationAsDeclared(proposed, what);
        Object.assign(file, proposed);
        emulator.resetStats();
        await project.up();
        expect({ what, sentAgain: sends() }).toEqual({ what, sentAgain: 0 });
      } else {
        // Refused: the file goes back to what was applied, as a reviewer would ask for.
        await write(file);
        await project.up();
      }
    }
    process.stdout.write(`roster property sequence (seed ${SEED}):\n${log.join("\n")}\n`);
  });
});
