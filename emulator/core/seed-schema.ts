// Zod building blocks shared by the per-service seed schemas: JSON objects, timestamps and uniqueness checks.
import { z } from "zod";
import { type JsonObject, isJsonObject, isJsonValue } from "./json";

/**
 * A JSON object (metadata, custom attributes), passed through as given: unlike z.record it keeps every key,
 * `__proto__` included, because metadata keys are user data.
 */
export const jsonObjectSchema = z.custom<JsonObject>((value) => isJsonObject(value) && isJsonValue(value), "expected a JSON object");

/** A Unix timestamp in milliseconds. */
export const timestampSchema = z.number().int().nonnegative();

/** Adds an issue at `[collection, index, field]` for every value seen before in `values`. */
export function reportDuplicates(
  context: z.RefinementCtx,
  collection: string,
  field: string,
  values: readonly string[],
): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) context.addIssue({ code: "custom", path: [collection, index, field], message: `duplicate ${field} ${value}` });
    seen.add(value);
  });
}

/** Adds an issue at `[collection, index, field]` for every value of `values` not in `known`. */
export function reportUnknownReferences(
  context: z.RefinementCtx,
  collection: string,
  field: string,
  values: readonly string[],
  known: ReadonlySet<string>,
  what: string,
): void {
  values.forEach((value, index) => {
    if (!known.has(value)) context.addIssue({ code: "custom", path: [collection, index, field], message: `no ${what} ${value} in the seed` });
  });
}

interface MembershipGraph {
  readonly users: readonly { readonly id: string }[];
  readonly organizations: readonly { readonly id: string }[];
  readonly memberships: readonly { readonly id?: string; readonly organizationId: string; readonly userId: string }[];
}

/**
 * The checks every service's seed needs: unique user, organization and membership ids, at most one membership
 * per user and organization, and memberships naming seeded users and organizations.
 */
export function checkMembershipGraph(context: z.RefinementCtx, seed: MembershipGraph): void {
  reportDuplicates(context, "users", "id", seed.users.map((user) => user.id));
  reportDuplicates(context, "organizations", "id", seed.organizations.map((organization) => organization.id));
  reportDuplicates(context, "memberships", "id", seed.memberships.flatMap((membership) => (membership.id ? [membership.id] : [])));
  reportDuplicates(
    context,
    "memberships",
    "userId",
    seed.memberships.map((membership) => `${membership.userId} in ${membership.organizationId}`),
  );
  const organizations = new Set(seed.organizations.map((organization) => organization.id));
  const users = new Set(seed.users.map((user) => user.id));
  reportUnknownReferences(context, "memberships", "organizationId", seed.memberships.map((m) => m.organizationId), organizations, "organization");
  reportUnknownReferences(context, "memberships", "userId", seed.memberships.map((m) => m.userId), users, "user");
}
