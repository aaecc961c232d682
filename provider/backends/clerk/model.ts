// The Clerk membership as the engine sees it: input validation (id prefixes, role keys, metadata limits), the
// stored state, and what counts as a difference. Pure: no I/O, no credentials.

import { z } from "zod";
import { describeKeyChanges, isJsonObject, jsonByteSize, jsonEqual, keyDifferences } from "../../engine/json";
import type { DesiredMembership, JsonObject, LiveMembership, MembershipModel } from "../../engine/port";
import { inputDefaults, parseState, validateInputs, type InputSpec } from "../../engine/validation";

/** Clerk documents an 8 KB limit for each metadata object. */
export const CLERK_METADATA_LIMIT_BYTES = 8192;

export interface ClerkDesiredMembership extends DesiredMembership {
  role: string;
  publicMetadata: JsonObject;
  privateMetadata: JsonObject;
}

export interface ClerkLiveMembership extends LiveMembership {
  role: string;
  roleName: string | undefined;
  permissions: string[];
  publicMetadata: JsonObject;
  privateMetadata: JsonObject;
  createdAt: string;
  updatedAt: string;
}

export const CLERK_ORGANIZATION_ID = /^org_[A-Za-z0-9]+$/;
/** The shape of the ids Clerk generates: org_2 and 26 base-62 characters, lower case among them (a ULID has none). */
export const CLERK_GENERATED_ORGANIZATION_ID = /^org_2(?=[A-Za-z0-9]*[a-z])[A-Za-z0-9]{26}$/;
export const CLERK_USER_ID = /^user_[A-Za-z0-9]+$/;
export const CLERK_ROLE_KEY = /^org:[A-Za-z0-9_][A-Za-z0-9_:-]*$/;

const metadataSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    if (value === undefined) return;
    if (!isJsonObject(value)) {
      ctx.addIssue({ code: "custom", message: "must be a JSON object" });
      return;
    }
    for (const problem of jsonProblems(value, [])) ctx.addIssue({ code: "custom", ...problem });
    if (jsonByteSize(value) > CLERK_METADATA_LIMIT_BYTES) {
      ctx.addIssue({ code: "custom", message: `is larger than Clerk's ${CLERK_METADATA_LIMIT_BYTES}-byte limit for one metadata object` });
    }
  })
  .transform((value) => (value ?? {}) as JsonObject);

/** Every value Clerk could not store as declared: nulls (Clerk deletes such keys) and non-JSON values. */
function jsonProblems(value: unknown, path: string[]): Array<{ message: string; path: string[] }> {
  if (value === null) return [{ message: "null values are not allowed (Clerk deletes keys set to null: omit the key instead)", path }];
  if (typeof value === "number" && !Number.isFinite(value)) return [{ message: "numbers must be finite", path }];
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => jsonProblems(item, [...path, String(index)]));
  if (typeof value === "object") return Object.entries(value).flatMap(([key, item]) => jsonProblems(item, [...path, key]));
  return [{ message: `${typeof value} is not a JSON value`, path }];
}

const inputSpec: InputSpec<ClerkDesiredMembership> = {
  properties: {
    organizationId: {
      schema: z.string({ error: "must be a string" }).regex(CLERK_ORGANIZATION_ID, { error: "must be a Clerk organization id" }),
      allowed: 'a Clerk organization id starting with "org_", e.g. org_2abc…',
    },
    userId: {
      schema: z.string({ error: "must be a string" }).regex(CLERK_USER_ID, { error: "must be a Clerk user id" }),
      allowed: 'a Clerk user id starting with "user_", e.g. user_2xyz…',
    },
    role: {
      schema: z.string({ error: "must be a string" }).regex(CLERK_ROLE_KEY, { error: "must be an organization role key" }).default("org:member"),
      allowed: 'an organization role key "org:<name>", e.g. org:admin, org:member or a custom org:billing (default org:member)',
    },
    publicMetadata: {
      schema: metadataSchema,
      allowed: `a JSON object without null values, at most ${CLERK_METADATA_LIMIT_BYTES} bytes as JSON (default {})`,
    },
    privateMetadata: {
      schema: metadataSchema,
      allowed: `a JSON object without null values, at most ${CLERK_METADATA_LIMIT_BYTES} bytes as JSON (default {})`,
      secret: true,
    },
    adminRoles: {
      schema: z.array(z.string({ error: "must be a string" }).regex(CLERK_ROLE_KEY, { error: "must be an organization role key" }), { error: "must be a list of role keys" }).min(1, { error: "must name at least one role" }).optional(),
      allowed: "a non-empty list of role keys that count as admin when this membership is deleted: the last one is never removed (default [org:admin])",
    },
    adoptExisting: {
      schema: z.boolean({ error: "must be a boolean" }).default(true),
      allowed: "true (default: an existing membership is adopted and converged) or false (fail if it exists)",
    },
  },
  build: (values) => values as unknown as ClerkDesiredMembership,
};

