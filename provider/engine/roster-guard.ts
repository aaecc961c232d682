// The removal guard of a `Roster` component: one resource that remembers which organizations the roster had, how
// many members each declared and its removal budget, so that dropping a whole organization's section (whose own
// resources are then deleted, and a delete is never diffed) is counted against that budget and refused by
// `pulumi preview` already, naming who would go. A change of granularity is refused the same way: it would delete the
// old resources (removing their members) before the new ones could take them over. No network call.

import { isJsonObject, jsonEqual } from "./json";
import type { CheckResult, CreateResult, DiffResult, MembershipProvider, ReadResult, UpdateResult } from "./membership-provider";
import { withoutProvider } from "./protocol";
import { guardRemovals } from "./roster-plan";
import { containsUnknown } from "./validation";

type Props = Record<string, unknown>;

/** One organization as the guard records it. */
export interface GuardedOrganization {
  /** The service's name as messages say it: "Clerk" or "WorkOS". */
  service: string;
  organizationId: string;
  maxRemovals: number;
  /** The members the roster declares, as the file names them (user id or email). */
  members: string[];
}

/** The guard's inputs (and state): the roster's granularity and its organizations, keyed `clerk/org_…`. */
export interface GuardInputs {
  granularity: string;
  organizations: Record<string, GuardedOrganization>;
}

/**
 * Whether deleting this organization's resources would remove more members than its budget allows: while any
 * organization of a Roster is, the component `protect`s the Roster's lock, so removing the whole Roster (or
 * `pulumi destroy`) is refused by the engine too.
 */
export function exceedsRemovalBudget(organization: Pick<GuardedOrganization, "members" | "maxRemovals">): boolean {
  return organization.members.length > organization.maxRemovals;
}

function guardInputsOf(props: Props): GuardInputs | undefined {
  const raw = withoutProvider(props);
  if (typeof raw.granularity !== "string" || !isJsonObject(raw.organizations)) return undefined;
  const organizations: Record<string, GuardedOrganization> = {};
  for (const [key, value] of Object.entries(raw.organizations)) {
    if (!isJsonObject(value) || typeof value.organizationId !== "string" || typeof value.service !== "string" || typeof value.maxRemovals !== "number" || !Array.isArray(value.members)) continue;
    organizations[key] = {
      service: value.service,
      organizationId: value.organizationId,
      maxRemovals: value.maxRemovals,
      members: value.members.filter((member): member is string => typeof member === "string"),
    };
  }
  return { granularity: raw.granularity, organizations };
}

/** Refuses what the engine would otherwise do unseen: drop a section over its budget, or switch granularity. */
export function guardRosterChange(name: string, before: GuardInputs, after: GuardInputs): void {
  if (before.granularity !== after.granularity && Object.keys(before.organizations).length > 0) {
    const organizations = Object.values(before.organizations).map((o) => `${o.service} ${o.organizationId}`);
    throw new Error(
      `Roster ${name}: granularity "${before.granularity}" → "${after.granularity}" is refused: \`pulumi up\` would delete the "${before.granularity}" resources, removing their members from ${organizations.join(", ")}, before the new ones take them over. ` +
        `To switch without removing anyone: remove this Roster's resources from the stack only, \`pulumi state delete --target-dependents --force '<URN of ${name}/removal-guard>'\` (everything of the roster depends on it; URNs from \`pulumi stack --show-urns\`), then run \`pulumi up\` with granularity "${after.granularity}": the new resources adopt the existing memberships`,
    );
  }
  for (const [key, organization] of Object.entries(before.organizations)) {
    if (after.organizations[key] !== undefined) continue;
    guardRemovals(
      organization.service,
      organization.organizationId,
      [...organization.members].sort().map((member) => ({ userId: member, reason: "no longer declared" as const })),
      organization.maxRemovals,
      `its section was removed from the roster. If that is intended, first raise maxRemovals to at least ${organization.members.length} in that section and apply it (\`pulumi up\`), then remove the section; if not, restore the section (check the roster file for a truncated or mis-merged change)`,
    );
  }
}

/** The guard's lifecycle: its state is its inputs; only its diff decides anything. */
export function createRosterGuardProvider(): MembershipProvider {
  return {
    check: (_olds, news): Promise<CheckResult> => Promise.resolve({ inputs: news }),
    // Decided in a `then`, so a refusal is a rejection like any other provider error.
    diff: (id, olds, news): Promise<DiffResult> =>
      Promise.resolve().then(() => {
        if (Object.values(withoutProvider(news)).some(containsUnknown)) return { changes: true };
        const before = guardInputsOf(olds);
        const after = guardInputsOf(news);
        if (before && after) guardRosterChange(typeof olds.name === "string" ? olds.name : id, before, after);
        return { changes: !jsonEqual(withoutProvider(olds), withoutProvider(news)) };
      }),
    create: (inputs): Promise<CreateResult> => Promise.resolve({ id: typeof inputs.name === "string" ? inputs.name : "roster", outs: withoutProvider(inputs) }),
    read: (id, props): Promise<ReadResult> => Promise.resolve({ id, props: props ?? {} }),
    update: (_id, _olds, news): Promise<UpdateResult> => Promise.resolve({ outs: withoutProvider(news) }),
    delete: (): Promise<void> => Promise.resolve(),
  };
}
