// The hourly invitation limits of a service instance, shared by every resource of a stack: one `up` writes all of them
// with the same key, so the rosters and per-member invitees of several organizations draw on one budget. Each
// resource reserves what its plan would send (its check or diff, so `pulumi preview` already, then its apply, which
// replaces that reservation with what it sends); a reservation that would take an endpoint past its hourly limit is
// refused before anything is sent, naming what else of the stack draws on it. One ledger per invitation client, so
// per service, URL and key in this process.

import type { DesiredMembership, InvitationApi, LiveMembership, RosterModel } from "./port";

/** Per endpoint (by name): who (a roster's organization, a per-member invitee) reserved how many calls. */
type Ledger = Map<string, Map<string, number>>;

const ledgers = new WeakMap<object, Ledger>();

/** What is said of who else draws on an endpoint, at most this many named. */
const NAMED = 5;

/**
 * Reserves the calls that sending `sending` invitations for `who` takes (replacing what `who` reserved before), or
 * refuses, sending nothing, when the stack's reservations together would exceed an endpoint's hourly limit.
 * `instance`: the invitation client of the key the invitations go out with.
 */
export function reserveInvitations<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>, instance: () => InvitationApi<D>, organizationId: string, who: string, sending: number): void {
  if (!model.invitationCalls) return;
  const calls = sending > 0 ? model.invitationCalls(sending) : [];
  const key = instance();
  let ledger = ledgers.get(key);
  if (!ledger) {
    if (calls.length === 0) return;
    ledger = new Map();
    ledgers.set(key, ledger);
  }
  for (const { limit, calls: count } of calls) {
    const reserved = ledger.get(limit.name) ?? new Map<string, number>();
    const others = [...reserved].filter(([other]) => other !== who);
    const elsewhere = others.reduce((sum, [, n]) => sum + n, 0);
    if (count + elsewhere <= limit.perHour) continue;
    const alone = count > limit.perHour;
    const besides = alone ? "" : ` and the stack's other resources plan ${elsewhere} more (${others.slice(0, NAMED).map(([other, n]) => `${other}: ${n}`).join(", ")}${others.length > NAMED ? `, and ${others.length - NAMED} more` : ""})`;
    throw new Error(
      `${model.membership.service} organization ${organizationId}: this change would send ${sending} invitation(s), ${count} call(s) of ${limit.name}${besides}, and ${limit.description}, so at most ${limit.perHour} such calls per hour; nothing was sent. ` +
        `Split the change: invite fewer people who have no account yet per \`pulumi up\`, an hour apart`,
    );
  }
  for (const endpoint of ledger.values()) endpoint.delete(who);
  for (const { limit, calls: count } of calls) {
    const reserved = ledger.get(limit.name) ?? new Map<string, number>();
    reserved.set(who, count);
    ledger.set(limit.name, reserved);
  }
}
