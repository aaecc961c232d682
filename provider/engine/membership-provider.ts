// The resource lifecycle shared by every membership backend: check, diff, create (with adoption), read (drift),
// update (converge) and delete, written against the MembershipModel/MembershipApi port.

import type { ValueDigest } from "./private-metadata-keys";
import { keysOf, recordValueChanges, replacementChanges, type PropertyChanges } from "./detailed-diff";
import type { dynamic } from "@pulumi/pulumi";
import { STAND_IN_USER_ID, isEmailAddress } from "./email";
import {
  MembershipExistsError,
  PartialApplyError,
  type DesiredMembership,
  type InputProblem,
  type LiveMembership,
  type MembershipApi,
  type MembershipModel,
} from "./port";
import { ResourceInitError, checkFailures, withoutProvider } from "./protocol";
import { PROVIDER_KEY, containsUnknown } from "./validation";
import { verifiedApi } from "./verify-kept";
import { warn } from "./engine-log";
import { adoptionNotice, lastAdminKeptMessage, lastAdminToKeep } from "./roster-plan";
import { named, personLabel } from "./people";
import { isImportRead, membershipImportId } from "./import-ids";
import { isJsonObject } from "./json";

type Props = Record<string, unknown>;

// The SDK's dynamic-provider results (a type-only import: nothing of @pulumi/pulumi is loaded by the engine), made
// stricter only where an omission would lose something without an error:

/** `inputs` always given: they are the normalized inputs every later call receives; without them the raw ones go on. */
export type CheckResult = dynamic.CheckResult<Props> & { readonly inputs: Props };
/**
 * `changes` always said: left undefined, the engine compares the inputs itself, `__provider` included. With
 * `propertyChanges`, what changes by property path, which the provider plugin returns as its detailed diff (the SDK's
 * dynamic providers have no detailed diff and ignore it).
 */
export type DiffResult = dynamic.DiffResult & { readonly changes: boolean; readonly propertyChanges?: PropertyChanges };
/** `outs` always given: they become the resource's entire state. */
export type CreateResult = dynamic.CreateResult<Props> & { readonly outs: Props };
export type ReadResult = dynamic.ReadResult<Props>;
/** `outs` always given: an update that returns none wipes the state. */
export type UpdateResult = dynamic.UpdateResult<Props> & { readonly outs: Props };

/**
 * The SDK's ResourceProvider with every lifecycle method present (without `diff` every code change would update every
 * resource; without `update` the state would be wiped) and the results above. `configure` is the runtime's concern.
 */
export interface MembershipProvider extends dynamic.ResourceProvider<Props, Props> {
  check(olds: Props, news: Props): Promise<CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<DiffResult>;
  create(inputs: Props): Promise<CreateResult>;
  read(id: string, props?: Props): Promise<ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}

/** Who counts as an organization's admin, for the last-admin rule on deletes. */
export interface AdminRule<L> {
  /** Whether `live` holds one of `adminRoles` (the service's default admin roles when undefined) and is active. */
  isAdmin(live: L, adminRoles?: readonly string[]): boolean;
  /** The member's role(s) in the service's words. */
  describe(live: L): string;
}

/**
 * Deletes of admins run one at a time per organization in this process, each deciding from a fresh listing:
 * otherwise two admins deleted at once would each see the other one stay.
 */
const adminDeletes = new Map<string, Promise<void>>();

function oneAtATime(key: string, task: () => Promise<void>): Promise<void> {
  const previous = adminDeletes.get(key) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  adminDeletes.set(key, tail);
  void tail.then(() => {
    if (adminDeletes.get(key) === tail) adminDeletes.delete(key);
  });
  return run;
}

/** Whether `value` is `{}`: an empty metadata map, the default an import leaves out of the inputs it declares. */
function isEmptyObject(value: unknown): boolean {
  return isJsonObject(value) && Object.keys(value).length === 0;
}

