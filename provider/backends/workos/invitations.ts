// WorkOS's invitation endpoints behind the engine's InvitationApi port: list an organization's invitations (every
// state, cursor pages of 100), send one per invitee (with a stable Idempotency-Key, so a retry never sends twice),
// revoke. A WorkOS invitation grants one role; a member declared with several gets the first of them (sorted) on
// accepting, and the membership converges to the rest on the next `up`. The token and the accept link are never
// read into the domain: whoever holds them can accept.

import { randomUUID } from "node:crypto";
import type { InvitationApi, InvitationOutcome, InvitationSettings, InvitationStatus, Invitee, LiveInvitation } from "../../engine/port";
import type { HttpClient } from "../../http/client";
import { ApiError, explainedError } from "../../http/errors";
import { WORKOS_MAX_INVITATION_DAYS } from "./invitation-settings";
import type { WorkosDesiredMembership } from "./model";
import { workosInvitationListWire, workosInvitationWire, type WorkosInvitationWire } from "./wire";

const INVITATIONS = "user_management/invitations";
const PAGE_SIZE = 100;
/** What WorkOS answers when the invitation is no longer pending: revoking it then has nothing left to do. */
const NOT_PENDING_CODES = new Set(["invite_not_pending", "invite_expired", "invite_revoked", "invite_accepted"]);
const STATUSES: readonly InvitationStatus[] = ["pending", "accepted", "revoked", "expired"];

export class WorkosInvitationApi implements InvitationApi<WorkosDesiredMembership> {
  constructor(private readonly http: HttpClient) {}

  async listInvitations(organizationId: string): Promise<LiveInvitation[]> {
    const invitations: LiveInvitation[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.http.send({
        method: "GET",
        path: INVITATIONS,
        operation: `list invitations of ${organizationId}`,
        query: { organization_id: organizationId, limit: PAGE_SIZE, order: "asc", ...(after ? { after } : {}) },
        schema: workosInvitationListWire,
      });
      for (const wire of page.data) invitations.push(deserializeInvitation(wire));
      after = page.list_metadata?.after ?? undefined;
      if (!after || page.data.length === 0) return invitations;
    }
  }

  /** One call per invitee (WorkOS has no bulk endpoint); one refused never stops the others. */
  async invite(organizationId: string, invitees: ReadonlyArray<Invitee<WorkosDesiredMembership>>, settings: InvitationSettings): Promise<InvitationOutcome> {
    const outcome: InvitationOutcome = { sent: [], failed: [] };
    for (const { email, desired } of invitees) {
      try {
        const wire = await this.http.send({
          method: "POST",
          path: INVITATIONS,
          operation: `invite ${email} to ${organizationId}`,
          body: {
            email,
            organization_id: organizationId,
            role_slug: [...desired.roleSlugs].sort()[0],
            ...(settings.expiresInDays === undefined ? {} : { expires_in_days: settings.expiresInDays }),
            ...(settings.inviterUserId === undefined ? {} : { inviter_user_id: settings.inviterUserId }),
            ...(settings.locale === undefined ? {} : { locale: settings.locale }),
          },
          idempotencyKey: randomUUID(),
          schema: workosInvitationWire,
        });
        outcome.sent.push(deserializeInvitation(wire));
      } catch (error) {
        const explained = explain(error, `invite ${email} to organization ${organizationId}`);
        outcome.failed.push({ email, error: explained instanceof Error ? explained : new Error(String(explained)) });
      }
    }
    return outcome;
  }

  async revokeInvitation(invitation: LiveInvitation): Promise<void> {
    try {
      await this.http.send({
        method: "POST",
        path: `${INVITATIONS}/${encodeURIComponent(invitation.id)}/revoke`,
        operation: `revoke the invitation of ${invitation.email} to ${invitation.organizationId}`,
        schema: workosInvitationWire,
      });
    } catch (error) {
      if (error instanceof ApiError && error.code && NOT_PENDING_CODES.has(error.code)) return;
      throw explain(error, `revoke the invitation of ${invitation.email} to organization ${invitation.organizationId}`);
    }
  }
}

function deserializeInvitation(wire: WorkosInvitationWire): LiveInvitation {
  return {
    id: wire.id,
    organizationId: wire.organization_id ?? "",
    email: wire.email,
    status: STATUSES.includes(wire.state as InvitationStatus) ? (wire.state as InvitationStatus) : "expired",
    roles: wire.role_slug ? [wire.role_slug] : [],
    publicMetadata: {},
    privateMetadata: {},
    expiresAt: wire.expires_at ?? undefined,
    createdAt: wire.created_at ?? undefined,
  };
}

function explain(error: unknown, action: string): unknown {
  if (!(error instanceof ApiError)) return error;
  switch (error.code) {
    case "user_already_organization_member":
      return explainedError(`WorkOS refused to ${action}: that person is already a member (run again: the roster now finds them by email)`, error);
    case "email_already_invited_to_organization":
      return explainedError(`WorkOS refused to ${action}: an invitation is already pending for that address (revoke it in WorkOS, or run again to pick it up)`, error);
    case "invalid_role":
      return explainedError(`WorkOS refused to ${action}: the role does not exist in this environment. Create it in WorkOS or fix the member's role`, error);
    case "expires_in_days_too_short":
    case "expires_in_days_too_long":
      return explainedError(`WorkOS refused to ${action}: expiresInDays must be between 1 and ${WORKOS_MAX_INVITATION_DAYS}`, error);
    default:
      return error;
  }
}
