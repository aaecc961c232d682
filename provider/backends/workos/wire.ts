// WorkOS's wire shapes (snake_case, as the User Management API sends them), as zod schemas. Liberal: older
// responses lack `roles`, `organization_name` and more; unknown fields are ignored.

import { z } from "zod";

const roleWire = z.object({ slug: z.string() });

export const workosMembershipWire = z.object({
  object: z.string().optional(),
  id: z.string(),
  user_id: z.string(),
  organization_id: z.string(),
  organization_name: z.string().nullish(),
  status: z.string(),
  role: roleWire.nullish(),
  roles: z.array(roleWire).nullish(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type WorkosMembershipWire = z.infer<typeof workosMembershipWire>;

/** The roles an organization can grant (the environment's and its own; one unpaginated list): only slugs are read. */
export const workosRoleListWire = z.object({ data: z.array(z.object({ slug: z.string() })) });

export const workosMembershipListWire = z.object({
  data: z.array(workosMembershipWire),
  list_metadata: z.object({ before: z.string().nullish(), after: z.string().nullish() }).nullish(),
});

export const workosErrorWire = z.object({
  message: z.string().nullish(),
  code: z.string().nullish(),
  error: z.string().nullish(),
  error_description: z.string().nullish(),
  entity_id: z.string().nullish(),
  errors: z.array(z.object({ code: z.string().nullish(), message: z.string().nullish(), field: z.string().nullish() })).nullish(),
});

/** Body of POST /user_management/organization_memberships. */
export interface WorkosCreateMembershipWire {
  user_id: string;
  organization_id: string;
  role_slug?: string;
  role_slugs?: string[];
}

/** Body of PUT /user_management/organization_memberships/{id}. */
export interface WorkosUpdateMembershipWire {
  role_slug?: string;
  role_slugs?: string[];
}

/** A user as the User Management API sends it, as far as naming a member needs. */
export const workosUserWire = z.object({ id: z.string(), email: z.string(), first_name: z.string().nullish(), last_name: z.string().nullish() });
export type WorkosUserWire = z.infer<typeof workosUserWire>;

export const workosUserListWire = z.object({
  data: z.array(workosUserWire),
  list_metadata: z.object({ before: z.string().nullish(), after: z.string().nullish() }).nullish(),
});

/** An invitation as the User Management API sends it; its token and accept link are deliberately not read. */
export const workosInvitationWire = z.object({
  object: z.string().optional(),
  id: z.string(),
  email: z.string(),
  state: z.string(),
  organization_id: z.string().nullish(),
  role_slug: z.string().nullish(),
  expires_at: z.string().nullish(),
  created_at: z.string().nullish(),
});
export type WorkosInvitationWire = z.infer<typeof workosInvitationWire>;

export const workosInvitationListWire = z.object({
  data: z.array(workosInvitationWire),
  list_metadata: z.object({ before: z.string().nullish(), after: z.string().nullish() }).nullish(),
});
