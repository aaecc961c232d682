// The demo roster: who belongs to Acme Corp's organizations in Clerk (role and metadata) and in WorkOS (roles).
// `npm run demo` applies it against the local emulator; point clerk:apiUrl/clerk:secretKey and
// workos:apiUrl/workos:apiKey at real services (and the ids at real ones) to run it for real.
import { clerk, workos } from "pulumi-org-roster";

const acme = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";

const roster = [
  { name: "jane", userId: "user_2e71lHFE8l6hlvY5bR215DEWc1Z", role: "org:admin", publicMetadata: { team: "platform", title: "Head of Platform" } },
  { name: "john", userId: "user_2CjfiYQESbHpt0mpAiRLH9DzmL6", role: "org:member", publicMetadata: { team: "platform" } },
  { name: "marco", userId: "user_2Cj42gEnI5sEt6OHTerNANMDgHi", role: "org:admin", publicMetadata: { team: "security" }, privateMetadata: { pagerDutyId: "P7X9K2" } },
  { name: "aiko", userId: "user_2xhf4ceAYkFATOHxeiZEhKrnn3E", role: "org:member", publicMetadata: { team: "mobile", oncall: { primary: true } } },
];

export const members = Object.fromEntries(
  roster.map(({ name, ...member }) => {
    const membership = new clerk.OrganizationMembership(`acme-${name}`, { organizationId: acme, ...member });
    return [name, { membershipId: membership.membershipId, role: membership.role }];
  }),
);

// Onboarding: a new hire who has no account yet is declared by email and invited (missingUsers: "invite"); once they
// accept, they are a member like the others. This roster declares only them and leaves everyone else to the resources
// above (unmanagedMembers: "ignore").
export const onboarding = new clerk.OrganizationRoster("acme-onboarding", {
  organizationId: acme,
  members: { "ada.lovelace@acme.com": { role: "org:member", publicMetadata: { team: "platform" } } },
  missingUsers: "invite",
  invitations: { expiresInDays: 14 },
  unmanagedMembers: "ignore",
}).sentInvitations;

const acmeWorkos = "org_01JGD0680005FATZYDS3AR0RGX";

const workosRoster = [
  { name: "jane", userId: "user_01JGFJJZ000MZ17QKF3F55Z488", roleSlug: "admin" },
  { name: "john", userId: "user_01JGFJJZZ8YAGVDCKSQWW7FE4N", roleSlugs: ["member", "billing"] },
  { name: "marco", userId: "user_01JGFJK1XRYFYTC66VPVTX363S", roleSlug: "admin", onDelete: "deactivate" as const },
];

export const workosMembers = Object.fromEntries(
  workosRoster.map(({ name, ...member }) => {
    const membership = new workos.OrganizationMembership(`acme-workos-${name}`, { organizationId: acmeWorkos, ...member });
    return [name, { membershipId: membership.membershipId, roles: membership.roles, status: membership.status }];
  }),
);
