// The OrganizationRoster lifecycle: one resource holds an organization's whole declared member map. It wires the
// parts a reader can name: the review of a change before `up` (roster-review.ts: check and diff refuse what `up`
// would refuse, and say what it will do), the apply (roster-apply.ts: one listing per operation, per-member writes,
// partial failures kept in state), invitations (roster-invitation-steps.ts, over the rules of roster-invitations.ts)
// and the state (roster-state.ts).

import { replacementChanges } from "./detailed-diff";
import { isImportRead, rosterImportId } from "./import-ids";
import { isJsonObject } from "./json";
import { configurationProblems, type CheckResult, type CreateResult, type DiffResult, type MembershipProvider, type ProviderOptions, type ReadResult, type UpdateResult } from "./membership-provider";
import type { DesiredMembership, InvitationApi, LiveMembership, MembershipApi, RosterModel } from "./port";
import { applyRoster } from "./roster-apply";
import { listingScope, rosterContext, type RosterContext } from "./roster-context";
import { normalizeRosterInputs, rosterInputProps, storedRosterSettings, type RosterInputs } from "./roster-inputs";
import { refreshInvitations } from "./roster-invitation-steps";
import { invitationRecordsOf } from "./roster-invitations";
import { organizationProblems, reviewUpdate } from "./roster-review";
import { declaredMembersOf, refreshedInputs, rosterState } from "./roster-state";
import { ResourceInitError, checkFailures, withoutProvider } from "./protocol";
import { PROVIDER_KEY, containsUnknown } from "./validation";

type Props = Record<string, unknown>;

export function createRosterProvider<D extends DesiredMembership, L extends LiveMembership>(
  model: RosterModel<D, L>,
  serviceApi: () => MembershipApi<D, L>,
  options: ProviderOptions = {},
  invitationApi?: () => InvitationApi<D>,
): MembershipProvider {
  const ctx: RosterContext<D, L> = rosterContext(model, serviceApi, options, invitationApi);
  const service = ctx.service;

  async function inputsOrThrow(raw: Props): Promise<RosterInputs<D>> {
    const result = await normalizeRosterInputs(model, withoutProvider(raw), ctx.usersByEmail);
    if ("problems" in result) throw new Error(`invalid ${service} roster: ${result.problems.map((p) => p.reason).join("; ")}`);
    return result.inputs;
  }

  /**
   * `pulumi import` of `org_…`: a state as if the roster had declared every active member of the organization (the
   * refresh that follows records their roles and metadata), every setting at its default (unmanagedMembers "report":
   * nobody is removed). Invitations are left alone: a roster that does not invite neither lists nor revokes them.
   */
  async function imported(id: string): Promise<Props> {
    const organizationId = rosterImportId(service, id, (candidate) => model.checkOrganizationId(candidate));
    const live = await ctx.listNamed(organizationId);
    const active = live.filter((member) => model.standingOf(member) === "active");
    return { organizationId, members: Object.fromEntries(active.map((member) => [member.userId, model.entryOf(member)])) };
  }

  return {
    async check(olds, news) {
      const raw = withoutProvider(news);
      const configuration = configurationProblems(options);
      if (Object.values(raw).some(containsUnknown)) return configuration.length > 0 ? { inputs: news, failures: checkFailures(configuration) } : { inputs: news };
      const result = await normalizeRosterInputs(model, raw, ctx.usersByEmail, configuration);
      if ("problems" in result) return { inputs: news, failures: checkFailures(result.problems) } satisfies CheckResult;
      const problems = await organizationProblems(ctx, result.inputs, olds);
      if (problems.length > 0) return { inputs: news, failures: checkFailures(problems) };
      return { inputs: rosterInputProps(model, result.inputs) };
    },

    async diff(_id, olds, news): Promise<DiffResult> {
      if (containsUnknown(news.organizationId) || news.organizationId !== olds.organizationId) {
        return { changes: true, replaces: ["organizationId"], deleteBeforeReplace: false, propertyChanges: replacementChanges(["organizationId"]) };
      }
      if (Object.entries(news).some(([key, value]) => key !== PROVIDER_KEY && containsUnknown(value))) return { changes: true, replaces: [], deleteBeforeReplace: false };
      const review = await reviewUpdate(ctx, olds, await inputsOrThrow(news));
      return { changes: review.changed, replaces: [], deleteBeforeReplace: false, ...(review.propertyChanges ? { propertyChanges: review.propertyChanges } : {}) };
    },

    async create(raw): Promise<CreateResult> {
      const inputs = await inputsOrThrow(raw);
      return { id: inputs.organizationId, outs: await applyRoster(ctx, inputs, new Set(), {}, "create") };
    },

    async read(id, stored): Promise<ReadResult> {
      const props = isImportRead(stored) ? await imported(id) : stored;
      if (!props || typeof props.organizationId !== "string") throw new Error(`invalid ${service} roster state: it names no organization`);
      const settings = storedRosterSettings(model, props);
      const declared = new Set(declaredMembersOf(props));
      const emails = { ...(isJsonObject(props.emails) ? (props.emails as Record<string, string>) : {}) };
      // Invitations first: an invitee who joined is declared from now on, and a listing of only the declared covers them.
      const invitations = await refreshInvitations(ctx, props.organizationId, settings, invitationRecordsOf(props), declared, emails, props.invitationSettings, isJsonObject(props.watchedInvitees) ? props.watchedInvitees : {});
      const live = await ctx.listNamed(props.organizationId, listingScope(model, settings, new Map(), declared, false));
      const state = rosterState(model, props.organizationId, live, declared, settings, emails, invitations);
      return { id: props.organizationId, props: state, inputs: refreshedInputs(model, props, live, declared, settings, emails, invitations, state) };
    },

    async update(_id, olds, news): Promise<UpdateResult> {
      const inputs = await inputsOrThrow(news);
      return { outs: await applyRoster(ctx, inputs, declaredMembersOf(olds), invitationRecordsOf(olds)) };
    },

    async delete(_id, props) {
      const settings = storedRosterSettings(model, props);
      if (!settings.manageMembers || typeof props.organizationId !== "string") return;
      const declared = declaredMembersOf(props);
      // Deleting the roster removes the members it manages: the same budget guards it, and the last admin stays.
      // Pending invitations it sent are revoked: nobody may join through a roster that is gone.
      const nothing = { organizationId: props.organizationId, desired: new Map<string, D>(), settings: { ...settings, unmanagedMembers: "ignore" as const }, emails: {}, invitees: new Map<string, D>(), invitationSettings: {} };
      await applyRoster(ctx, nothing, declared, invitationRecordsOf(props), "delete").catch((error: unknown) => {
        throw error instanceof ResourceInitError ? new Error(error.message) : error;
      });
    },
  };
}
