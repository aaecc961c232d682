// A roster file's organization as an OrganizationRoster's inputs, for tests that apply a file with the provider.
import type { RosterOrganization } from "../../provider/roster";

/**
 * An exported organization as an OrganizationRoster's inputs, the way the Roster component and the resources pass a
 * roster file on: members keyed by user id or email, a role alone in its compact form (no role: the default), Clerk's
 * private metadata apart.
 */
export function rosterInputs(service: "clerk" | "workos", organizationId: string, organization: RosterOrganization): Record<string, unknown> {
  const members: Record<string, unknown> = {};
  const privateMetadata: Record<string, unknown> = {};
  for (const { userId, email, role, roles, publicMetadata, privateMetadata: priv } of organization.members) {
    const name = userId ?? email ?? "";
    if (service === "workos") members[name] = roles === undefined ? (role ?? {}) : { roleSlugs: roles };
    else members[name] = publicMetadata === undefined ? (role ?? {}) : { ...(role === undefined ? {} : { role }), publicMetadata };
    if (priv !== undefined) privateMetadata[name] = priv;
  }
  return {
    organizationId,
    members,
    ...(service === "clerk" ? { privateMetadata } : {}),
    unmanagedMembers: organization.unmanagedMembers,
    missingUsers: organization.missingUsers,
  };
}
