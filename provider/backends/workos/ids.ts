// Shapes of WorkOS identifiers and role slugs, shared by input validation and roster files.

export const WORKOS_ORGANIZATION_ID = /^org_[A-Za-z0-9]+$/;
/** The shape of the ids WorkOS generates: org_ and a ULID (26 Crockford base-32 capitals, from 01 in this era). */
export const WORKOS_GENERATED_ORGANIZATION_ID = /^org_0[0-9A-HJKMNP-TV-Z]{25}$/;
export const WORKOS_USER_ID = /^user_[A-Za-z0-9]+$/;
export const WORKOS_MEMBERSHIP_ID = /^om_[A-Za-z0-9]+$/;
/** Role slugs as WorkOS creates them: lowercase letters, digits, dashes and underscores. */
export const WORKOS_ROLE_SLUG = /^[a-z0-9][a-z0-9_-]*$/;
