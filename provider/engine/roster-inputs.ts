// An OrganizationRoster's inputs, normalized: every problem found before any API call, members named by email
// resolved to user ids (one batched lookup), defaults applied; and the normalized inputs written back in the shape
// `check` hands to the engine. Backend-neutral: the RosterModel validates each member.

import { STAND_IN_USER_ID, isEmailAddress, namedByEmail } from "./email";
import { isJsonObject } from "./json";
import type { DesiredMembership, InputProblem, InvitationSettings, LiveMembership, RosterModel, UnmanagedMode } from "./port";
import { ROSTER_SETTING_DEFAULTS, declaresAdmin, isMissingUsersMode, missingUsersChoices, type MissingUsersMode, type RosterSettings } from "./roster-plan";
import { PROVIDER_KEY } from "./validation";

type Props = Record<string, unknown>;

const MODES: readonly UnmanagedMode[] = ["ignore", "report", "remove"];
const SETTINGS_KEYS = ["organizationId", "members", "privateMetadata", "unmanagedMembers", "maxRemovals", "adminRoles", "manageMembers", "missingUsers", "invitations"];

export interface RosterInputs<D> {
  organizationId: string;
  /** Whether the inputs carried a (secret) privateMetadata map. */
  hasPrivate?: boolean;
  /** The declared members by user id. */
  desired: Map<string, D>;
  settings: RosterSettings;
  /** How members named by email were resolved: email → user id. */
  emails: Record<string, string>;
  /** Members named by an email that matches no user, to be invited (missingUsers "invite"), by email as written. */
  invitees: Map<string, D>;
  /** The invitation settings as given (validated by the model). */
  invitationSettings: InvitationSettings;
}

/** Looks user ids up by email, as `MembershipApi.usersByEmail` does. */
export type UsersByEmail = (emails: readonly string[]) => Promise<Map<string, string[]>>;

/**
 * Normalizes raw inputs (without `__provider`). `configuration` holds the provider's own configuration problems:
 * reported with the inputs' own, and no API call is made while there are any.
 */
export async function normalizeRosterInputs<D extends DesiredMembership, L extends LiveMembership>(
  model: RosterModel<D, L>,
  raw: Props,
  usersByEmail: UsersByEmail,
  configuration: InputProblem[] = [],
): Promise<{ inputs: RosterInputs<D> } | { problems: InputProblem[] }> {
  const { problems, members, privates } = validateStatic(model, raw);
  if (problems.length > 0) return { problems: [...configuration, ...problems] };
  const organizationId = raw.organizationId as string;
  const settings = rosterSettings(model, raw);
  // Every entry is validated before any API call; a member named by email with a stand-in user id.
  const validated = desiredMembers(model, organizationId, members, privates, (name) => (namedByEmail(name) ? STAND_IN_USER_ID : name));
  if (validated.problems.length > 0) return { problems: [...configuration, ...validated.problems] };
  if (configuration.length > 0) return { problems: configuration };

  const emails = Object.keys(members).filter(namedByEmail);
  const resolved: Record<string, string> = {};
  if (emails.length > 0) {
    const found = await usersByEmail(emails);
    const unresolved: string[] = [];
    for (const email of emails) {
      const ids = found.get(email.toLowerCase()) ?? [];
      if (ids.length === 1 && ids[0]) resolved[email] = ids[0];
      else if (ids.length === 0 && settings.missingUsers === "invite") continue;
      else unresolved.push(ids.length === 0 ? `${email} matches no ${model.membership.service} user (to invite people who have no account yet, set missingUsers: invite)` : `${email} matches ${ids.length} users (${ids.join(", ")}): use userId`);
    }
    if (unresolved.length > 0) return { problems: [{ property: "members", reason: `members: ${unresolved.join("; ")}` }] };
  }
  // Members named by an email with no user are invited (missingUsers "invite"): validated with the stand-in id.
  const inviteeNames = emails.filter((email) => resolved[email] === undefined);
  const invitees = new Map<string, D>();
  for (const email of inviteeNames) {
    const invitee = desiredMembers(model, organizationId, { [email]: members[email] }, privates, () => STAND_IN_USER_ID).desired.get(STAND_IN_USER_ID);
    if (invitee) invitees.set(email, invitee);
  }
  const userIdOf = (name: string): string => resolved[name] ?? name;
  const memberNames = Object.keys(members).filter((name) => !inviteeNames.includes(name));
  if (new Set(memberNames.map(userIdOf)).size !== memberNames.length) {
    return { problems: [{ property: "members", reason: "members: the same user is listed twice (once by id, once by email)" }] };
  }
  if (new Set(inviteeNames.map((email) => email.toLowerCase())).size !== inviteeNames.length) {
    return { problems: [{ property: "members", reason: "members: the same email address is listed twice" }] };
  }
  // With no member named by email, every member was validated under its own user id above already.
  const { desired, problems: memberProblems } = emails.length === 0 ? validated : desiredMembers(model, organizationId, pick(members, memberNames), privates, userIdOf);
  if (memberProblems.length > 0) return { problems: memberProblems };
  if (settings.unmanagedMembers === "remove" && !declaresAdmin(model, desired, settings)) {
    return { problems: [{ property: "members", reason: `no declared member has an admin role (${settings.adminRoles.join(" or ")}), and unmanagedMembers is "remove": the organization would be left without an admin` }] };
  }
  // Inputs that went through check already carry their members by user id, with `emails` recording how they
  // were named: keep that record (for members still declared), or the state forgets it after the first write.
  const carried = isJsonObject(raw.emails) ? Object.entries(raw.emails).filter((pair): pair is [string, string] => typeof pair[1] === "string" && desired.has(pair[1])) : [];
  const invitationSettings = (isJsonObject(raw.invitations) ? raw.invitations : {}) as InvitationSettings;
  return { inputs: { organizationId, desired, settings, emails: { ...Object.fromEntries(carried), ...resolved }, hasPrivate: raw.privateMetadata !== undefined, invitees, invitationSettings } };
}

