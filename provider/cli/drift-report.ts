// Turns `pulumi preview --json` into a Markdown summary a reviewer reads at a glance: per organization, members to
// add, remove, change role or metadata, and unmanaged members. For an OrganizationRoster it lists only the members
// that changed, from the old and new state, not the whole map.

import { isDeepStrictEqual } from "node:util";
import { describeKeyChanges, isJsonObject } from "../engine/json";
import { peopleOf } from "../engine/people";
import { PRIVATE_METADATA_KEYS } from "../engine/private-metadata-keys";
import { storedInvitationsLeaving } from "../engine/roster-invitations";
import { undeclaredMembers } from "../engine/roster-plan";
import { declaredMembersOf } from "../engine/roster-state";

interface ResourceState {
  type?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

interface PreviewStep {
  op?: string;
  urn?: string;
  oldState?: ResourceState;
  newState?: ResourceState;
}

export interface PreviewDigest {
  steps?: PreviewStep[];
}

export interface MemberChange {
  member: string;
  /** Who the member is ("Jane Doe <jane@acme.com>"), when the state says. */
  person?: string;
  change: "add" | "remove" | "role" | "metadata" | "private-metadata" | "reactivate" | "replace" | "unmanaged" | "invite" | "invitation-expired" | "invitation-revoked" | "revoke-invitation";
  from?: string;
  to?: string;
}

export interface OrganizationDrift {
  service: string;
  organizationId: string;
  changes: MemberChange[];
  /** Undeclared memberships that grant no access (inactive, pending): listed for reviewers, not drift. */
  dormant?: DormantMember[];
}

export interface DormantMember {
  member: string;
  person?: string;
  standing: "inactive" | "pending" | "invited";
  role: string;
  /** For an invitation: when it was sent. */
  since?: string;
}

const TYPE = /^pulumi-nodejs:dynamic\/(clerk|workos):(OrganizationRoster|OrganizationMembership)$/;
const NO_CHANGE = new Set(["same", "read", "refresh", "discard", "discard-replaced"]);

export function driftByOrganization(digest: PreviewDigest): OrganizationDrift[] {
  const organizations = new Map<string, OrganizationDrift>();
  const at = (service: string, organizationId: string): MemberChange[] => {
    const key = `${service}/${organizationId}`;
    let entry = organizations.get(key);
    if (!entry) {
      entry = { service: service === "clerk" ? "Clerk" : "WorkOS", organizationId, changes: [] };
      organizations.set(key, entry);
    }
    return entry.changes;
  };
  // Dormant memberships per roster resource: from its real step when it has one (the refreshed state), otherwise
  // from its refresh step (a resource with no change has no other step in the digest: its stored state it is).
  const dormant = new Map<string, { service: string; organizationId: string; members: DormantMember[] }>();
  for (const step of digest.steps ?? []) {
    const match = TYPE.exec(step.newState?.type ?? step.oldState?.type ?? "");
    if (!match || match[2] !== "OrganizationRoster" || !step.urn) continue;
    const state = step.oldState?.outputs ?? {};
    dormant.set(step.urn, { service: match[1] ?? "", organizationId: text(state.organizationId) ?? "?", members: dormantMembers(state) });
  }
  for (const { service, organizationId, members } of dormant.values()) {
    if (members.length === 0) continue;
    at(service, organizationId);
    const entry = organizations.get(`${service}/${organizationId}`);
    if (entry) entry.dormant = [...(entry.dormant ?? []), ...members];
  }
  for (const step of digest.steps ?? []) {
    // `preview --refresh` lists a "refresh" step per resource before its real step. Both of its states are the
    // state stored before the refresh (so it says nothing about the live organization); the real step that follows
    // (same, update, create, delete…) holds the refreshed state. Reading it too would repeat every unmanaged member
    // already recorded in state, and report stale ones that are gone or now declared.
    if (step.op === "refresh") continue;
    const type = step.newState?.type ?? step.oldState?.type ?? "";
    const match = TYPE.exec(type);
    if (!match) continue;
    const [, service = "", kind] = match;
    const before = step.oldState?.outputs ?? {};
    const after = step.newState?.inputs ?? {};
    const organizationId = text(after.organizationId) ?? text(before.organizationId) ?? "?";
    const changes = at(service, organizationId);
    if (kind === "OrganizationRoster") changes.push(...rosterChanges(step.op ?? "", before, after));
    else if (!NO_CHANGE.has(step.op ?? "")) changes.push(...membershipChanges(step.op ?? "", before, after));
  }
  return [...organizations.values()].filter((o) => o.changes.length > 0 || (o.dormant?.length ?? 0) > 0);
}

/** Whether anything in the report needs doing (dormant memberships alone do not). */
export function hasDrift(drift: readonly OrganizationDrift[]): boolean {
  return drift.some((o) => o.changes.length > 0);
}

function dormantMembers(state: Record<string, unknown>): DormantMember[] {
  const listed = (key: string, standing: DormantMember["standing"]): DormantMember[] =>
    (Array.isArray(state[key]) ? (state[key] as Array<{ userId?: unknown; person?: unknown; role?: unknown }>) : []).map((m) => ({
      member: text(m.userId) ?? "?",
      ...withPerson(text(m.person)),
      standing,
      role: text(m.role) ?? "",
    }));
  const invited = Object.entries(record(state.sentInvitations))
    .filter(([, sent]) => record(sent).status === "pending")
    .map(([email, sent]): DormantMember => {
      const since = text(record(sent).sentAt);
      return { member: email, standing: "invited", role: describe(record(sent).entry), ...(since ? { since } : {}) };
    });
  return [...listed("inactiveMembers", "inactive"), ...listed("pendingMembers", "pending"), ...invited];
}

function rosterChanges(op: string, before: Record<string, unknown>, after: Record<string, unknown>): MemberChange[] {
  const people = peopleOf(before);
  const changes: MemberChange[] = [];
  // Every change names the person where the state knows them (the service's word, or the email the roster used).
  const change = (entry: MemberChange): void => void changes.push({ ...entry, ...withPerson(entry.person ?? people[entry.member]) });
  const stored = Array.isArray(before.unmanagedMembers) ? (before.unmanagedMembers as Array<{ userId: string; person?: string; role: string }>) : [];
  const declared = record(after.members);
  const mode = typeof after.unmanagedMembers === "string" ? after.unmanagedMembers : "report";
  const live = record(before.members);
  // Who leaves or stays undeclared, by the rule the roster's diff and apply use, over the members the state last found.
  const known: Array<{ userId: string; person?: string; role: string }> = [...Object.keys(live).map((userId) => ({ userId, role: describe(live[userId]) })), ...stored];
  const undeclared = undeclaredMembers(known, { has: (userId: string) => userId in declared }, declaredMembersOf(before), mode === "remove" ? "remove" : "report", () => true);
  for (const member of undeclared.unmanaged) change({ member: member.userId, ...withPerson(member.person), change: mode === "remove" ? "remove" : "unmanaged", from: member.role });
  // The invitations an update leaves behind, by the provider's own rule (an invitee who accepted is a member now).
  const leaving = storedInvitationsLeaving(before, Object.keys(declared), Object.keys(record(after.emails)), mode === "remove" || mode === "ignore" ? mode : "report");
  for (const invitation of leaving.unmanaged) change({ member: invitation.email, change: mode === "remove" ? "revoke-invitation" : "unmanaged", from: `${invitation.role} (pending invitation)` });
  for (const { email, entry } of leaving.ours) change({ member: email, change: "revoke-invitation", from: describe(entry) });
  if (NO_CHANGE.has(op)) return changes;
  const managesMembers = after.manageMembers !== false;
  if (!managesMembers) return changes;
  const sent = record(before.sentInvitations);
  for (const [userId, want] of Object.entries(declared)) {
    const have = live[userId];
    // A member named by an email with no account yet: invited (missingUsers: invite).
    if (have === undefined && userId.includes("@")) {
      const invitation = record(Object.entries(sent).find(([email]) => email.toLowerCase() === userId.toLowerCase())?.[1]);
      const status = text(invitation.status);
      if (status === undefined) change({ member: userId, change: "invite", to: describe(want) });
      else if (status === "expired") change({ member: userId, change: "invitation-expired", from: "expired", to: describe(want) });
      else if (status === "revoked") change({ member: userId, change: "invitation-revoked", from: "revoked", to: describe(want) });
      else if (status === "pending" && !isDeepStrictEqual(invitation.entry, want)) change({ member: userId, change: "invite", from: describe(invitation.entry), to: describe(want) });
      else if (status === "pending") {
        // An invitation carries private metadata too (copied onto the membership on accepting).
        const secret = privateKeyChange(userId, before, after);
        if (secret) change(secret);
      }
      continue;
    }
    if (have === undefined) {
      change({ member: userId, change: "add", to: describe(want) });
      continue;
    }
    for (const entry of entryChanges(userId, entryRecord(have), entryRecord(want))) change(entry);
    const secret = privateKeyChange(userId, before, after);
    if (secret) change(secret);
  }
  for (const member of undeclared.dropped) change({ member: member.userId, change: "remove", from: member.role });
  return changes;
}

function membershipChanges(op: string, before: Record<string, unknown>, after: Record<string, unknown>): MemberChange[] {
  return membershipChangesOf(op, before, after).map((change) => ({ ...change, ...withPerson(change.person ?? text(before.person) ?? text(after.email) ?? text(before.email)) }));
}

/** A membership resource's changes; each is then named by the person its state records (or the email it is named by). */
function membershipChangesOf(op: string, before: Record<string, unknown>, after: Record<string, unknown>): MemberChange[] {
  const member = text(after.userId) ?? text(after.email) ?? text(before.userId) ?? "?";
  if (op === "create") return [{ member, change: "add", to: describe(after) }];
  if (op === "delete") return [{ member: text(before.userId) ?? "?", change: "remove", from: describe(before) }];
  if (op === "replace" || op === "create-replacement") return [{ member, change: "replace", from: text(before.userId) ?? "?", to: member }];
  if (op !== "update") return [];
  const want: Record<string, unknown> = { ...after };
  // A WorkOS membership declared without roles gets the default role.
  if ("roles" in before && want.roleSlug === undefined && want.roleSlugs === undefined) want.roleSlug = "member";
  const secret = privateKeyChange(member, before, after);
  return [...entryChanges(member, before, want), ...(secret ? [secret] : [])];
}

/**
 * Which private metadata keys of `member` differ between the live state and the declaration, from the key lists
 * both carry (a keyed digest per value, never the value); none when either side has no list (an older state).
 */
function privateKeyChange(member: string, before: Record<string, unknown>, after: Record<string, unknown>): MemberChange | undefined {
  if (!isJsonObject(before[PRIVATE_METADATA_KEYS]) || !isJsonObject(after[PRIVATE_METADATA_KEYS])) return undefined;
  const described = describeKeyChanges(record(record(before[PRIVATE_METADATA_KEYS])[member]), record(record(after[PRIVATE_METADATA_KEYS])[member]));
  return described === undefined ? undefined : { member, change: "private-metadata", to: described };
}

function entryChanges(member: string, have: Record<string, unknown>, want: Record<string, unknown>): MemberChange[] {
  const changes: MemberChange[] = [];
  const haveRole = roleOf(have);
  const wantRole = roleOf(want);
  if (haveRole !== wantRole) changes.push({ member, change: "role", from: haveRole, to: wantRole });
  if (have.status === "inactive") changes.push({ member, change: "reactivate", from: "inactive", to: "active" });
  if ("publicMetadata" in have || "publicMetadata" in want) {
    if (!isDeepStrictEqual(have.publicMetadata ?? {}, want.publicMetadata ?? {})) {
      changes.push({ member, change: "metadata", from: JSON.stringify(have.publicMetadata ?? {}), to: JSON.stringify(want.publicMetadata ?? {}) });
    }
  }
  return changes;
}

function roleOf(entry: Record<string, unknown>): string {
  if (typeof entry.roleSlug === "string") return entry.roleSlug;
  const list = entry.roleSlugs ?? entry.roles;
  if (Array.isArray(list)) return [...(list as string[])].sort().join(", ");
  return typeof entry.role === "string" ? entry.role : "(default)";
}

function describe(entry: unknown): string {
  const value = entryRecord(entry);
  const metadata = value.publicMetadata && Object.keys(record(value.publicMetadata)).length > 0 ? ` ${JSON.stringify(value.publicMetadata)}` : "";
  return `${roleOf(value)}${metadata}`;
}

function withPerson(person: string | undefined): { person?: string } {
  return person === undefined ? {} : { person };
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** A roster entry in object form: the compact form is the role alone. */
function entryRecord(value: unknown): Record<string, unknown> {
  return typeof value === "string" ? { role: value } : record(value);
}

function record(value: unknown): Record<string, unknown> {
  return isJsonObject(value) ? value : {};
}

const LABELS: Record<MemberChange["change"], string> = {
  add: "➕ add",
  remove: "➖ remove",
  role: "🔁 role",
  metadata: "📝 metadata",
  "private-metadata": "🔒 private metadata (keys only, values are secret)",
  reactivate: "♻️ reactivate",
  replace: "🔀 replace",
  unmanaged: "⚠️ unmanaged (not in the roster)",
  invite: "✉️ to invite",
  "invitation-expired": "⌛ invitation expired (re-sent by the next up)",
  "invitation-revoked": "🚫 invitation revoked out of band (re-sent by the next up)",
  "revoke-invitation": "✖️ revoke invitation",
};

export function renderDriftReport(drift: readonly OrganizationDrift[]): string {
  const dormant = drift.filter((o) => (o.dormant?.length ?? 0) > 0);
  const lines = ["## Roster drift", ""];
  if (!hasDrift(drift)) lines.push("No drift: every organization matches its declared roster.", ...(dormant.length > 0 ? [""] : []));
  for (const organization of drift.filter((o) => o.changes.length > 0)) {
    lines.push(`### ${organization.service} \`${organization.organizationId}\` — ${organization.changes.length} change(s)`, "", "| member | change | from | to |", "|---|---|---|---|");
    for (const change of organization.changes) {
      lines.push(`| ${memberCell(change)} | ${LABELS[change.change]} | ${cell(change.from)} | ${cell(change.to)} |`);
    }
    lines.push("");
  }
  if (dormant.length > 0) {
    lines.push("### Not drift: memberships that grant no access", "", "Deactivated or invited (not accepted) memberships that the roster does not declare, and the roster's own pending invitations; nothing needs doing.", "", "| organization | member | standing | role |", "|---|---|---|---|");
    for (const organization of dormant) {
      for (const member of organization.dormant ?? []) {
        const standing = member.standing === "invited" ? `invited, pending${member.since ? ` since ${member.since}` : ""}` : member.standing;
        lines.push(`| ${organization.service} \`${organization.organizationId}\` | ${memberCell(member)} | ${standing} | ${cell(member.role)} |`);
      }
    }
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

/** The person ("Jane Doe <jane@acme.com>") next to the id, as a reviewer reads it; the id alone when nobody is known. */
function memberCell(member: { member: string; person?: string }): string {
  // Names are the users' own words: nothing in them may break the table or add Markdown.
  const person =
    member.person === undefined || member.person === member.member
      ? ""
      : `${member.person.replace(/[\r\n]+/g, " ").replace(/[|`*_[\]\\]/g, (c) => `\\${c}`).replace(/</g, "&lt;").replace(/>/g, "&gt;")} `;
  return `${person}\`${member.member}\``;
}

function cell(text: string | undefined): string {
  return text === undefined ? "" : `\`${text.replace(/\|/g, "\\|")}\``;
}
