// Clerk resources.
export { OrganizationMembership, type OrganizationMembershipArgs, type Metadata } from "./organization-membership";
export { OrganizationRoster, type OrganizationRosterArgs, type ClerkRosterMember, type ClerkRosterEntry } from "./organization-roster";