function pick(record: Props, keys: readonly string[]): Props {
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}

/** The normalized inputs as `check` returns them: members by user id, in order, in the compact entry form. */
export function rosterInputProps<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>, inputs: RosterInputs<D>): Props {
  const members: Props = {};
  const privates: Props = {};
  // Invitees stay under their email: that is how the preview shows who will be invited.
  for (const [name, d] of [...inputs.desired, ...inputs.invitees].sort(([a], [b]) => a.localeCompare(b))) {
    members[name] = model.desiredEntryOf(d);
    const priv = model.privateOf(d);
    if (priv && Object.keys(priv).length > 0) privates[name] = priv;
  }
  return {
    organizationId: inputs.organizationId,
    members,
    // Kept whenever it was given (even empty): its presence is what keeps refreshed values secret in state.
    ...(inputs.hasPrivate || Object.keys(privates).length > 0 ? { privateMetadata: privates } : {}),
    ...settingsInputProps(inputs.settings),
    ...(Object.keys(inputs.invitationSettings).length > 0 ? { invitations: inputs.invitationSettings } : {}),
    ...(Object.keys(inputs.emails).length > 0 ? { emails: inputs.emails } : {}),
  };
}

/** The roster's settings as its inputs hold them. */
export function settingsInputProps(settings: RosterSettings): Props {
  return {
    unmanagedMembers: settings.unmanagedMembers,
    maxRemovals: settings.maxRemovals,
    adminRoles: settings.adminRoles,
    manageMembers: settings.manageMembers,
    // Left out at its default, so rosters that never invite keep the inputs they always had.
    ...(settings.missingUsers === "invite" ? { missingUsers: "invite" } : {}),
  };
}

/** The settings of validated inputs, defaults applied. */
export function rosterSettings<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>, raw: Props): RosterSettings {
  return {
    unmanagedMembers: (raw.unmanagedMembers as UnmanagedMode | undefined) ?? ROSTER_SETTING_DEFAULTS.unmanagedMembers,
    maxRemovals: (raw.maxRemovals as number | undefined) ?? ROSTER_SETTING_DEFAULTS.maxRemovals,
    adminRoles: (raw.adminRoles as string[] | undefined) ?? [...model.defaultAdminRoles],
    manageMembers: (raw.manageMembers as boolean | undefined) ?? ROSTER_SETTING_DEFAULTS.manageMembers,
    missingUsers: (raw.missingUsers as MissingUsersMode | undefined) ?? ROSTER_SETTING_DEFAULTS.missingUsers,
  };
}

/** The settings a stored state was applied with (the state names the mode `unmanagedMembersMode`). */
export function storedRosterSettings<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>, state: Props): RosterSettings {
  return rosterSettings(model, { ...state, unmanagedMembers: state.unmanagedMembersMode });
}

