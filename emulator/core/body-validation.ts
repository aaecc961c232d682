// Validates a JSON request body against a zod schema and reports problems as backend-neutral issues (missing,
// unknown or invalid parameter); Clerk and WorkOS each turn these into their own error envelope.
import type { z } from "zod";
import { type JsonValue, isJsonObject } from "./json";

export interface BodyIssue {
  readonly kind: "missing" | "unknown" | "invalid";
  /** The top-level body parameter concerned, e.g. `user_id`. */
  readonly param: string;
  /** What was wrong, in words. */
  readonly detail: string;
}

export type BodyValidation<T> = { ok: true; value: T } | { ok: false; issues: BodyIssue[] };

/**
 * Validates `body` (undefined when the request had none, which counts as `{}`). A body that is JSON but not an
 * object gives a single `invalid` issue with an empty param.
 */
export function validateBody<T>(schema: z.ZodType<T>, body: JsonValue | undefined): BodyValidation<T> {
  const value = body ?? {};
  if (!isJsonObject(value)) {
    return { ok: false, issues: [{ kind: "invalid", param: "", detail: "the request body must be a JSON object" }] };
  }
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, value: result.data };
  const issues: BodyIssue[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) issues.push({ kind: "unknown", param: key, detail: `${key} is not a valid parameter` });
      continue;
    }
    const param = String(issue.path[0] ?? "");
    const absent = param !== "" && !Object.prototype.hasOwnProperty.call(value, param);
    if (absent && issue.code === "invalid_type") issues.push({ kind: "missing", param, detail: `${param} is required` });
    else issues.push({ kind: "invalid", param, detail: issue.message });
  }
  // Unknown parameters first, then missing, then invalid: the most actionable problem leads.
  const rank = { unknown: 0, missing: 1, invalid: 2 } as const;
  issues.sort((left, right) => rank[left.kind] - rank[right.kind]);
  return { ok: false, issues };
}
