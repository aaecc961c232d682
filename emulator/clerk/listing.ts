// Clerk list parameters (limit/offset paging, `order_by`, repeatable filters) and how they select and order
// memberships and users. Invalid values are 422 form_param_value_invalid, as the Backend API answers.
import { type QueryParams, integerParam } from "../core/query";
import { ClerkErrors } from "./errors";
import type { ClerkMembership, ClerkStore, ClerkUser } from "./store";

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 10;
/** The most values a repeatable id or email filter accepts. */
export const MAX_FILTER_VALUES = 100;

const ORDER_FIELDS = ["created_at", "first_name", "last_name", "email_address", "phone_number", "username"] as const;
type OrderField = (typeof ORDER_FIELDS)[number];

export interface OrderBy {
  readonly field: OrderField;
  readonly descending: boolean;
}

export interface Page {
  readonly limit: number;
  readonly offset: number;
}

/** Filters shared by the membership and user lists; an absent filter selects everything. */
export interface ListFilter {
  readonly userIds?: ReadonlySet<string>;
  readonly roles?: ReadonlySet<string>;
  /** Lowercased. */
  readonly emailAddresses?: ReadonlySet<string>;
  /** Lowercased substring of a name, username, email address or user id. */
  readonly query?: string;
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

/** Parses `[+-]field`; a `+` sent unencoded arrives as a space and means ascending too. */
export function parseOrderBy(query: QueryParams): OrderBy {
  const raw = query.first("order_by");
  if (raw === undefined || raw.trim() === "") return { field: "created_at", descending: true };
  const descending = raw.startsWith("-");
  const field = raw.replace(/^[\s+-]/, "");
  const known = ORDER_FIELDS.find((candidate) => candidate === field);
  if (!known) throw ClerkErrors.paramInvalid("order_by", `must be one of ${ORDER_FIELDS.map((name) => `[+-]${name}`).join(", ")}`);
  return { field: known, descending };
}

export function parseFilter(query: QueryParams): ListFilter {
  const text = query.first("query")?.trim().toLowerCase();
  return {
    userIds: repeatedValues(query, "user_id"),
    roles: repeatedValues(query, "role"),
    emailAddresses: repeatedValues(query, "email_address", (value) => value.toLowerCase()),
    query: text === undefined || text === "" ? undefined : text,
    createdBefore: optionalTimestamp(query, "created_at_before"),
    createdAfter: optionalTimestamp(query, "created_at_after"),
  };
}

function repeatedValues(query: QueryParams, name: string, normalize: (value: string) => string = (value) => value): Set<string> | undefined {
  const values = query.all(name).flatMap((value) => (value.trim() === "" ? [] : [normalize(value.trim())]));
  if (values.length === 0) return undefined;
  if (values.length > MAX_FILTER_VALUES) throw ClerkErrors.paramInvalid(name, `should not exceed ${MAX_FILTER_VALUES} items`);
  return new Set(values);
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

function userMatches(user: ClerkUser | undefined, filter: ListFilter): boolean {
  const emails = user?.emailAddresses.map((address) => address.emailAddress.toLowerCase()) ?? [];
  if (filter.emailAddresses && !emails.some((email) => filter.emailAddresses?.has(email))) return false;
  if (filter.query !== undefined) {
    const haystack = [user?.id, user?.firstName, user?.lastName, user?.username, ...emails];
    if (!haystack.some((value) => value?.toLowerCase().includes(filter.query ?? ""))) return false;
  }
  return true;
}

function createdWithin(createdAt: number, filter: ListFilter): boolean {
  return (filter.createdBefore === undefined || createdAt < filter.createdBefore) && (filter.createdAfter === undefined || createdAt > filter.createdAfter);
}

type SortValue = string | number | null;

function userSortValue(user: ClerkUser | undefined, field: OrderField): SortValue {
  switch (field) {
    case "first_name":
      return user?.firstName?.toLowerCase() ?? null;
    case "last_name":
      return user?.lastName?.toLowerCase() ?? null;
    case "username":
      return user?.username?.toLowerCase() ?? null;
    case "email_address":
      return user?.emailAddresses[0]?.emailAddress.toLowerCase() ?? null;
    case "phone_number":
      return null;
    case "created_at":
      return user?.createdAt ?? null;
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
  return [...items].sort(
    (left, right) =>
      compare(valueOf(left), valueOf(right)) || compare(createdAt(left), createdAt(right)) || compare(id(left), id(right)),
  );
}

/** Memberships matching `filter`, ordered; `created_at` is the membership's own creation time. */
export function selectMemberships(store: ClerkStore, memberships: readonly ClerkMembership[], filter: ListFilter, order: OrderBy): ClerkMembership[] {
  const matching = memberships.filter(
    (membership) =>
      (!filter.userIds || filter.userIds.has(membership.userId)) &&
      (!filter.roles || filter.roles.has(membership.role)) &&
      createdWithin(membership.createdAt, filter) &&
      userMatches(store.getUser(membership.userId), filter),
  );
  return sortBy(
    matching,
    order,
    (membership) => (order.field === "created_at" ? membership.createdAt : userSortValue(store.getUser(membership.userId), order.field)),
    (membership) => membership.createdAt,
    (membership) => membership.id,
  );
}

/** Users matching `filter` (roles are ignored), ordered. */
export function selectUsers(users: readonly ClerkUser[], filter: ListFilter, order: OrderBy): ClerkUser[] {
  const matching = users.filter(
    (user) => (!filter.userIds || filter.userIds.has(user.id)) && createdWithin(user.createdAt, filter) && userMatches(user, filter),
  );
  return sortBy(matching, order, (user) => userSortValue(user, order.field), (user) => user.createdAt, (user) => user.id);
}
