// WorkOS resources.
export { OrganizationMembership, type OrganizationMembershipArgs } from "./organization-membership";
