// The WorkOS part of an emulator seed (camelCase): API keys, whether multiple roles are enabled, role slugs,
// users, organizations, memberships and invitations. Cross-references are checked when it is parsed.
import { z } from "zod";
import { checkMembershipGraph, jsonObjectSchema, reportDuplicates, timestampSchema } from "../core/seed-schema";

export const MEMBERSHIP_STATUSES = ["active", "inactive", "pending"] as const;
export type WorkosMembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

/** The role a membership or organization invitation gets when none is named. */
export const DEFAULT_ROLE_SLUG = "member";

export const INVITATION_STATES = ["pending", "accepted", "expired", "revoked"] as const;
export type WorkosInvitationState = (typeof INVITATION_STATES)[number];

/** The locales an invitation email may be rendered in (the `locale` enum of the send and resend bodies). */
export const INVITATION_LOCALES = [
  "af", "am", "ar", "bg", "bn", "bs", "ca", "cs", "da", "de", "de-DE", "el", "en", "en-AU", "en-CA", "en-GB", "en-US", "es",
  "es-419", "es-ES", "es-US", "et", "fa", "fi", "fil", "fr", "fr-BE", "fr-CA", "fr-FR", "fy", "gl", "gu", "ha", "he", "hi", "hr",
  "hu", "hy", "id", "is", "it", "it-IT", "ja", "jv", "ka", "kk", "km", "kn", "ko", "lt", "lv", "mk", "ml", "mn", "mr", "ms", "my",
  "nb", "ne", "nl", "nl-BE", "nl-NL", "nn", "no", "pa", "pl", "pt", "pt-BR", "pt-PT", "ro", "ru", "sk", "sl", "sq", "sr", "sv",
  "sw", "ta", "te", "th", "tr", "uk", "ur", "uz", "vi", "zh", "zh-CN", "zh-HK", "zh-TW", "zu",
] as const;

const roleSchema = z.strictObject({
  slug: z.string().min(1),
  name: z.string().min(1).optional(),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
});

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

/**
 * An invitation as the state dump writes it. Loading one creates nothing else: a pending invitation's pending
 * membership, when its recipient already has an account, is a membership of its own in `memberships`.
 */
const invitationSchema = z.strictObject({
  /** Generated (`invitation_…`) when omitted. */
  id: z.string().min(1).optional(),
  email: z.email(),
  /** A pending invitation whose `expiresAt` has passed reads as expired. */
  state: z.enum(INVITATION_STATES).default("pending"),
  organizationId: z.string().min(1).nullable().default(null),
  /** The role given on acceptance; only with an organization, whose invitations default to `member`. */
  roleSlug: z.string().min(1).nullable().default(null),
  inviterUserId: z.string().min(1).nullable().default(null),
  /** Required exactly when the state is accepted. */
  acceptedUserId: z.string().min(1).nullable().default(null),
  /** Generated when omitted. */
  token: z.string().min(1).optional(),
  /** Default: seven days after createdAt, the service's default validity. */
  expiresAt: timestampSchema.optional(),
  /** Only for an accepted invitation; default its updatedAt. */
  acceptedAt: timestampSchema.nullable().default(null),
  /** Only for a revoked invitation; default its updatedAt. */
  revokedAt: timestampSchema.nullable().default(null),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
});

type SeededInvitation = z.output<typeof invitationSchema>;

/** Invitation checks: unique ids and tokens, known references, fields that fit the state, one pending per recipient. */
function checkInvitations(
  context: z.RefinementCtx,
  seed: { users: readonly { id: string }[]; organizations: readonly { id: string }[]; roles: readonly { slug: string }[]; invitations: readonly SeededInvitation[] },
): void {
  const { invitations } = seed;
  reportDuplicates(context, "invitations", "id", invitations.flatMap((invitation) => (invitation.id ? [invitation.id] : [])));
  reportDuplicates(context, "invitations", "token", invitations.flatMap((invitation) => (invitation.token ? [invitation.token] : [])));
  const users = new Set(seed.users.map((user) => user.id));
  const organizations = new Set(seed.organizations.map((organization) => organization.id));
  const roles = new Set(seed.roles.map((role) => role.slug));
  const pendingRecipients = new Set<string>();
  invitations.forEach((invitation, index) => {
    const issue = (field: string, message: string): void => context.addIssue({ code: "custom", path: ["invitations", index, field], message });
    if (invitation.organizationId !== null && !organizations.has(invitation.organizationId)) {
      issue("organizationId", `no organization ${invitation.organizationId} in the seed`);
    }
    for (const field of ["inviterUserId", "acceptedUserId"] as const) {
      const userId = invitation[field];
      if (userId !== null && !users.has(userId)) issue(field, `no user ${userId} in the seed`);
    }
    if (invitation.roleSlug !== null && invitation.organizationId === null) issue("roleSlug", "a role needs an organizationId");
    if (invitation.roleSlug === null && invitation.organizationId !== null && !roles.has(DEFAULT_ROLE_SLUG)) {
      issue("roleSlug", `no roleSlug, and no ${DEFAULT_ROLE_SLUG} role in the seed to default to`);
    }
    if (invitation.roleSlug !== null && !roles.has(invitation.roleSlug)) issue("roleSlug", `no role ${invitation.roleSlug} in the seed`);
    if ((invitation.state === "accepted") !== (invitation.acceptedUserId !== null)) {
      issue("acceptedUserId", "an accepted invitation needs acceptedUserId, and only an accepted one has it");
    }
    if (invitation.acceptedAt !== null && invitation.state !== "accepted") issue("acceptedAt", "only an accepted invitation has acceptedAt");
    if (invitation.revokedAt !== null && invitation.state !== "revoked") issue("revokedAt", "only a revoked invitation has revokedAt");
    if (invitation.state === "pending") {
      const recipient = `${invitation.email.toLowerCase()} to ${invitation.organizationId ?? "the application"}`;
      if (pendingRecipients.has(recipient)) issue("email", `a second pending invitation for ${recipient}`);
      pendingRecipients.add(recipient);
    }
  });
}

export const workosSeedSchema = z
  .strictObject({
    apiKeys: z.array(z.string().min(1)).default([]),
    multipleRolesEnabled: z.boolean().default(false),
    roles: z.array(roleSchema).default([]),
    users: z.array(userSchema).default([]),
    organizations: z.array(organizationSchema).default([]),
    memberships: z.array(membershipSchema).default([]),
    invitations: z.array(invitationSchema).default([]),
  })
  .superRefine((seed, context) => {
    reportDuplicates(context, "roles", "slug", seed.roles.map((role) => role.slug));
    checkMembershipGraph(context, seed);
    checkInvitations(context, seed);
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
