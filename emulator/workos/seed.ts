// The WorkOS part of an emulator seed (camelCase): API keys, whether multiple roles are enabled, role slugs,
// users, organizations and memberships. Cross-references are checked when it is parsed.
import { z } from "zod";
import { checkMembershipGraph, jsonObjectSchema, reportDuplicates, timestampSchema } from "../core/seed-schema";

export const MEMBERSHIP_STATUSES = ["active", "inactive", "pending"] as const;
export type WorkosMembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

const roleSchema = z.strictObject({ slug: z.string().min(1), name: z.string().min(1).optional() });

const userSchema = z.strictObject({
  id: z.string().min(1),
  email: z.email(),
  firstName: z.string().nullable().default(null),
  lastName: z.string().nullable().default(null),
  emailVerified: z.boolean().default(true),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
});

const organizationSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
});

const membershipSchema = z.strictObject({
  /** Generated (`om_…`) when omitted. */
  id: z.string().min(1).optional(),
  organizationId: z.string().min(1),
  userId: z.string().min(1),
  /** The first slug is the primary role (`role` on the wire). */
  roleSlugs: z.array(z.string().min(1)).min(1).default(["member"]),
  status: z.enum(MEMBERSHIP_STATUSES).default("active"),
  directoryManaged: z.boolean().default(false),
  customAttributes: jsonObjectSchema.default({}),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
});

export const workosSeedSchema = z
  .strictObject({
    apiKeys: z.array(z.string().min(1)).default([]),
    multipleRolesEnabled: z.boolean().default(false),
    roles: z.array(roleSchema).default([]),
    users: z.array(userSchema).default([]),
    organizations: z.array(organizationSchema).default([]),
    memberships: z.array(membershipSchema).default([]),
  })
  .superRefine((seed, context) => {
    reportDuplicates(context, "roles", "slug", seed.roles.map((role) => role.slug));
    checkMembershipGraph(context, seed);
    const roles = new Set(seed.roles.map((role) => role.slug));
    seed.memberships.forEach((membership, index) => {
      for (const slug of membership.roleSlugs) {
        if (!roles.has(slug)) context.addIssue({ code: "custom", path: ["memberships", index, "roleSlugs"], message: `no role ${slug} in the seed` });
      }
      if (!seed.multipleRolesEnabled && membership.roleSlugs.length > 1) {
        context.addIssue({ code: "custom", path: ["memberships", index, "roleSlugs"], message: "several roles while multipleRolesEnabled is false" });
      }
    });
  });

/** A WorkOS seed as written (optional fields may be left out). */
export type WorkosSeed = z.input<typeof workosSeedSchema>;
/** A WorkOS seed with every default filled in. */
export type NormalizedWorkosSeed = z.output<typeof workosSeedSchema>;
