// The port every membership backend plugs into. The engine speaks only these types: it knows nothing of HTTP,
// wire shapes or which service is behind them.

/** A JSON object as declared by a user (metadata). */
export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/** Which membership an operation is about. */
export interface MembershipRef {
  organizationId: string;
  userId: string;
  /** The service's own membership id, when known. */
  membershipId?: string;
}

/** The fields every backend's desired state shares. */
export interface DesiredMembership {
  organizationId: string;
  userId: string;
  /** Adopt a membership that already exists instead of failing. */
  adoptExisting: boolean;
  /** The roles that count as admin for the last-admin rule on delete; the service's default admin role when unset. */
  adminRoles?: string[];
}

/** The fields every backend's live membership shares. */
export interface LiveMembership {
  membershipId: string;
  organizationId: string;
  userId: string;
  /** Who the member is, where the service said it (listings): named next to the id for reviewers, never decided on. */
  person?: Person;
}

/** A person as the service knows them. */
export interface Person {
  email?: string;
  name?: string;
}

/** One rejected input property: `property` is the top-level input name, `reason` says what is allowed. */
export interface InputProblem {
  property: string;
  reason: string;
  /**
   * The property holds a secret (private metadata). The engine prints the input's whole value next to a failure
   * that names a property, so such a problem reaches it without one, named in the reason instead (see
   * `checkFailures`). The reason never contains the value.
   */
  secret?: boolean;
}

export type Validation<T> = { ok: true; value: T; inputs: Record<string, unknown> } | { ok: false; problems: InputProblem[] };

/**
 * The pure half of a backend: validating inputs and mapping between state and domain. No I/O, no credentials.
 * `State` is what Pulumi stores as the resource's outputs.
 */
export interface MembershipModel<Desired extends DesiredMembership, Live extends LiveMembership> {
  /** e.g. "Clerk": used in messages. */
  readonly service: string;
  /** Validates raw inputs; `inputs` are the normalized inputs (defaults applied). Unknown (preview) values pass. */
  validate(raw: Record<string, unknown>): Validation<Desired>;
  /** The defaults `validate` applies to inputs left out, by property. */
  readonly inputDefaults: Readonly<Record<string, unknown>>;
  /** Reads stored outputs back; throws when they are not from this resource type. */
  fromState(state: Record<string, unknown>): { live: Live; desired: Desired };
  /** The outputs to store. */
  toState(live: Live, desired: Desired): Record<string, unknown>;
  /** The inputs that would produce `live` exactly, keeping the non-API settings of `desired`. */
  toInputs(live: Live, desired: Desired): Record<string, unknown>;
  /**
   * Input property names whose live value differs from the desired one (identity excluded), plus provider-side
   * settings (e.g. what delete does) that changed since `stored`.
   */
  differences(live: Live, desired: Desired, stored: Desired): string[];
  /**
   * After a write: one line per property the service kept other than `desired` declared, with what was kept, what
   * was declared and what to do; empty when it kept everything. Never prints a secret value.
   */
  unkept(live: Live, desired: Desired): string[];
  /** The roles `desired` declares, and the input property that declares them. */
  rolesOf(desired: Desired): { property: string; roles: string[] };
  /**
   * What converging `live` to `desired` changes, one line per property ("role org:member → org:admin",
   * "privateMetadata: costCenter removed"): metadata by key names only, never a value. Empty when nothing.
   */
  changes(live: Live, desired: Desired): string[];
}

