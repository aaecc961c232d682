// The emulated Clerk instance's state and membership rules (quota, duplicates, last manager, SCIM). Tests may
// call it directly for out-of-band changes; every method returns copies.
import { MonotonicClock } from "../core/clock";
import { derivedBase62Id, randomBase62Id } from "../core/ids";
import { type JsonObject, cloneIfDefined, serializedByteLength } from "../core/json";
import { ClerkErrors } from "./errors";
import { mergeMetadata } from "./metadata-merge";
import type { NormalizedClerkSeed } from "./seed";

/** Clerk's documented size limit for each metadata object, in bytes of serialized JSON. */
export const METADATA_LIMIT_BYTES = 8192;
/** The permission a role needs for its members to count as able to manage the organization's memberships. */
export const MANAGE_MEMBERSHIPS_PERMISSION = "org:sys_memberships:manage";

export interface ClerkRole {
  readonly key: string;
  readonly name: string;
  readonly permissions: readonly string[];
}

export interface ClerkEmailAddress {
  readonly id: string;
  readonly emailAddress: string;
}

export interface ClerkUser {
  readonly id: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly username: string | null;
  /** The first one is the primary address. */
  readonly emailAddresses: readonly ClerkEmailAddress[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface ClerkOrganization {
  readonly id: string;
  readonly name: string;
  readonly slug: string | null;
  readonly maxAllowedMemberships: number;
  readonly createdBy: string | null;
  readonly publicMetadata: JsonObject;
  readonly privateMetadata: JsonObject;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface ClerkMembership {
  readonly id: string;
  readonly organizationId: string;
  readonly userId: string;
  readonly role: string;
  readonly publicMetadata: JsonObject;
  readonly privateMetadata: JsonObject;
  readonly managedByScim: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface CreateClerkMembership {
  readonly organizationId: string;
  readonly userId: string;
  readonly role: string;
  readonly publicMetadata?: JsonObject;
  readonly privateMetadata?: JsonObject;
}

export interface ClerkMetadataPatch {
  readonly publicMetadata?: JsonObject;
  readonly privateMetadata?: JsonObject;
}

export class ClerkStore {
  private readonly clock = new MonotonicClock();
  private secretKeys = new Set<string>();
  private roles = new Map<string, ClerkRole>();
  private users = new Map<string, ClerkUser>();
  private organizations = new Map<string, ClerkOrganization>();
  /** Keyed by `organizationId userId`, in creation order. */
  private memberships = new Map<string, ClerkMembership>();
  /** Members per organization, recomputed lazily after memberships are added or removed. */
  private counts: Map<string, number> | undefined;
  /** A metadata key this instance silently drops on every membership write (a write quirk for tests); none by default. */
  private droppedMetadataKey: string | undefined;

  /** Replaces the whole state with a normalized seed. */
  load(seed: NormalizedClerkSeed): void {
    this.secretKeys = new Set(seed.secretKeys);
    this.roles = new Map(seed.roles.map((role) => [role.key, structuredClone(role)]));
    this.clock.advancePast([...seed.users, ...seed.organizations, ...seed.memberships]);
    this.users = new Map(
      seed.users.map((user) => {
        const emailAddresses = user.emailAddresses.map((emailAddress) => ({
          // Derived from the user and address, so a state dump loaded back keeps the same ids.
          id: derivedBase62Id("idn", `${user.id} ${emailAddress}`),
          emailAddress,
        }));
        return [user.id, { ...this.clock.stamp(user), emailAddresses }];
      }),
    );
    this.organizations = new Map(seed.organizations.map((organization) => [organization.id, this.clock.stamp(organization)]));
    this.counts = undefined;
    this.memberships = new Map(
      seed.memberships.map((membership) => {
        const record: ClerkMembership = { ...this.clock.stamp(membership), id: membership.id ?? randomBase62Id("orgmem") };
        return [membershipKey(membership.organizationId, membership.userId), record];
      }),
    );
  }

  /** The whole state in seed format (loading it back gives the same state). */
  snapshot(): NormalizedClerkSeed {
    return structuredClone({
      secretKeys: [...this.secretKeys],
      roles: [...this.roles.values()].map((role) => ({ ...role, permissions: [...role.permissions] })),
      users: [...this.users.values()].map((user) => ({
        ...user,
        emailAddresses: user.emailAddresses.map((address) => address.emailAddress),
      })),
      organizations: [...this.organizations.values()],
      memberships: [...this.memberships.values()],
    });
  }

  hasSecretKey(key: string): boolean {
    return this.secretKeys.has(key);
  }

  getRole(key: string): ClerkRole | undefined {
    return cloneIfDefined(this.roles.get(key));
  }

  getUser(userId: string): ClerkUser | undefined {
    return cloneIfDefined(this.users.get(userId));
  }

  listUsers(): ClerkUser[] {
    return [...this.users.values()].map((user) => structuredClone(user));
  }

  getOrganization(organizationId: string): ClerkOrganization | undefined {
    return cloneIfDefined(this.organizations.get(organizationId));
  }

  /** The organization with this id or, failing that, this slug (GET /organizations/{organization_id} takes both). */
  findOrganization(idOrSlug: string): ClerkOrganization | undefined {
    const organization =
      this.organizations.get(idOrSlug) ?? [...this.organizations.values()].find((candidate) => organizationSlug(candidate) === idOrSlug);
    return cloneIfDefined(organization);
  }

  /** Whether some member of the organization holds a role that can manage its memberships. */
  hasMemberWhoCanManage(organizationId: string): boolean {
    return this.membershipsWhere((membership) => membership.organizationId === organizationId && this.canManage(membership)).length > 0;
  }

  /** The number of members of an organization (Clerk's `members_count`); counted once per change, not per item. */
  membersCount(organizationId: string): number {
    if (!this.counts) {
      this.counts = new Map();
      for (const membership of this.memberships.values()) this.counts.set(membership.organizationId, (this.counts.get(membership.organizationId) ?? 0) + 1);
    }
    return this.counts.get(organizationId) ?? 0;
  }

  findMembership(organizationId: string, userId: string): ClerkMembership | undefined {
    return cloneIfDefined(this.memberships.get(membershipKey(organizationId, userId)));
  }

  /** Memberships matching the filter, in creation order. */
  listMemberships(filter: { organizationId?: string; userId?: string } = {}): ClerkMembership[] {
    return this.membershipsWhere(
      (membership) =>
        (filter.organizationId === undefined || membership.organizationId === filter.organizationId) &&
        (filter.userId === undefined || membership.userId === filter.userId),
    ).map((membership) => structuredClone(membership));
  }

  /** Makes every later membership write drop `key` from both metadata objects; undefined stops it. */
  dropMetadataKeyOnWrite(key: string | undefined): void {
    this.droppedMetadataKey = key;
  }

  get metadataKeyDroppedOnWrite(): string | undefined {
    return this.droppedMetadataKey;
  }

  createMembership(input: CreateClerkMembership): ClerkMembership {
    checkMetadataSize("public_metadata", input.publicMetadata);
    checkMetadataSize("private_metadata", input.privateMetadata);
    const organization = this.requireOrganization(input.organizationId);
    this.requireUser(input.userId);
    this.requireRole(input.role);
    if (this.memberships.has(membershipKey(input.organizationId, input.userId))) {
      throw ClerkErrors.alreadyMember(input.userId, input.organizationId);
    }
    const limit = organization.maxAllowedMemberships;
    if (limit > 0 && this.membersCount(organization.id) >= limit) throw ClerkErrors.quotaExceeded(limit);
    const now = this.clock.now();
    const membership: ClerkMembership = {
      id: randomBase62Id("orgmem"),
      organizationId: input.organizationId,
      userId: input.userId,
      role: input.role,
      publicMetadata: this.kept(structuredClone(input.publicMetadata ?? {})),
      privateMetadata: this.kept(structuredClone(input.privateMetadata ?? {})),
      managedByScim: false,
      createdAt: now,
      updatedAt: now,
    };
    this.memberships.set(membershipKey(input.organizationId, input.userId), membership);
    this.counts = undefined;
    return structuredClone(membership);
  }

  updateMembershipRole(organizationId: string, userId: string, role: string): ClerkMembership {
    const membership = this.requireMembership(organizationId, userId);
    const newRole = this.requireRole(role);
    if (membership.managedByScim) throw ClerkErrors.managedByScim();
    if (!newRole.permissions.includes(MANAGE_MEMBERSHIPS_PERMISSION)) this.checkNotLastManager(membership);
    return this.replace({ ...membership, role, updatedAt: this.clock.now() });
  }

  /** Deep-merges the patch into the membership's metadata (a null deletes a key); both results must fit the limit. */
  mergeMembershipMetadata(organizationId: string, userId: string, patch: ClerkMetadataPatch): ClerkMembership {
    const membership = this.requireMembership(organizationId, userId);
    const publicMetadata = patch.publicMetadata ? mergeMetadata(membership.publicMetadata, patch.publicMetadata) : membership.publicMetadata;
    const privateMetadata = patch.privateMetadata
      ? mergeMetadata(membership.privateMetadata, patch.privateMetadata)
      : membership.privateMetadata;
    checkMetadataSize("public_metadata", publicMetadata);
    checkMetadataSize("private_metadata", privateMetadata);
    return this.replace({ ...membership, publicMetadata: this.kept(publicMetadata), privateMetadata: this.kept(privateMetadata), updatedAt: this.clock.now() });
  }

  /** Removes the membership and returns it as it was. */
  deleteMembership(organizationId: string, userId: string): ClerkMembership {
    const membership = this.requireMembership(organizationId, userId);
    if (membership.managedByScim) throw ClerkErrors.managedByScim();
    this.checkNotLastManager(membership);
    this.memberships.delete(membershipKey(organizationId, userId));
    this.counts = undefined;
    return structuredClone(membership);
  }

  /** The metadata as this instance keeps it (without the dropped key, if one is set). */
  private kept(metadata: JsonObject): JsonObject {
    if (this.droppedMetadataKey === undefined || !(this.droppedMetadataKey in metadata)) return metadata;
    const { [this.droppedMetadataKey]: _dropped, ...rest } = metadata;
    return rest;
  }

  private membershipsWhere(predicate: (membership: ClerkMembership) => boolean): ClerkMembership[] {
    return [...this.memberships.values()].filter(predicate);
  }

  private replace(membership: ClerkMembership): ClerkMembership {
    this.memberships.set(membershipKey(membership.organizationId, membership.userId), membership);
    return structuredClone(membership);
  }

  /** Refuses to remove the manage-memberships permission from the organization's last member holding it. */
  private checkNotLastManager(membership: ClerkMembership): void {
    if (!this.canManage(membership)) return;
    const managers = this.membershipsWhere(
      (other) => other.organizationId === membership.organizationId && this.canManage(other),
    );
    if (managers.length <= 1) throw ClerkErrors.minimumPermissionsNeeded();
  }

  private canManage(membership: ClerkMembership): boolean {
    return this.roles.get(membership.role)?.permissions.includes(MANAGE_MEMBERSHIPS_PERMISSION) ?? false;
  }

  private requireOrganization(organizationId: string): ClerkOrganization {
    const organization = this.organizations.get(organizationId);
    if (!organization) throw ClerkErrors.organizationNotFound(organizationId);
    return organization;
  }

  private requireUser(userId: string): ClerkUser {
    const user = this.users.get(userId);
    if (!user) throw ClerkErrors.userNotFound(userId);
    return user;
  }

  private requireRole(key: string): ClerkRole {
    const role = this.roles.get(key);
    if (!role) throw ClerkErrors.roleNotFound(key);
    return role;
  }

  private requireMembership(organizationId: string, userId: string): ClerkMembership {
    this.requireOrganization(organizationId);
    const membership = this.memberships.get(membershipKey(organizationId, userId));
    if (!membership) throw ClerkErrors.membershipNotFound(organizationId, userId);
    return membership;
  }
}

/**
 * The organization's slug. Clerk gives every organization one (derived from its name when none is chosen), so an
 * organization seeded without a slug answers with its name in slug form: lowercase, non-alphanumerics as dashes.
 */
export function organizationSlug(organization: ClerkOrganization): string {
  if (organization.slug !== null) return organization.slug;
  const derived = organization.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  return derived === "" ? organization.id.toLowerCase() : derived;
}

function membershipKey(organizationId: string, userId: string): string {
  return `${organizationId} ${userId}`;
}

function checkMetadataSize(param: string, metadata: JsonObject | undefined): void {
  if (metadata !== undefined && serializedByteLength(metadata) > METADATA_LIMIT_BYTES) {
    throw ClerkErrors.paramTooLarge(param, METADATA_LIMIT_BYTES);
  }
}
