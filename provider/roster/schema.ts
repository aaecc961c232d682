// The roster file's shape as one zod schema: the single source of truth for validation, for the messages and for
// the published JSON Schema (roster.schema.json). Every message says what is wrong and what is allowed.

import { z } from "zod";
import { clerkInvitationSettings } from "../backends/clerk/invitation-settings";
import { CLERK_GENERATED_ORGANIZATION_ID, CLERK_METADATA_LIMIT_BYTES, CLERK_ORGANIZATION_ID, CLERK_ROLE_KEY, CLERK_USER_ID } from "../backends/clerk/model";
import { WORKOS_GENERATED_ORGANIZATION_ID, WORKOS_ORGANIZATION_ID, WORKOS_ROLE_SLUG, WORKOS_USER_ID } from "../backends/workos/ids";
import { workosInvitationSettings } from "../backends/workos/invitation-settings";
import { EMAIL } from "../engine/email";
import { describeKind, describeValue, notAllowed, type IssueInput } from "../engine/issue-messages";
import { isJsonObject, jsonByteSize } from "../engine/json";
import { MISSING_USERS_MODES } from "../engine/roster-plan";
import type { Roster } from "./model";

/** Marks a custom issue that is about a mapping key (an organization id) rather than its value. */
export const KEY_ISSUE = "key";

/** Custom-issue params understood by the code that turns issues into problems. */
export interface RosterIssueParams {
  /** The issue is about the key at the end of the issue's path, not its value. */
  target?: typeof KEY_ISSUE;
  /** The issue repeats the member at this index of the same `members` list. */
  firstIndex?: number;
}

// ---- messages ----------------------------------------------------------------------------------------------------

/** The message for a string that is not the kind of identifier `what` names. */
function notA(what: string, allowed: string) {
  return (issue: IssueInput): string =>
    issue.input === undefined ? `is missing; allowed: ${allowed}` : `${describeValue(issue.input)} is not ${what}; allowed: ${allowed}`;
}

function identifier(pattern: RegExp, what: string, allowed: string, description: string) {
  const message = notA(what, allowed);
  return z.string({ error: message }).regex(pattern, { error: message }).meta({ description });
}

// ---- shared pieces ---------------------------------------------------------------------------------------------

/**
 * Cross-field checks run even when single fields already failed, so that every problem is reported at once
 * (zod skips refinements after failed fields by default). They must then read their input defensively.
 */
const evenAfterFieldProblems = { when: (payload: { value: unknown }) => isJsonObject(payload.value) || Array.isArray(payload.value) };

/** Hints for keys that are unknown in one place but mean something elsewhere (e.g. `roles` on a Clerk member). */
const unknownKeyHints = z.registry<{ hints: Record<string, string> }>();

function withUnknownKeyHints<T extends z.ZodType>(schema: T, hints: Record<string, string>): T {
  unknownKeyHints.add(schema, { hints });
  return schema;
}

/** The other service's organization ids, told apart from this one's by their shape. */
interface OtherServiceIds {
  service: string;
  section: string;
  pattern: RegExp;
  shape: string;
}

/**
 * How each service's generated organization ids look, which tells a Clerk id from a WorkOS one: a section's check
 * names an id of the other service's shape, and `org-roster export` infers the service of an `--organization`.
 */
export const GENERATED_ORGANIZATION_IDS = {
  clerk: { service: "Clerk", section: "clerk", pattern: CLERK_GENERATED_ORGANIZATION_ID, shape: "org_2 followed by 26 letters and digits in mixed case, e.g. org_2acmeCorpK7mQ4vX9pL2nR8tW5y" },
  workos: { service: "WorkOS", section: "workos", pattern: WORKOS_GENERATED_ORGANIZATION_ID, shape: "org_ followed by a 26-character ULID in capitals, e.g. org_01JGD0680005FATZYDS3AR0RGX" },
} as const satisfies Record<"clerk" | "workos", OtherServiceIds>;

