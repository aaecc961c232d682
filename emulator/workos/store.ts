// The emulated WorkOS environment's state, the membership lifecycle (create or reactivate, roles, deactivate,
// reactivate, delete) and the invitation lifecycle (send, resend, revoke, accept, expire) with the pending membership
// an organization invitation holds for a recipient who already has an account. Tests may call it directly for
// out-of-band changes; every method returns copies.
import { randomBytes } from "node:crypto";
import { MonotonicClock } from "../core/clock";
import { ulidId } from "../core/ids";
import { type JsonObject, cloneIfDefined } from "../core/json";
import { WorkosErrors, WorkosInvitationErrors } from "./errors";
import { compareAscending } from "./pagination";
import { DEFAULT_ROLE_SLUG, type NormalizedWorkosSeed, type WorkosInvitationState, type WorkosMembershipStatus } from "./seed";

export { DEFAULT_ROLE_SLUG } from "./seed";

const DAY_MS = 24 * 60 * 60 * 1000;
/** Invitation validity in days: the documented default and bounds of `expires_in_days`. */
export const INVITATION_DAYS = { default: 7, min: 1, max: 30 } as const;

export interface WorkosUser {
  readonly id: string;
  readonly email: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly emailVerified: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface WorkosRole {
  readonly slug: string;
  readonly name?: string;
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

export interface WorkosInvitation {
  readonly id: string;
  /** As it was sent; recipients are matched case-insensitively. */
  readonly email: string;
  /** Stored; a pending invitation is marked expired as soon as its expiresAt has passed. */
  readonly state: WorkosInvitationState;
  readonly organizationId: string | null;
  /** The role given on acceptance; null exactly when there is no organization. */
  readonly roleSlug: string | null;
  readonly inviterUserId: string | null;
  readonly acceptedUserId: string | null;
  readonly token: string;
  readonly expiresAt: number;
  readonly acceptedAt: number | null;
  readonly revokedAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface InvitationFilter {
  readonly organizationId?: string;
  /** Matched case-insensitively. */
  readonly email?: string;
}

export interface SendInvitationInput {
  readonly email: string;
  readonly organizationId?: string;
  readonly roleSlug?: string;
  readonly expiresInDays?: number;
  readonly inviterUserId?: string;
}

/** What accepting an invitation produced: the recipient's user and, for an organization invitation, the active membership. */
export interface AcceptedInvitation {
  readonly invitation: WorkosInvitation;
  readonly user: WorkosUser;
  readonly membership?: WorkosMembership;
}

const TOKEN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** An invitation token shaped like the service's (25 alphanumeric characters). */
function invitationToken(): string {
  return [...randomBytes(25)].map((byte) => TOKEN_ALPHABET[byte % TOKEN_ALPHABET.length] ?? "0").join("");
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
  private roles = new Map<string, WorkosRole>();
  private users = new Map<string, WorkosUser>();
  private organizations = new Map<string, WorkosOrganization>();
  private memberships = new Map<string, WorkosMembership>();
  private invitations = new Map<string, WorkosInvitation>();
  private positions = new Map<string, ListPosition>();
  /** Each organization's memberships and all users in ascending list position, as stored: what a listing pages through. */
  private orderedByOrganization = new Map<string, WorkosMembership[]>();
  private orderedUsers: WorkosUser[] = [];
  /** Each organization's memberships by user (one per user and organization). */
  private byOrganizationAndUser = new Map<string, Map<string, WorkosMembership>>();

  /** Replaces the whole state with a normalized seed. */
  load(seed: NormalizedWorkosSeed): void {
    this.apiKeys = new Set(seed.apiKeys);
    this.multipleRoles = seed.multipleRolesEnabled;
    this.clock.advancePast([...seed.roles, ...seed.users, ...seed.organizations, ...seed.memberships, ...seed.invitations]);
    this.users = new Map(seed.users.map((user) => [user.id, this.clock.stamp(user)]));
    this.orderedUsers = [...this.users.values()].sort(compareAscending);
    this.organizations = new Map(seed.organizations.map((organization) => [organization.id, this.clock.stamp(organization)]));
    this.roles = new Map(seed.roles.map((role) => [role.slug, this.clock.stamp(role)]));
    this.memberships = new Map();
    this.orderedByOrganization = new Map();
    this.byOrganizationAndUser = new Map();
    this.positions = new Map();
    for (const membership of seed.memberships) {
      const stamped = this.clock.stamp(membership);
      this.store({ ...stamped, id: membership.id ?? ulidId("om", stamped.createdAt) });
    }
    this.invitations = new Map();
    for (const invitation of seed.invitations) {
      const { createdAt, updatedAt } = this.clock.stamp(invitation);
      this.keepInvitation({
        id: invitation.id ?? ulidId("invitation", createdAt),
        email: invitation.email,
        state: invitation.state,
        organizationId: invitation.organizationId,
        roleSlug: invitation.roleSlug ?? (invitation.organizationId === null ? null : DEFAULT_ROLE_SLUG),
        inviterUserId: invitation.inviterUserId,
        acceptedUserId: invitation.acceptedUserId,
        token: invitation.token ?? invitationToken(),
        expiresAt: invitation.expiresAt ?? createdAt + INVITATION_DAYS.default * DAY_MS,
        acceptedAt: invitation.state === "accepted" ? (invitation.acceptedAt ?? updatedAt) : null,
        revokedAt: invitation.state === "revoked" ? (invitation.revokedAt ?? updatedAt) : null,
        createdAt,
        updatedAt,
      });
    }
  }

  /** The whole state in seed format (loading it back gives the same state). */
  snapshot(): NormalizedWorkosSeed {
    this.expireDueInvitations();
    return structuredClone({
      apiKeys: [...this.apiKeys],
      multipleRolesEnabled: this.multipleRoles,
      roles: [...this.roles.values()],
      users: [...this.users.values()],
      organizations: [...this.organizations.values()],
      memberships: [...this.memberships.values()].map((membership) => ({ ...membership, roleSlugs: [...membership.roleSlugs] })),
      invitations: [...this.invitations.values()],
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

  /** The user with this email, compared case-insensitively: the service keeps one user per address. */
  findUserByEmail(email: string): WorkosUser | undefined {
    return cloneIfDefined(this.userByEmail(email));
  }

  /** The environment's roles, in creation order: every organization can grant them (the emulator has no custom roles). */
  listRoles(): WorkosRole[] {
    return [...this.roles.values()].map((role) => structuredClone(role));
  }

  getOrganization(organizationId: string): WorkosOrganization | undefined {
    return cloneIfDefined(this.organizations.get(organizationId));
  }

  getMembership(id: string): WorkosMembership | undefined {
    return cloneIfDefined(this.memberships.get(id));
  }

  findMembership(organizationId: string, userId: string): WorkosMembership | undefined {
    return cloneIfDefined(this.membershipOf(organizationId, userId));
  }

  listMemberships(filter: MembershipFilter = {}): WorkosMembership[] {
    return this.viewMemberships(filter).map((membership) => structuredClone(membership));
  }

  /**
   * Memberships matching the filter, as stored, not copies: for listings, which order every membership and copy only
   * the page they answer (a page of an organization of 50,000 copies 100, not 50,000).
   */
  viewMemberships(filter: MembershipFilter = {}): ReadonlyArray<Readonly<WorkosMembership>> {
    return [...this.memberships.values()].filter(
      (membership) =>
        (filter.organizationId === undefined || membership.organizationId === filter.organizationId) &&
        (filter.userId === undefined || membership.userId === filter.userId) &&
        (filter.statuses === undefined || filter.statuses.has(membership.status)),
    );
  }

  /** The organization's memberships in ascending list position, as stored, not copies (see paginateOrdered). */
  orderedMemberships(organizationId: string): ReadonlyArray<Readonly<WorkosMembership>> {
    return this.orderedByOrganization.get(organizationId) ?? [];
  }

  /** The membership of `userId` in `organizationId`, as stored, not a copy. */
  viewMembershipOf(organizationId: string, userId: string): Readonly<WorkosMembership> | undefined {
    return this.membershipOf(organizationId, userId);
  }

  /** Every user in ascending list position, as stored, not copies. */
  usersInOrder(): ReadonlyArray<Readonly<WorkosUser>> {
    return this.orderedUsers;
  }

  /** The list position of a membership, invitation or user, including memberships deleted since. */
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
    const existing = this.membershipOf(input.organizationId, input.userId);
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
    this.forget(membership);
    return structuredClone(membership);
  }

  getInvitation(id: string): WorkosInvitation | undefined {
    this.expireDueInvitations();
    return cloneIfDefined(this.invitations.get(id));
  }

  findInvitationByToken(token: string): WorkosInvitation | undefined {
    this.expireDueInvitations();
    return cloneIfDefined([...this.invitations.values()].find((invitation) => invitation.token === token));
  }

  listInvitations(filter: InvitationFilter = {}): WorkosInvitation[] {
    this.expireDueInvitations();
    const email = filter.email?.toLowerCase();
    return [...this.invitations.values()]
      .filter(
        (invitation) =>
          (filter.organizationId === undefined || invitation.organizationId === filter.organizationId) &&
          (email === undefined || invitation.email.toLowerCase() === email),
      )
      .map((invitation) => structuredClone(invitation));
  }

  /**
   * Creates a pending invitation. With an organization and a recipient who already has an account, the recipient
   * also gets a pending membership carrying the invitation's role (the service's docs: an invitation creates a
   * pending membership, and accepting it activates that membership). A recipient without an account gets no user and
   * no membership until acceptance, when both are created.
   */
  sendInvitation(input: SendInvitationInput): WorkosInvitation {
    const days = input.expiresInDays ?? INVITATION_DAYS.default;
    if (days < INVITATION_DAYS.min) throw WorkosInvitationErrors.expiresInDaysTooShort();
    if (days > INVITATION_DAYS.max) throw WorkosInvitationErrors.expiresInDaysTooLong();
    const organizationId = input.organizationId ?? null;
    if (organizationId !== null && !this.organizations.has(organizationId)) throw WorkosErrors.entityNotFound("organization", organizationId);
    if (input.inviterUserId !== undefined && !this.users.has(input.inviterUserId)) throw WorkosErrors.entityNotFound("user", input.inviterUserId);
    if (organizationId === null && input.roleSlug !== undefined) {
      throw WorkosErrors.invalidParameters([
        { field: "role_slug", code: "invalid", message: "role_slug is the role in the invitation's organization: it needs organization_id." },
      ]);
    }
    const roleSlug = organizationId === null ? null : (input.roleSlug ?? DEFAULT_ROLE_SLUG);
    if (roleSlug !== null && !this.roles.has(roleSlug)) throw WorkosInvitationErrors.invalidRole(roleSlug);
    this.expireDueInvitations();
    const email = input.email.toLowerCase();
    const alreadyPending = [...this.invitations.values()].some(
      (invitation) => invitation.state === "pending" && invitation.organizationId === organizationId && invitation.email.toLowerCase() === email,
    );
    if (alreadyPending) {
      throw organizationId === null
        ? WorkosInvitationErrors.emailAlreadyInvited(input.email)
        : WorkosInvitationErrors.emailAlreadyInvitedToOrganization(input.email, organizationId);
    }
    const user = this.userByEmail(input.email);
    if (organizationId === null && user) throw WorkosInvitationErrors.userAlreadyExists(input.email);
    if (organizationId !== null && user && this.membershipOf(organizationId, user.id)?.status === "active") {
      throw WorkosInvitationErrors.userAlreadyOrganizationMember(input.email, organizationId);
    }
    const now = this.clock.now();
    const invitation = this.keepInvitation({
      id: ulidId("invitation", now),
      email: input.email,
      state: "pending",
      organizationId,
      roleSlug,
      inviterUserId: input.inviterUserId ?? null,
      acceptedUserId: null,
      token: invitationToken(),
      expiresAt: now + days * DAY_MS,
      acceptedAt: null,
      revokedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    if (organizationId !== null && roleSlug !== null && user) this.holdPendingMembership(organizationId, user.id, roleSlug, now);
    return invitation;
  }

  /**
   * Sends the email again. Only a pending invitation can be resent; its token and expiry stay as they were (the
   * description speaks of a new email only, so the link already sent keeps working until the same moment).
   */
  resendInvitation(id: string): WorkosInvitation {
    const invitation = this.requireInvitation(id);
    if (invitation.state === "expired") throw WorkosInvitationErrors.expired();
    if (invitation.state === "revoked") throw WorkosInvitationErrors.revoked();
    if (invitation.state === "accepted") throw WorkosInvitationErrors.accepted();
    return this.keepInvitation({ ...invitation, updatedAt: this.clock.now() });
  }

  /**
   * Pending → revoked. The pending membership the invitation held is deleted with it: a pending membership cannot
   * be deactivated, and once revoked nothing could ever activate it.
   */
  revokeInvitation(id: string): WorkosInvitation {
    const invitation = this.requireInvitation(id);
    if (invitation.state !== "pending") throw WorkosInvitationErrors.notPending();
    const now = this.clock.now();
    const revoked = this.keepInvitation({ ...invitation, state: "revoked", revokedAt: now, updatedAt: now });
    const held = this.heldMembership(invitation);
    if (held) this.forget(held);
    return revoked;
  }

  /**
   * Accepts a pending invitation as its recipient does by following the link: `createUser` (the default) signs the
   * recipient up when no user has the email yet; without it, as the accept endpoint, a missing user is an
   * invalid_invite. For an organization invitation the recipient's pending membership becomes active with its
   * roles; without one a membership is created with the invitation's role (an inactive one is reactivated with it,
   * an active one is left as it is).
   */
  acceptInvitation(id: string, options: { createUser?: boolean } = {}): AcceptedInvitation {
    const invitation = this.requireInvitation(id);
    if (invitation.state !== "pending") throw WorkosInvitationErrors.notPending();
    const now = this.clock.now();
    let user = this.userByEmail(invitation.email);
    if (!user) {
      if (options.createUser === false) {
        throw WorkosInvitationErrors.invalidInvite(`No user has the email '${invitation.email}' yet: the recipient signs up through the invitation first.`);
      }
      // Signing up through the emailed link proves the address, hence a verified email.
      user = { id: ulidId("user", now), email: invitation.email, firstName: null, lastName: null, emailVerified: true, createdAt: now, updatedAt: now };
      this.users.set(user.id, user);
      placeInOrder(this.orderedUsers, user);
    }
    let membership: WorkosMembership | undefined;
    if (invitation.organizationId !== null) {
      membership = this.activateForInvitation(invitation.organizationId, user.id, invitation.roleSlug ?? DEFAULT_ROLE_SLUG, now);
    }
    const accepted = this.keepInvitation({ ...invitation, state: "accepted", acceptedAt: now, acceptedUserId: user.id, updatedAt: now });
    return { invitation: accepted, user: structuredClone(user), ...(membership ? { membership } : {}) };
  }

  /**
   * Makes a pending invitation expire now, as time would. Its pending membership stays pending: the service keeps
   * showing an invitee whose invitation expired, and a new invitation to the same organization takes that
   * membership over.
   */
  expireInvitation(id: string): WorkosInvitation {
    const invitation = this.requireInvitation(id);
    if (invitation.state !== "pending") throw WorkosInvitationErrors.notPending();
    const now = this.clock.now();
    return this.keepInvitation({ ...invitation, state: "expired", expiresAt: now, updatedAt: now });
  }

  /**
   * The role the invitation shows: the invitee's membership role while that membership is pending (or, once the
   * invitation is accepted, the member's current role), as the description says role_slug reflects the invitee's
   * membership; otherwise the role the invitation was sent with.
   */
  invitationRoleSlug(invitation: WorkosInvitation): string | null {
    if (invitation.organizationId === null || invitation.state === "revoked") return invitation.roleSlug;
    const userId = invitation.acceptedUserId ?? this.userByEmail(invitation.email)?.id;
    const membership = userId === undefined ? undefined : this.membershipOf(invitation.organizationId, userId);
    const reflected = membership !== undefined && (invitation.state === "accepted" || membership.status === "pending");
    return (reflected ? membership.roleSlugs[0] : undefined) ?? invitation.roleSlug;
  }

  private store(membership: WorkosMembership): WorkosMembership {
    this.memberships.set(membership.id, membership);
    let ordered = this.orderedByOrganization.get(membership.organizationId);
    if (!ordered) this.orderedByOrganization.set(membership.organizationId, (ordered = []));
    placeInOrder(ordered, membership);
    let byUser = this.byOrganizationAndUser.get(membership.organizationId);
    if (!byUser) this.byOrganizationAndUser.set(membership.organizationId, (byUser = new Map<string, WorkosMembership>()));
    byUser.set(membership.userId, membership);
    this.positions.set(membership.id, { id: membership.id, createdAt: membership.createdAt });
    return structuredClone(membership);
  }

  private forget(membership: WorkosMembership): void {
    this.memberships.delete(membership.id);
    const ordered = this.orderedByOrganization.get(membership.organizationId);
    const index = ordered ? positionIndex(ordered, membership) : -1;
    if (ordered && ordered[index]?.id === membership.id) ordered.splice(index, 1);
    const byUser = this.byOrganizationAndUser.get(membership.organizationId);
    if (byUser?.get(membership.userId)?.id === membership.id) byUser.delete(membership.userId);
  }

  private keepInvitation(invitation: WorkosInvitation): WorkosInvitation {
    this.invitations.set(invitation.id, invitation);
    this.positions.set(invitation.id, { id: invitation.id, createdAt: invitation.createdAt });
    return structuredClone(invitation);
  }

  private requireInvitation(id: string): WorkosInvitation {
    this.expireDueInvitations();
    const invitation = this.invitations.get(id);
    if (!invitation) throw WorkosErrors.entityNotFound("invitation", id);
    return invitation;
  }

  /** Marks every pending invitation whose expiry has passed as expired (at that moment), before anything reads them. */
  private expireDueInvitations(): void {
    const now = Date.now();
    for (const invitation of this.invitations.values()) {
      if (invitation.state === "pending" && invitation.expiresAt <= now) {
        this.invitations.set(invitation.id, { ...invitation, state: "expired", updatedAt: Math.max(invitation.updatedAt, invitation.expiresAt) });
      }
    }
  }

  private userByEmail(email: string): WorkosUser | undefined {
    const wanted = email.toLowerCase();
    return [...this.users.values()].find((user) => user.email.toLowerCase() === wanted);
  }

  private membershipOf(organizationId: string, userId: string): WorkosMembership | undefined {
    return this.byOrganizationAndUser.get(organizationId)?.get(userId);
  }

  /** The pending membership a pending organization invitation holds for its recipient, if the recipient has an account. */
  private heldMembership(invitation: WorkosInvitation): WorkosMembership | undefined {
    if (invitation.organizationId === null) return undefined;
    const user = this.userByEmail(invitation.email);
    const membership = user ? this.membershipOf(invitation.organizationId, user.id) : undefined;
    return membership?.status === "pending" ? membership : undefined;
  }

  /**
   * Gives an invited user a pending membership with the invitation's role; one left pending by an earlier (expired)
   * invitation takes the new role. An inactive membership is left as it is until acceptance reactivates it.
   */
  private holdPendingMembership(organizationId: string, userId: string, roleSlug: string, now: number): void {
    const existing = this.membershipOf(organizationId, userId);
    if (existing?.status === "pending") {
      this.store({ ...existing, roleSlugs: [roleSlug], updatedAt: now });
    } else if (!existing) {
      this.store({
        id: ulidId("om", now),
        organizationId,
        userId,
        roleSlugs: [roleSlug],
        status: "pending",
        directoryManaged: false,
        customAttributes: {},
        createdAt: now,
        updatedAt: now,
      });
    }
  }

  /** The recipient's membership once the invitation is accepted (see acceptInvitation). */
  private activateForInvitation(organizationId: string, userId: string, roleSlug: string, now: number): WorkosMembership {
    const existing = this.membershipOf(organizationId, userId);
    if (existing?.status === "active") return structuredClone(existing);
    if (existing?.status === "pending") return this.store({ ...existing, status: "active", updatedAt: now });
    if (existing) return this.store({ ...existing, roleSlugs: [roleSlug], status: "active", updatedAt: now });
    return this.store({
      id: ulidId("om", now),
      organizationId,
      userId,
      roleSlugs: [roleSlug],
      status: "active",
      directoryManaged: false,
      customAttributes: {},
      createdAt: now,
      updatedAt: now,
    });
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

/** Where `position` is or would go in `ordered` (ascending list position). */
function positionIndex(ordered: readonly ListPosition[], position: ListPosition): number {
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const at = ordered[middle];
    if (at !== undefined && compareAscending(at, position) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Puts `item` in its place in `ordered`, replacing the stored record of the same id. */
function placeInOrder<T extends ListPosition>(ordered: T[], item: T): void {
  const index = positionIndex(ordered, item);
  if (ordered[index]?.id === item.id) ordered[index] = item;
  else ordered.splice(index, 0, item);
}
