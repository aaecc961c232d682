// The Clerk part of an emulator seed (camelCase): secret keys, roles with permissions, users, organizations and
// memberships. Cross-references (a membership's organization, user and role) are checked when it is parsed.
import { z } from "zod";
import { checkMembershipGraph, jsonObjectSchema, reportDuplicates, reportUnknownReferences, timestampSchema } from "../core/seed-schema";

/** Clerk role keys look like `org:admin`; a bare `admin` is not a role key. */
export const CLERK_ROLE_KEY_PATTERN = /^org:[A-Za-z0-9_:-]+$/;

const roleSchema = z.strictObject({
  key: z.string().regex(CLERK_ROLE_KEY_PATTERN, "a role key looks like org:<name>"),
  name: z.string().min(1),
  permissions: z.array(z.string()).default([]),
});

const userSchema = z.strictObject({
  id: z.string().min(1),
  firstName: z.string().nullable().default(null),
  lastName: z.string().nullable().default(null),
  /** The first address is the primary one. */
  emailAddresses: z.array(z.email()).default([]),
  username: z.string().nullable().default(null),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
});

const organizationSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  slug: z.string().nullable().default(null),
  /** 0 means unlimited. */
  maxAllowedMemberships: z.number().int().nonnegative().default(0),
  createdBy: z.string().nullable().default(null),
  publicMetadata: jsonObjectSchema.default({}),
  privateMetadata: jsonObjectSchema.default({}),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
});

const membershipSchema = z.strictObject({
  /** Generated (`orgmem_…`) when omitted. */
  id: z.string().min(1).optional(),
  organizationId: z.string().min(1),
  userId: z.string().min(1),
  role: z.string().min(1),
  publicMetadata: jsonObjectSchema.default({}),
  privateMetadata: jsonObjectSchema.default({}),
  /** A membership provisioned by a SCIM directory: its role cannot be changed and it cannot be removed. */
  managedByScim: z.boolean().default(false),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
});

export const clerkSeedSchema = z
  .strictObject({
    secretKeys: z.array(z.string().min(1)).default([]),
    roles: z.array(roleSchema).default([]),
    users: z.array(userSchema).default([]),
    organizations: z.array(organizationSchema).default([]),
    memberships: z.array(membershipSchema).default([]),
  })
  .superRefine((seed, context) => {
    reportDuplicates(context, "roles", "key", seed.roles.map((role) => role.key));
    checkMembershipGraph(context, seed);
    const roles = new Set(seed.roles.map((role) => role.key));
    reportUnknownReferences(context, "memberships", "role", seed.memberships.map((m) => m.role), roles, "role");
  });

/** A Clerk seed as written (optional fields may be left out). */
export type ClerkSeed = z.input<typeof clerkSeedSchema>;
/** A Clerk seed with every default filled in. */
export type NormalizedClerkSeed = z.output<typeof clerkSeedSchema>;