/** The service whose generated organization ids have the shape of `organizationId`; undefined when neither's has. */
export function serviceOfOrganizationId(organizationId: string): keyof typeof GENERATED_ORGANIZATION_IDS | undefined {
  if (GENERATED_ORGANIZATION_IDS.clerk.pattern.test(organizationId)) return "clerk";
  if (GENERATED_ORGANIZATION_IDS.workos.pattern.test(organizationId)) return "workos";
  return undefined;
}

/**
 * Organizations by id. The ids are checked by a refinement, not by the record's key schema: zod skips the value of
 * a rejected key, and a mistyped id must not hide the problems of that organization's members.
 */
function organizationsById<Organization extends z.ZodType>(idPattern: RegExp, service: string, example: string, organization: Organization, other: OtherServiceIds) {
  const allowed = `an organization id: org_ followed by letters and digits, e.g. ${example}`;
  return z
    .record(z.string(), organization, {
      error: notAllowed(`a mapping from ${service} organization id (${example}) to that organization's roster`),
    })
    .superRefine((value: unknown, ctx) => {
      if (!isJsonObject(value)) return;
      for (const key of Object.keys(value)) {
        if (other.pattern.test(key)) {
          ctx.addIssue({
            code: "custom",
            path: [key],
            message: `${JSON.stringify(key)} has the shape of a ${other.service} organization id (${other.shape}), not of a ${service} one; allowed: ${allowed} (move it under ${other.section}: if it is a ${other.service} organization)`,
            params: { target: KEY_ISSUE } satisfies RosterIssueParams,
          });
          continue;
        }
        if (idPattern.test(key)) continue;
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: `${JSON.stringify(key)} is not a ${service} organization id; allowed: ${allowed}`,
          params: { target: KEY_ISSUE } satisfies RosterIssueParams,
        });
      }
    }, evenAfterFieldProblems)
    .meta({ description: `${service} organizations by organization id.`, propertyNames: { pattern: idPattern.source } });
}

/** Each user at most once per organization: same userId, or same email ignoring case. */
function checkDistinctMembers(members: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  if (!Array.isArray(members)) return;
  const firstIndex = new Map<string, number>();
  members.forEach((member: unknown, index) => {
    if (!isJsonObject(member)) return;
    for (const field of ["userId", "email"] as const) {
      const value = member[field];
      if (typeof value !== "string") continue;
      const identity = field === "email" ? `email:${value.toLowerCase()}` : `userId:${value}`;
      const first = firstIndex.get(identity);
      if (first === undefined) {
        firstIndex.set(identity, index);
        continue;
      }
      ctx.addIssue({
        code: "custom",
        path: [index, field],
        message: `${field === "email" ? "email" : "user"} ${value} is listed more than once in this organization; list each user once`,
        params: { firstIndex: first } satisfies RosterIssueParams,
      });
    }
  });
}

/** Exactly one of userId and email. */
function checkIdentity(member: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  if (!isJsonObject(member)) return;
  const hasUserId = member.userId !== undefined;
  const hasEmail = member.email !== undefined;
  if (hasUserId && hasEmail) {
    ctx.addIssue({ code: "custom", path: ["email"], message: "a member has either userId or email, not both; keep one" });
  } else if (!hasUserId && !hasEmail) {
    ctx.addIssue({ code: "custom", path: [], message: "a member needs userId or email (exactly one); neither is given" });
  }
}

function membersList<Member extends z.ZodType>(member: Member, example: string) {
  return z
    .array(member, { error: notAllowed(`a list of members, each a mapping with userId or email, e.g. [{ ${example} }]`) })
    .superRefine(checkDistinctMembers, evenAfterFieldProblems)
    .meta({ description: "The organization's members, each user at most once." });
}

// The package's one email pattern (the resources check the same), not zod's stricter default.
const email = z
  .email({ pattern: EMAIL, error: (issue: IssueInput) => `${describeValue(issue.input)} is not a well-formed email address; allowed: an address such as john.smith@acme.com` })
  .meta({ description: "The user's primary email address (instead of userId)." });