/**
 * What a membership's update changes, by input property: the live membership in the form of the inputs against the
 * declared inputs, each metadata key its own path. A difference no input names (WorkOS: a deactivated membership's
 * status) is said by the state's property of that name.
 */
export function membershipChanges<D extends DesiredMembership, L extends LiveMembership>(model: MembershipModel<D, L>, olds: Props, news: Props, differences: readonly string[]): PropertyChanges {
  const stored = model.fromState(withoutProvider(olds));
  const live = model.toInputs(stored.live, stored.desired);
  const { email: _email, ...declared } = withoutProvider(news);
  const changes: PropertyChanges = {};
  // An input the state holds under the same name shows its old value from the state (what is live), any other from the previous inputs.
  for (const property of keysOf(live, declared)) recordValueChanges(changes, [property], live[property], declared[property], { inputDiff: !(property in olds) });
  if (Object.keys(changes).length === 0) for (const property of differences) changes[property] = { kind: "update" };
  return changes;
}

/** The properties that identify a membership: changing one means another membership, so a replace. */
const IDENTITY = ["organizationId", "userId"] as const;

/** What a lifecycle needs besides its model and API. */
export interface ProviderOptions {
  /**
   * What is wrong with the provider's own configuration (API key, API URL, rate limit), found without a network
   * call; undefined when nothing is. `check` reports it, so `pulumi preview` refuses what `pulumi up` would.
   */
  configurationProblem?: () => string | undefined;
  /** The keyed digest of private values (from the API key, never stored); undefined without credentials. */
  privateValueDigest?: () => ValueDigest | undefined;
}

/** A configuration problem as a check failure: it concerns no input property. */
export function configurationProblems(options: ProviderOptions): InputProblem[] {
  const problem = options.configurationProblem?.();
  return problem === undefined ? [] : [{ property: "", reason: problem }];
}


