// An emulator seed from a roster file written by `org-roster export`: the organizations it declares, with the people
// and pending invitations the comment above each entry names (entry-notes.ts), so that applying the same file to an
// emulator started with it changes nothing. A team rehearses a change against this copy of production.
//
// Per section and organization: the organization (its id, a name), the roles the entries use (plus the services'
// usual admin and member roles), a user per member (the id from the entry or its note, else one generated in the
// service's id shape from the email; the name and email from the note, else an address made up from the id), a
// membership with the declared role(s) and Clerk metadata, and for an entry the note calls a pending invitation, that
// invitation instead. The keys are the emulator's own fake keys, those of the default seed. Pure: no file, no clock.

import { isMap, isNode, isScalar, isSeq, parseDocument } from "yaml";
import type { Roster, RosterMember } from "../provider/roster";
import { parseRosterText } from "../provider/roster";
import { type EntryNote, parseEntryNote } from "../provider/roster/entry-notes";
import type { ClerkSeed } from "./clerk/seed";
import type { JsonObject } from "./core/json";
import { derivedBase62Id, derivedUlidId } from "./core/ids";
import { type EmulatorSeed, type NormalizedEmulatorSeed, defaultSeed, parseEmulatorSeed } from "./seed";
import { DEFAULT_ROLE_SLUG, type WorkosSeed } from "./workos/seed";

type Service = "clerk" | "workos";

/** The note above each member entry, by service, organization id and the entry's index. */
export type EntryNotes = Partial<Record<Service, Record<string, ReadonlyArray<EntryNote | undefined>>>>;

/** The records of one collection of a seed as written (`ClerkRecord<"users">`: one Clerk user). */
type ClerkRecord<Key extends keyof ClerkSeed> = NonNullable<ClerkSeed[Key]> extends ReadonlyArray<infer Item> ? Item : never;
type WorkosRecord<Key extends keyof WorkosSeed> = NonNullable<WorkosSeed[Key]> extends ReadonlyArray<infer Item> ? Item : never;
type ClerkSeedParts = Parts<ClerkRecord<"roles">, ClerkRecord<"users">, ClerkRecord<"organizations">, ClerkRecord<"memberships">, ClerkRecord<"invitations">>;
type WorkosSeedParts = Parts<WorkosRecord<"roles">, WorkosRecord<"users">, WorkosRecord<"organizations">, WorkosRecord<"memberships">, WorkosRecord<"invitations">>;

const CLERK_DEFAULT_ROLE = "org:member";
const CLERK_USUAL_ROLES = ["org:admin", CLERK_DEFAULT_ROLE];
const WORKOS_USUAL_ROLES = ["admin", DEFAULT_ROLE_SLUG];
/** The time part of the WorkOS ids made here (2025-01-01), so the same file always gives the same ids. */
const GENERATED_ID_TIME = Date.UTC(2025, 0, 1);

/**
 * The seed for the roster text `text` (`file` names it in problems): validated as a roster file (throws
 * RosterValidationError), its notes read from the comments above the entries. `base`, when given, is kept: its keys,
 * roles and users, and its organizations the roster does not name; a roster member whose email belongs to a base user
 * is that user. Throws EmulatorInputError when the result is no valid seed (e.g. two invitations with one id).
 */
export function seedFromExportText(text: string, file: string, base?: EmulatorSeed): NormalizedEmulatorSeed {
  return seedFromExport(parseRosterText(text, file), readEntryNotes(text), base);
}

/** The notes of a roster file's entries: the comment above each entry of every organization's `members`. */
export function readEntryNotes(text: string): EntryNotes {
  const document = parseDocument(text);
  const notes: EntryNotes = {};
  for (const service of ["clerk", "workos"] as const) {
    const organizations = document.getIn([service, "organizations"], true);
    if (!isMap(organizations)) continue;
    const section: Record<string, Array<EntryNote | undefined>> = {};
    for (const { key, value } of organizations.items) {
      const entries = isMap(value) ? value.get("members", true) : undefined;
      if (!isSeq(entries)) continue;
      // YAML attaches the comment above a list's first item to the list itself.
      section[String(isScalar(key) ? key.value : key)] = entries.items.map((entry, index) => {
        const own = isNode(entry) ? entry.commentBefore : undefined;
        return parseEntryNote(index === 0 ? [entries.commentBefore, own].filter(Boolean).join("\n") : own);
      });
    }
    notes[service] = section;
  }
  return notes;
}

