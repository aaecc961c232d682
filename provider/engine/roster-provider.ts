// The OrganizationRoster lifecycle: one resource holds an organization's whole declared member map. One listing
// per operation, per-member writes through the same backend API, guards before any write, partial failures kept
// in state (and named) so the next `up` continues where this one stopped.

import { jsonEqual } from "./json";
import { configurationProblems, type CheckResult, type CreateResult, type DiffResult, type MembershipProvider, type ProviderOptions, type ReadResult, type UpdateResult } from "./membership-provider";
import {
  MembershipExistsError,
  PartialApplyError,
  type DesiredMembership,
  type InputProblem,
  type LiveMembership,
  type MembershipStanding,
  type MembershipApi,
  type RosterModel,
  type UnmanagedMember,
  type UnmanagedMode,
} from "./port";
import { guardPlan, lastAdminKeptMessage, lastAdminToKeep, planRoster, type RosterSettings } from "./roster-plan";
import { warn } from "./engine-log";
import { ResourceInitError, checkFailures, withoutProvider } from "./protocol";
import { declaredMembersOf, declaredMembersState } from "./roster-state";
import { PROVIDER_KEY, containsUnknown } from "./validation";
import { verifiedApi } from "./verify-kept";

type Props = Record<string, unknown>;

const MODES: readonly UnmanagedMode[] = ["ignore", "report", "remove"];
const SETTINGS_KEYS = ["organizationId", "members", "privateMetadata", "unmanagedMembers", "maxRemovals", "adminRoles", "manageMembers"];
/** Writes in flight at once for one roster; the shared rate limiter holds them back further. */
const WRITE_CONCURRENCY = 8;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface RosterInputs<D> {
  organizationId: string;
  /** Whether the inputs carried a (secret) privateMetadata map. */
  hasPrivate?: boolean;
  desired: Map<string, D>;
  settings: RosterSettings;
  emails: Record<string, string>;
}


