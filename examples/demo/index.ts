// The demo roster: who belongs to Acme Corp's Clerk organization, with which role and metadata.
// `npm run demo` applies it against the local emulator; point clerk:apiUrl/clerk:secretKey at a real instance
// (and the ids at real ones) to run it for real.
import { clerk } from "pulumi-org-roster";

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
