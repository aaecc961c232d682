// What a `Roster` tells `pulumi stack output`: per organization, who is in (declared and live), who is invited,
// who is extra (live members the roster does not declare) and who is declared but absent, each named by id, email
// and name where the service says. Built from the outputs of the roster's own resources (no API call of its own);
// private metadata is not part of it, so nothing secret is.

import * as pulumi from "./sdk";
import { parsePersonLabel } from "../engine/people";
import type { SentInvitation, UnmanagedInvitation, UnmanagedMember } from "./roster-args";

/** A live member the roster declares. `role` for one role, `roles` for several (WorkOS); `status` when not active. */
export interface RosterMemberOutput {
  userId: string;
  email?: string;
  name?: string;
  role?: string;
  roles?: string[];
  status?: string;
}

/** A pending invitation the roster sent (missingUsers: invite), to someone who has no account yet. */
export interface RosterInvitationOutput {
  email: string;
  invitationId: string;
  /** The role(s) it grants on accepting, as declared. */
  role?: string;
  roles?: string[];
  expiresAt?: string;
  sentAt?: string;
}

/** A live member the roster does not declare. `role` in the service's words. */
export interface RosterUnmanagedMemberOutput {
  userId: string;
  email?: string;
  name?: string;
  role: string;
}

/** One organization of a roster, as `pulumi stack output --json` shows it. */
export interface RosterOrganizationOutput {
  service: "clerk" | "workos";
  organizationId: string;
  /** Live members the roster declares, in user id order. */
  members: RosterMemberOutput[];
  /** Pending invitations the roster sent, by email order. */
  invitations: RosterInvitationOutput[];
  /** Live members the roster does not declare (empty in `unmanagedMembers: ignore` mode). */
  unmanagedMembers: RosterUnmanagedMemberOutput[];
  /** Pending invitations the roster does not declare (sent from a dashboard). */
  unmanagedInvitations: UnmanagedInvitation[];
  /** Declared users or emails that are neither live members nor invited (an add that failed, a member removed by hand). */
  absentMembers: string[];
}

/** A live member entry as the roster resources' `members` output holds it (the role alone, or an object). */
type MemberEntry = string | { role?: string; roleSlug?: string; roleSlugs?: string[]; status?: string };

/** What an `OrganizationRoster` (or the watcher of per-member resources) says of its organization. */
export interface RosterView {
  members?: Record<string, MemberEntry>;
  people?: Record<string, string>;
  emails?: Record<string, string>;
  sentInvitations?: Record<string, SentInvitation>;
  unmanagedMembers?: UnmanagedMember[];
  unmanagedInvitations?: UnmanagedInvitation[];
  absentMembers?: string[];
}

/** What a per-member `OrganizationMembership` says of its member (or invitee). */
export interface MembershipView {
  userId?: string;
  email?: string;
  role?: string;
  roles?: string[];
  status?: string;
  person?: string;
  invitationId?: string;
  invitationStatus?: string;
  expiresAt?: string;
}

/** The role(s) each declared email is invited with, as the roster declares them (lower-cased email → roles). */
export type DeclaredRoles = Record<string, string[]>;

/** One organization's output from its `OrganizationRoster`'s outputs. */
export function organizationOutput(service: "clerk" | "workos", organizationId: string, view: RosterView, declared: DeclaredRoles): RosterOrganizationOutput {
  const emailOf = new Map(Object.entries(view.emails ?? {}).map(([email, userId]) => [userId, email]));
  const person = (userId: string, label: string | undefined): { email?: string; name?: string } => {
    const said = label === undefined ? {} : parsePersonLabel(label);
    const email = emailOf.get(userId) ?? said.email;
    return { ...(email === undefined ? {} : { email }), ...(said.name === undefined ? {} : { name: said.name }) };
  };
  const members = Object.entries(view.members ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([userId, entry]): RosterMemberOutput => {
      const roles = typeof entry === "string" ? [entry] : (entry.roleSlugs ?? [entry.role ?? entry.roleSlug].filter((role): role is string => role !== undefined));
      const status = typeof entry === "string" ? undefined : entry.status;
      return { userId, ...person(userId, view.people?.[userId]), ...rolesOf(roles), ...(status === undefined || status === "active" ? {} : { status }) };
    });
  const invitations = Object.entries(view.sentInvitations ?? {})
    .filter(([, invitation]) => invitation.status === "pending")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([email, invitation]): RosterInvitationOutput => ({
      email,
      invitationId: invitation.invitationId,
      ...rolesOf(declared[email.toLowerCase()] ?? []),
      ...(invitation.expiresAt === undefined ? {} : { expiresAt: invitation.expiresAt }),
      ...(invitation.sentAt === undefined ? {} : { sentAt: invitation.sentAt }),
    }));
  const unmanagedMembers = (view.unmanagedMembers ?? []).map((member): RosterUnmanagedMemberOutput => ({ userId: member.userId, ...person(member.userId, member.person), role: member.role }));
  return { service, organizationId, members, invitations, unmanagedMembers, unmanagedInvitations: view.unmanagedInvitations ?? [], absentMembers: view.absentMembers ?? [] };
}

/**
 * The same view from per-member resources and the organization's watcher: each membership is a live member, or,
 * while the person has no account, an invitation; the watcher says who is extra.
 */
export function membershipsView(memberships: readonly MembershipView[], watcher: RosterView): RosterView {
  const members: Record<string, MemberEntry> = {};
  const people: Record<string, string> = { ...(watcher.people ?? {}) };
  const emails: Record<string, string> = {};
  const sentInvitations: Record<string, SentInvitation> = {};
  for (const membership of memberships) {
    if (membership.invitationId !== undefined && membership.email !== undefined) {
      sentInvitations[membership.email] = { invitationId: membership.invitationId, status: membership.invitationStatus ?? "pending", ...(membership.expiresAt === undefined ? {} : { expiresAt: membership.expiresAt }) };
      continue;
    }
    if (membership.userId === undefined) continue;
    const roles = membership.roles ?? (membership.role === undefined ? [] : [membership.role]);
    members[membership.userId] = { roleSlugs: roles, ...(membership.status === undefined ? {} : { status: membership.status }) };
    if (membership.person !== undefined) people[membership.userId] = membership.person;
    if (membership.email !== undefined) emails[membership.email] = membership.userId;
  }
  return { members, people, emails, sentInvitations, unmanagedMembers: watcher.unmanagedMembers, unmanagedInvitations: watcher.unmanagedInvitations };
}

function rolesOf(roles: readonly string[]): { role?: string; roles?: string[] } {
  if (roles.length === 0) return {};
  return roles.length === 1 ? { role: roles[0]! } : { roles: [...roles].sort() };
}

/** Resolves an output-typed view: every property of the resource that the view names. */
export function viewOf<V extends object>(resource: pulumi.CustomResource, properties: ReadonlyArray<keyof V & string>): pulumi.Output<V> {
  const record = resource as unknown as Record<string, pulumi.Output<unknown> | undefined>;
  return pulumi.all(Object.fromEntries(properties.map((property) => [property, record[property] ?? pulumi.output(undefined)]))) as unknown as pulumi.Output<V>;
}