export function createRosterProvider<D extends DesiredMembership, L extends LiveMembership>(
  model: RosterModel<D, L>,
  serviceApi: () => MembershipApi<D, L>,
  options: ProviderOptions = {},
): MembershipProvider {
  // Every write is checked against the declaration: what the service kept is what gets recorded.
  const api = (): MembershipApi<D, L> => verifiedApi(model.membership, serviceApi());
  const service = model.membership.service;

  /** Validates everything that needs no API, collecting every problem. */
  function validateStatic(raw: Props): { problems: InputProblem[]; members: Record<string, unknown>; privates: Record<string, unknown> } {
    const problems: InputProblem[] = [];
    for (const key of Object.keys(raw)) {
      if (key !== PROVIDER_KEY && !SETTINGS_KEYS.includes(key) && key !== "emails") {
        problems.push({ property: key, reason: `"${key}" is not a property of an organization roster; allowed: ${SETTINGS_KEYS.join(", ")}` });
      }
    }
    const organizationId = raw.organizationId;
    if (typeof organizationId !== "string") problems.push({ property: "organizationId", reason: "organizationId is required: the organization's id" });
    else {
      const problem = model.checkOrganizationId(organizationId);
      if (problem) problems.push({ property: "organizationId", reason: problem });
    }
    const members = isRecord(raw.members) ? raw.members : {};
    if (raw.members !== undefined && !isRecord(raw.members)) problems.push({ property: "members", reason: "members must be a map from user id (or email) to the member's role and metadata" });
    // privateMetadata is a secret input: its problems name no property, or the engine would print the whole map.
    const privates = isRecord(raw.privateMetadata) ? raw.privateMetadata : {};
    if (raw.privateMetadata !== undefined && !isRecord(raw.privateMetadata)) problems.push({ property: "", reason: "privateMetadata must be a map from user id (or email) to that member's private metadata" });
    for (const key of Object.keys(privates)) {
      if (!(key in members)) problems.push({ property: "", reason: `privateMetadata names ${key}, who is not in members` });
    }
    if (raw.unmanagedMembers !== undefined && !MODES.includes(raw.unmanagedMembers as UnmanagedMode)) {
      problems.push({ property: "unmanagedMembers", reason: `unmanagedMembers must be one of ${MODES.join(", ")} (default report)` });
    }
    if (raw.maxRemovals !== undefined && !(Number.isInteger(raw.maxRemovals) && (raw.maxRemovals as number) >= 0)) {
      problems.push({ property: "maxRemovals", reason: "maxRemovals must be a whole number ≥ 0 (default 5)" });
    }
    if (raw.adminRoles !== undefined && !(Array.isArray(raw.adminRoles) && raw.adminRoles.length > 0 && raw.adminRoles.every((r) => typeof r === "string"))) {
      problems.push({ property: "adminRoles", reason: "adminRoles must be a non-empty list of role keys or slugs" });
    }
    if (raw.manageMembers !== undefined && typeof raw.manageMembers !== "boolean") problems.push({ property: "manageMembers", reason: "manageMembers must be a boolean" });
    for (const key of Object.keys(members)) {
      if (key.includes("@") && !EMAIL.test(key)) problems.push({ property: "members", reason: `members: "${key}" is not a valid email address` });
    }
    return { problems, members, privates };
  }

  function settingsOf(raw: Props): RosterSettings {
    return {
      unmanagedMembers: (raw.unmanagedMembers as UnmanagedMode | undefined) ?? "report",
      maxRemovals: (raw.maxRemovals as number | undefined) ?? 5,
      adminRoles: (raw.adminRoles as string[] | undefined) ?? [...model.defaultAdminRoles],
      manageMembers: (raw.manageMembers as boolean | undefined) ?? true,
    };
  }

  /** Builds each member's desired state; problems name the member. Emails must already be resolved. */
  function desiredMembers(organizationId: string, members: Record<string, unknown>, privates: Record<string, unknown>): { desired: Map<string, D>; problems: InputProblem[] } {
    const desired = new Map<string, D>();
    const problems: InputProblem[] = [];
    for (const [userId, entry] of Object.entries(members)) {
      const fields = typeof entry === "string" ? model.roleEntry(entry) : isRecord(entry) ? entry : undefined;
      if (!fields) {
        problems.push({ property: "members", reason: `members.${userId}: must be a role, or an object of the member's fields (got ${entry === null ? "null" : Array.isArray(entry) ? "a list" : typeof entry})` });
        continue;
      }
      const result = model.desired(organizationId, userId, fields, privates[userId]);
      if (result.ok) desired.set(userId, result.value);
      else {
        for (const problem of result.problems) {
          // A secret property's problem names no property, so the engine prints no value with it.
          problems.push({ property: problem.secret ? "" : "members", reason: `members.${userId}.${problem.property}: ${problem.reason}` });
        }
      }
    }
    return { desired, problems };
  }

  /**
   * Normalized inputs: emails resolved to user ids (one batched lookup), defaults applied. `configuration` holds the
   * provider's own configuration problems: reported with the inputs' own, and no API call is made while there are any.
   */
  async function normalize(raw: Props, configuration: InputProblem[] = []): Promise<{ inputs: RosterInputs<D> } | { problems: InputProblem[] }> {
    const { problems, members, privates } = validateStatic(raw);
    if (problems.length > 0) return { problems: [...configuration, ...problems] };
    const organizationId = raw.organizationId as string;
    const settings = settingsOf(raw);
    // Validate every entry before any API call (with a placeholder id for email keys).
    const staticCheck = desiredMembers(organizationId, rekey(members, (key) => (key.includes("@") ? undefined : key)), privates);
    const entryProblems = staticCheck.problems;
    for (const [key, entry] of Object.entries(members)) {
      if (!key.includes("@")) continue;
      const placeholder = desiredMembers(organizationId, { [`user_placeholder`]: entry }, { user_placeholder: privates[key] });
      entryProblems.push(...placeholder.problems.map((p) => ({ ...p, reason: p.reason.replace("members.user_placeholder.", `members.${key}.`) })));
    }
    if (entryProblems.length > 0) return { problems: [...configuration, ...entryProblems] };
    if (configuration.length > 0) return { problems: configuration };

    const emails = Object.keys(members).filter((key) => key.includes("@"));
    const resolved: Record<string, string> = {};
    if (emails.length > 0) {
      const found = await api().usersByEmail(emails);
      const unresolved: string[] = [];
      for (const email of emails) {
        const ids = found.get(email.toLowerCase()) ?? [];
        if (ids.length === 1 && ids[0]) resolved[email] = ids[0];
        else unresolved.push(ids.length === 0 ? `${email} matches no ${service} user` : `${email} matches ${ids.length} users (${ids.join(", ")}): use userId`);
      }
      if (unresolved.length > 0) return { problems: [{ property: "members", reason: `members: ${unresolved.join("; ")}` }] };
    }
    const byUser = rekey(members, (key) => resolved[key] ?? key);
    const privatesByUser = rekey(privates, (key) => resolved[key] ?? key);
    if (Object.keys(byUser).length !== Object.keys(members).length) {
      return { problems: [{ property: "members", reason: "members: the same user is listed twice (once by id, once by email)" }] };
    }
    const { desired, problems: memberProblems } = desiredMembers(organizationId, byUser, privatesByUser);
    if (memberProblems.length > 0) return { problems: memberProblems };
    if (settings.unmanagedMembers === "remove" && ![...desired.values()].some((m) => model.isAdmin(m, settings.adminRoles))) {
      return { problems: [{ property: "members", reason: `no declared member has an admin role (${settings.adminRoles.join(" or ")}), and unmanagedMembers is "remove": the organization would be left without an admin` }] };
    }
    // Inputs that went through check already carry their members by user id, with `emails` recording how they
    // were named: keep that record (for members still declared), or the state forgets it after the first write.
    const carried = isRecord(raw.emails) ? Object.entries(raw.emails).filter(([, userId]) => typeof userId === "string" && desired.has(userId)) : [];
    const emailsByName = { ...(Object.fromEntries(carried) as Record<string, string>), ...resolved };
    return { inputs: { organizationId, desired, settings, emails: emailsByName, hasPrivate: raw.privateMetadata !== undefined } };
  }

  function toInputProps(inputs: RosterInputs<D>): Props {
    const members: Props = {};
    const privates: Props = {};
    for (const [userId, d] of [...inputs.desired].sort(([a], [b]) => a.localeCompare(b))) {
      members[userId] = model.desiredEntryOf(d);
      const priv = model.privateOf(d);
      if (priv && Object.keys(priv).length > 0) privates[userId] = priv;
    }
    return {
      organizationId: inputs.organizationId,
      members,
      // Kept whenever it was given (even empty): its presence is what keeps refreshed values secret in state.
      ...(inputs.hasPrivate || Object.keys(privates).length > 0 ? { privateMetadata: privates } : {}),
      unmanagedMembers: inputs.settings.unmanagedMembers,
      maxRemovals: inputs.settings.maxRemovals,
      adminRoles: inputs.settings.adminRoles,
      manageMembers: inputs.settings.manageMembers,
      ...(Object.keys(inputs.emails).length > 0 ? { emails: inputs.emails } : {}),
    };
  }

  function toState(organizationId: string, live: readonly L[], declared: ReadonlySet<string>, settings: RosterSettings, emails: Record<string, string>): Props {
    const members: Props = {};
    const privates: Props = {};
    // Undeclared members by standing: only active ones are unmanaged (drift in "report" mode); inactive and pending
    // memberships grant no access, so they are listed for reviewers but are never drift and never removed.
    const undeclared: Record<MembershipStanding, UnmanagedMember[]> = { active: [], inactive: [], pending: [] };
    for (const member of [...live].sort((a, b) => a.userId.localeCompare(b.userId))) {
      if (declared.has(member.userId)) {
        if (!settings.manageMembers) continue;
        members[member.userId] = model.entryOf(member);
        const priv = model.privateOf(member);
        if (priv && Object.keys(priv).length > 0) privates[member.userId] = priv;
      } else {
        undeclared[model.standingOf(member)].push({ userId: member.userId, role: model.describe(member), membershipId: member.membershipId });
      }
    }
    const listed = settings.unmanagedMembers !== "ignore";
    return {
      organizationId,
      members,
      privateMetadata: privates,
      ...declaredMembersState(declared, members, settings.manageMembers),
      unmanagedMembers: listed ? undeclared.active : [],
      ...(listed && undeclared.inactive.length > 0 ? { inactiveMembers: undeclared.inactive } : {}),
      ...(listed && undeclared.pending.length > 0 ? { pendingMembers: undeclared.pending } : {}),
      unmanagedMembersMode: settings.unmanagedMembers,
      maxRemovals: settings.maxRemovals,
      adminRoles: settings.adminRoles,
      manageMembers: settings.manageMembers,
      emails,
    };
  }

  function storedSettings(state: Props): RosterSettings {
    return settingsOf({ ...state, unmanagedMembers: state.unmanagedMembersMode });
  }

  async function inputsOrThrow(raw: Props): Promise<RosterInputs<D>> {
    const result = await normalize(withoutProvider(raw));
    if ("problems" in result) throw new Error(`invalid ${service} roster: ${result.problems.map((p) => p.reason).join("; ")}`);
    return result.inputs;
  }

  /**
   * Lists the organization, guards the plan, applies it; on failures keeps what was applied and names who failed.
   * `deleting`: the roster itself is being deleted, which cannot be refused, so instead of refusing a plan that leaves
   * no admin, the last admin is left in place (and that is said).
   */
  async function apply(inputs: RosterInputs<D>, previouslyDeclared: ReadonlySet<string>, deleting = false): Promise<Props> {
    const backend = api();
    const live = await backend.list(inputs.organizationId);
    const plan = planRoster(model, live, inputs.desired, previouslyDeclared, inputs.settings);
    const removedByOthers = inputs.settings.manageMembers ? [] : [...previouslyDeclared].filter((id) => !inputs.desired.has(id) && live.some((m) => m.userId === id));
    guardPlan(model, inputs.organizationId, plan, inputs.desired, inputs.settings, removedByOthers, !deleting);
    const keptAdmin = deleting ? lastAdminToKeep(live, [...plan.removeDeclared, ...plan.removeUnmanaged], (m) => model.isAdmin(m, inputs.settings.adminRoles)) : undefined;
    if (keptAdmin) {
      plan.removeDeclared = plan.removeDeclared.filter((m) => m !== keptAdmin);
      await warn(lastAdminKeptMessage(service, keptAdmin, model.describe(keptAdmin)));
    }

    const result = new Map(live.map((m) => [m.userId, m]));
    const failures: string[] = [];
    const record = (userId: string, action: string) => (error: unknown) => {
      if (error instanceof PartialApplyError) result.set(userId, error.live as L);
      failures.push(`${userId} (${action}): ${error instanceof Error ? error.message : String(error)}`);
    };
    await runLimited([
      ...plan.create.map((d) => () =>
        backend.create(d).then(
          (created) => void result.set(d.userId, created),
          async (error: unknown) => {
            if (!(error instanceof MembershipExistsError) || !error.adoptable) throw error;
            const existing = await backend.find(d);
            if (!existing) throw error;
            result.set(d.userId, await backend.converge(existing, d));
          },
        ).catch(record(d.userId, "add")),
      ),
      ...plan.converge.map(({ live: have, desired: want }) => () => backend.converge(have, want).then((updated) => void result.set(want.userId, updated), record(want.userId, "update"))),
      ...[...plan.removeDeclared, ...plan.removeUnmanaged].map((member) => () =>
        backend.remove(member, model.removal(member)).then(() => void result.delete(member.userId), record(member.userId, "remove")),
      ),
    ]);

    // Members that failed to be removed stay declared-as-before so the next run retries them.
    const declared = new Set(inputs.desired.keys());
    for (const member of plan.removeDeclared) if (result.has(member.userId)) declared.add(member.userId);
    const state = toState(inputs.organizationId, [...result.values()], declared, inputs.settings, inputs.emails);
    if (failures.length > 0) {
      const message = `${service} organization ${inputs.organizationId}: ${failures.length} member change(s) failed, the others were applied and recorded; run \`pulumi up\` again after fixing: ${failures.join(" | ")}`;
      throw new ResourceInitError(message, inputs.organizationId, state, failures);
    }
    return state;
  }

  return {
    async check(_olds, news) {
      const raw = withoutProvider(news);
      const configuration = configurationProblems(options);
      if (Object.values(raw).some(containsUnknown)) return configuration.length > 0 ? { inputs: news, failures: checkFailures(configuration) } : { inputs: news };
      const result = await normalize(raw, configuration);
      if ("problems" in result) return { inputs: news, failures: checkFailures(result.problems) } satisfies CheckResult;
      return { inputs: toInputProps(result.inputs) };
    },

    async diff(_id, olds, news): Promise<DiffResult> {
      if (containsUnknown(news.organizationId) || news.organizationId !== olds.organizationId) {
        return { changes: true, replaces: ["organizationId"], deleteBeforeReplace: false };
      }
      if (Object.entries(news).some(([key, value]) => key !== PROVIDER_KEY && containsUnknown(value))) return { changes: true, replaces: [], deleteBeforeReplace: false };
      const inputs = await inputsOrThrow(news);
      const stored = storedSettings(olds);
      const settingsChanged = !jsonEqual(stored, inputs.settings);
      const liveMembers = isRecord(olds.members) ? olds.members : {};
      const livePrivates = isRecord(olds.privateMetadata) ? olds.privateMetadata : {};
      const previouslyDeclared = declaredMembersOf(olds);
      const unmanaged = Array.isArray(olds.unmanagedMembers) ? (olds.unmanagedMembers as UnmanagedMember[]) : [];

      let changed = settingsChanged;
      if (inputs.settings.manageMembers) {
        for (const [userId, d] of inputs.desired) {
          const stored = liveMembers[userId];
          const entry = model.canonicalEntry(stored);
          if (!jsonEqual(entry, model.desiredEntryOf(d)) || !jsonEqual(livePrivates[userId] ?? {}, model.privateOf(d) ?? {})) changed = true;
        }
      }
      const dropped = [...previouslyDeclared].filter((userId) => !inputs.desired.has(userId));
      // A newly declared user must reach the state even when nothing is written (a watcher), or the next refresh
      // reports it as unmanaged.
      if ([...inputs.desired.keys()].some((userId) => !previouslyDeclared.has(userId))) changed = true;
      const newlyDeclaredUnmanaged = unmanaged.filter((m) => inputs.desired.has(m.userId));
      const toRemoveUnmanaged = inputs.settings.unmanagedMembers === "remove" ? unmanaged.filter((m) => !inputs.desired.has(m.userId)) : [];
      if (dropped.length > 0 || newlyDeclaredUnmanaged.length > 0 || toRemoveUnmanaged.length > 0) changed = true;
      // Unmanaged members in "report" mode are drift: the scheduled preview must say so.
      if (inputs.settings.unmanagedMembers === "report" && unmanaged.some((m) => !inputs.desired.has(m.userId))) changed = true;
      const removals = dropped.length + toRemoveUnmanaged.length;
      if (removals > inputs.settings.maxRemovals) {
        const who = [...dropped.map((u) => `${u} (no longer declared)`), ...toRemoveUnmanaged.map((m) => `${m.userId} (${m.role}, not declared)`)];
        throw new Error(`${service} organization ${inputs.organizationId}: this change would remove ${removals} members, more than maxRemovals (${inputs.settings.maxRemovals}). Who would go: ${who.join("; ")}. If that is intended, raise maxRemovals to at least ${removals}; if not, check the roster file for a truncated or mis-merged list`);
      }
      return { changes: changed, replaces: [], deleteBeforeReplace: false };
    },

    async create(raw): Promise<CreateResult> {
      const inputs = await inputsOrThrow(raw);
      return { id: inputs.organizationId, outs: await apply(inputs, new Set()) };
    },

    async read(_id, props): Promise<ReadResult> {
      if (!props || typeof props.organizationId !== "string") {
        throw new Error(`${service} organization rosters cannot be imported with \`pulumi import\`; declare the roster instead: existing members are adopted on the next \`pulumi up\``);
      }
      const settings = storedSettings(props);
      const declared = declaredMembersOf(props);
      const live = await api().list(props.organizationId);
      const emails = isRecord(props.emails) ? (props.emails as Record<string, string>) : {};
      const state = toState(props.organizationId, live, declared, settings, emails);
      const members: Props = {};
      const privates: Props = {};
      for (const member of live) {
        if (!declared.has(member.userId)) continue;
        members[member.userId] = model.entryOf(member);
        const priv = model.privateOf(member);
        if (priv && Object.keys(priv).length > 0) privates[member.userId] = priv;
      }
      // The inputs that would produce what is live, in the same shape as check's (so a preview's diff, which
      // compares these with check's, shows only what differs). Private metadata is there for a service that has it
      // (the resource always passes it as a secret, and the engine keeps a refreshed input secret when the stored
      // one was); a watcher never holds it.
      const inputs: Props = {
        organizationId: props.organizationId,
        members,
        ...(model.hasPrivatePart ? { privateMetadata: settings.manageMembers ? privates : {} } : {}),
        unmanagedMembers: modeWithFindings(settings.unmanagedMembers, state.unmanagedMembers as UnmanagedMember[]),
        maxRemovals: settings.maxRemovals,
        adminRoles: settings.adminRoles,
        manageMembers: settings.manageMembers,
        ...(Object.keys(emails).length > 0 ? { emails } : {}),
      };
      return { id: props.organizationId, props: state, inputs };
    },

    async update(_id, olds, news): Promise<UpdateResult> {
      const inputs = await inputsOrThrow(news);
      const previouslyDeclared = declaredMembersOf(olds);
      return { outs: await apply(inputs, previouslyDeclared) };
    },

    async delete(_id, props) {
      const settings = storedSettings(props);
      if (!settings.manageMembers || typeof props.organizationId !== "string") return;
      const declared = declaredMembersOf(props);
      // Deleting the roster removes the members it manages: the same budget guards it, and the last admin stays.
      await apply({ organizationId: props.organizationId, desired: new Map(), settings: { ...settings, unmanagedMembers: "ignore" }, emails: {} }, declared, true).catch((error: unknown) => {
        throw error instanceof ResourceInitError ? new Error(error.message) : error;
      });
    },
  };
}

