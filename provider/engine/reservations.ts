// A budget that the resources of a stack draw on together in one provider process: one `up` writes all of them, so
// what one organization may still hold, or what an instance may still send this hour, is shared. Each resource
// reserves what its plan would take (its check or diff, so `pulumi preview` already; then its apply, which replaces
// that reservation with what it does), under its own name, and is refused when its reservation and everyone else's
// would exceed the budget.

/** What is said of who else draws on a budget, at most this many named. */
const NAMED = 5;

export class Reservations {
  private readonly amounts = new Map<string, number>();

  /** What everyone but `who` reserved. */
  othersThan(who: string): number {
    let sum = 0;
    for (const [other, amount] of this.amounts) if (other !== who) sum += amount;
    return sum;
  }

  /** Who else reserved how much, for a message: "the roster of org_…: 30, jane@acme.com in org_…: 1, and 4 more". */
  describeOthersThan(who: string): string {
    const others = [...this.amounts].filter(([other]) => other !== who);
    const named = others.slice(0, NAMED).map(([other, amount]) => `${other}: ${amount}`);
    return `${named.join(", ")}${others.length > NAMED ? `, and ${others.length - NAMED} more` : ""}`;
  }

  /** Replaces what `who` reserved. */
  set(who: string, amount: number): void {
    if (amount > 0) this.amounts.set(who, amount);
    else this.amounts.delete(who);
  }
}

/** One set of reservations per `owner` (an API client, an organization's rules as read) and name. */
const owned = new WeakMap<object, Map<string, Reservations>>();

export function reservationsOf(owner: object, name: string): Reservations {
  let byName = owned.get(owner);
  if (!byName) {
    byName = new Map();
    owned.set(owner, byName);
  }
  let reservations = byName.get(name);
  if (!reservations) {
    reservations = new Reservations();
    byName.set(name, reservations);
  }
  return reservations;
}
