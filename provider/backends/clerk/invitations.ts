// Clerk's organization invitation endpoints behind the engine's InvitationApi port: list every invitation of an
// organization (offset pages of 100 — the largest Clerk allows), send them through the bulk endpoint (at most 10
// per call, so 25 invitees cost 3 calls of Clerk's separately limited budget instead of 25; each call also holds a
// slot of the process's limiter for that endpoint, so the 51st of an hour is refused before it is sent), revoke.
// Clerk copies an invitation's public and private metadata onto the membership it creates when it is accepted, so
// both are sent.
// The invitation's `url` is never read into the domain: whoever holds it can accept.

import type { HourlyInvitationLimit, InvitationApi, InvitationOutcome, InvitationSettings, InvitationStatus, Invitee, JsonObject, LiveInvitation } from "../../engine/port";
import type { HttpClient } from "../../http/client";
import { ApiError, explainedError } from "../../http/errors";
import type { ClerkDesiredMembership } from "./model";
import { CLERK_ENDPOINT_LIMITS } from "./settings";
import { clerkInvitationListWire, clerkInvitationWire, type ClerkInvitationWire } from "./wire";

/** Clerk's largest page of invitations. */
const PAGE_SIZE = 100;
/** Clerk's bulk endpoint takes at most this many invitations per call. */
export const CLERK_BULK_INVITATIONS = 10;

const { createInvitation, createInvitationsBulk } = CLERK_ENDPOINT_LIMITS;
const SINGLE: HourlyInvitationLimit = { name: createInvitation.name, perHour: createInvitation.limit.requests, description: `Clerk allows ${createInvitation.limit.requests} single invitation calls per hour per instance` };
const BULK: HourlyInvitationLimit = {
  name: createInvitationsBulk.name,
  perHour: createInvitationsBulk.limit.requests,
  description: `Clerk allows ${createInvitationsBulk.limit.requests} bulk invitation calls per hour per instance, ${CLERK_BULK_INVITATIONS} invitations each`,
};

/** One invitee goes through the single endpoint, more 10 to a bulk call. */
const singly = (count: number): boolean => count === 1;

/** The calls `invite` makes of each limited endpoint for `count` invitees. */
export function clerkInvitationCalls(count: number): Array<{ limit: HourlyInvitationLimit; calls: number }> {
  return [
    { limit: SINGLE, calls: singly(count) ? 1 : 0 },
    { limit: BULK, calls: singly(count) || count === 0 ? 0 : Math.ceil(count / CLERK_BULK_INVITATIONS) },
  ];
}
const STATUSES: readonly InvitationStatus[] = ["pending", "accepted", "revoked", "expired"];

export class ClerkInvitationApi implements InvitationApi<ClerkDesiredMembership> {
  constructor(private readonly http: HttpClient) {}

