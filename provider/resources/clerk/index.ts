// Clerk resources.
export { OrganizationMembership, type OrganizationMembershipArgs, type Metadata } from "./organization-membership";
