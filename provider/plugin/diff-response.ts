// The provider plugin's answer to the engine's Diff. The SDK's provider server builds it from the Provider interface's
// diff result, which has no detailed diff; the plugin answers with this one instead (main.ts), so that
// `pulumi preview --diff` shows what the engine's diff found by property path: each member, each metadata key.

import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type * as plugin from "@pulumi/pulumi/provider";
import type { PropertyChange, PropertyChanges } from "../engine/detailed-diff";

/** The Provider interface's diff result, with the property changes the engine's diff found. */
export type PluginDiffResult = plugin.DiffResult & { readonly propertyChanges?: PropertyChanges };

/** The detailed diff's kind of a property change. */
export function propertyDiffKind(change: PropertyChange): provproto.PropertyDiff.Kind {
  const Kind = provproto.PropertyDiff.Kind;
  switch (change.kind) {
    case "add":
      return change.replace ? Kind.ADD_REPLACE : Kind.ADD;
    case "delete":
      return change.replace ? Kind.DELETE_REPLACE : Kind.DELETE;
    case "update":
      return change.replace ? Kind.UPDATE_REPLACE : Kind.UPDATE;
  }
}

/** The top-level property a property path starts with: `members` of `members["user_…"].role`. */
function topLevelProperty(path: string): string {
  const quoted = /^\["((?:[^"\\]|\\")*)"\]/.exec(path);
  if (quoted) return (quoted[1] ?? "").replace(/\\"/g, '"');
  return /^[^.[]*/.exec(path)?.[0] ?? path;
}

/**
 * The DiffResponse of `result`, as the SDK's server builds it (changes, replaces, delete-before-replace), with the
 * detailed diff and the changed top-level properties when the result has property changes.
 */
export function diffResponse(result: PluginDiffResult): provproto.DiffResponse {
  const response = new provproto.DiffResponse();
  const DiffChanges = provproto.DiffResponse.DiffChanges;
  response.setChanges(result.changes === true ? DiffChanges.DIFF_SOME : result.changes === false ? DiffChanges.DIFF_NONE : DiffChanges.DIFF_UNKNOWN);
  if (result.replaces && result.replaces.length > 0) response.setReplacesList([...result.replaces]);
  if (result.stables && result.stables.length > 0) response.setStablesList([...result.stables]);
  if (result.deleteBeforeReplace) response.setDeletebeforereplace(true);
  if (result.changes !== true || result.propertyChanges === undefined) return response;
  const detailed = response.getDetaileddiffMap();
  for (const [path, change] of Object.entries(result.propertyChanges)) {
    const diff = new provproto.PropertyDiff();
    diff.setKind(propertyDiffKind(change));
    if (change.inputDiff) diff.setInputdiff(true);
    detailed.set(path, diff);
  }
  response.setDiffsList([...new Set(Object.keys(result.propertyChanges).map(topLevelProperty))].sort());
  response.setHasdetaileddiff(true);
  return response;
}