export function createMembershipProvider<D extends DesiredMembership, L extends LiveMembership>(
  model: MembershipModel<D, L>,
  serviceApi: () => MembershipApi<D, L>,
  options: ProviderOptions = {},
  admins?: AdminRule<L>,
): MembershipProvider {
  // Every write is checked against the declaration: what the service kept is what gets recorded.
  const api = (): MembershipApi<D, L> => verifiedApi(model, serviceApi());

  /**
   * The state with who the member is (`person`: "Jane Doe <jane@acme.com>"), for reviewers: by the membership's own
   * word, else what the state already says (`known`), else, on a write (`listPeople`), the service's people of the
   * organization (one listing per organization and process, shared); a refresh never lists them. Without it when none
   * says.
   */
  const namedState = async (live: L, state: Props, known: unknown, listPeople: boolean): Promise<Props> => {
    const stored = typeof known === "string" ? known : undefined;
    const listed = async () => (listPeople ? personLabel((await api().people?.(live.organizationId).catch(() => undefined))?.get(live.userId)) : undefined);
    const person = personLabel(live.person) ?? stored ?? (await listed());
    return person === undefined ? state : { ...state, person };
  };

  const desiredFrom = (inputs: Props): D => {
    const { email: _email, ...raw } = withoutProvider(inputs);
    const result = model.validate(raw);
    if (!result.ok) {
      // The engine calls check first, so this only happens when state or inputs were edited by hand.
      throw new Error(`invalid ${model.service} membership inputs: ${result.problems.map((p) => p.reason).join("; ")}`);
    }
    return result.value;
  };

  const adoptOrFail = async (error: MembershipExistsError, desired: D): Promise<L> => {
    if (!error.adoptable) {
      throw new Error(`${model.service}: ${error.message}; it cannot be adopted in that state. Resolve it in ${model.service} (accept, revoke or remove it) and run again`);
    }
    if (!desired.adoptExisting) {
      throw new Error(`${model.service}: ${error.message}. To manage the existing membership with this resource, set adoptExisting: true (the default); or remove the membership first`);
    }
    const existing = await api().find(error.ref);
    if (!existing) {
      throw new Error(`${model.service}: ${error.message}, but it could not be found when adopting it (removed meanwhile?); run again`);
    }
    return converge(existing, desired);
  };

  /** What was applied before a failure (or what the service kept instead of the declaration), kept in state. */
  const partiallyApplied = (error: PartialApplyError<unknown>, desired: D): ResourceInitError => {
    const applied = error.live as L;
    return new ResourceInitError(error.message, applied.membershipId, model.toState(applied, desired), [error.message]);
  };

  const converge = async (live: L, desired: D): Promise<L> => {
    try {
      return await api().converge(live, desired);
    } catch (error) {
      if (error instanceof PartialApplyError) throw partiallyApplied(error, desired);
      if (error instanceof Error) {
        // Nothing of the convergence was applied, but the membership exists: keep it in state.
        throw new ResourceInitError(error.message, live.membershipId, model.toState(live, desired), [error.message]);
      }
      throw error;
    }
  };

  const ensure = async (desired: D): Promise<L> => {
    try {
      return await api().create(desired);
    } catch (error) {
      if (error instanceof MembershipExistsError) return adoptOrFail(error, desired);
      if (error instanceof PartialApplyError) throw partiallyApplied(error, desired);
      throw error;
    }
  };

  /**
   * A resource new to the stack adopts a membership that is already there (adoptExisting): the preview says what
   * converging it changes. One listing per organization in this process (the shared listing).
   */
  const announceAdoption = async (olds: Props, desired: D, email?: string): Promise<void> => {
    if (!desired.adoptExisting || olds.userId !== undefined || olds.email !== undefined || containsUnknown(desired)) return;
    const backend = api();
    // What a preview says, never a reason to fail it: a listing that fails leaves the notice out.
    const live = await (backend.glance ? backend.glance(desired) : backend.find(desired)).catch(() => undefined);
    const changes = live ? model.changes(live, desired) : [];
    if (live && changes.length > 0) await warn(adoptionNotice(model.service, desired.organizationId, [{ who: named(desired.userId, personLabel(live.person) ?? email), changes }]));
  };

  /**
   * `pulumi import` of `org_…/user_…`: the live membership as a create would have recorded it (its membership id, the
   * state), and the inputs that declare it as it is, every other setting at its default, so the next preview is a no-op.
   */
  const importMembership = async (id: string): Promise<ReadResult> => {
    const desired = membershipImportId(model, id);
    const live = await api().find(desired);
    if (!live) throw new Error(`${model.service}: ${desired.userId} is not a member of ${desired.organizationId}; nothing to import`);
    const inputs = Object.fromEntries(Object.entries(model.toInputs(live, desired)).filter(([, value]) => !isEmptyObject(value)));
    return { id: live.membershipId, props: await namedState(live, model.toState(live, desired), undefined, false), inputs };
  };

  return {
    async check(olds, news) {
      const failed = (problems: InputProblem[]): CheckResult => ({ inputs: news, failures: checkFailures(problems) });
      const configuration = configurationProblems(options);
      const { email, ...raw } = withoutProvider(news);
      if (email === undefined) {
        const result = model.validate(raw);
        if (!result.ok) return failed([...configuration, ...result.problems]);
        if (configuration.length > 0) return failed(configuration);
        await announceAdoption(olds, result.value);
        return { inputs: result.inputs };
      }
      // A member named by email: validate everything else first (no API call on bad input), then resolve it.
      const problems: InputProblem[] = [...configuration];
      if (!isEmailAddress(email)) problems.push({ property: "email", reason: "email must be an email address such as jane@example.com" });
      if (raw.userId !== undefined) problems.push({ property: "email", reason: "set either userId or email, not both" });
      const others = model.validate({ ...raw, userId: raw.userId ?? STAND_IN_USER_ID });
      if (!others.ok) problems.push(...others.problems);
      if (problems.length > 0) return failed(problems);
      if (containsUnknown(email)) return { inputs: news };
      const address = email as string;
      const ids = (await api().usersByEmail([address])).get(address.toLowerCase()) ?? [];
      if (ids.length !== 1) {
        const reason = ids.length === 0 ? `${address} matches no ${model.service} user` : `${address} matches ${ids.length} users (${ids.join(", ")}): use userId`;
        return failed([{ property: "email", reason }]);
      }
      const result = model.validate({ ...raw, userId: ids[0] });
      if (!result.ok) return failed(result.problems);
      await announceAdoption(olds, result.value, address);
      return { inputs: { ...result.inputs, email: address } };
    },

    diff(_id, olds, news) {
      if (news.email !== undefined && news.userId === undefined) return Promise.resolve({ changes: true, replaces: ["userId"], deleteBeforeReplace: false });
      const stored = model.fromState(withoutProvider(olds));
      const replaces = IDENTITY.filter((key) => containsUnknown(news[key]) || news[key] !== stored.live[key]);
      if (replaces.length > 0) return Promise.resolve({ changes: true, replaces: [...replaces], deleteBeforeReplace: false, propertyChanges: replacementChanges(replaces) });
      if (Object.entries(news).some(([key, value]) => key !== PROVIDER_KEY && containsUnknown(value))) {
        return Promise.resolve({ changes: true, replaces: [], deleteBeforeReplace: false });
      }
      const desired = desiredFrom(news);
      const differences = model.differences(stored.live, desired, stored.desired);
      if (differences.length === 0) return Promise.resolve({ changes: false, replaces: [], deleteBeforeReplace: false });
      return Promise.resolve({ changes: true, replaces: [], deleteBeforeReplace: false, propertyChanges: membershipChanges(model, olds, news, differences) });
    },

    async create(inputs) {
      const desired = desiredFrom(inputs);
      const live = await ensure(desired);
      return { id: live.membershipId, outs: await namedState(live, model.toState(live, desired), undefined, true) };
    },

    async read(id, props) {
      if (isImportRead(props)) return importMembership(id);
      if (!props || typeof props.organizationId !== "string" || typeof props.userId !== "string") {
        throw new Error(`invalid ${model.service} membership state: it names no organization and user`);
      }
      const stored = model.fromState(withoutProvider(props));
      const live = await api().find(stored.live);
      if (!live) return {};
      return { id: live.membershipId, props: await namedState(live, model.toState(live, stored.desired), props.person, false), inputs: model.toInputs(live, stored.desired) };
    },

    async update(_id, olds, news) {
      const stored = model.fromState(withoutProvider(olds));
      const desired = desiredFrom(news);
      // Converge from what is live now, not from the stored outputs: they may be older than this operation.
      const live = await api().find(stored.live);
      const result = live ? await converge(live, desired) : await ensure(desired);
      return { outs: await namedState(result, model.toState(result, desired), olds.person, true) };
    },

    async delete(_id, props) {
      const stored = model.fromState(withoutProvider(props));
      // The member as it is now (the shared listing makes this cheap); only an admin's delete needs the guard.
      const adminRoles = stored.desired.adminRoles;
      const current = admins ? await api().find(stored.live) : undefined;
      if (!admins || !current || !admins.isAdmin(current, adminRoles)) {
        await api().remove(current ?? stored.live, stored.desired);
        return;
      }
      await oneAtATime(`${model.service}\n${current.organizationId}`, async () => {
        const live = await api().list(current.organizationId);
        const member = live.find((m) => m.userId === current.userId);
        if (!member) return;
        if (lastAdminToKeep(live, [member], (m) => admins.isAdmin(m, adminRoles)) === member) {
          // Named by the person: where the listing does not say who it is, the service's people do (a rare extra call).
          const person = member.person ?? (await api().people?.(member.organizationId).catch(() => undefined))?.get(member.userId);
          await warn(lastAdminKeptMessage(model.service, { ...member, ...(person ? { person } : {}) }, admins.describe(member)));
          return;
        }
        await api().remove(member, stored.desired);
      });
    },
  };
}
