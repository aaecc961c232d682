// The WorkOS membership as the engine sees it: input validation (ids, role slugs, roleSlug XOR roleSlugs,
// onDelete), the stored state, and what counts as a difference (roles as a set, an inactive status). Pure.

import { z } from "zod";
import type { DesiredMembership, LiveMembership, MembershipModel } from "../../engine/port";
import { inputDefaults, parseState, validateInputs, type InputSpec } from "../../engine/validation";
import { WORKOS_ORGANIZATION_ID, WORKOS_ROLE_SLUG, WORKOS_USER_ID } from "./ids";

export type OnDelete = "delete" | "deactivate";

export interface WorkosDesiredMembership extends DesiredMembership {
  /** The declared roles (a set; at least one). */
  roleSlugs: string[];
  onDelete: OnDelete;
}

export interface WorkosLiveMembership extends LiveMembership {
  organizationName: string | undefined;
  /** The primary role slug. */
  role: string;
  roles: string[];
  /** active, inactive or pending. */
  status: string;
  createdAt: string;
  updatedAt: string;
}

/** The role WorkOS gives when none is requested. */
export const WORKOS_DEFAULT_ROLE = "member";

const slug = z.string({ error: "must be a string" }).regex(WORKOS_ROLE_SLUG, { error: "must be a role slug" });

const inputSpec: InputSpec<WorkosDesiredMembership> = {
  properties: {
    organizationId: {
      schema: z.string({ error: "must be a string" }).regex(WORKOS_ORGANIZATION_ID, { error: "must be a WorkOS organization id" }),
      allowed: 'a WorkOS organization id starting with "org_", e.g. org_01EHZNVPK3SFK441A1RGBFSHRT',
    },
    userId: {
      schema: z.string({ error: "must be a string" }).regex(WORKOS_USER_ID, { error: "must be a WorkOS user id" }),
      allowed: 'a WorkOS user id starting with "user_", e.g. user_01E4ZCR3C56J083X43JQXF3JK5',
    },
    roleSlug: {
      schema: slug.optional(),
      allowed: `one role slug such as admin or member (lowercase letters, digits, - and _); default ${WORKOS_DEFAULT_ROLE}; or use roleSlugs`,
    },
    roleSlugs: {
      schema: z
        .array(slug, { error: "must be a list of role slugs" })
        .min(1, { error: "must name at least one role" })
        .refine((list) => new Set(list).size === list.length, { error: "must not repeat a slug" })
        .optional(),
      allowed: "a non-empty list of distinct role slugs such as [admin, billing] (needs multiple roles enabled in WorkOS); or use roleSlug",
    },
    adoptExisting: {
      schema: z.boolean({ error: "must be a boolean" }).default(true),
      allowed: "true (default: an existing active membership is adopted and converged) or false (fail if it exists)",
    },
    adminRoles: {
      schema: z.array(slug, { error: "must be a list of role slugs" }).min(1, { error: "must name at least one role" }).optional(),
      allowed: "a non-empty list of role slugs that count as admin when this membership is deleted: the last active one is never removed (default [admin])",
    },
    onDelete: {
      schema: z.enum(["delete", "deactivate"], { error: 'must be "delete" or "deactivate"' }).default("delete"),
      allowed: '"delete" (default: the membership is deleted) or "deactivate" (kept, inactive, and reactivated if declared again)',
    },
  },
  crossCheck: (values) =>
    values.roleSlug !== undefined && values.roleSlugs !== undefined
      ? [{ property: "roleSlugs", reason: "roleSlug and roleSlugs are mutually exclusive; allowed: set one of them (roleSlug for one role, roleSlugs for several)" }]
      : [],
  build: (values) => ({
    organizationId: values.organizationId as string,
    userId: values.userId as string,
    roleSlugs: (values.roleSlugs as string[] | undefined) ?? [(values.roleSlug as string | undefined) ?? WORKOS_DEFAULT_ROLE],
    adoptExisting: values.adoptExisting as boolean,
    onDelete: values.onDelete as OnDelete,
    ...(values.adminRoles ? { adminRoles: values.adminRoles as string[] } : {}),
  }),
};

