// The emulated WorkOS environment's state and membership lifecycle (create or reactivate, roles, deactivate,
// reactivate, delete). Tests may call it directly for out-of-band changes; every method returns copies.
import { MonotonicClock } from "../core/clock";
import { ulidId } from "../core/ids";
import { type JsonObject, cloneIfDefined } from "../core/json";
import { WorkosErrors } from "./errors";
import type { NormalizedWorkosSeed, WorkosMembershipStatus } from "./seed";

export const DEFAULT_ROLE_SLUG = "member";

export interface WorkosUser {
  readonly id: string;
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly emailVerified: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface WorkosOrganization {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface WorkosMembership {
  readonly id: string;
  readonly organizationId: string;
  readonly userId: string;
  /** The first slug is the primary role. */
  readonly roleSlugs: readonly string[];
  readonly status: WorkosMembershipStatus;
  readonly directoryManaged: boolean;
  readonly customAttributes: JsonObject;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** Where a record sits in creation order; kept for deleted memberships too, so a cursor naming one still works. */
export interface ListPosition {
  readonly id: string;
  readonly createdAt: number;
}

export interface MembershipFilter {
  readonly organizationId?: string;
  readonly userId?: string;
  readonly statuses?: ReadonlySet<WorkosMembershipStatus>;
}

export class WorkosStore {
  private readonly clock = new MonotonicClock();
  private apiKeys = new Set<string>();
  private multipleRoles = false;
  /** Keep only the first requested role on every write (a write quirk for tests, like an environment that ignores role_slugs). */
  private firstRoleOnly = false;
  private roles = new Map<string, NormalizedWorkosSeed["roles"][number]>();
  private users = new Map<string, WorkosUser>();
  private organizations = new Map<string, WorkosOrganization>();
  private memberships = new Map<string, WorkosMembership>();
  private positions = new Map<string, ListPosition>();

  /** Replaces the whole state with a normalized seed. */
  load(seed: NormalizedWorkosSeed): void {
    this.apiKeys = new Set(seed.apiKeys);
    this.multipleRoles = seed.multipleRolesEnabled;
    this.roles = new Map(seed.roles.map((role) => [role.slug, structuredClone(role)]));
    this.clock.advancePast([...seed.users, ...seed.organizations, ...seed.memberships]);
    this.users = new Map(seed.users.map((user) => [user.id, this.clock.stamp(user)]));
    this.organizations = new Map(seed.organizations.map((organization) => [organization.id, this.clock.stamp(organization)]));
    this.memberships = new Map();
    this.positions = new Map();
    for (const membership of seed.memberships) {
      const stamped = this.clock.stamp(membership);
      this.store({ ...stamped, id: membership.id ?? ulidId("om", stamped.createdAt) });
    }
  }

  /** The whole state in seed format (loading it back gives the same state). */
  snapshot(): NormalizedWorkosSeed {
    return structuredClone({
      apiKeys: [...this.apiKeys],
      multipleRolesEnabled: this.multipleRoles,
      roles: [...this.roles.values()],
      users: [...this.users.values()],
      organizations: [...this.organizations.values()],
      memberships: [...this.memberships.values()].map((membership) => ({ ...membership, roleSlugs: [...membership.roleSlugs] })),
    });
  }

  hasApiKey(key: string): boolean {
    return this.apiKeys.has(key);
  }

  /** Makes every later membership write keep only the first of the requested roles; false stops it. */
  keepFirstRoleOnWrite(enabled: boolean): void {
    this.firstRoleOnly = enabled;
  }

  get keepsFirstRoleOnWrite(): boolean {
    return this.firstRoleOnly;
  }

  get multipleRolesEnabled(): boolean {
    return this.multipleRoles;
  }

  getUser(userId: string): WorkosUser | undefined {
    return cloneIfDefined(this.users.get(userId));
  }

  listUsers(): WorkosUser[] {
    return [...this.users.values()].map((user) => structuredClone(user));
  }

  getOrganization(organizationId: string): WorkosOrganization | undefined {
    return cloneIfDefined(this.organizations.get(organizationId));
  }

  getMembership(id: string): WorkosMembership | undefined {
    return cloneIfDefined(this.memberships.get(id));
  }

  findMembership(organizationId: string, userId: string): WorkosMembership | undefined {
    return cloneIfDefined([...this.memberships.values()].find((m) => m.organizationId === organizationId && m.userId === userId));
  }

  listMemberships(filter: MembershipFilter = {}): WorkosMembership[] {
    return [...this.memberships.values()]
      .filter(
        (membership) =>
          (filter.organizationId === undefined || membership.organizationId === filter.organizationId) &&
          (filter.userId === undefined || membership.userId === filter.userId) &&
          (filter.statuses === undefined || filter.statuses.has(membership.status)),
      )
      .map((membership) => structuredClone(membership));
  }

  /** The list position of a membership or user, including memberships deleted since. */
  positionOf(id: string): ListPosition | undefined {
    const user = this.users.get(id);
    return user ? { id: user.id, createdAt: user.createdAt } : this.positions.get(id);
  }

  /**
   * Creates an active membership, or reactivates the user's inactive one with the requested roles (same id).
   * `reactivated` tells which happened.
   */
  createMembership(input: { organizationId: string; userId: string; roleSlugs?: readonly string[] }): {
    membership: WorkosMembership;
    reactivated: boolean;
  } {
    if (!this.organizations.has(input.organizationId)) throw WorkosErrors.entityNotFound("organization", input.organizationId);
    if (!this.users.has(input.userId)) throw WorkosErrors.entityNotFound("user", input.userId);
    const roleSlugs = this.checkRoles(this.keptRoles(input.roleSlugs ?? [DEFAULT_ROLE_SLUG]));
    const existing = [...this.memberships.values()].find(
      (membership) => membership.organizationId === input.organizationId && membership.userId === input.userId,
    );
    if (existing?.status === "active") throw WorkosErrors.membershipAlreadyExists(input.userId, input.organizationId);
    if (existing?.status === "pending") throw WorkosErrors.cannotReactivatePending();
    const now = this.clock.now();
    if (existing) {
      return { membership: this.store({ ...existing, roleSlugs, status: "active", updatedAt: now }), reactivated: true };
    }
    const membership: WorkosMembership = {
      id: ulidId("om", now),
      organizationId: input.organizationId,
      userId: input.userId,
      roleSlugs,
      status: "active",
      directoryManaged: false,
      customAttributes: {},
      createdAt: now,
      updatedAt: now,
    };
    return { membership: this.store(membership), reactivated: false };
  }

  /** Replaces the membership's roles; undefined leaves them as they are. */
  updateMembershipRoles(id: string, roleSlugs: readonly string[] | undefined): WorkosMembership {
    const membership = this.requireMembership(id);
    if (roleSlugs === undefined) return structuredClone(membership);
    return this.store({ ...membership, roleSlugs: this.checkRoles(this.keptRoles(roleSlugs)), updatedAt: this.clock.now() });
  }

  /** Active → inactive; a no-op on an inactive membership; refused for a pending one. */
  deactivateMembership(id: string): WorkosMembership {
    const membership = this.requireMembership(id);
    if (membership.status === "pending") throw WorkosErrors.cannotDeactivatePending();
    if (membership.status === "inactive") return structuredClone(membership);
    return this.store({ ...membership, status: "inactive", updatedAt: this.clock.now() });
  }

  /** Inactive → active with its previous roles; a no-op on an active membership; refused for a pending one. */
  reactivateMembership(id: string): WorkosMembership {
    const membership = this.requireMembership(id);
    if (membership.status === "pending") throw WorkosErrors.cannotReactivatePending();
    if (membership.status === "active") return structuredClone(membership);
    return this.store({ ...membership, status: "active", updatedAt: this.clock.now() });
  }

  deleteMembership(id: string): WorkosMembership {
    const membership = this.requireMembership(id);
    this.memberships.delete(id);
    return structuredClone(membership);
  }

  private store(membership: WorkosMembership): WorkosMembership {
    this.memberships.set(membership.id, membership);
    this.positions.set(membership.id, { id: membership.id, createdAt: membership.createdAt });
    return structuredClone(membership);
  }

  private requireMembership(id: string): WorkosMembership {
    const membership = this.memberships.get(id);
    if (!membership) throw WorkosErrors.entityNotFound("organization_membership", id);
    return membership;
  }

  private keptRoles(roleSlugs: readonly string[]): readonly string[] {
    return this.firstRoleOnly ? roleSlugs.slice(0, 1) : roleSlugs;
  }

  /** Validates role slugs (known, one unless multiple roles are enabled) and drops repeats. */
  private checkRoles(roleSlugs: readonly string[]): string[] {
    const unique = [...new Set(roleSlugs)];
    const unknown = unique.find((slug) => !this.roles.has(slug));
    if (unknown !== undefined) throw WorkosErrors.invalidRole(unknown);
    if (unique.length > 1 && !this.multipleRoles) throw WorkosErrors.multipleRolesNotEnabled();
    return unique;
  }
}