/** The seed for a validated roster and the notes of its entries (see seedFromExportText). */
export function seedFromExport(roster: Roster, notes: EntryNotes, base?: EmulatorSeed): NormalizedEmulatorSeed {
  const fakeKeys = defaultSeed();
  const start = parseEmulatorSeed(base ?? {});
  const several = Object.values(roster.workos?.organizations ?? {}).some((organization) => organization.members.some((member) => (member.roles?.length ?? 0) > 1));
  return parseEmulatorSeed({
    clerk: {
      ...combined(start.clerk, clerkParts(roster, notes, start.clerk), Object.keys(roster.clerk?.organizations ?? {})),
      secretKeys: start.clerk.secretKeys.length > 0 ? start.clerk.secretKeys : fakeKeys.clerk?.secretKeys,
    },
    workos: {
      ...combined(start.workos, workosParts(roster, notes, start.workos), Object.keys(roster.workos?.organizations ?? {})),
      apiKeys: start.workos.apiKeys.length > 0 ? start.workos.apiKeys : fakeKeys.workos?.apiKeys,
      // Without a base, as the default seed: the file cannot say whether production allows several roles.
      multipleRolesEnabled: base === undefined || start.workos.multipleRolesEnabled || several,
    },
  });
}

interface Parts<Role, User, Organization, Membership, Invitation> {
  roles: Role[];
  users: User[];
  organizations: Organization[];
  memberships: Membership[];
  invitations: Invitation[];
}

/** The base's records and the roster's, the base's organizations the roster names (and what belongs to them) left out. */
function combined<Role, User, Organization extends { id: string }, Membership extends { organizationId: string | null }, Invitation extends { organizationId?: string | null }>(
  base: Parts<Role, User, Organization, Membership, Invitation>,
  roster: Parts<Role, User, Organization, Membership, Invitation>,
  replaced: readonly string[],
): Parts<Role, User, Organization, Membership, Invitation> {
  const kept = (organizationId: string | null | undefined): boolean => !replaced.includes(organizationId ?? "");
  return {
    roles: [...base.roles, ...roster.roles],
    users: [...base.users, ...roster.users],
    organizations: [...base.organizations.filter((organization) => kept(organization.id)), ...roster.organizations],
    memberships: [...base.memberships.filter((membership) => kept(membership.organizationId)), ...roster.memberships],
    invitations: [...base.invitations.filter((invitation) => kept(invitation.organizationId)), ...roster.invitations],
  };
}

/** An entry's member: the user the service resolves it to, or (for an entry the note calls one) a pending invitation. */
type Resolved = { kind: "member"; userId: string } | { kind: "invitation"; id: string; email: string };

/** The people of one section: the users already there (the base's), and those made for the roster, by id and email. */
class People<User extends { id: string }> {
  private readonly byId = new Map<string, User>();
  private readonly byEmail = new Map<string, string>();
  readonly added: User[] = [];

  constructor(
    existing: readonly User[],
    private readonly emailsOf: (user: User) => readonly string[],
    private readonly create: (id: string, email: string, name: string | undefined) => User,
    private readonly generatedId: (email: string) => string,
  ) {
    for (const user of existing) this.remember(user);
  }

  /** The user of a member entry, made when there is none yet. */
  resolve(member: RosterMember, note: EntryNote | undefined): Resolved {
    const person = note?.kind === "person" ? note : undefined;
    if (member.email !== undefined && note?.kind === "invitation") return { kind: "invitation", id: note.invitationId, email: member.email };
    const email = member.email ?? person?.email;
    const userId = member.userId ?? person?.userId ?? (email === undefined ? undefined : this.byEmail.get(email.toLowerCase())) ?? this.generatedId(member.email ?? "");
    if (!this.byId.has(userId)) {
      const user = this.create(userId, email ?? `${userId}@example.com`, person?.name);
      this.added.push(user);
      this.remember(user);
    }
    return { kind: "member", userId };
  }

  private remember(user: User): void {
    this.byId.set(user.id, user);
    for (const email of this.emailsOf(user)) if (!this.byEmail.has(email.toLowerCase())) this.byEmail.set(email.toLowerCase(), user.id);
  }
}