/** The I/O half of a backend, bound to one set of credentials. */
export interface MembershipApi<Desired extends DesiredMembership, Live extends LiveMembership> {
  /** Creates the membership; throws MembershipExistsError when the user is already a member. */
  create(desired: Desired): Promise<Live>;
  /** The current membership, or undefined when there is none. */
  find(ref: MembershipRef): Promise<Live | undefined>;
  /** Makes `live` (as just read) equal to `desired`; returns the membership as the API left it. */
  converge(live: Live, desired: Desired): Promise<Live>;
  /** Ends the membership as `desired` asks; a membership that is already gone counts as success. */
  remove(live: Live, desired: Desired): Promise<void>;
  /** Every membership of the organization (all statuses), through the largest pages the API allows. */
  list(organizationId: string): Promise<Live[]>;
  /** User ids per email address (lower-cased), batched; an email with no user maps to an empty list. */
  usersByEmail(emails: readonly string[]): Promise<Map<string, string[]>>;
  /** What the organization allows (its roles, its membership limit), as the service says now. */
  organizationRules(organizationId: string): Promise<OrganizationRules>;
  /** Who the organization's members are, by user id, for a service whose listing does not say (WorkOS). */
  people?(organizationId: string): Promise<Map<string, Person>>;
  /** One page of `people`, from `after` (undefined: the first): who is on it, and where the next starts. */
  peoplePage?(organizationId: string, after?: string): Promise<{ people: Array<[string, Person]>; next?: string }>;
  /** Who one user is, read alone (undefined: no such user). */
  person?(userId: string): Promise<Person | undefined>;
  /**
   * One page of the organization's listing (all statuses) from `after` (undefined: the first page): its members,
   * where the next page starts (undefined: this was the last) and, when the service says, how many pages follow.
   */
  listPage?(organizationId: string, after?: string): Promise<MembershipPage<Live>>;
  /** The memberships (all statuses) of `userIds` in the organization, through the API's user filter. */
  listUsers?(organizationId: string, userIds: readonly string[]): Promise<Live[]>;
  /** How many users one call of `listUsers` reads (Clerk: 100 user ids per request; WorkOS: one). */
  readonly usersPerFilteredCall?: number;
  /**
   * The membership as a preview describes it: from one listing per organization shared by every check in the
   * process, apart from the one reads and writes use (so it never makes them see an older organization). Never
   * decides a write.
   */
  glance?(ref: MembershipRef): Promise<Live | undefined>;
}

/** One page of an organization's membership listing (see `MembershipApi.listPage`). */
export interface MembershipPage<Live> {
  members: Live[];
  next?: string;
  pagesLeft?: number;
}

/** What an organization allows: checked by `pulumi preview` so that `up` is not the first to refuse it. */
export interface OrganizationRules {
  /** The role keys (Clerk) or slugs (WorkOS) its members can be given. */
  roles: string[];
  /** The most memberships it may hold, pending invitations included (Clerk's max_allowed_memberships); undefined: no limit. */
  membershipLimit?: number;
  /** The memberships and pending invitations it holds, as its limit counts them (with a limit). */
  occupied?: number;
}

/** Raised by `create` when the membership already exists. `pending` means it cannot be adopted. */
export class MembershipExistsError extends Error {
  constructor(readonly ref: MembershipRef, readonly detail?: string, readonly adoptable = true) {
    super(`user ${ref.userId} is already a member of organization ${ref.organizationId}${detail ? ` (${detail})` : ""}`);
    this.name = "MembershipExistsError";
  }
}

/** Raised when an operation changed some things and then failed: what was applied is in `live`. */
export class PartialApplyError<Live> extends Error {
  constructor(readonly live: Live, override readonly cause: Error) {
    super(cause.message);
    this.name = "PartialApplyError";
  }
}

/** What `unmanagedMembers` asks for: members that are live but not declared. */
export type UnmanagedMode = "ignore" | "report" | "remove";

/**
 * What a membership grants: "active" is a member with access; "inactive" (deactivated) and "pending" (invited, not
 * accepted yet) grant nothing.
 */
export type MembershipStanding = "active" | "inactive" | "pending";

/** A live member that no declaration covers. */
export interface UnmanagedMember {
  userId: string;
  /** Who it is ("Jane Doe <jane@acme.com>"), when the service says. */
  person?: string;
  /** The role(s) in the service's own words, e.g. "org:admin" or "admin, billing (inactive)". */
  role: string;
  membershipId: string;
}

/**
 * A roster entry as stored and sent to the provider: the role alone when that is all the member declares (the common
 * case, and the compact form: at thousands of members every request the engine sends carries the whole map, and a
 * string costs a fraction of a nested object there), otherwise an object of the member's fields.
 */
export type RosterEntry = string | Record<string, unknown>;

/**
 * The organization-level view of a backend, for `OrganizationRoster`: one declared entry per user (the same fields
 * as the membership resource, without the ids), mapped to and from the membership model. Pure.
 */
