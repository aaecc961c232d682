// WorkOS cursor pagination: `limit`, `before`/`after` object-id cursors and `order` (asc, desc, or normal:
// newest first with `before` fetching older records), answered as `{"object":"list","data","list_metadata"}`.
import { type QueryParams, integerParam } from "../core/query";
import { WorkosErrors } from "./errors";
import type { ListPosition } from "./store";

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 10;
const ORDERS = ["asc", "desc", "normal"] as const;
type ListOrder = (typeof ORDERS)[number];

export interface CursorPageRequest {
  readonly limit: number;
  readonly order: ListOrder;
  readonly before?: string;
  readonly after?: string;
}

export interface CursorPage<T> {
  readonly data: T[];
  /** The value to pass as `before` for the neighbouring page, or null at that end of the list. */
  readonly before: string | null;
  /** The value to pass as `after` for the next page, or null at the end of the list. */
  readonly after: string | null;
}

/** Parses limit, order, before and after; invalid values are a 422 invalid_request_parameters. */
export function parseCursorPageRequest(query: QueryParams): CursorPageRequest {
  const limit = integerParam(query.first("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
  if (!limit.ok) throw WorkosErrors.invalidParameters([{ field: "limit", code: "invalid", message: `limit must be an integer between 1 and ${MAX_LIMIT}.` }]);
  const rawOrder = query.first("order") ?? "desc";
  const order = ORDERS.find((candidate) => candidate === rawOrder);
  if (!order) throw WorkosErrors.invalidParameters([{ field: "order", code: "invalid", message: `order must be one of ${ORDERS.join(", ")}.` }]);
  const before = nonEmpty(query.first("before"));
  const after = nonEmpty(query.first("after"));
  if (before !== undefined && after !== undefined) {
    throw WorkosErrors.invalidParameters([{ field: "before", code: "invalid", message: "before and after cannot be used together." }]);
  }
  return { limit: limit.value, order, before, after };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

/** Ascending list position: creation time, then id. */
export function compareAscending(left: ListPosition, right: ListPosition): number {
  return left.createdAt - right.createdAt || (left.id < right.id ? -1 : left.id > right.id ? 1 : 0);
}

/**
 * One page of `items` (any order) for `request`. `positionOf` locates a cursor id, including ids of records
 * deleted since; an unknown cursor is a 400.
 */
export function paginateByCursor<T extends ListPosition>(
  items: readonly T[],
  request: CursorPageRequest,
  positionOf: (id: string) => ListPosition | undefined,
): CursorPage<T> {
  return paginateOrdered([...items].sort(compareAscending), () => true, request, positionOf);
}

/**
 * One page of the items of `ascending` (already in ascending list position: creation time, then id) that `keep`
 * accepts. The cursor is found by binary search and the page walked from it, so a page
 * costs its own items (and those `keep` skips), not the whole list.
 */
export function paginateOrdered<T extends ListPosition>(
  ascending: readonly T[],
  keep: (item: T) => boolean,
  request: CursorPageRequest,
  positionOf: (id: string) => ListPosition | undefined,
): CursorPage<T> {
  const count = ascending.length;
  const descending = request.order !== "asc";
  // The item at index `index` of the list as answered (newest first unless asc).
  const at = (index: number): T | undefined => ascending[descending ? count - 1 - index : index];
  const firstAtOrAfter = (position: ListPosition, strictly: boolean): number => {
    let low = 0;
    let high = count;
    while (low < high) {
      const middle = (low + high) >> 1;
      const item = ascending[middle];
      const order = item === undefined ? 1 : compareAscending(item, position);
      if (order < 0 || (strictly && order === 0)) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  // Indices in list order: `after(position)` is the first item listed after it, `before(position)` the first not before it.
  const after = (position: ListPosition): number => (descending ? count - firstAtOrAfter(position, false) : firstAtOrAfter(position, true));
  const before = (position: ListPosition): number => (descending ? count - firstAtOrAfter(position, true) : firstAtOrAfter(position, false));
  const forwardParam = request.order === "normal" ? "before" : "after";
  const backwardParam = forwardParam === "after" ? "before" : "after";
  const forwardCursor = request[forwardParam];
  const backwardCursor = request[backwardParam];
  const kept: Array<{ item: T; index: number }> = [];
  if (backwardCursor !== undefined && forwardCursor === undefined) {
    for (let index = before(locate(backwardParam, backwardCursor, positionOf)) - 1; index >= 0 && kept.length < request.limit; index--) {
      const item = at(index);
      if (item !== undefined && keep(item)) kept.unshift({ item, index });
    }
  } else {
    const start = forwardCursor === undefined ? 0 : after(locate(forwardParam, forwardCursor, positionOf));
    for (let index = start; index < count && kept.length < request.limit; index++) {
      const item = at(index);
      if (item !== undefined && keep(item)) kept.push({ item, index });
    }
  }
  const keptBetween = (from: number, to: number, step: 1 | -1): boolean => {
    for (let index = from; step > 0 ? index < to : index > to; index += step) {
      const item = at(index);
      if (item !== undefined && keep(item)) return true;
    }
    return false;
  };
  const first = kept[0];
  const last = kept[kept.length - 1];
  const moreBackward = first !== undefined && keptBetween(first.index - 1, -1, -1);
  const moreForward = last !== undefined && keptBetween(last.index + 1, count, 1);
  const cursors = { forward: moreForward && last ? last.item.id : null, backward: moreBackward && first ? first.item.id : null };
  return {
    data: kept.map(({ item }) => item),
    before: forwardParam === "before" ? cursors.forward : cursors.backward,
    after: forwardParam === "after" ? cursors.forward : cursors.backward,
  };
}

function locate(param: string, id: string, positionOf: (id: string) => ListPosition | undefined): ListPosition {
  const position = positionOf(id);
  if (!position) throw WorkosErrors.invalidCursor(param, id);
  return position;
}
