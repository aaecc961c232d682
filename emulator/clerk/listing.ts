// Clerk list parameters (limit/offset paging, `order_by`, repeatable filters with `+`/`-` forms, partial-match
// queries) and how they select and order memberships, users and organization invitations. Invalid values are 422
// form_param_value_invalid, as the Backend API answers.
import { type QueryParams, integerParam } from "../core/query";
import { ClerkErrors } from "./errors";
import { CLERK_INVITATION_STATUSES, type ClerkInvitationStatus } from "./seed";
import type { ClerkInvitation, ClerkMembership, ClerkRole, ClerkStore, ClerkUser } from "./store";

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 10;
/** The most values a repeatable id or email filter accepts. */
export const MAX_FILTER_VALUES = 100;

/** The `order_by` fields of the membership lists, as the Backend API documents them. */
export const MEMBERSHIP_ORDER_FIELDS = ["created_at", "first_name", "last_name", "email_address", "phone_number", "username"] as const;
/** The `order_by` fields of GET /users: the membership ones plus the user's own timestamps and web3 wallet. */
export const USER_ORDER_FIELDS = [...MEMBERSHIP_ORDER_FIELDS, "updated_at", "web3wallet", "last_active_at", "last_sign_in_at"] as const;
/** The `order_by` fields of the organization invitation list, as the Backend API documents them. */
export const INVITATION_ORDER_FIELDS = ["created_at", "email_address"] as const;
/** The `order_by` fields of the instance's organization role list. */
export const ROLE_ORDER_FIELDS = ["created_at", "name", "key"] as const;
type OrderField = (typeof USER_ORDER_FIELDS)[number] | (typeof ROLE_ORDER_FIELDS)[number];

export interface OrderBy {
  readonly field: OrderField;
  readonly descending: boolean;
}

export interface Page {
  readonly limit: number;
  readonly offset: number;
}

/** A repeatable id filter: plain or `+`-prefixed values are included, `-`-prefixed ones are excluded. */
export interface IdFilter {
  /** Undefined when no value was included: then every id not excluded matches. */
  readonly include?: ReadonlySet<string>;
  readonly exclude: ReadonlySet<string>;
}

/** Filters shared by the membership and user lists; an absent filter selects everything. */
export interface ListFilter {
  readonly userIds?: IdFilter;
  readonly roles?: ReadonlySet<string>;
  /** Lowercased. */
  readonly emailAddresses?: ReadonlySet<string>;
  /** Lowercased. */
  readonly usernames?: ReadonlySet<string>;
  /** Lowercased substring of a name, username, email address or user id. */
  readonly query?: string;
  /** Lowercased substring of the first name, the last name or both (`first last`). */
  readonly nameQuery?: string;
  /** Lowercased substring of an email address. */
  readonly emailAddressQuery?: string;
  /** Lowercased substring of the username. */
  readonly usernameQuery?: string;
  readonly createdBefore?: number;
  readonly createdAfter?: number;
}

