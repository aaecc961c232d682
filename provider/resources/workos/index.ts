// WorkOS resources.
export { OrganizationMembership, type OrganizationMembershipArgs } from "./organization-membership";
export { OrganizationRoster, type OrganizationRosterArgs, type WorkosRosterMember, type WorkosRosterEntry } from "./organization-roster";