/** Validates everything that needs neither an API nor a member's user id, collecting every problem. */
function validateStatic<D extends DesiredMembership, L extends LiveMembership>(model: RosterModel<D, L>, raw: Props): { problems: InputProblem[]; members: Props; privates: Props } {
  const problems: InputProblem[] = [];
  for (const key of Object.keys(raw)) {
    if (key !== PROVIDER_KEY && !SETTINGS_KEYS.includes(key) && key !== "emails") {
      problems.push({ property: key, reason: `"${key}" is not a property of an organization roster; allowed: ${SETTINGS_KEYS.join(", ")}` });
    }
  }
  const organizationId = raw.organizationId;
  if (typeof organizationId !== "string") problems.push({ property: "organizationId", reason: "organizationId is required: the organization's id" });
  else {
    const problem = model.checkOrganizationId(organizationId);
    if (problem) problems.push({ property: "organizationId", reason: problem });
  }
  const members = isJsonObject(raw.members) ? raw.members : {};
  if (raw.members !== undefined && !isJsonObject(raw.members)) problems.push({ property: "members", reason: "members must be a map from user id (or email) to the member's role and metadata" });
  // privateMetadata is a secret input: its problems name no property, or the engine would print the whole map.
  const privates = isJsonObject(raw.privateMetadata) ? raw.privateMetadata : {};
  if (raw.privateMetadata !== undefined && !isJsonObject(raw.privateMetadata)) problems.push({ property: "", reason: "privateMetadata must be a map from user id (or email) to that member's private metadata" });
  for (const key of Object.keys(privates)) {
    if (!(key in members)) problems.push({ property: "", reason: `privateMetadata names ${key}, who is not in members` });
  }
  if (raw.unmanagedMembers !== undefined && !MODES.includes(raw.unmanagedMembers as UnmanagedMode)) {
    problems.push({ property: "unmanagedMembers", reason: `unmanagedMembers must be one of ${MODES.join(", ")} (default report)` });
  }
  if (raw.maxRemovals !== undefined && !(Number.isInteger(raw.maxRemovals) && (raw.maxRemovals as number) >= 0)) {
    problems.push({ property: "maxRemovals", reason: "maxRemovals must be a whole number ≥ 0 (default 5)" });
  }
  if (raw.adminRoles !== undefined && !(Array.isArray(raw.adminRoles) && raw.adminRoles.length > 0 && raw.adminRoles.every((r) => typeof r === "string"))) {
    problems.push({ property: "adminRoles", reason: "adminRoles must be a non-empty list of role keys or slugs" });
  }
  if (raw.manageMembers !== undefined && typeof raw.manageMembers !== "boolean") problems.push({ property: "manageMembers", reason: "manageMembers must be a boolean" });
  if (raw.missingUsers !== undefined && !isMissingUsersMode(raw.missingUsers)) {
    const choices = missingUsersChoices({ error: "default: a member whose email matches no user is refused", invite: "they are sent an invitation" });
    problems.push({ property: "missingUsers", reason: `missingUsers must be ${choices}` });
  }
  if (raw.invitations !== undefined) {
    if (!isJsonObject(raw.invitations)) problems.push({ property: "invitations", reason: "invitations must be a map of invitation settings" });
    else problems.push(...model.checkInvitationSettings(raw.invitations));
  }
  for (const key of Object.keys(members)) {
    if (namedByEmail(key) && !isEmailAddress(key)) problems.push({ property: "members", reason: `members: "${key}" is not a valid email address` });
  }
  return { problems, members, privates };
}

/**
 * Builds each member's desired state, keyed by user id. Members are named in problems as the roster names them
 * (user id or email); `userIdOf` gives the user id each one is validated with.
 */
function desiredMembers<D extends DesiredMembership, L extends LiveMembership>(
  model: RosterModel<D, L>,
  organizationId: string,
  members: Props,
  privates: Props,
  userIdOf: (name: string) => string,
): { desired: Map<string, D>; problems: InputProblem[] } {
  const desired = new Map<string, D>();
  const problems: InputProblem[] = [];
  for (const [name, entry] of Object.entries(members)) {
    const fields = typeof entry === "string" ? model.roleEntry(entry) : isJsonObject(entry) ? entry : undefined;
    if (!fields) {
      problems.push({ property: "members", reason: `members.${name}: must be a role, or an object of the member's fields (got ${entry === null ? "null" : Array.isArray(entry) ? "a list" : typeof entry})` });
      continue;
    }
    const userId = userIdOf(name);
    const result = model.desired(organizationId, userId, fields, privates[name]);
    if (result.ok) desired.set(userId, result.value);
    else {
      for (const problem of result.problems) {
        // A secret property's problem names no property, so the engine prints no value with it.
        problems.push({ property: problem.secret ? "" : "members", reason: `members.${name}.${problem.property}: ${problem.reason}` });
      }
    }
  }
  return { desired, problems };
}
