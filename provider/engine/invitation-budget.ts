// The hourly invitation limits of a service instance (Clerk's), shared by every roster and per-member invitee of a
// stack: one ledger per invitation client, so per service, URL and key in this process (reservations.ts).

import type { DesiredMembership, InvitationApi, LiveMembership, RosterModel } from "./port";
import { reservationsOf } from "./reservations";

/**
 * Reserves the calls that sending `sending` invitations for `who` takes (replacing what `who` reserved before), or
 * refuses, sending nothing, when the stack's reservations together would exceed an endpoint's hourly limit.
 * `instance`: the invitation client of the key the invitations go out with.
 */
export function reserveInvitations<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>, instance: () => InvitationApi<D>, organizationId: string, who: string, sending: number): void {
  if (!model.invitationCalls) return;
  const calls = model.invitationCalls(sending);
  const key = instance();
  for (const { limit, calls: count } of calls) {
    const reserved = reservationsOf(key, limit.name);
    const elsewhere = reserved.othersThan(who);
    if (count === 0 || count + elsewhere <= limit.perHour) continue;
    const besides = count > limit.perHour ? "" : ` and the stack's other resources plan ${elsewhere} more (${reserved.describeOthersThan(who)})`;
    throw new Error(
      `${model.membership.service} organization ${organizationId}: this change would send ${sending} invitation(s), ${count} call(s) of ${limit.name}${besides}, and ${limit.description}, so at most ${limit.perHour} such calls per hour; nothing was sent. ` +
        `Split the change: invite fewer people who have no account yet per \`pulumi up\`, an hour apart`,
    );
  }
  for (const { limit, calls: count } of calls) reservationsOf(key, limit.name).set(who, count);
}
