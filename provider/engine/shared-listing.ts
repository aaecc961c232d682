// One paginated listing of an organization shared by every read of that organization in the provider process:
// concurrent reads join the listing in flight, later reads use its snapshot, and this process's own writes keep
// the snapshot correct. Refreshing N memberships of one organization then costs ~N/page-size calls, not N.

import { PartialApplyError, type DesiredMembership, type LiveMembership, type MembershipApi, type MembershipRef, type OrganizationRules, type Person } from "./port";

/**
 * The read of `key` kept in `cache`, started by `read` when none is in flight or kept: every caller in the process
 * shares it. A failed read is not kept, so the next caller asks again.
 */
export function sharedRead<K, V>(cache: Map<K, Promise<V>>, key: K, read: () => Promise<V>): Promise<V> {
  let shared = cache.get(key);
  if (!shared) {
    shared = read();
    shared.catch(() => cache.delete(key));
    cache.set(key, shared);
  }
  return shared;
}

interface Snapshot<L> {
  takenAt: number;
  members: Map<string, L>;
}

export class SharedListingApi<D extends DesiredMembership, L extends LiveMembership> implements MembershipApi<D, L> {
  private readonly snapshots = new Map<string, Snapshot<L>>();
  private readonly listings = new Map<string, Promise<Snapshot<L>>>();
  /** Listings for previews (glance), kept apart from the snapshots reads and writes use. */
  private readonly glances = new Map<string, Promise<Map<string, L>>>();
  /** Who each organization's members are, for a service whose listing does not say (see people). */
  private readonly peopleByOrganization = new Map<string, Promise<Map<string, Person>>>();
  /** Each organization's rules, read once per process (a failed read is not kept). */
  private readonly rules = new Map<string, Promise<OrganizationRules>>();
  /** API calls saved or made, for reports: listings started and reads served from a snapshot. */
  readonly counters = { listings: 0, served: 0 };

  /** Pages, filtered reads and names straight from the service, where it has them (see covering-listing.ts); a partial read leaves the snapshots alone. */
  readonly listPage?: MembershipApi<D, L>["listPage"];
  readonly listUsers?: MembershipApi<D, L>["listUsers"];
  readonly peoplePage?: MembershipApi<D, L>["peoplePage"];
  readonly person?: MembershipApi<D, L>["person"];

  /**
   * `maxAgeMs` bounds how old a snapshot may be: one provider process serves one Pulumi operation, so a snapshot
   * is never older than the operation that reads it, unless the process lives longer than this.
   */
  constructor(private readonly inner: MembershipApi<D, L>, private readonly maxAgeMs = 120_000, private readonly now: () => number = Date.now) {
    this.listPage = inner.listPage?.bind(inner);
    this.listUsers = inner.listUsers?.bind(inner);
    this.peoplePage = inner.peoplePage?.bind(inner);
    this.person = inner.person?.bind(inner);
  }

  async find(ref: MembershipRef): Promise<L | undefined> {
    const snapshot = await this.snapshot(ref.organizationId);
    const member = snapshot.members.get(ref.userId);
    if (member) {
      this.counters.served++;
      return member;
    }
    // Not in the listing: confirm with a direct read, so a membership created meanwhile (e.g. the one an adoption
    // is looking for) is never reported as gone.
    const direct = await this.inner.find(ref);
    if (direct) snapshot.members.set(direct.userId, direct);
    return direct;
  }

  async list(organizationId: string): Promise<L[]> {
    const members = await this.inner.list(organizationId);
    this.snapshots.set(organizationId, { takenAt: this.now(), members: new Map(members.map((m) => [m.userId, m])) });
    return members;
  }

  async create(desired: D): Promise<L> {
    const live = await this.inner.create(desired);
    this.remember(live);
    return live;
  }

  async converge(live: L, desired: D): Promise<L> {
    try {
      const result = await this.inner.converge(live, desired);
      this.remember(result);
      return result;
    } catch (error) {
      if (error instanceof PartialApplyError) this.remember(error.live as L);
      else this.snapshots.delete(live.organizationId);
      throw error;
    }
  }

  async remove(live: L, desired: D): Promise<void> {
    try {
      await this.inner.remove(live, desired);
    } finally {
      // Deleted or deactivated: either way the snapshot no longer describes it.
      this.snapshots.get(live.organizationId)?.members.delete(live.userId);
    }
  }

  usersByEmail(emails: readonly string[]): Promise<Map<string, string[]>> {
    return this.inner.usersByEmail(emails);
  }

  /**
   * Who the members are, for a service whose listing does not say: one listing per organization in this process, shared
   * by the roster and every membership resource of it (a failed one is not kept). Names of people, not what decides a
   * write.
   */
  people(organizationId: string): Promise<Map<string, Person>> {
    return sharedRead(this.peopleByOrganization, organizationId, () => this.inner.people?.(organizationId) ?? Promise.resolve(new Map<string, Person>()));
  }

  get usersPerFilteredCall(): number | undefined {
    return this.inner.usersPerFilteredCall;
  }

  glance(ref: MembershipRef): Promise<L | undefined> {
    const listing = sharedRead(this.glances, ref.organizationId, () => this.inner.list(ref.organizationId).then((members) => new Map(members.map((m) => [m.userId, m]))));
    return listing.then((members) => members.get(ref.userId));
  }

  /** Every check of one organization in this process (a roster's, or each of its members') shares one read of its rules. */
  organizationRules(organizationId: string): Promise<OrganizationRules> {
    return sharedRead(this.rules, organizationId, () => this.inner.organizationRules(organizationId));
  }

  private remember(live: L): void {
    this.snapshots.get(live.organizationId)?.members.set(live.userId, live);
  }

  private snapshot(organizationId: string): Promise<Snapshot<L>> {
    const current = this.snapshots.get(organizationId);
    if (current && this.now() - current.takenAt < this.maxAgeMs) return Promise.resolve(current);
    let listing = this.listings.get(organizationId);
    if (!listing) {
      const takenAt = this.now();
      this.counters.listings++;
      listing = this.inner
        .list(organizationId)
        .then((members) => {
          const snapshot = { takenAt, members: new Map(members.map((m) => [m.userId, m])) };
          this.snapshots.set(organizationId, snapshot);
          return snapshot;
        })
        .finally(() => this.listings.delete(organizationId));
      this.listings.set(organizationId, listing);
    }
    return listing;
  }
}
