// Clerk's wire shapes (snake_case, exactly as the Backend API sends them), as zod schemas. Lenient where the API
// documents optional or evolving fields; strict on what this package relies on.

import { z } from "zod";

const metadata = z.record(z.string(), z.unknown());

export const clerkMembershipWire = z.object({
  object: z.string(),
  id: z.string(),
  role: z.string(),
  role_name: z.string().nullish(),
  permissions: z.array(z.string()).nullish(),
  public_metadata: metadata.nullish(),
  private_metadata: metadata.nullish(),
  created_at: z.number(),
  updated_at: z.number(),
  organization: z.object({ id: z.string(), name: z.string().nullish(), slug: z.string().nullish() }),
  public_user_data: z
    .object({
      user_id: z.string(),
      identifier: z.string().nullish(),
      first_name: z.string().nullish(),
      last_name: z.string().nullish(),
    })
    .nullish(),
});
export type ClerkMembershipWire = z.infer<typeof clerkMembershipWire>;

/** An organization: only its membership limit is read (0 means none). */
export const clerkOrganizationWire = z.object({ id: z.string(), max_allowed_memberships: z.number().int(), members_count: z.number().int().optional(), pending_invitations_count: z.number().int().optional() });

/** A page of the instance's organization roles: only their keys are read. */
export const clerkRoleListWire = z.object({ data: z.array(z.object({ key: z.string() })), total_count: z.number().int() });

export const clerkMembershipListWire = z.object({
  data: z.array(clerkMembershipWire),
  total_count: z.number(),
});
export type ClerkMembershipListWire = z.infer<typeof clerkMembershipListWire>;

export const clerkErrorEnvelopeWire = z.object({
  errors: z
    .array(
      z.object({
        code: z.string().nullish(),
        message: z.string().nullish(),
        long_message: z.string().nullish(),
        meta: z.object({ param_name: z.string().nullish() }).nullish(),
      }),
    )
    .nullish(),
  clerk_trace_id: z.string().nullish(),
});

/** Body of POST /organizations/{organization_id}/memberships. */
export interface ClerkCreateMembershipWire {
  user_id: string;
  role: string;
  public_metadata?: Record<string, unknown>;
  private_metadata?: Record<string, unknown>;
}

/** Body of PATCH /organizations/{organization_id}/memberships/{user_id}/metadata (a deep-merge patch). */
export interface ClerkMetadataPatchWire {
  public_metadata?: Record<string, unknown>;
  private_metadata?: Record<string, unknown>;
}

export const clerkUserListWire = z.array(
  z.object({
    id: z.string(),
    email_addresses: z.array(z.object({ email_address: z.string() })).nullish(),
  }),
);

/** An organization invitation as the Backend API sends it; its `url` (which lets anyone accept) is not read. */
export const clerkInvitationWire = z.object({
  object: z.string().optional(),
  id: z.string(),
  email_address: z.string(),
  role: z.string(),
  organization_id: z.string().nullish(),
  status: z.string().nullish(),
  public_metadata: metadata.nullish(),
  private_metadata: metadata.nullish(),
  expires_at: z.number().nullish(),
  created_at: z.number().nullish(),
});
export type ClerkInvitationWire = z.infer<typeof clerkInvitationWire>;

export const clerkInvitationListWire = z.object({
  data: z.array(clerkInvitationWire),
  total_count: z.number(),
});
