// The whole Pulumi program of a roster repository: roster.yaml, reviewed in pull requests, applied as it is.
import { Roster } from "pulumi-org-roster";

// "organization": one OrganizationRoster resource per organization. A preview costs one listing per organization
// and the same few engine steps whether it has 5 members or 5,000, and the drift report still names each member.
//
// Choose "member" instead (one OrganizationMembership per member, plus a watcher per organization for members
// added by hand) when you want to handle members one by one in Pulumi: `pulumi up --target` a single membership,
// `protect` or `ignoreChanges` on one of them, or per-member history in the Pulumi console. It costs one engine
// step (and one refresh call) per member, so keep it for organizations of up to a few hundred members.
new Roster("acme", { file: "roster.yaml", granularity: "organization" });