const unmanagedMembers = z
  .enum(["ignore", "report", "remove"], { error: notAllowed("ignore, report or remove") })
  .meta({
    description: "What to do with live members the roster does not list: leave them (ignore), report them as drift (report, the default) or remove them (remove).",
  });

const maxRemovals = z
  .int({ error: notAllowed("an integer >= 0") })
  .min(0, { error: notAllowed("an integer >= 0") })
  .meta({ description: "The most memberships one update may remove (default 5): a guard against a truncated roster." });

const missingUsers = z
  .enum(MISSING_USERS_MODES, { error: notAllowed(MISSING_USERS_MODES.join(" or ")) })
  .meta({ description: "A member named by an email that matches no user yet: refuse the roster (error, the default) or send them an invitation (invite)." });

/** Each service's invitation settings are its backend's one rule for them; here, what they are in a roster file. */
const invitationsDescription = { description: "Settings of the invitations this organization's roster sends (missingUsers: invite)." };
const clerkInvitations = clerkInvitationSettings.meta(invitationsDescription);
const workosInvitations = workosInvitationSettings.meta(invitationsDescription);

// ---- metadata (Clerk) -----------------------------------------------------------------------------------------

/**
 * Null is accepted by the union only to fail here with a precise path and message (otherwise the union would
 * report one vague problem at the top-level key). It is left out of the JSON Schema.
 */
export const REJECTED_NULL = z.null().refine(() => false, {
  error: "null values are not allowed (Clerk deletes keys set to null: omit the key instead)",
});

type MetadataValue = string | number | boolean | MetadataValue[] | { [key: string]: MetadataValue };

// The cast drops `null` from the output type: REJECTED_NULL never lets a null through.
const metadataValue: z.ZodType<MetadataValue> = z
  .lazy(() =>
    z.union([z.string(), z.number(), z.boolean(), z.array(metadataValue), z.record(z.string(), metadataValue), REJECTED_NULL], {
      error: (issue: IssueInput) => `${describeKind(issue.input)} is not a JSON value; allowed: a string, finite number, boolean, list or mapping`,
    }),
  )
  .meta({ id: "metadataValue", description: "A JSON value without null." }) as z.ZodType<MetadataValue>;

function metadata(description: string) {
  const allowed = `a mapping (JSON object) without null values, at most ${CLERK_METADATA_LIMIT_BYTES} bytes as JSON`;
  return z
    .record(z.string(), metadataValue, { error: notAllowed(allowed, describeKind) })
    .superRefine((value, ctx) => {
      const size = jsonByteSize(value);
      if (size > CLERK_METADATA_LIMIT_BYTES) {
        ctx.addIssue({ code: "custom", message: `is ${size} bytes as JSON, over Clerk's ${CLERK_METADATA_LIMIT_BYTES}-byte limit for one metadata object` });
      }
    })
    .meta({ description: `${description} A JSON object without null values, at most ${CLERK_METADATA_LIMIT_BYTES} bytes as JSON (default {}).` });
}

// ---- Clerk -------------------------------------------------------------------------------------------------------

const clerkRoleKey = z
  .string({ error: notA("a Clerk role key", "org: followed by a name, e.g. org:admin or org:member") })
  .regex(CLERK_ROLE_KEY, {
    error: (issue: IssueInput) => {
      const value = typeof issue.input === "string" ? issue.input : "";
      if (!value.startsWith("org:")) {
        const example = CLERK_ROLE_KEY.test(`org:${value}`) ? `org:${value}` : "org:admin";
        return `${describeValue(value)} is not a Clerk role key: role keys start with org:, e.g. ${example}`;
      }
      return `${describeValue(value)} is not a Clerk role key; allowed: org: followed by letters, digits, _, : and -, e.g. org:admin, org:member or a custom org:billing`;
    },
  })
  .meta({ description: "A Clerk role key, e.g. org:admin." });