export interface RosterModel<Desired extends DesiredMembership, Live extends LiveMembership> {
  readonly membership: MembershipModel<Desired, Live>;
  /** A problem with the organization id, or undefined when it is valid. */
  checkOrganizationId(organizationId: string): string | undefined;
  /** The member's desired state from its roster entry (object form) and private part, where the service has one. */
  desired(organizationId: string, userId: string, entry: Record<string, unknown>, privateEntry: unknown): Validation<Desired>;
  /** The object form of an entry given as a role alone. */
  roleEntry(role: string): Record<string, unknown>;
  /** The canonical roster entry (public part) of a live member; equal to `desiredEntryOf` when nothing drifted. */
  entryOf(live: Live): RosterEntry;
  /** The canonical roster entry of a desired member. */
  desiredEntryOf(desired: Desired): RosterEntry;
  /** A stored entry (possibly written by an earlier release, in an older form) in today's canonical form. */
  canonicalEntry(entry: unknown): unknown;
  /** The private part (Clerk's private metadata) of a live or desired member, if the service has one. */
  privateOf(member: Live | Desired): Record<string, unknown> | undefined;
  /** Whether the service has a private part at all (the roster then has a secret `privateMetadata` input). */
  readonly hasPrivatePart: boolean;
  /** Whether a live membership grants access now. */
  standingOf(live: Live): MembershipStanding;
  /** The role(s) of a live member, in the service's own words. */
  describe(live: Live): string;
  /** The desired state with which a roster removes a live member (the service's plain delete). */
  removal(live: Live): Desired;
  /** Whether the member (desired or live) holds one of `adminRoles`. */
  isAdmin(member: Desired | Live, adminRoles: readonly string[]): boolean;
  readonly defaultAdminRoles: readonly string[];
  /** Problems with the invitation settings (`invitations`), naming each key and what is allowed; [] when valid. */
  checkInvitationSettings(settings: Record<string, unknown>): InputProblem[];
  /** The roster entry an invitation for `desired` grants on accepting (WorkOS: one role of several). */
  invitationEntryFor(desired: Desired): RosterEntry;
  /** The roster entry a live invitation grants on accepting. */
  invitationEntryOf(invitation: LiveInvitation): RosterEntry;
  /**
   * The calls sending `count` invitations at once takes of each endpoint with an hourly limit per instance (Clerk's),
   * every such endpoint listed (0 calls where none); undefined for a service without one.
   */
  readonly invitationCalls?: (count: number) => Array<{ limit: HourlyInvitationLimit; calls: number }>;
}

/** An invitation endpoint's own limit, per instance and hour, as messages name it. */
export interface HourlyInvitationLimit {
  name: string;
  perHour: number;
  /** The limit in words, e.g. "Clerk allows 50 bulk invitation calls per hour per instance, 10 invitations each". */
  description: string;
}

/** Where an invitation stands: only a pending one can still be accepted. */
export type InvitationStatus = "pending" | "accepted" | "revoked" | "expired";

/** An invitation to join an organization, as the service keeps it (never its token or link: whoever has it can accept). */
export interface LiveInvitation {
  id: string;
  organizationId: string;
  email: string;
  status: InvitationStatus;
  /** The role(s) the invitee gets on accepting. */
  roles: string[];
  /** Clerk: copied onto the membership on accepting ({} for WorkOS). */
  publicMetadata: JsonObject;
  privateMetadata: JsonObject;
  /** ISO timestamps, when the service gives them. */
  expiresAt: string | undefined;
  createdAt: string | undefined;
}

/** The invitation settings a service offers (each backend validates and sends the ones it has). */
export interface InvitationSettings {
  expiresInDays?: number;
  inviterUserId?: string;
  /** Clerk: where the invitation link leads. */
  redirectUrl?: string;
  /** Clerk: whether Clerk emails the invitation (default true). */
  notify?: boolean;
  /** WorkOS: the language of the invitation email. */
  locale?: string;
}

/** One person to invite: the email and what the roster declares for them (its user id is not known yet). */
export interface Invitee<Desired> {
  email: string;
  desired: Desired;
}

/** What sending invitations did: the invitations created, and each invitee the service refused, with why. */
export interface InvitationOutcome {
  sent: LiveInvitation[];
  failed: Array<{ email: string; error: Error }>;
}

/** The invitation half of a backend, bound to one set of credentials. */
export interface InvitationApi<Desired> {
  /** Every invitation of the organization, whatever its status, through the largest pages the API allows. */
  listInvitations(organizationId: string): Promise<LiveInvitation[]>;
  /**
   * Sends one invitation per invitee (batched where the service allows it). Each invitee has its own outcome: one
   * the service refuses (a bad address) never stops the others.
   */
  invite(organizationId: string, invitees: ReadonlyArray<Invitee<Desired>>, settings: InvitationSettings): Promise<InvitationOutcome>;
  /** Revokes a pending invitation; one that is no longer pending counts as success. */
  revokeInvitation(invitation: LiveInvitation): Promise<void>;
}