/** Unmanaged members a refresh found, named where they are listed. */
const NAMED_UNMANAGED = 20;

/**
 * The `unmanagedMembers` input as a refresh hands it back: the mode, followed by the unmanaged members it found and
 * what turns the drift check green. A preview's diff compares it with the plain mode the program declares, so the
 * members that make the check red are named in `pulumi preview --diff` itself, not only in the drift report.
 */
function modeWithFindings(mode: UnmanagedMode, unmanaged: readonly UnmanagedMember[]): string {
  if (mode === "ignore" || unmanaged.length === 0) return mode;
  const named = unmanaged.slice(0, NAMED_UNMANAGED).map((m) => `${m.userId} (${m.role})`);
  if (unmanaged.length > NAMED_UNMANAGED) named.push(`and ${unmanaged.length - NAMED_UNMANAGED} more (org-roster drift-report lists them all)`);
  return mode === "report"
    ? `report: live members not in the roster: ${named.join(", ")}; add them to the roster, or remove them from the organization (or set unmanagedMembers: remove)`
    : `remove: live members not in the roster, removed by the next \`pulumi up --refresh\`: ${named.join(", ")}`;
}

async function runLimited(tasks: Array<() => Promise<void>>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next++];
      if (task) await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, tasks.length) }, worker));
}

function rekey(record: Record<string, unknown>, key: (k: string) => string | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    const next = key(k);
    if (next !== undefined) result[next] = v;
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