export function parsePage(query: QueryParams): Page {
  const limit = integerParam(query.first("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
  if (!limit.ok) throw ClerkErrors.paramInvalid("limit", `must be an integer between 1 and ${MAX_LIMIT}`);
  const offset = integerParam(query.first("offset"), 0, 0, Number.MAX_SAFE_INTEGER);
  if (!offset.ok) throw ClerkErrors.paramInvalid("offset", "must be a non-negative integer");
  return { limit: limit.value, offset: offset.value };
}

/** Parses `[+-]field` against the route's fields; a `+` sent unencoded arrives as a space and means ascending too. */
export function parseOrderBy(query: QueryParams, fields: readonly OrderField[]): OrderBy {
  const raw = query.first("order_by");
  if (raw === undefined || raw.trim() === "") return { field: "created_at", descending: true };
  const descending = raw.startsWith("-");
  const field = raw.replace(/^[\s+-]/, "");
  const known = fields.find((candidate) => candidate === field);
  if (!known) throw ClerkErrors.paramInvalid("order_by", `must be one of ${fields.map((name) => `[+-]${name}`).join(", ")}`);
  return { field: known, descending };
}

export function parseFilter(query: QueryParams): ListFilter {
  return {
    userIds: idFilter(query, "user_id"),
    roles: repeatedValues(query, "role"),
    emailAddresses: repeatedValues(query, "email_address", (value) => value.toLowerCase()),
    usernames: repeatedValues(query, "username", (value) => value.toLowerCase()),
    query: textQuery(query, "query"),
    nameQuery: textQuery(query, "name_query"),
    emailAddressQuery: textQuery(query, "email_address_query"),
    usernameQuery: textQuery(query, "username_query"),
    createdBefore: optionalTimestamp(query, "created_at_before"),
    createdAfter: optionalTimestamp(query, "created_at_after"),
  };
}

function textQuery(query: QueryParams, name: string): string | undefined {
  const text = query.first(name)?.trim().toLowerCase();
  return text === undefined || text === "" ? undefined : text;
}

function repeatedValues(query: QueryParams, name: string, normalize: (value: string) => string = (value) => value): Set<string> | undefined {
  const values = query.all(name).flatMap((value) => (value.trim() === "" ? [] : [normalize(value.trim())]));
  if (values.length === 0) return undefined;
  if (values.length > MAX_FILTER_VALUES) throw ClerkErrors.paramInvalid(name, `should not exceed ${MAX_FILTER_VALUES} items`);
  return new Set(values);
}

/** `user_id=a&user_id=%2Bb&user_id=-c`: a and b included, c excluded (an unencoded `+` arrives as a space, trimmed). */
function idFilter(query: QueryParams, name: string): IdFilter | undefined {
  const values = repeatedValues(query, name);
  if (!values) return undefined;
  const include = new Set<string>();
  const exclude = new Set<string>();
  for (const value of values) {
    if (value.startsWith("-")) exclude.add(value.slice(1));
    else include.add(value.replace(/^\+/, ""));
  }
  return { include: include.size > 0 ? include : undefined, exclude };
}

function idMatches(id: string, filter: IdFilter | undefined): boolean {
  return !filter || ((!filter.include || filter.include.has(id)) && !filter.exclude.has(id));
}

function optionalTimestamp(query: QueryParams, name: string): number | undefined {
  const raw = query.first(name);
  if (raw === undefined) return undefined;
  const parsed = integerParam(raw, 0, 0, Number.MAX_SAFE_INTEGER);
  if (!parsed.ok) throw ClerkErrors.paramInvalid(name, "must be a Unix timestamp in milliseconds");
  return parsed.value;
}

export function paginate<T>(items: readonly T[], page: Page): T[] {
  return items.slice(page.offset, page.offset + page.limit);
}

/** Whether `filter` asks anything of the user (userMatches is true for every user otherwise). */
function filtersUsers(filter: ListFilter): boolean {
  return [filter.emailAddresses, filter.usernames, filter.emailAddressQuery, filter.usernameQuery, filter.nameQuery, filter.query].some((criterion) => criterion !== undefined);
}

function userMatches(user: Readonly<ClerkUser> | undefined, filter: ListFilter): boolean {
  const emails = user?.emailAddresses.map((address) => address.emailAddress.toLowerCase()) ?? [];
  const username = user?.username?.toLowerCase();
  const contains = (value: string | null | undefined, text: string): boolean => value?.toLowerCase().includes(text) ?? false;
  if (filter.emailAddresses && !emails.some((email) => filter.emailAddresses?.has(email))) return false;
  if (filter.usernames && (username === undefined || !filter.usernames.has(username))) return false;
  if (filter.emailAddressQuery !== undefined && !emails.some((email) => email.includes(filter.emailAddressQuery ?? ""))) return false;
  if (filter.usernameQuery !== undefined && !contains(username, filter.usernameQuery)) return false;
  if (filter.nameQuery !== undefined) {
    const fullName = [user?.firstName, user?.lastName].filter((part) => part).join(" ");
    if (![user?.firstName, user?.lastName, fullName].some((name) => contains(name, filter.nameQuery ?? ""))) return false;
  }
  if (filter.query !== undefined) {
    const haystack = [user?.id, user?.firstName, user?.lastName, user?.username, ...emails];
    if (!haystack.some((value) => contains(value, filter.query ?? ""))) return false;
  }
  return true;
}

function createdWithin(createdAt: number, filter: ListFilter): boolean {
  return (filter.createdBefore === undefined || createdAt < filter.createdBefore) && (filter.createdAfter === undefined || createdAt > filter.createdAfter);
}

type SortValue = string | number | null;

function userSortValue(user: Readonly<ClerkUser> | undefined, field: OrderField): SortValue {
  switch (field) {
    case "first_name":
      return user?.firstName?.toLowerCase() ?? null;
    case "last_name":
      return user?.lastName?.toLowerCase() ?? null;
    case "username":
      return user?.username?.toLowerCase() ?? null;
    case "email_address":
      return user?.emailAddresses[0]?.emailAddress.toLowerCase() ?? null;
    case "created_at":
      return user?.createdAt ?? null;
    case "updated_at":
      return user?.updatedAt ?? null;
    // Emulated users have no phone number, web3 wallet, sign-in or session activity: these sort as nulls, last.
    // The role fields (name, key) are never asked of a user: parseOrderBy allows them on the role list only.
    case "phone_number":
    case "web3wallet":
    case "last_active_at":
    case "last_sign_in_at":
    case "name":
    case "key":
      return null;
  }
}

/** Orders by the field in the requested direction, nulls last, then by creation time and id in that direction. */
function sortBy<T>(items: readonly T[], order: OrderBy, valueOf: (item: T) => SortValue, createdAt: (item: T) => number, id: (item: T) => string): T[] {
  const direction = order.descending ? -1 : 1;
  const compare = (left: SortValue, right: SortValue): number => {
    if (left === right) return 0;
    if (left === null) return 1;
    if (right === null) return -1;
    return (left < right ? -1 : 1) * direction;
  };
  // Each item's sort values are taken once, not at every comparison: an organization of 50,000 is ordered per page.
  const keyed = items.map((item) => ({ item, value: valueOf(item), createdAt: createdAt(item), id: id(item) }));
  keyed.sort((left, right) => compare(left.value, right.value) || compare(left.createdAt, right.createdAt) || compare(left.id, right.id));
  return keyed.map(({ item }) => item);
}

/** Memberships matching `filter`, ordered; `created_at` is the membership's own creation time. */
export function selectMemberships(store: ClerkStore, memberships: ReadonlyArray<Readonly<ClerkMembership>>, filter: ListFilter, order: OrderBy): Array<Readonly<ClerkMembership>> {
  const byUser = filtersUsers(filter);
  const matching = memberships.filter(
    (membership) =>
      idMatches(membership.userId, filter.userIds) &&
      (!filter.roles || filter.roles.has(membership.role)) &&
      createdWithin(membership.createdAt, filter) &&
      (!byUser || userMatches(store.viewUser(membership.userId), filter)),
  );
  return sortBy(
    matching,
    order,
    (membership) => (order.field === "created_at" ? membership.createdAt : userSortValue(store.viewUser(membership.userId), order.field)),
    (membership) => membership.createdAt,
    (membership) => membership.id,
  );
}

/** Users matching `filter` (roles are ignored), ordered. */
export function selectUsers(users: ReadonlyArray<Readonly<ClerkUser>>, filter: ListFilter, order: OrderBy): Array<Readonly<ClerkUser>> {
  const matching = users.filter(
    (user) => idMatches(user.id, filter.userIds) && createdWithin(user.createdAt, filter) && userMatches(user, filter),
  );
  return sortBy(matching, order, (user) => userSortValue(user, order.field), (user) => user.createdAt, (user) => user.id);
}

/** Filters of the organization invitation list; an absent filter selects everything. */
export interface InvitationFilter {
  readonly statuses?: ReadonlySet<ClerkInvitationStatus>;
  /** Lowercased. */
  readonly emailAddresses?: ReadonlySet<string>;
}

/**
 * `status` (repeatable: the description says it "accepts multiple values", and the official SDK sends one `status`
 * per value) and `email_address` (exact, without regard to case; repeatable like the other email filters).
 */
export function parseInvitationFilter(query: QueryParams): InvitationFilter {
  const requested = repeatedValues(query, "status", (value) => value.toLowerCase());
  let statuses: Set<ClerkInvitationStatus> | undefined;
  for (const value of requested ?? []) {
    const status = CLERK_INVITATION_STATUSES.find((candidate) => candidate === value);
    if (status === undefined) {
      throw ClerkErrors.paramInvalid("status", `${value} does not match one of the allowed values: ${CLERK_INVITATION_STATUSES.join(", ")}`);
    }
    statuses = (statuses ?? new Set()).add(status);
  }
  return { statuses, emailAddresses: repeatedValues(query, "email_address", (value) => value.toLowerCase()) };
}

/** Invitations matching `filter`, ordered by `created_at` or `email_address` (then by creation time and id). */
export function selectInvitations(invitations: readonly ClerkInvitation[], filter: InvitationFilter, order: OrderBy): ClerkInvitation[] {
  const matching = invitations.filter(
    (invitation) =>
      (!filter.statuses || filter.statuses.has(invitation.status)) &&
      (!filter.emailAddresses || filter.emailAddresses.has(invitation.emailAddress.toLowerCase())),
  );
  return sortBy(
    matching,
    order,
    (invitation) => (order.field === "email_address" ? invitation.emailAddress.toLowerCase() : invitation.createdAt),
    (invitation) => invitation.createdAt,
    (invitation) => invitation.id,
  );
}

/**
 * The instance's organization roles matching `query` (exact id, or part of the name or key, without regard to case),
 * ordered by `created_at` (default newest first), `name` or `key`.
 */
export function selectRoles(roles: readonly ClerkRole[], query: string | undefined, order: OrderBy, idOf: (role: ClerkRole) => string): ClerkRole[] {
  const text = query?.trim().toLowerCase();
  const matching = text === undefined || text === "" ? roles : roles.filter((role) => idOf(role).toLowerCase() === text || role.name.toLowerCase().includes(text) || role.key.toLowerCase().includes(text));
  const valueOf = (role: ClerkRole): SortValue => (order.field === "name" ? role.name.toLowerCase() : order.field === "key" ? role.key : role.createdAt);
  return sortBy(matching, order, valueOf, (role) => role.createdAt, idOf);
}
