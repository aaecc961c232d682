// What the package takes for an email address, wherever a member is named by one: roster files, the keys of an
// OrganizationRoster's members, the OrganizationMembership `email` input. One pattern, so that what a roster file
// accepts is what the resources accept.

/**
 * Loose on purpose: the address is only looked up among the service's users, which catches a typo ("matches no
 * user"); a stricter pattern would refuse real addresses the service holds (non-ASCII local parts, new top-level
 * domains). It rejects what cannot be an address: no "@", spaces, nothing after the last dot.
 */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmailAddress(value: unknown): boolean {
  return typeof value === "string" && EMAIL.test(value);
}

/** Whether an OrganizationRoster's member key names the member by email (any "@"; a user id never has one). */
export function namedByEmail(key: string): boolean {
  return key.includes("@");
}

/**
 * The user id with which a member named by email is validated before the email is looked up. A member is validated
 * whole (the port has no check of a member without its user id), and validating before the lookup keeps bad input
 * from costing an API call. It has the shape of every service's user ids, so only the member's other inputs can
 * fail; problems name the member by its email, never by this id.
 */
export const STAND_IN_USER_ID = "user_placeholder";