const clerkMember = withUnknownKeyHints(
  z
    .strictObject(
      {
        userId: identifier(
          CLERK_USER_ID,
          "a Clerk user id",
          "user_ followed by letters and digits, e.g. user_2e71lHFE8l6hlvY5bR215DEWc1Z",
          "The Clerk user id (instead of email).",
        ).optional(),
        email: email.optional(),
        role: clerkRoleKey.meta({ description: "The member's Clerk role key, e.g. org:admin (default org:member)." }).optional(),
        publicMetadata: metadata("Public metadata of the membership.").optional(),
        privateMetadata: metadata("Private metadata of the membership.").optional(),
      },
      { error: notAllowed("a mapping with userId or email, and optionally role, publicMetadata, privateMetadata") },
    )
    .superRefine(checkIdentity, evenAfterFieldProblems)
    .meta({ description: "One Clerk organization member: exactly one of userId and email.", oneOf: [{ required: ["userId"] }, { required: ["email"] }] }),
  { roles: "a Clerk membership has one role key: use role, e.g. role: org:admin" },
);

const clerkOrganization = z
  .strictObject(
    {
      members: membersList(clerkMember, "userId: user_2e71lHFE8l6hlvY5bR215DEWc1Z, role: org:admin"),
      unmanagedMembers: unmanagedMembers.optional(),
      maxRemovals: maxRemovals.optional(),
      adminRoles: z
        .array(clerkRoleKey, { error: notAllowed("a list of Clerk role keys, e.g. [org:admin]") })
        .meta({ description: "The role keys that count as admin for the last-admin guard (default [org:admin])." })
        .optional(),
      missingUsers: missingUsers.optional(),
      invitations: clerkInvitations.optional(),
    },
    { error: notAllowed("a mapping with members, and optionally unmanagedMembers, maxRemovals, adminRoles, missingUsers, invitations") },
  )
  .meta({ description: "The declared roster of one Clerk organization." });

const clerkSection = z
  .strictObject(
    { organizations: organizationsById(CLERK_ORGANIZATION_ID, "Clerk", "org_2acmeCorpK7mQ4vX9pL2nR8tW5y", clerkOrganization, GENERATED_ORGANIZATION_IDS.workos) },
    { error: notAllowed("a mapping with organizations") },
  )
  .meta({ description: "Clerk organizations and their memberships." });

// ---- WorkOS ------------------------------------------------------------------------------------------------------

const workosRoleSlug = z
  .string({ error: notA("a WorkOS role slug", "lowercase letters, digits, - and _, e.g. admin or member") })
  .regex(WORKOS_ROLE_SLUG, {
    error: (issue: IssueInput) => {
      const value = typeof issue.input === "string" ? issue.input : "";
      if (value.startsWith("org:")) return `${describeValue(value)} is not a WorkOS role slug: WorkOS slugs have no org: prefix, e.g. ${value.slice(4) || "admin"}`;
      return `${describeValue(value)} is not a WorkOS role slug; allowed: lowercase letters, digits, - and _, e.g. admin or member`;
    },
  })
  .meta({ description: "A WorkOS role slug, e.g. admin." });

function roleSlugList(description: string, allowed: string, options: { nonEmpty: boolean }) {
  let list = z.array(workosRoleSlug, { error: notAllowed(allowed) });
  if (options.nonEmpty) list = list.min(1, { error: "is an empty list; list at least one role slug, or leave roles out for the default member" });
  return list.meta({ description });
}

/** role and roles are two spellings of the same field; one member uses one. */
function checkOneRoleField(member: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  if (!isJsonObject(member) || member.role === undefined || member.roles === undefined) return;
  ctx.addIssue({ code: "custom", path: ["roles"], message: "a member has either role (one slug) or roles (a list), not both; keep one" });
}

