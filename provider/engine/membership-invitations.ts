// Invitations for the per-member resource: an OrganizationMembership named by `email`, with missingUsers: "invite",
// whose email matches no user yet, stands for an invitation instead of failing. Its state is then the invitation's
// (id, status, the entry it grants); once the invitee accepts, the email resolves to a user and the resource is
// replaced by the membership (the new one adopts what the acceptance created; deleting the old one revokes nothing
// that is still pending). The rules are the roster's (roster-invitations.ts): one pending invitation per email, a
// changed role or metadata revokes before re-inviting, a revoked or expired invitation is re-sent by the next `up`
// only, deleting the resource revokes it. Every other input and state goes to the membership lifecycle unchanged.

import { STAND_IN_USER_ID, isEmailAddress } from "./email";
import { isJsonObject, jsonEqual } from "./json";
import type { MembershipProvider } from "./membership-provider";
import type { DesiredMembership, InputProblem, InvitationApi, InvitationSettings, LiveInvitation, LiveMembership, RosterModel } from "./port";
import type { ValueDigest } from "./private-metadata-keys";
import { ResourceInitError, checkFailures, withoutProvider } from "./protocol";
import { declarationDigest, invitationGrants, invitationKeptOtherMessage, invitationNotice, keptOtherForThisDeclaration, planInvitations, refreshedRecords, type InvitationRecords } from "./roster-invitations";
import { warn } from "./engine-log";
import { reserveInvitations } from "./invitation-budget";
import { sharedRead } from "./shared-listing";
import { isMissingUsersMode, missingUsersChoices } from "./roster-plan";
import { PROVIDER_KEY, containsUnknown } from "./validation";

/** Invitation listings for previews, per invitation client and organization (see glanceInvitations). */
const glances = new WeakMap<object, Map<string, Promise<LiveInvitation[]>>>();

type Props = Record<string, unknown>;

/** The invitation settings of inputs (validated by check), for what the preview says. */
function invitationSettingsOf(props: Props): InvitationSettings {
  return isJsonObject(props.invitations) ? props.invitations : {};
}

/** The inputs without the invitation settings, as the membership lifecycle knows them. */
export function membershipInputs(props: Props): Props {
  const { missingUsers: _mode, invitations: _settings, ...rest } = props;
  return rest;
}

/** Whether a stored state is an invitation's (not a membership's). */
export function isInvitationState(props: Props | undefined): boolean {
  return props !== undefined && typeof props.invitationId === "string" && props.membershipId === undefined;
}

