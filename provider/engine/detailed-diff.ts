// What a diff says changes, property by property: Pulumi property paths into the inputs (`members["user_…"].role`,
// `privateMetadata["user_…"].note`) with how each changes, so that `pulumi preview --diff` of the provider plugin
// shows a change per member and per metadata key. A path into a secret property names keys, never values: the CLI
// shows the values at such a path as [secret].

import { isJsonObject, jsonEqual } from "./json";

/** How the value at a path changes: added, deleted or updated. */
export type PropertyChangeKind = "add" | "delete" | "update";

export interface PropertyChange {
  readonly kind: PropertyChangeKind;
  /** The change replaces the resource. */
  readonly replace?: boolean;
  /**
   * The old value is the previous inputs' rather than the state's: the state names that property otherwise (a
   * roster's settings) or no longer holds it (a declared member that was absent).
   */
  readonly inputDiff?: boolean;
}

/** The changes a diff found, by property path; an update with no path is not described (the CLI then compares the properties itself). */
export type PropertyChanges = Record<string, PropertyChange>;

/** A property name the path grammar takes unquoted; any other is written `["…"]`. */
const PLAIN_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The property path of `elements`: `members["jane@acme.com"].role`. */
export function propertyPath(elements: readonly string[]): string {
  return elements.map((element, index) => (PLAIN_NAME.test(element) ? `${index === 0 ? "" : "."}${element}` : `["${element.replace(/"/g, '\\"')}"]`)).join("");
}

export interface ValueChangeOptions {
  /** How many object levels below the path are compared key by key (default: every level). */
  readonly depth?: number;
  /** Whether the old value is the previous inputs' (see PropertyChange). */
  readonly inputDiff?: boolean;
}

/**
 * Records into `changes` how `previous` becomes `next` at `path`: an added or deleted value, objects compared key by
 * key (down to `depth` levels), anything else updated as a whole. Undefined is absence; equal values record nothing.
 */
export function recordValueChanges(changes: PropertyChanges, path: readonly string[], previous: unknown, next: unknown, options: ValueChangeOptions = {}): void {
  const depth = options.depth ?? Number.POSITIVE_INFINITY;
  const change = (kind: PropertyChangeKind): void => {
    changes[propertyPath(path)] = { kind, ...(options.inputDiff ? { inputDiff: true } : {}) };
  };
  if (previous === undefined && next === undefined) return;
  if (previous === undefined) return change("add");
  if (next === undefined) return change("delete");
  if (isJsonObject(previous) && isJsonObject(next) && depth > 0) {
    for (const key of keysOf(previous, next)) recordValueChanges(changes, [...path, key], previous[key], next[key], { ...options, depth: depth - 1 });
    return;
  }
  if (!jsonEqual(previous, next)) change("update");
}

/** The keys of either object, sorted. */
export function keysOf(...objects: ReadonlyArray<Record<string, unknown>>): string[] {
  return [...new Set(objects.flatMap((object) => Object.keys(object)))].sort();
}

/** The replacement a change of `properties` makes, each an update that replaces. */
export function replacementChanges(properties: readonly string[]): PropertyChanges {
  return Object.fromEntries(properties.map((property) => [propertyPath([property]), { kind: "update", replace: true } satisfies PropertyChange]));
}