const workosMember = withUnknownKeyHints(
  z
    .strictObject(
      {
        userId: identifier(
          WORKOS_USER_ID,
          "a WorkOS user id",
          "user_ followed by letters and digits, e.g. user_01JGFJJZ000MZ17QKF3F55Z488",
          "The WorkOS user id (instead of email).",
        ).optional(),
        email: email.optional(),
        role: workosRoleSlug.meta({ description: "The member's one WorkOS role slug (instead of roles; default member)." }).optional(),
        roles: roleSlugList(
          "The member's WorkOS role slugs, at least one (instead of role).",
          "a list of WorkOS role slugs, e.g. [admin, billing] (for one slug, role: admin)",
          { nonEmpty: true },
        ).optional(),
      },
      { error: notAllowed("a mapping with userId or email, and optionally role or roles") },
    )
    .superRefine(checkIdentity, evenAfterFieldProblems)
    .superRefine(checkOneRoleField, evenAfterFieldProblems)
    .meta({
      description: "One WorkOS organization member: exactly one of userId and email, and role or roles (not both).",
      oneOf: [{ required: ["userId"] }, { required: ["email"] }],
      not: { required: ["role", "roles"] },
    }),
  {
    publicMetadata: "WorkOS memberships have no metadata",
    privateMetadata: "WorkOS memberships have no metadata",
  },
);

const workosOrganization = z
  .strictObject(
    {
      members: membersList(workosMember, "userId: user_01JGFJJZ000MZ17QKF3F55Z488, role: admin"),
      unmanagedMembers: unmanagedMembers.optional(),
      maxRemovals: maxRemovals.optional(),
      adminRoles: roleSlugList(
        "The role slugs that count as admin for the last-admin guard (default [admin]).",
        "a list of WorkOS role slugs, e.g. [admin]",
        { nonEmpty: false },
      ).optional(),
      missingUsers: missingUsers.optional(),
      invitations: workosInvitations.optional(),
    },
    { error: notAllowed("a mapping with members, and optionally unmanagedMembers, maxRemovals, adminRoles, missingUsers, invitations") },
  )
  .meta({ description: "The declared roster of one WorkOS organization." });

const workosSection = z
  .strictObject(
    { organizations: organizationsById(WORKOS_ORGANIZATION_ID, "WorkOS", "org_01JGD0680005FATZYDS3AR0RGX", workosOrganization, GENERATED_ORGANIZATION_IDS.clerk) },
    { error: notAllowed("a mapping with organizations") },
  )
  .meta({ description: "WorkOS organizations and their memberships." });

// ---- the file ----------------------------------------------------------------------------------------------------

/** The whole roster file. */
export const rosterSchema = withUnknownKeyHints(
  z
    .strictObject(
      { clerk: clerkSection.optional(), workos: workosSection.optional() },
      { error: notAllowed("a mapping with a clerk and/or a workos section") },
    )
    .meta({
      title: "pulumi-org-roster roster file",
      description: "Declared Clerk and WorkOS organization rosters, reviewed in Git and applied by pulumi-org-roster.",
    }),
  { organizations: "organizations go under a service section: clerk: or workos:" },
);

// The schema's output must be a Roster: this line stops the two from drifting apart.
const _outputIsRoster: (value: z.output<typeof rosterSchema>) => Roster = (value) => value;

/** The message for an unknown key `key` in the mapping at `objectPath`, with the keys allowed there. */
export function unknownKeyMessage(objectPath: readonly PropertyKey[], key: string): string {
  const schema = schemaAt(rosterSchema, objectPath);
  const allowed = schema instanceof z.ZodObject ? Object.keys(schema.shape).join(", ") : "";
  const hint = schema ? unknownKeyHints.get(schema)?.hints[key] : undefined;
  return [`unknown key ${JSON.stringify(key)}`, hint, allowed ? `allowed: ${allowed}` : undefined].filter(Boolean).join("; ");
}

/** The schema that validates the value at `path`, following objects, records and arrays. */
function schemaAt(root: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = unwrap(root);
  for (const segment of path) {
    if (current instanceof z.ZodObject) current = (current.shape as Record<string, z.ZodType | undefined>)[String(segment)];
    else if (current instanceof z.ZodRecord) current = current.valueType as z.ZodType;
    else if (current instanceof z.ZodArray) current = current.element as z.ZodType;
    else return undefined;
    current = current && unwrap(current);
  }
  return current;
}

function unwrap(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? unwrap(schema.unwrap() as z.ZodType) : schema;
}
