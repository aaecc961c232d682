// The Clerk part of an emulator seed (camelCase): secret keys, roles with permissions, users, organizations,
// memberships and organization invitations. Cross-references (a membership's or invitation's organization, user
// and role) are checked when it is parsed.
import { z } from "zod";
import { checkMembershipGraph, jsonObjectSchema, reportDuplicates, reportUnknownReferences, timestampSchema } from "../core/seed-schema";

/** Clerk role keys look like `org:admin`; a bare `admin` is not a role key. */
export const CLERK_ROLE_KEY_PATTERN = /^org:[A-Za-z0-9_:-]+$/;

const roleSchema = z.strictObject({
  key: z.string().regex(CLERK_ROLE_KEY_PATTERN, "a role key looks like org:<name>"),
  name: z.string().min(1),
  permissions: z.array(z.string()).default([]),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
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

/** The statuses of an organization invitation, as the `status` filter of the invitation list names them. */
export const CLERK_INVITATION_STATUSES = ["pending", "accepted", "revoked", "expired"] as const;
export type ClerkInvitationStatus = (typeof CLERK_INVITATION_STATUSES)[number];

/**
 * An organization invitation as the state dump writes it. Loading one creates nothing else: an accepted
 * invitation's user and membership are records of their own in `users` and `memberships`.
 */
const invitationSchema = z.strictObject({
  /** Generated (`orginv_…`) when omitted. */
  id: z.string().min(1).optional(),
  organizationId: z.string().min(1),
  emailAddress: z.email(),
  /** The role the membership gets when the invitation is accepted. */
  role: z.string().min(1),
  /** A pending invitation whose `expiresAt` has passed reads as expired. */
  status: z.enum(CLERK_INVITATION_STATUSES).default("pending"),
  inviterUserId: z.string().min(1).nullable().default(null),
  /** Copied onto the membership when the invitation is accepted. */
  publicMetadata: jsonObjectSchema.default({}),
  privateMetadata: jsonObjectSchema.default({}),
  redirectUrl: z.string().nullable().default(null),
  /** The ticket in the invitation's `url`; generated when omitted. */
  ticket: z.string().min(1).optional(),
  /** Default: 30 days after createdAt, the service's default validity. */
  expiresAt: timestampSchema.optional(),
  createdAt: timestampSchema.optional(),
  updatedAt: timestampSchema.optional(),
});

type SeededInvitation = z.output<typeof invitationSchema>;

interface InvitationGraph {
  readonly users: readonly { readonly id: string; readonly emailAddresses: readonly string[] }[];
  readonly organizations: readonly { readonly id: string }[];
  readonly memberships: readonly { readonly organizationId: string; readonly userId: string }[];
  readonly roles: readonly { readonly key: string }[];
  readonly invitations: readonly SeededInvitation[];
}

/**
 * Invitation checks: unique ids and tickets, known organizations, roles and inviters, and what Clerk refuses when
 * an invitation is created: a second pending invitation for the same address and organization, or a pending one
 * for an address of someone who already is a member.
 */
function checkInvitations(context: z.RefinementCtx, seed: InvitationGraph): void {
  const { invitations } = seed;
  reportDuplicates(context, "invitations", "id", invitations.flatMap((invitation) => (invitation.id ? [invitation.id] : [])));
  reportDuplicates(context, "invitations", "ticket", invitations.flatMap((invitation) => (invitation.ticket ? [invitation.ticket] : [])));
  const organizations = new Set(seed.organizations.map((organization) => organization.id));
  const users = new Set(seed.users.map((user) => user.id));
  const roles = new Set(seed.roles.map((role) => role.key));
  reportUnknownReferences(context, "invitations", "organizationId", invitations.map((i) => i.organizationId), organizations, "organization");
  reportUnknownReferences(context, "invitations", "role", invitations.map((i) => i.role), roles, "role");
  const ownerOf = new Map<string, string>();
  for (const user of seed.users) for (const address of user.emailAddresses) ownerOf.set(address.toLowerCase(), user.id);
  const members = new Set(seed.memberships.map((membership) => `${membership.organizationId} ${membership.userId}`));
  const pendingRecipients = new Set<string>();
  invitations.forEach((invitation, index) => {
    const issue = (field: string, message: string): void => context.addIssue({ code: "custom", path: ["invitations", index, field], message });
    if (invitation.inviterUserId !== null && !users.has(invitation.inviterUserId)) issue("inviterUserId", `no user ${invitation.inviterUserId} in the seed`);
    if (invitation.status !== "pending") return;
    const address = invitation.emailAddress.toLowerCase();
    const recipient = `${address} to ${invitation.organizationId}`;
    if (pendingRecipients.has(recipient)) issue("emailAddress", `a second pending invitation for ${recipient}`);
    pendingRecipients.add(recipient);
    const owner = ownerOf.get(address);
    if (owner !== undefined && members.has(`${invitation.organizationId} ${owner}`)) {
      issue("emailAddress", `a pending invitation for ${address}, whose user ${owner} already is a member of ${invitation.organizationId}`);
    }
  });
}

export const clerkSeedSchema = z
  .strictObject({
    secretKeys: z.array(z.string().min(1)).default([]),
    roles: z.array(roleSchema).default([]),
    users: z.array(userSchema).default([]),
    organizations: z.array(organizationSchema).default([]),
    memberships: z.array(membershipSchema).default([]),
    invitations: z.array(invitationSchema).default([]),
  })
  .superRefine((seed, context) => {
    reportDuplicates(context, "roles", "key", seed.roles.map((role) => role.key));
    checkMembershipGraph(context, seed);
    const roles = new Set(seed.roles.map((role) => role.key));
    reportUnknownReferences(context, "memberships", "role", seed.memberships.map((m) => m.role), roles, "role");
    checkInvitations(context, seed);
  });

/** A Clerk seed as written (optional fields may be left out). */
export type ClerkSeed = z.input<typeof clerkSeedSchema>;
/** A Clerk seed with every default filled in. */
export type NormalizedClerkSeed = z.output<typeof clerkSeedSchema>;