/** "Jane van Doe" → Jane, van Doe: the first word is the first name. */
function nameParts(name: string | undefined): { firstName: string | null; lastName: string | null } {
  const [first, ...rest] = name?.trim().split(/\s+/) ?? [];
  return { firstName: first || null, lastName: rest.length > 0 ? rest.join(" ") : null };
}

/** The roles the roster uses besides those already there, in the order first used. */
function newRoles(existing: readonly string[], usual: readonly string[], used: Iterable<string>): string[] {
  return [...new Set([...usual, ...used])].filter((role) => !existing.includes(role));
}

/** The organizations the roster declares for `service`, each with its entries and their notes. */
function organizationsOf(roster: Roster, notes: EntryNotes, service: Service): Array<{ id: string; entries: Array<{ member: RosterMember; note?: EntryNote }> }> {
  return Object.entries(roster[service]?.organizations ?? {}).map(([id, organization]) => ({
    id,
    entries: organization.members.map((member, index) => ({ member, note: notes[service]?.[id]?.[index] })),
  }));
}

function organizationName(id: string, base: readonly { id: string; name: string }[]): string {
  return base.find((organization) => organization.id === id)?.name ?? id;
}

function clerkParts(roster: Roster, notes: EntryNotes, base: NormalizedEmulatorSeed["clerk"]): ClerkSeedParts {
  const people = new People<ClerkRecord<"users">>(
    base.users,
    (user) => user.emailAddresses ?? [],
    (id, email, name) => ({ id, emailAddresses: [email], ...nameParts(name) }),
    // Clerk user ids: user_2 and 26 base62 characters.
    (email) => derivedBase62Id("user", `clerk ${email.toLowerCase()}`).replace(/^user_./, "user_2"),
  );
  const parts: ClerkSeedParts = { roles: [], users: [], organizations: [], memberships: [], invitations: [] };
  const used: string[] = [];
  for (const organization of organizationsOf(roster, notes, "clerk")) {
    parts.organizations.push({ id: organization.id, name: organizationName(organization.id, base.organizations) });
    for (const { member, note } of organization.entries) {
      const role = member.role ?? CLERK_DEFAULT_ROLE;
      used.push(role);
      // The roster schema admits only JSON objects as metadata.
      const metadata = { publicMetadata: (member.publicMetadata ?? {}) as JsonObject, privateMetadata: (member.privateMetadata ?? {}) as JsonObject };
      const resolved = people.resolve(member, note);
      if (resolved.kind === "invitation") parts.invitations.push({ id: resolved.id, organizationId: organization.id, emailAddress: resolved.email, role, ...metadata });
      else parts.memberships.push({ organizationId: organization.id, userId: resolved.userId, role, ...metadata });
    }
  }
  const defaults = defaultSeed().clerk?.roles ?? [];
  parts.roles = newRoles(base.roles.map((role) => role.key), CLERK_USUAL_ROLES, used).map(
    (key) => defaults.find((role) => role.key === key) ?? { key, name: key.slice("org:".length) },
  );
  parts.users = people.added;
  return parts;
}

function workosParts(roster: Roster, notes: EntryNotes, base: NormalizedEmulatorSeed["workos"]): WorkosSeedParts {
  const people = new People<WorkosRecord<"users">>(
    base.users,
    (user) => [user.email],
    (id, email, name) => ({ id, email, ...nameParts(name) }),
    (email) => derivedUlidId("user", GENERATED_ID_TIME, `workos ${email.toLowerCase()}`),
  );
  const parts: WorkosSeedParts = { roles: [], users: [], organizations: [], memberships: [], invitations: [] };
  const used: string[] = [];
  for (const organization of organizationsOf(roster, notes, "workos")) {
    parts.organizations.push({ id: organization.id, name: organizationName(organization.id, base.organizations) });
    for (const { member, note } of organization.entries) {
      const roleSlugs = member.roles ?? [member.role ?? DEFAULT_ROLE_SLUG];
      used.push(...roleSlugs);
      const resolved = people.resolve(member, note);
      if (resolved.kind === "invitation") parts.invitations.push({ id: resolved.id, organizationId: organization.id, email: resolved.email, roleSlug: roleSlugs[0] ?? null });
      else parts.memberships.push({ organizationId: organization.id, userId: resolved.userId, roleSlugs });
    }
  }
  parts.roles = newRoles(base.roles.map((role) => role.slug), WORKOS_USUAL_ROLES, used).map((slug) => ({ slug }));
  parts.users = people.added;
  return parts;
}