const stateSchema = z.object({
  membershipId: z.string(),
  organizationId: z.string(),
  userId: z.string(),
  organizationName: z.string().nullish(),
  role: z.string().default(""),
  roles: z.array(z.string()).default([]),
  status: z.string().default("active"),
  createdAt: z.string().default(""),
  updatedAt: z.string().default(""),
  adoptExisting: z.boolean().default(true),
  onDelete: z.enum(["delete", "deactivate"]).default("delete"),
  adminRoles: z.array(z.string()).optional(),
});

export function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((slug) => set.has(slug));
}

export const workosMembershipModel: MembershipModel<WorkosDesiredMembership, WorkosLiveMembership> = {
  service: "WorkOS",

  validate: (raw) => validateInputs(raw, inputSpec),

  inputDefaults: inputDefaults(inputSpec),

  fromState(state) {
    const s = parseState(stateSchema, state, "WorkOS");
    const live: WorkosLiveMembership = {
      membershipId: s.membershipId,
      organizationId: s.organizationId,
      userId: s.userId,
      organizationName: s.organizationName ?? undefined,
      role: s.role,
      roles: s.roles,
      status: s.status,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
    };
    const desired: WorkosDesiredMembership = {
      organizationId: s.organizationId,
      userId: s.userId,
      roleSlugs: s.roles,
      adoptExisting: s.adoptExisting,
      onDelete: s.onDelete,
      ...(s.adminRoles ? { adminRoles: s.adminRoles } : {}),
    };
    return { live, desired };
  },

  toState: (live, desired) => ({
    membershipId: live.membershipId,
    organizationId: live.organizationId,
    userId: live.userId,
    organizationName: live.organizationName ?? null,
    role: live.role,
    roles: live.roles,
    status: live.status,
    createdAt: live.createdAt,
    updatedAt: live.updatedAt,
    adoptExisting: desired.adoptExisting,
    onDelete: desired.onDelete,
    ...(desired.adminRoles ? { adminRoles: desired.adminRoles } : {}),
  }),

  toInputs: (live, desired) => ({
    organizationId: live.organizationId,
    userId: live.userId,
    ...(live.roles.length === 1 ? { roleSlug: live.roles[0] } : { roleSlugs: live.roles }),
    adoptExisting: desired.adoptExisting,
    onDelete: desired.onDelete,
    ...(desired.adminRoles ? { adminRoles: desired.adminRoles } : {}),
  }),

  differences(live, desired, stored) {
    const changed: string[] = [];
    if (!sameRoles(live.roles, desired.roleSlugs)) changed.push("roleSlugs");
    // Deactivated out of band: an update reactivates it. (A pending invitation is left to the user to accept.)
    if (live.status === "inactive") changed.push("status");
    if (desired.onDelete !== stored.onDelete) changed.push("onDelete");
    if ((desired.adminRoles ?? []).join(",") !== (stored.adminRoles ?? []).join(",")) changed.push("adminRoles");
    return changed;
  },

  unkept(live, desired) {
    const lines: string[] = [];
    if (!sameRoles(live.roles, desired.roleSlugs)) {
      const kept = `WorkOS kept [${[...live.roles].sort().join(", ")}], declared [${[...desired.roleSlugs].sort().join(", ")}]`;
      const fewer = live.roles.length < desired.roleSlugs.length && live.roles.every((slug) => desired.roleSlugs.includes(slug));
      lines.push(
        fewer
          ? `roleSlugs: ${kept}: the environment keeps one role per membership when Multiple Roles is disabled; enable Multiple Roles for this environment (WorkOS dashboard, Roles), or declare a single roleSlug`
          : `roleSlugs: ${kept}; check that the roles exist in this environment and that nothing else (directory sync, another tool) rewrites them, or declare the roles WorkOS keeps`,
      );
    }
    // Pending is an invitation not accepted yet: what was declared, waiting for the invitee; only inactive is not.
    if (live.status === "inactive") lines.push(`status: the membership is ${live.status} after the write, declared active; resolve its state in WorkOS and run again`);
    return lines;
  },

  rolesOf: (desired) => ({ property: desired.roleSlugs.length > 1 ? "roleSlugs" : "roleSlug", roles: [...desired.roleSlugs] }),

  changes(live, desired) {
    const lines: string[] = [];
    if (live.status === "inactive") lines.push("reactivated (it is inactive)");
    if (!sameRoles(live.roles, desired.roleSlugs)) lines.push(`roles ${[...live.roles].sort().join(", ") || "(none)"} → ${[...desired.roleSlugs].sort().join(", ")}`);
    return lines;
  },
};