export function withInvitations<D extends DesiredMembership, L extends LiveMembership>(
  inner: MembershipProvider,
  model: RosterModel<D, L>,
  usersByEmail: (emails: readonly string[]) => Promise<Map<string, string[]>>,
  invitationApi: () => InvitationApi<D>,
  digestOf?: () => ValueDigest | undefined,
): MembershipProvider {
  const service = model.membership.service;
  /** What the invitation was declared with privately, as a keyed digest (a kept-otherwise state keeps it). */
  const digest = declarationDigest(model, digestOf);
  /** A stored invitation state as the roster's record of it (what planning an invitation reads). */
  const recordOf = (state: Props | undefined): InvitationRecords =>
    state !== undefined && isInvitationState(state)
      ? {
          [String(state.email)]: {
            invitationId: String(state.invitationId),
            status: state.invitationStatus === "pending" ? "pending" : "revoked",
            entry: state.entry as InvitationRecords[string]["entry"],
            ...(state.keptOther === true ? { keptOther: true as const } : {}),
            ...(typeof state.declaredPrivate === "string" ? { declaredPrivate: state.declaredPrivate } : {}),
          },
        }
      : {};
  /**
   * The organization's invitations as a preview sees them: one listing per organization and invitation client (so per
   * key) in this process, shared by every invitee's check. Never decides a write.
   */
  const glanceInvitations = (organizationId: string): Promise<LiveInvitation[]> => {
    const client = invitationApi();
    let byOrganization = glances.get(client);
    if (!byOrganization) {
      byOrganization = new Map();
      glances.set(client, byOrganization);
    }
    return sharedRead(byOrganization, organizationId, () => client.listInvitations(organizationId));
  };
  /** Reserves the instance's hourly budget for this invitee's invitation (`sending`: 1, or 0 once none is due). */
  const reserve = (organizationId: string, email: string, sending: number): void => reserveInvitations(model, invitationApi, organizationId, `${email} in ${organizationId}`, sending);

  /** Inputs (as check returned them) that stand for an invitation: an email, no user id, missingUsers "invite". */
  const isInvitee = (props: Props): boolean => props.missingUsers === "invite" && typeof props.email === "string" && props.userId === undefined;

  /** The invitee's desired membership, validated with the stand-in user id. */
  const inviteeDesired = (props: Props): D => {
    const { email: _email, ...raw } = membershipInputs(withoutProvider(props));
    const result = model.membership.validate({ ...raw, userId: STAND_IN_USER_ID });
    if (!result.ok) throw new Error(`invalid ${service} invitation inputs: ${result.problems.map((p) => p.reason).join("; ")}`);
    return result.value;
  };

  /**
   * Sends (or adopts) the one pending invitation for `email`, revoking one that grants something else first. What the
   * service kept is checked like every write: kept otherwise, the invitation is recorded and the write fails, once per
   * `up`, and it is not sent again while the declaration stays as it is (`previous`: the state it was recorded in).
   */
  async function invite(props: Props, previous?: Props): Promise<{ id: string; outs: Props }> {
    const desired = inviteeDesired(props);
    const email = props.email as string;
    const settings = (isJsonObject(props.invitations) ? props.invitations : {}) as InvitationSettings;
    const backend = invitationApi();
    const plan = planInvitations(model, await backend.listInvitations(desired.organizationId), new Map([[email, desired]]), recordOf(previous), "ignore", new Set(), digest);
    reserve(desired.organizationId, email, plan.send.length);
    for (const { invitation } of plan.revoke) await backend.revokeInvitation(invitation);
    const again = plan.keptOther[0]?.invitation;
    let invitation = plan.keep[0]?.invitation ?? again;
    if (!invitation) {
      const outcome = await backend.invite(desired.organizationId, plan.send, settings);
      const refused = outcome.failed[0];
      if (refused) throw refused.error;
      invitation = outcome.sent[0];
    }
    if (!invitation) throw new Error(`${service} did not answer the invitation of ${email} to organization ${desired.organizationId}; run again`);
    const priv = model.hasPrivatePart ? invitation.privateMetadata : {};
    const { privateMetadata: _secret, ...declaredInputs } = withoutProvider(props);
    const granted = again === undefined && invitationGrants(model, invitation, desired);
    const declaredPrivate = granted ? undefined : digest(email, desired);
    const outs: Props = {
      organizationId: desired.organizationId,
      email,
      invitationId: invitation.id,
      invitationStatus: invitation.status,
      entry: model.desiredEntryOf(desired),
      ...(invitation.expiresAt ? { expiresAt: invitation.expiresAt } : {}),
      ...(invitation.createdAt ? { sentAt: invitation.createdAt } : {}),
      ...(Object.keys(priv).length > 0 || model.hasPrivatePart ? { privateMetadata: priv } : {}),
      ...(granted ? {} : { keptOther: true, ...(declaredPrivate !== undefined ? { declaredPrivate } : {}) }),
      declaredInputs,
    };
    if (!granted) {
      const message = `${email} (invite): ${invitationKeptOtherMessage(model, invitation, desired, again !== undefined)}`;
      throw new ResourceInitError(message, invitation.id, outs, [message]);
    }
    return { id: invitation.id, outs };
  }

  return {
    async check(olds, news) {
      const raw = withoutProvider(news);
      const problems: InputProblem[] = [];
      if (raw.missingUsers !== undefined && !isMissingUsersMode(raw.missingUsers)) {
        const choices = missingUsersChoices({ error: "default: an email that matches no user is refused", invite: "that person is sent an invitation" });
        problems.push({ property: "missingUsers", reason: `missingUsers must be ${choices}` });
      }
      if (raw.invitations !== undefined) {
        if (!isJsonObject(raw.invitations)) problems.push({ property: "invitations", reason: "invitations must be a map of invitation settings" });
        else problems.push(...model.checkInvitationSettings(raw.invitations));
      }
      if (problems.length > 0) return { inputs: news, failures: checkFailures(problems) };
      const extra = { ...(raw.missingUsers === "invite" ? { missingUsers: "invite" } : {}), ...(raw.invitations !== undefined ? { invitations: raw.invitations } : {}) };
      const rest = membershipInputs(news);
      const email = raw.email;
      // An invitee whose inputs are not known yet (a computed organization id, in a preview): whether they are a user
      // or an invitation is decided by the check `up` runs with the values.
      if (raw.missingUsers === "invite" && email !== undefined && raw.userId === undefined && (containsUnknown(email) || containsUnknown(raw.organizationId))) return { inputs: news };
      if (raw.missingUsers === "invite" && typeof email === "string" && isEmailAddress(email) && raw.userId === undefined && !Object.values(raw).some(containsUnknown)) {
        // Everything else first (no API call on bad input), then the lookup: no user means an invitation.
        const { email: _email, ...others } = membershipInputs(raw);
        const validated = model.membership.validate({ ...others, userId: STAND_IN_USER_ID });
        if (!validated.ok) return { inputs: news, failures: checkFailures(validated.problems) };
        const ids = (await usersByEmail([email])).get(email.toLowerCase()) ?? [];
        const provider = news[PROVIDER_KEY] !== undefined ? { [PROVIDER_KEY]: news[PROVIDER_KEY] } : {};
        if (ids.length === 0) {
          const { userId: _standIn, ...inputs } = validated.inputs;
          // A resource new to the stack (no diff follows) sends its invitation on `up`, unless a pending one (sent from
          // a dashboard) grants what is declared, which `up` adopts: the preview says which here.
          if (olds.email === undefined) {
            const organizationId = String(inputs.organizationId);
            const pending = await glanceInvitations(organizationId).catch(() => []);
            const sending = planInvitations(model, pending, new Map([[email, validated.value]]), {}, "ignore").send.length;
            try {
              reserve(organizationId, email, sending);
            } catch (error) {
              return { inputs: news, failures: checkFailures([{ property: "email", reason: error instanceof Error ? error.message : String(error) }]) };
            }
            if (sending > 0) await warn(invitationNotice(service, organizationId, [email], invitationSettingsOf(raw)));
          }
          return { inputs: { ...inputs, email, ...extra, ...provider } };
        }
        if (ids.length === 1) {
          // Found: a membership like any other, checked with the user id just looked up (not looked up again).
          const result = await inner.check(olds, { ...others, userId: ids[0], ...provider });
          return result.failures ? result : { inputs: { ...result.inputs, email, ...extra } };
        }
      }
      const result = await inner.check(olds, rest);
      return result.failures ? result : { inputs: { ...result.inputs, ...extra } };
    },

    async diff(id, olds, news) {
      if (isInvitee(news)) {
        if (!isInvitationState(olds)) return { changes: true, replaces: ["userId"], deleteBeforeReplace: false };
        if (news.organizationId !== olds.organizationId) return { changes: true, replaces: ["organizationId"], deleteBeforeReplace: false };
        // Another address is another person: a new invitation replaces the old one, whose delete revokes it.
        if (String(olds.email).toLowerCase() !== String(news.email).toLowerCase()) return { changes: true, replaces: ["email"], deleteBeforeReplace: false };
        const desired = inviteeDesired(news);
        const email = String(news.email);
        // Sent for this declaration and kept otherwise: still to fix (so a change), but not sent again.
        const record = recordOf(olds)[String(olds.email)];
        if (olds.invitationStatus === "pending" && keptOtherForThisDeclaration(model, record, email, desired, digest)) return { changes: true, replaces: [], deleteBeforeReplace: false };
        const granted =
          olds.invitationStatus === "pending" &&
          olds.keptOther !== true &&
          jsonEqual(olds.entry, model.desiredEntryOf(desired)) &&
          jsonEqual(isJsonObject(olds.privateMetadata) ? olds.privateMetadata : {}, model.privateOf(desired) ?? {});
        if (!granted) {
          reserve(String(news.organizationId), String(news.email), 1);
          await warn(invitationNotice(service, String(news.organizationId), [String(news.email)], invitationSettingsOf(news)));
        }
        return { changes: !granted, replaces: [], deleteBeforeReplace: false };
      }
      // Accepted (the email is a user now), or no longer invited: the membership replaces the invitation.
      if (isInvitationState(olds)) return { changes: true, replaces: ["userId"], deleteBeforeReplace: false };
      return inner.diff(id, olds, membershipInputs(news));
    },

    async create(inputs) {
      if (isInvitee(withoutProvider(inputs))) return invite(inputs);
      const created = await inner.create(membershipInputs(inputs));
      return { ...created, outs: { ...created.outs, ...settingsOf(inputs) } };
    },

    async read(id, props) {
      if (!isInvitationState(props)) {
        const read = await inner.read(id, props);
        return read.inputs && props ? { ...read, inputs: { ...read.inputs, ...settingsOf(props) }, ...(read.props ? { props: { ...read.props, ...settingsOf(props) } } : {}) } : read;
      }
      const state = props as Props;
      const listed = await invitationApi().listInvitations(String(state.organizationId));
      const [, record] = Object.entries(refreshedRecords({ [String(state.email)]: { invitationId: String(state.invitationId), status: "pending", entry: "" } }, listed))[0] ?? [];
      const refreshed = { ...state, invitationStatus: record?.status ?? "revoked", ...(record?.expiresAt ? { expiresAt: record.expiresAt } : {}) };
      const declared = isJsonObject(state.declaredInputs) ? state.declaredInputs : {};
      // The inputs as check returns them, so a preview's diff shows only what changed.
      return { id, props: refreshed, inputs: { ...declared, ...(state.privateMetadata !== undefined ? { privateMetadata: state.privateMetadata } : {}) } };
    },

    async update(id, olds, news) {
      if (isInvitee(withoutProvider(news)) && isInvitationState(olds)) {
        // Invitations cannot be edited: a pending one that grants something else is revoked by invite() first.
        const { outs } = await invite(news, olds);
        return { outs };
      }
      const updated = await inner.update(id, olds, membershipInputs(news));
      return { outs: { ...updated.outs, ...settingsOf(news) } };
    },

    async delete(id, props) {
      if (!isInvitationState(props)) return inner.delete(id, props);
      if (props.invitationStatus !== "pending") return;
      // Revoke what it sent: nobody may join through a resource that is gone. (Not pending any more: nothing to do.)
      const listed = await invitationApi().listInvitations(String(props.organizationId));
      const invitation = listed.find((candidate) => candidate.id === props.invitationId);
      if (invitation?.status === "pending") await invitationApi().revokeInvitation(invitation);
    },
  };
}

/**
 * What a membership's inputs carry beyond the membership itself (the email it was named by, the invitation
 * settings), recorded in its state so a refresh hands the inputs back whole and a preview's diff shows no change that
 * is not one.
 */
function settingsOf(props: Props): Props {
  return {
    ...(typeof props.email === "string" ? { email: props.email } : {}),
    ...(props.missingUsers === "invite" ? { missingUsers: "invite" } : {}),
    ...(props.invitations !== undefined ? { invitations: props.invitations } : {}),
  };
}
