// The emulated Clerk instance's state, its membership rules (quota, duplicates, last manager, SCIM) and the
// organization invitation lifecycle (create, revoke, accept, expire). Tests may call it directly for out-of-band
// changes, such as an invitee accepting; every method returns copies.
import { MonotonicClock } from "../core/clock";
import { derivedBase62Id, randomBase62Id } from "../core/ids";
import { type JsonObject, cloneIfDefined, serializedByteLength } from "../core/json";
import { ClerkErrors } from "./errors";
import { mergeMetadata } from "./metadata-merge";
import type { ClerkInvitationStatus, NormalizedClerkSeed } from "./seed";

/** Clerk's documented size limit for each metadata object, in bytes of serialized JSON. */
export const METADATA_LIMIT_BYTES = 8192;
/** The permission a role needs for its members to count as able to manage the organization's memberships. */
export const MANAGE_MEMBERSHIPS_PERMISSION = "org:sys_memberships:manage";
/** Invitation validity in days: Clerk's default and the bounds of `expires_in_days`. */
export const INVITATION_DAYS = { default: 30, min: 1, max: 365 } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface ClerkRole {
  readonly key: string;
  readonly name: string;
  readonly permissions: readonly string[];
  readonly createdAt: number;
  readonly updatedAt: number;
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

export interface ClerkInvitation {
  readonly id: string;
  readonly organizationId: string;
  /** As it was given; compared without regard to case. */
  readonly emailAddress: string;
  readonly role: string;
  readonly status: ClerkInvitationStatus;
  readonly inviterUserId: string | null;
  readonly publicMetadata: JsonObject;
  readonly privateMetadata: JsonObject;
  readonly redirectUrl: string | null;
  /** The ticket of the link the invitee follows (the invitation's `url`). */
  readonly ticket: string;
  readonly expiresAt: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface CreateClerkInvitation {
  readonly emailAddress: string;
  readonly role: string;
  readonly inviterUserId?: string | null;
  readonly publicMetadata?: JsonObject;
  readonly privateMetadata?: JsonObject;
  readonly redirectUrl?: string | null;
  /** Default INVITATION_DAYS.default. */
  readonly expiresInDays?: number;
}

/** What accepting an invitation did: the invitation (now accepted), the invitee (created when new) and the membership. */
export interface AcceptedClerkInvitation {
  readonly invitation: ClerkInvitation;
  readonly user: ClerkUser;
  readonly userCreated: boolean;
  readonly membership: ClerkMembership;
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
  /** By id, in creation order. */
  private invitations = new Map<string, ClerkInvitation>();
  /** Members per organization, recomputed lazily after memberships are added or removed. */
  private counts: Map<string, number> | undefined;
  /** A metadata key this instance silently drops on every membership write (a write quirk for tests); none by default. */
  private droppedMetadataKey: string | undefined;

  /** Replaces the whole state with a normalized seed. */
  load(seed: NormalizedClerkSeed): void {
    this.secretKeys = new Set(seed.secretKeys);
    this.clock.advancePast([...seed.roles, ...seed.users, ...seed.organizations, ...seed.memberships, ...seed.invitations]);
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
    this.roles = new Map(seed.roles.map((role) => [role.key, this.clock.stamp(role)]));
    this.counts = undefined;
    this.memberships = new Map(
      seed.memberships.map((membership) => {
        const record: ClerkMembership = { ...this.clock.stamp(membership), id: membership.id ?? randomBase62Id("orgmem") };
        return [membershipKey(membership.organizationId, membership.userId), record];
      }),
    );
    this.invitations = new Map(
      seed.invitations.map((invitation) => {
        const stamped = this.clock.stamp(invitation);
        const record: ClerkInvitation = {
          ...stamped,
          id: invitation.id ?? randomBase62Id("orginv"),
          ticket: invitation.ticket ?? newTicket(),
          expiresAt: invitation.expiresAt ?? stamped.createdAt + INVITATION_DAYS.default * DAY_MS,
        };
        return [record.id, record];
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
      invitations: this.currentInvitations(),
    });
  }

  hasSecretKey(key: string): boolean {
    return this.secretKeys.has(key);
  }

  getRole(key: string): ClerkRole | undefined {
    return cloneIfDefined(this.roles.get(key));
  }

  /** The instance's organization roles, in creation order. */
  listRoles(): ClerkRole[] {
    return [...this.roles.values()].map((role) => structuredClone(role));
  }

  getUser(userId: string): ClerkUser | undefined {
    return cloneIfDefined(this.users.get(userId));
  }

  /** The user as stored, not a copy: for listings, which read every member's user and copy only what they answer. */
  viewUser(userId: string): Readonly<ClerkUser> | undefined {
    return this.users.get(userId);
  }

  /** The user one of whose email addresses is `emailAddress`, compared without regard to case. */
  findUserByEmail(emailAddress: string): ClerkUser | undefined {
    const wanted = emailAddress.toLowerCase();
    const user = [...this.users.values()].find((candidate) => candidate.emailAddresses.some((address) => address.emailAddress.toLowerCase() === wanted));
    return cloneIfDefined(user);
  }

  listUsers(): ClerkUser[] {
    return [...this.users.values()].map((user) => structuredClone(user));
  }

  /** Every user as stored, not copies: for the user listing, which copies only the page it answers. */
  viewUsers(): ReadonlyArray<Readonly<ClerkUser>> {
    return [...this.users.values()];
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
    return this.viewMemberships(filter).map((membership) => structuredClone(membership));
  }

  /**
   * Memberships matching the filter, in creation order, as stored, not copies: for listings, which select and order
   * every membership and copy only the page they answer (a page of an organization of 50,000 copies 500, not 50,000).
   */
  viewMemberships(filter: { organizationId?: string; userId?: string } = {}): ReadonlyArray<Readonly<ClerkMembership>> {
    return this.membershipsWhere(
      (membership) =>
        (filter.organizationId === undefined || membership.organizationId === filter.organizationId) &&
        (filter.userId === undefined || membership.userId === filter.userId),
    );
  }

  /** Makes every later membership and invitation write drop `key` from both metadata objects; undefined stops it. */
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
    this.checkQuota(organization, 1);
    return structuredClone(this.insertMembership(input));
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

  /** Pending invitations of the organization (Clerk's `pending_invitations_count`). */
  pendingInvitationsCount(organizationId: string): number {
    return this.pendingInvitationsOf(organizationId).length;
  }

  /** The organization's invitations in creation order (every invitation of the instance when no organization is named). */
  listInvitations(organizationId?: string): ClerkInvitation[] {
    return this.currentInvitations().filter((invitation) => organizationId === undefined || invitation.organizationId === organizationId);
  }

  /** The invitation with this id in this organization (404 for an unknown organization or invitation). */
  getInvitation(organizationId: string, invitationId: string): ClerkInvitation {
    return structuredClone(this.requireInvitation(organizationId, invitationId));
  }

  /** Creates one invitation (see createInvitations). */
  createInvitation(organizationId: string, input: CreateClerkInvitation): ClerkInvitation {
    const [created] = this.createInvitations(organizationId, [input]);
    if (!created) throw new Error("createInvitations returned nothing for one invitation");
    return created;
  }

  /**
   * Creates pending invitations to the organization, all or none: every one is checked (metadata size, validity,
   * role, inviter, an existing member, a pending invitation for the same address, also within the batch, and the
   * membership quota, which counts outstanding invitations) before any is created.
   */
  createInvitations(organizationId: string, inputs: readonly CreateClerkInvitation[]): ClerkInvitation[] {
    const organization = this.requireOrganization(organizationId);
    const pending = new Set(this.pendingInvitationsOf(organizationId).map((invitation) => invitation.emailAddress.toLowerCase()));
    for (const input of inputs) {
      checkMetadataSize("public_metadata", input.publicMetadata);
      checkMetadataSize("private_metadata", input.privateMetadata);
      const days = input.expiresInDays ?? INVITATION_DAYS.default;
      if (!Number.isInteger(days) || days < INVITATION_DAYS.min || days > INVITATION_DAYS.max) {
        throw ClerkErrors.paramInvalid("expires_in_days", `must be an integer between ${INVITATION_DAYS.min} and ${INVITATION_DAYS.max}`);
      }
      this.requireRole(input.role);
      if (input.inviterUserId !== undefined && input.inviterUserId !== null) this.requireManager(organizationId, input.inviterUserId, "inviter_user_id");
      const address = input.emailAddress.toLowerCase();
      const invitee = this.findUserByEmail(address);
      if (invitee && this.memberships.has(membershipKey(organizationId, invitee.id))) throw ClerkErrors.alreadyMemberByEmail(input.emailAddress);
      if (pending.has(address)) throw ClerkErrors.invitationNotUnique(input.emailAddress);
      pending.add(address);
    }
    this.checkQuota(organization, inputs.length);
    return inputs.map((input) => {
      const now = this.clock.now();
      const invitation: ClerkInvitation = {
        id: randomBase62Id("orginv"),
        organizationId,
        emailAddress: input.emailAddress,
        role: input.role,
        status: "pending",
        inviterUserId: input.inviterUserId ?? null,
        publicMetadata: structuredClone(this.kept(input.publicMetadata ?? {})),
        privateMetadata: structuredClone(this.kept(input.privateMetadata ?? {})),
        redirectUrl: input.redirectUrl ?? null,
        ticket: newTicket(),
        expiresAt: now + (input.expiresInDays ?? INVITATION_DAYS.default) * DAY_MS,
        createdAt: now,
        updatedAt: now,
      };
      this.invitations.set(invitation.id, invitation);
      return structuredClone(invitation);
    });
  }

  /** Revokes a pending invitation; `requestingUserId`, when given, must be able to manage the organization's memberships. */
  revokeInvitation(organizationId: string, invitationId: string, requestingUserId?: string | null): ClerkInvitation {
    const invitation = this.requireInvitation(organizationId, invitationId);
    if (requestingUserId !== undefined && requestingUserId !== null) this.requireManager(organizationId, requestingUserId, "requesting_user_id");
    if (invitation.status !== "pending") throw ClerkErrors.invitationNotPending();
    return this.keepInvitation({ ...invitation, status: "revoked", updatedAt: this.clock.now() });
  }

  /**
   * Accepts a pending invitation as its invitee would: signs the address up when no user has it (a user with only
   * that, verified, address), then makes the user a member with the invitation's role and its public and private
   * metadata, as Clerk transfers them onto the membership.
   */
  acceptOrganizationInvitation(organizationId: string, invitationId: string): AcceptedClerkInvitation {
    const invitation = this.requireInvitation(organizationId, invitationId);
    if (invitation.status === "accepted") throw ClerkErrors.invitationAlreadyAccepted();
    if (invitation.status === "revoked") throw ClerkErrors.invitationRevoked();
    if (invitation.status !== "pending") throw ClerkErrors.invitationNotPending();
    const organization = this.requireOrganization(organizationId);
    this.requireRole(invitation.role);
    const existing = this.findUserByEmail(invitation.emailAddress);
    if (existing && this.memberships.has(membershipKey(organizationId, existing.id))) throw ClerkErrors.alreadyMemberByEmail(invitation.emailAddress);
    // The invitation already holds its place in the quota: only memberships beyond the other invitations count.
    this.checkQuota(organization, 1, invitation.id);
    const user = existing ?? this.createUserForEmail(invitation.emailAddress);
    const membership = this.insertMembership({
      organizationId,
      userId: user.id,
      role: invitation.role,
      publicMetadata: invitation.publicMetadata,
      privateMetadata: invitation.privateMetadata,
    });
    const accepted = this.keepInvitation({ ...invitation, status: "accepted", updatedAt: this.clock.now() });
    return { invitation: accepted, user: structuredClone(user), userCreated: existing === undefined, membership: structuredClone(membership) };
  }

  /** Makes a pending invitation expire now, as time would. */
  expireOrganizationInvitation(organizationId: string, invitationId: string): ClerkInvitation {
    const invitation = this.requireInvitation(organizationId, invitationId);
    if (invitation.status !== "pending") throw ClerkErrors.invitationNotPending();
    // The record clock's now, so expires_at falls after created_at even when that clock runs ahead of the wall clock
    // (it does when many records are stamped within one millisecond); the status says expired either way.
    const now = this.clock.now();
    return this.keepInvitation({ ...invitation, status: "expired", expiresAt: now, updatedAt: now });
  }

  /** Copies of every invitation, after pending ones whose expiry has passed are marked expired. */
  private currentInvitations(): ClerkInvitation[] {
    this.expireDueInvitations();
    return [...this.invitations.values()].map((invitation) => structuredClone(invitation));
  }

  /** The organization's pending invitations, as stored (not copies: for counting and checks only). */
  private pendingInvitationsOf(organizationId: string): ClerkInvitation[] {
    this.expireDueInvitations();
    return [...this.invitations.values()].filter((invitation) => invitation.organizationId === organizationId && invitation.status === "pending");
  }

  /** Marks every pending invitation whose expiry has passed as expired (at that moment), before anything reads them. */
  private expireDueInvitations(): void {
    const now = Date.now();
    for (const invitation of this.invitations.values()) {
      if (invitation.status === "pending" && invitation.expiresAt <= now) {
        this.invitations.set(invitation.id, { ...invitation, status: "expired", updatedAt: Math.max(invitation.updatedAt, invitation.expiresAt) });
      }
    }
  }

  private requireInvitation(organizationId: string, invitationId: string): ClerkInvitation {
    this.requireOrganization(organizationId);
    this.expireDueInvitations();
    const invitation = this.invitations.get(invitationId);
    if (!invitation || invitation.organizationId !== organizationId) throw ClerkErrors.invitationNotFound(invitationId);
    return invitation;
  }

  private keepInvitation(invitation: ClerkInvitation): ClerkInvitation {
    this.invitations.set(invitation.id, invitation);
    return structuredClone(invitation);
  }

  /** The user acting for the organization (an inviter, a revoker): known, and able to manage its memberships. */
  private requireManager(organizationId: string, userId: string, param: string): void {
    if (!this.users.has(userId)) throw ClerkErrors.userNotFound(userId);
    const membership = this.memberships.get(membershipKey(organizationId, userId));
    if (!membership || !this.canManage(membership)) throw ClerkErrors.notAnAdmin(userId, param);
  }

  /**
   * Refuses `adding` more members when the organization's limit would be passed; outstanding (pending) invitations
   * count towards it, as Clerk's quota error says, except `exceptInvitationId` (the one being accepted).
   */
  private checkQuota(organization: ClerkOrganization, adding: number, exceptInvitationId?: string): void {
    const limit = organization.maxAllowedMemberships;
    if (limit <= 0) return;
    const outstanding = this.pendingInvitationsOf(organization.id).filter((invitation) => invitation.id !== exceptInvitationId).length;
    if (this.membersCount(organization.id) + outstanding + adding > limit) throw ClerkErrors.quotaExceeded(limit);
  }

  private insertMembership(input: CreateClerkMembership): ClerkMembership {
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
    return membership;
  }

  /** A new user whose only (primary) email address is `emailAddress`, as signing up through an invitation makes one. */
  private createUserForEmail(emailAddress: string): ClerkUser {
    const now = this.clock.now();
    const id = randomBase62Id("user");
    const user: ClerkUser = {
      id,
      firstName: null,
      lastName: null,
      username: null,
      emailAddresses: [{ id: derivedBase62Id("idn", `${id} ${emailAddress}`), emailAddress }],
      createdAt: now,
      updatedAt: now,
    };
    this.users.set(id, user);
    return user;
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

/** A fresh invitation ticket: 27 random base62 characters (Clerk's are opaque tokens the invitee's link carries). */
function newTicket(): string {
  return randomBase62Id("ticket").slice("ticket_".length);
}

function membershipKey(organizationId: string, userId: string): string {
  return `${organizationId} ${userId}`;
}

function checkMetadataSize(param: string, metadata: JsonObject | undefined): void {
  if (metadata !== undefined && serializedByteLength(metadata) > METADATA_LIMIT_BYTES) {
    throw ClerkErrors.paramTooLarge(param, METADATA_LIMIT_BYTES);
  }
}