  async listInvitations(organizationId: string): Promise<LiveInvitation[]> {
    const invitations: LiveInvitation[] = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const page = await this.http.send({
        method: "GET",
        path: `organizations/${encodeURIComponent(organizationId)}/invitations`,
        operation: `list invitations of ${organizationId}`,
        query: { limit: PAGE_SIZE, offset, order_by: "+created_at" },
        schema: clerkInvitationListWire,
      });
      for (const wire of page.data) invitations.push(deserializeInvitation(wire, organizationId));
      if (page.data.length < PAGE_SIZE || offset + PAGE_SIZE >= page.total_count) return invitations;
    }
  }

  /**
   * One invitee goes through the single endpoint (250 calls an hour, where the bulk one allows 50); several go 10 to a
   * bulk call. Clerk refuses a bulk call whole when one of its addresses is refused: that batch is then sent one by
   * one, so only the refused address fails, and the other batches go on.
   */
  async invite(organizationId: string, invitees: ReadonlyArray<Invitee<ClerkDesiredMembership>>, settings: InvitationSettings): Promise<InvitationOutcome> {
    const outcome: InvitationOutcome = { sent: [], failed: [] };
    const one = async (invitee: Invitee<ClerkDesiredMembership>): Promise<void> => {
      try {
        const wire = await this.http.send({
          method: "POST",
          path: `organizations/${encodeURIComponent(organizationId)}/invitations`,
          operation: `invite ${invitee.email} to ${organizationId}`,
          body: invitationBody(invitee, settings),
          schema: clerkInvitationWire,
          endpointLimit: createInvitation,
        });
        outcome.sent.push(deserializeInvitation(wire, organizationId));
      } catch (error) {
        outcome.failed.push({ email: invitee.email, error: asError(explain(error, `invite ${invitee.email} to organization ${organizationId}`)) });
      }
    };
    if (singly(invitees.length) && invitees[0]) {
      await one(invitees[0]);
      return outcome;
    }
    for (let start = 0; start < invitees.length; start += CLERK_BULK_INVITATIONS) {
      const batch = invitees.slice(start, start + CLERK_BULK_INVITATIONS);
      try {
        const answer = await this.http.send({
          method: "POST",
          path: `organizations/${encodeURIComponent(organizationId)}/invitations/bulk`,
          operation: `invite ${batch.map((invitee) => invitee.email).join(", ")} to ${organizationId}`,
          body: batch.map((invitee) => invitationBody(invitee, settings)),
          schema: clerkInvitationListWire,
          endpointLimit: createInvitationsBulk,
        });
        for (const wire of answer.data) outcome.sent.push(deserializeInvitation(wire, organizationId));
      } catch (error) {
        // A refusal of what was sent (not a limit, not a server failure): find the address it is about, one by one.
        if (error instanceof ApiError && error.status >= 400 && error.status < 500 && error.status !== 429 && batch.length > 1) {
          for (const invitee of batch) await one(invitee);
          continue;
        }
        const explained = asError(explain(error, `invite ${batch.map((invitee) => invitee.email).join(", ")} to organization ${organizationId}`));
        for (const invitee of batch) outcome.failed.push({ email: invitee.email, error: explained });
      }
    }
    return outcome;
  }

  async revokeInvitation(invitation: LiveInvitation): Promise<void> {
    try {
      await this.http.send({
        method: "POST",
        path: `organizations/${encodeURIComponent(invitation.organizationId)}/invitations/${encodeURIComponent(invitation.id)}/revoke`,
        operation: `revoke the invitation of ${invitation.email} to ${invitation.organizationId}`,
        body: {},
        schema: clerkInvitationWire,
      });
    } catch (error) {
      // No longer pending (accepted, revoked or expired meanwhile): nothing is left to revoke.
      if (error instanceof ApiError && (error.status === 400 || error.status === 404)) {
        const current = await this.find(invitation).catch(() => undefined);
        if (current === undefined || current.status !== "pending") return;
      }
      throw explain(error, `revoke the invitation of ${invitation.email} to organization ${invitation.organizationId}`);
    }
  }

  private async find(invitation: LiveInvitation): Promise<LiveInvitation | undefined> {
    const wire = await this.http.send({
      method: "GET",
      path: `organizations/${encodeURIComponent(invitation.organizationId)}/invitations/${encodeURIComponent(invitation.id)}`,
      operation: `read the invitation of ${invitation.email} to ${invitation.organizationId}`,
      schema: clerkInvitationWire,
    });
    return deserializeInvitation(wire, invitation.organizationId);
  }
}

function deserializeInvitation(wire: ClerkInvitationWire, organizationId: string): LiveInvitation {
  const status = wire.status ?? "pending";
  return {
    id: wire.id,
    organizationId: wire.organization_id ?? organizationId,
    email: wire.email_address,
    status: STATUSES.includes(status as InvitationStatus) ? (status as InvitationStatus) : "expired",
    roles: [wire.role],
    publicMetadata: (wire.public_metadata ?? {}) as JsonObject,
    privateMetadata: (wire.private_metadata ?? {}) as JsonObject,
    expiresAt: typeof wire.expires_at === "number" ? new Date(wire.expires_at).toISOString() : undefined,
    createdAt: typeof wire.created_at === "number" ? new Date(wire.created_at).toISOString() : undefined,
  };
}

/** One invitation as the single endpoint takes it, and as each element of a bulk call. */
function invitationBody({ email, desired }: Invitee<ClerkDesiredMembership>, settings: InvitationSettings): Record<string, unknown> {
  return {
    email_address: email,
    role: desired.role,
    ...(Object.keys(desired.publicMetadata).length > 0 ? { public_metadata: desired.publicMetadata } : {}),
    ...(Object.keys(desired.privateMetadata).length > 0 ? { private_metadata: desired.privateMetadata } : {}),
    ...(settings.inviterUserId === undefined ? {} : { inviter_user_id: settings.inviterUserId }),
    ...(settings.redirectUrl === undefined ? {} : { redirect_url: settings.redirectUrl }),
    ...(settings.expiresInDays === undefined ? {} : { expires_in_days: settings.expiresInDays }),
    ...(settings.notify === undefined ? {} : { notify: settings.notify }),
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function explain(error: unknown, action: string): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.status === 429) {
    return explainedError(
      `Clerk refused to ${action}: its limit for organization invitations is reached (${createInvitation.limit.requests} single or ${createInvitationsBulk.limit.requests} bulk calls per hour per instance). Wait an hour, or split the change into smaller pull requests`,
      error,
    );
  }
  if (error.code === "organization_invitation_not_unique") {
    return explainedError(`Clerk refused to ${action}: an invitation is already pending for that address (revoke it in Clerk, or run again to pick it up)`, error);
  }
  return error;
}