const stateSchema = z.object({
  membershipId: z.string(),
  organizationId: z.string(),
  userId: z.string(),
  role: z.string(),
  roleName: z.string().nullish(),
  permissions: z.array(z.string()).default([]),
  publicMetadata: z.record(z.string(), z.unknown()).default({}),
  privateMetadata: z.record(z.string(), z.unknown()).default({}),
  createdAt: z.string().default(""),
  updatedAt: z.string().default(""),
  adoptExisting: z.boolean().default(true),
  adminRoles: z.array(z.string()).optional(),
});

export const clerkMembershipModel: MembershipModel<ClerkDesiredMembership, ClerkLiveMembership> = {
  service: "Clerk",

  validate: (raw) => validateInputs(raw, inputSpec),

  inputDefaults: inputDefaults(inputSpec),

  fromState(state) {
    const s = parseState(stateSchema, state, "Clerk");
    const live: ClerkLiveMembership = {
      membershipId: s.membershipId,
      organizationId: s.organizationId,
      userId: s.userId,
      role: s.role,
      roleName: s.roleName ?? undefined,
      permissions: s.permissions,
      publicMetadata: s.publicMetadata as JsonObject,
      privateMetadata: s.privateMetadata as JsonObject,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    };
    const desired: ClerkDesiredMembership = {
      organizationId: s.organizationId,
      userId: s.userId,
      role: s.role,
      publicMetadata: live.publicMetadata,
      privateMetadata: live.privateMetadata,
      adoptExisting: s.adoptExisting,
      ...(s.adminRoles ? { adminRoles: s.adminRoles } : {}),
    };
    return { live, desired };
  },

  toState: (live, desired) => ({
    membershipId: live.membershipId,
    organizationId: live.organizationId,
    userId: live.userId,
    role: live.role,
    roleName: live.roleName ?? null,
    permissions: live.permissions,
    publicMetadata: live.publicMetadata,
    privateMetadata: live.privateMetadata,
    createdAt: live.createdAt,
    updatedAt: live.updatedAt,
    adoptExisting: desired.adoptExisting,
    ...(desired.adminRoles ? { adminRoles: desired.adminRoles } : {}),
  }),

  toInputs: (live, desired) => ({
    organizationId: live.organizationId,
    userId: live.userId,
    role: live.role,
    publicMetadata: live.publicMetadata,
    privateMetadata: live.privateMetadata,
    adoptExisting: desired.adoptExisting,
    ...(desired.adminRoles ? { adminRoles: desired.adminRoles } : {}),
  }),

  differences(live, desired, stored) {
    const changed: string[] = [];
    if (!jsonEqual(desired.adminRoles ?? null, stored.adminRoles ?? null)) changed.push("adminRoles");
    if (live.role !== desired.role) changed.push("role");
    if (!jsonEqual(live.publicMetadata, desired.publicMetadata)) changed.push("publicMetadata");
    if (!jsonEqual(live.privateMetadata, desired.privateMetadata)) changed.push("privateMetadata");
    return changed;
  },

  unkept(live, desired) {
    const lines: string[] = [];
    if (live.role !== desired.role) {
      lines.push(`role: Clerk kept ${live.role}, declared ${desired.role}; check that the role exists in this instance (Clerk dashboard, Roles & Permissions) and that nothing else (a webhook, another tool) rewrites it, or declare ${live.role}`);
    }
    const metadata: Array<[string, JsonObject, JsonObject]> = [
      ["publicMetadata", live.publicMetadata, desired.publicMetadata],
      ["privateMetadata", live.privateMetadata, desired.privateMetadata],
    ];
    for (const [property, kept, declared] of metadata) {
      if (jsonEqual(kept, declared)) continue;
      lines.push(`${property}: ${keyDifferences(kept, declared).join(", ")}; find what changes this metadata on write (a webhook, another tool, a key the instance strips) and stop it, or declare the metadata as Clerk keeps it`);
    }
    return lines;
  },

  rolesOf: (desired) => ({ property: "role", roles: [desired.role] }),

  changes(live, desired) {
    const lines: string[] = [];
    if (live.role !== desired.role) lines.push(`role ${live.role} → ${desired.role}`);
    const publicChanges = describeKeyChanges(live.publicMetadata, desired.publicMetadata);
    if (publicChanges) lines.push(`publicMetadata: ${publicChanges}`);
    const privateChanges = describeKeyChanges(live.privateMetadata, desired.privateMetadata);
    if (privateChanges) lines.push(`privateMetadata: ${privateChanges}`);
    return lines;
  },
};
