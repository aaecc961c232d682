// Contract test: checks every Clerk route the emulator serves, and every request the provider sends, against Clerk's
// own OpenAPI description of Backend API 2025-11-10 (vendored in test/fixtures/clerk-openapi): status codes, query
// parameters, request bodies, success and error (ClerkErrors) bodies; and that the provider's wire schemas accept
// the description's examples. Where Clerk answers what the description does not list, the difference is named
// below with its reason; "Clerk's error catalog" there is the list of API errors Clerk publishes with its docs
// (name, code, status and whether the Backend API uses it).
import { readFileSync } from "node:fs";
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { parse } from "yaml";
import { z } from "zod";
import type { EmulatorHandle, EmulatorSeed } from "../../../emulator";
import { CLERK_API_VERSIONS } from "../../../emulator/clerk/backend";
import { ClerkMembershipApi } from "../../../provider/backends/clerk/api";
import { CLERK_API_VERSION, clerkServiceProfile } from "../../../provider/backends/clerk/settings";
import { clerkErrorEnvelopeWire, clerkMembershipListWire, clerkMembershipWire, clerkOrganizationWire, clerkRoleListWire, clerkUserListWire } from "../../../provider/backends/clerk/wire";
import { HttpClient, closeHttpConnections } from "../../../provider/http/client";
import { RateLimiter } from "../../../provider/http/rate-limiter";
import { type CallOptions, type CallResult, call, useEmulator } from "../../support/emulator-harness";

const SECRET_KEY = "sk_test_clerk_contract";
const MANAGE = ["org:sys_memberships:read", "org:sys_memberships:manage"];

const SEED: EmulatorSeed = {
  clerk: {
    secretKeys: [SECRET_KEY],
    roles: [
      { key: "org:admin", name: "Admin", permissions: MANAGE },
      { key: "org:member", name: "Member", permissions: ["org:sys_memberships:read"] },
      { key: "org:billing", name: "Billing", permissions: ["org:sys_memberships:read", "org:invoices:manage"] },
    ],
    users: [
      { id: "user_alice", firstName: "Alice", lastName: "Zimmer", emailAddresses: ["alice@acme.com", "alice@home.dev"], username: "alice" },
      { id: "user_bob", firstName: "Bob", lastName: "Young", emailAddresses: ["bob@acme.com"], username: "bobby" },
      { id: "user_carol", firstName: "Carol", lastName: "Xu", emailAddresses: ["carol@acme.com"] },
      { id: "user_dave", firstName: null, lastName: null, emailAddresses: [] },
      { id: "user_erin", firstName: "Erin", lastName: "Vance", emailAddresses: ["erin@acme.com"] },
    ],
    organizations: [
      { id: "org_main", name: "Acme Corp", slug: "acme-corp", createdBy: "user_alice", publicMetadata: { tier: "gold" } },
      // No slug and no creator: the emulator answers a slug derived from the name and leaves created_by out.
      { id: "org_full", name: "Full Inc", maxAllowedMemberships: 2 },
      { id: "org_scim", name: "Directory Co", slug: "directory-co" },
    ],
    memberships: [
      { organizationId: "org_main", userId: "user_alice", role: "org:admin" },
      { organizationId: "org_main", userId: "user_bob", role: "org:member", publicMetadata: { team: "platform" }, privateMetadata: { seat: 3 } },
      { organizationId: "org_main", userId: "user_carol", role: "org:billing" },
      { organizationId: "org_full", userId: "user_alice", role: "org:admin" },
      { organizationId: "org_full", userId: "user_bob", role: "org:member" },
      { organizationId: "org_scim", userId: "user_alice", role: "org:admin" },
      { organizationId: "org_scim", userId: "user_dave", role: "org:member", managedByScim: true },
    ],
    // One organization invitation in each status; the expired one expired by time (30 days after its creation).
    invitations: [
      {
        id: "orginv_pending",
        organizationId: "org_main",
        emailAddress: "newcomer@acme.com",
        role: "org:billing",
        inviterUserId: "user_alice",
        publicMetadata: { team: "finance" },
        privateMetadata: { seat: 12 },
        redirectUrl: "https://app.example.com/welcome",
      },
      { id: "orginv_accepted", organizationId: "org_main", emailAddress: "carol@acme.com", role: "org:billing", status: "accepted" },
      { id: "orginv_revoked", organizationId: "org_main", emailAddress: "gone@acme.com", role: "org:member", status: "revoked" },
      { id: "orginv_expired", organizationId: "org_main", emailAddress: "late@acme.com", role: "org:member", createdAt: 1_600_000_000_000 },
      { id: "orginv_scim", organizationId: "org_scim", emailAddress: "newcomer@acme.com", role: "org:member" },
    ],
  },
};

// ---- The description, in the JSON Schema dialect Ajv validates. ----

const SPEC_FILE = join(__dirname, "..", "..", "fixtures", "clerk-openapi", "bapi-2025-11-10.yml");
const SPEC_ID = "clerk-openapi";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * OpenAPI 3.0 schemas are an extended subset of JSON Schema draft 4/5. Ajv has no draft 5 and its draft-04 mode is a
 * separate package, so the description is validated as draft-07 (Ajv's default), after translating the only two
 * 3.0 forms draft-07 reads differently: `nullable: true` becomes "null or the schema" (the description's evident
 * intent, also where it combines `nullable` with `oneOf`, `allOf` or no `type`), and a boolean
 * `exclusiveMinimum`/`exclusiveMaximum` becomes the numeric draft-06+ form. Everything else (`example`,
 * `deprecated`, `discriminator`, `x-…`) is an annotation Ajv ignores with `strict: false`.
 */
function toDraft07(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toDraft07);
  if (!isRecord(node)) return node;
  const schema: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) schema[key] = toDraft07(value);
  for (const [exclusive, limit] of [["exclusiveMinimum", "minimum"], ["exclusiveMaximum", "maximum"]] as const) {
    if (typeof schema[exclusive] !== "boolean") continue;
    if (schema[exclusive] === true) schema[exclusive] = schema[limit];
    else delete schema[exclusive];
    if (schema[exclusive] !== undefined) delete schema[limit];
  }
  if (typeof schema.nullable !== "boolean") return schema;
  const { nullable, ...rest } = schema;
  return nullable ? { anyOf: [{ type: "null" }, rest] } : rest;
}

const specDocument = z
  .looseObject({
    openapi: z.string().startsWith("3.0."),
    info: z.looseObject({ version: z.string() }),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  })
  .parse(toDraft07(parse(readFileSync(SPEC_FILE, "utf8"))));

/** Validates as the description says; `coercing` reads query strings as the integers and booleans they stand for. */
const ajv = new Ajv({ strict: false, allErrors: true });
const coercing = new Ajv({ strict: false, allErrors: true, coerceTypes: "array" });
for (const instance of [ajv, coercing]) {
  addFormats(instance);
  instance.addSchema(specDocument, SPEC_ID);
}

type Pointer = readonly string[];

function refOf(pointer: Pointer): string {
  return `${SPEC_ID}#/${pointer.map((token) => encodeURIComponent(token.replace(/~/g, "~0").replace(/\//g, "~1"))).join("/")}`;
}

function lookup(pointer: Pointer): unknown {
  let node: unknown = specDocument;
  for (const token of pointer) {
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isRecord(node)) node = node[token];
    else return undefined;
  }
  return node;
}

/** Follows a `$ref` (`#/components/…`) at `pointer`, as often as it takes, to where the node really is. */
function follow(pointer: Pointer): { pointer: Pointer; node: Record<string, unknown> } {
  const node = lookup(pointer);
  if (!isRecord(node)) throw new Error(`the description has nothing at #/${pointer.join("/")}`);
  const ref = node.$ref;
  if (typeof ref !== "string") return { pointer, node };
  if (!ref.startsWith("#/")) throw new Error(`unexpected external reference ${ref}`);
  return follow(ref.slice(2).split("/").map((token) => decodeURIComponent(token).replace(/~1/g, "/").replace(/~0/g, "~")));
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(pointer: Pointer): ValidateFunction {
  const ref = refOf(pointer);
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  return validate;
}

/** The problems Ajv finds with `value` against the schema at `pointer`, or undefined when it conforms. */
function problemsWith(pointer: Pointer, value: unknown): string | undefined {
  const validate = validatorFor(pointer);
  return validate(value) ? undefined : ajv.errorsText(validate.errors, { separator: "\n" });
}

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly pointer: Pointer;
  readonly node: Record<string, unknown>;
}

/** `PATCH /v1/organizations/:organizationId/memberships/:userId` → the description's `/organizations/{organization_id}/memberships/{user_id}` `patch`. */
function operationOf(routeKey: string): Operation {
  const [method = "", template = ""] = routeKey.split(" ");
  const path = template.replace(/^\/v1(?=\/)/, "").replace(/:(\w+)/g, (_match, name: string) => `{${snakeCase(name)}}`);
  const pointer = ["paths", path, method.toLowerCase()];
  if (!isRecord(lookup(pointer))) throw new Error(`the description has no operation ${method} ${path}`);
  return { method: method.toLowerCase(), path, ...follow(pointer) };
}

/** The operation a concrete request path (`/organizations/org_1/memberships`, after `/v1`) falls under. */
function operationForRequest(method: string, path: string): Operation {
  const candidates = Object.keys(specDocument.paths).filter((template) => {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, "[^/]+")}$`);
    return pattern.test(path) && isRecord(specDocument.paths[template]?.[method.toLowerCase()]);
  });
  // A literal segment wins over a parameter, as routers match.
  candidates.sort((left, right) => (left.match(/\{/g) ?? []).length - (right.match(/\{/g) ?? []).length);
  const template = candidates[0];
  if (template === undefined) throw new Error(`the description has no operation for ${method} ${path}`);
  return { method: method.toLowerCase(), path: template, ...follow(["paths", template, method.toLowerCase()]) };
}

function documentedStatuses(operation: Operation): string[] {
  return Object.keys(isRecord(operation.node.responses) ? operation.node.responses : {});
}

/** The schema of the JSON body the description gives for `status`, or undefined when it gives none. */
function responseSchema(operation: Operation, status: string): Pointer | undefined {
  const { pointer, node } = follow([...operation.pointer, "responses", status]);
  const content = isRecord(node.content) ? node.content : {};
  return isRecord(content["application/json"]) ? [...pointer, "content", "application/json", "schema"] : undefined;
}

function requestBodySchema(operation: Operation): Pointer {
  if (!isRecord(operation.node.requestBody)) throw new Error(`${operation.method.toUpperCase()} ${operation.path} takes no request body`);
  const { pointer } = follow([...operation.pointer, "requestBody"]);
  return [...pointer, "content", "application/json", "schema"];
}

interface QueryParameter {
  readonly name: string;
  readonly schema: Pointer;
}

/** The query parameters of the operation (its own and its path's), `$ref`s resolved. */
function queryParameters(operation: Operation): Map<string, QueryParameter> {
  const found = new Map<string, QueryParameter>();
  const pathItem: Pointer = ["paths", operation.path];
  for (const owner of [pathItem, operation.pointer]) {
    const list = lookup([...owner, "parameters"]);
    if (!Array.isArray(list)) continue;
    list.forEach((_parameter, index) => {
      const { pointer, node } = follow([...owner, "parameters", String(index)]);
      if (node.in === "query" && typeof node.name === "string") found.set(node.name, { name: node.name, schema: [...pointer, "schema"] });
    });
  }
  return found;
}

const queryValidators = new Map<string, ValidateFunction>();

/** Whether every value of the parameter conforms to its schema, read as a query string is (repeated keys = array). */
function queryValueProblems(parameter: QueryParameter, values: readonly string[]): string | undefined {
  const ref = refOf(parameter.schema);
  let validate = queryValidators.get(ref);
  if (!validate) {
    validate = coercing.compile({ type: "object", properties: { value: { $ref: ref } } });
    queryValidators.set(ref, validate);
  }
  // Coercion rewrites the holder in place: a fresh one per check.
  return validate({ value: values.length === 1 ? values[0] : [...values] }) ? undefined : coercing.errorsText(validate.errors);
}

type Expectation = "conforms" | "violates" | "unchecked";

/** Every query parameter is one the operation documents; with "conforms"/"violates", its values are (not) valid. */
function checkQuery(operation: Operation, search: URLSearchParams, values: Expectation): void {
  const parameters = queryParameters(operation);
  const problems: string[] = [];
  for (const name of new Set(search.keys())) {
    const parameter = parameters.get(name);
    if (!parameter) throw new Error(`${operation.method.toUpperCase()} ${operation.path} documents no query parameter ${name}`);
    const problem = queryValueProblems(parameter, search.getAll(name));
    if (problem) problems.push(`${name}: ${problem}`);
  }
  if (values === "conforms" && problems.length > 0) throw new Error(`query values the description rejects:\n${problems.join("\n")}`);
  if (values === "violates" && problems.length === 0) throw new Error(`expected a query value the description rejects in ?${search.toString()}`);
}

function checkRequestBody(operation: Operation, body: unknown, expectation: Expectation): void {
  if (expectation === "unchecked") return;
  const problems = problemsWith(requestBodySchema(operation), body);
  if (expectation === "conforms" && problems) throw new Error(`the request body does not match the description:\n${problems}\n${JSON.stringify(body)}`);
  if (expectation === "violates" && !problems) throw new Error(`expected a request body the description rejects: ${JSON.stringify(body)}`);
}

const CLERK_ERRORS: Pointer = ["components", "schemas", "ClerkErrors"];

// ---- What the emulator answers beyond the description, and why. ----

/** An answer the description does not list: the error codes it carries and why the emulator gives it. */
interface NamedDifference {
  readonly codes: readonly string[];
  readonly reason: string;
}

/** Statuses the emulator answers on every route, whether the route's description lists them or not. */
const CROSS_CUTTING: Readonly<Record<string, NamedDifference>> = {
  "401": {
    codes: ["authorization_header_format_invalid", "clerk_key_invalid"],
    reason:
      "Clerk authenticates every Backend API request before anything else and answers a missing or unknown secret key with 401 " +
      "(InvalidAuthorizationHeaderFormat, InvalidClerkSecretKey in Clerk's error catalog), but the description lists 401 on some operations only",
  },
  "400": {
    codes: ["api_version_invalid"],
    reason:
      "an unreleased Clerk-API-Version is refused with 400 api_version_invalid (InvalidAPIVersion in Clerk's error catalog) before the " +
      "operation runs, so also where the description lists no 400",
  },
  "429": {
    codes: ["too_many_requests"],
    reason: "Clerk publishes its Backend API rate limits and their 429 on its rate-limits page, not per operation: the description lists 429 nowhere",
  },
  ...Object.fromEntries(
    ["500", "502", "503"].map((status) => [
      status,
      {
        codes: ["internal_clerk_error"],
        reason: "an injected server failure (fault injection); the description lists a 500 only on GET /organization_memberships",
      },
    ]),
  ),
};

/** Route-specific statuses the description does not list. */
const UNDOCUMENTED: Readonly<Record<string, Readonly<Record<string, NamedDifference>>>> = {
  "GET /v1/organizations/:organizationId/memberships": {
    "404": {
      codes: ["resource_not_found"],
      reason:
        "an unknown organization: the description lists no 404 for this list, while Clerk answers an organization that does not exist " +
        "with 404 resource_not_found (OrganizationNotFound in Clerk's error catalog) on its organization routes",
    },
  },
  "PATCH /v1/organizations/:organizationId/memberships/:userId": {
    "400": {
      codes: ["organization_minimum_permissions_needed"],
      reason:
        "demoting the organization's last member who can manage memberships: Clerk's error catalog has OrganizationMinimumPermissionsNeeded " +
        "(400, Backend API) for it, which the description does not list here; the provider explains this code",
    },
    "409": {
      codes: ["organization_membership_managed_by_scim"],
      reason:
        "a membership a directory (SCIM) manages: Clerk's error catalog has OrganizationMembershipSCIMManaged (409, Backend API), which " +
        "the description does not list; the provider explains this code",
    },
  },
  "DELETE /v1/organizations/:organizationId/memberships/:userId": {
    "400": { codes: ["organization_minimum_permissions_needed"], reason: "removing the last member who can manage memberships, as for PATCH" },
    "409": { codes: ["organization_membership_managed_by_scim"], reason: "removing a membership a directory (SCIM) manages, as for PATCH" },
  },
  "GET /v1/organizations/:organizationId/invitations/pending": {
    "422": {
      codes: ["form_param_value_invalid"],
      reason:
        "limit or offset outside LimitParameter/OffsetParameter: 422 as on the invitation list and Clerk's other lists, though this deprecated " +
        "route's description lists only 200, 400 and 404 (an assumption, untested against Clerk: the provider never calls this route)",
    },
  },
  "POST /v1/organizations/:organizationId/invitations/:invitationId/revoke": {
    "422": {
      codes: ["form_param_unknown", "form_param_value_invalid"],
      reason:
        "a body parameter the route does not take, or a requesting_user_id that is not a string: 422 as Clerk answers a form it cannot " +
        "accept (FormUnknownParameter, FormInvalidTypeParameter in Clerk's error catalog), though the description lists no 422 here",
    },
  },
  "GET /v1/users/:userId/organization_memberships": {
    "404": {
      codes: ["resource_not_found"],
      reason:
        "an unknown user: the description lists only 200 and 403 for this list; the emulator answers 404 resource_not_found as Clerk does " +
        "for unknown ids elsewhere (an assumption, untested against Clerk: the provider never calls this route)",
    },
    "422": {
      codes: ["form_param_value_invalid"],
      reason:
        "limit or offset outside LimitParameter/OffsetParameter: 422 as on Clerk's other lists, though the description lists only 200 and " +
        "403 here (an assumption, untested against Clerk: the provider never calls this route)",
    },
  },
};

/** The body of an answer: validated against the description's schema when listed, otherwise a ClerkErrors envelope named above. */
function expectConforms(routeKey: string, result: CallResult): void {
  const operation = operationOf(routeKey);
  const status = String(result.status);
  const label = `${operation.method.toUpperCase()} ${operation.path} ${status}`;
  if (!documentedStatuses(operation).includes(status)) {
    const problems = problemsWith(CLERK_ERRORS, result.json);
    if (problems) throw new Error(`${label} (undocumented) is not a ClerkErrors body:\n${problems}\n${result.text}`);
    const code = clerkErrorEnvelopeWire.parse(result.json).errors?.[0]?.code ?? "";
    const named = [UNDOCUMENTED[routeKey]?.[status], CROSS_CUTTING[status]].filter((difference) => difference !== undefined);
    if (!named.some((difference) => difference.codes.includes(code))) {
      throw new Error(`the description documents no ${label} and no reason is named for it with code ${code}: ${result.text}`);
    }
    return;
  }
  const schema = responseSchema(operation, status);
  if (schema === undefined) {
    expect(result.text).toBe("");
    return;
  }
  const problems = problemsWith(schema, result.json);
  if (problems) throw new Error(`${label} does not match the description:\n${problems}\n${result.text}`);
}

// ---- Scenarios: one request each, on a freshly seeded emulator. ----

const ORGANIZATION = "GET /v1/organizations/:organizationId";
const CREATE = "POST /v1/organizations/:organizationId/memberships";
const LIST = "GET /v1/organizations/:organizationId/memberships";
const UPDATE = "PATCH /v1/organizations/:organizationId/memberships/:userId";
const METADATA = "PATCH /v1/organizations/:organizationId/memberships/:userId/metadata";
const DELETE = "DELETE /v1/organizations/:organizationId/memberships/:userId";
const INSTANCE_MEMBERSHIPS = "GET /v1/organization_memberships";
const USER_MEMBERSHIPS = "GET /v1/users/:userId/organization_memberships";
const USERS = "GET /v1/users";
const ROLES = "GET /v1/organization_roles";
const INVITE = "POST /v1/organizations/:organizationId/invitations";
const INVITE_BULK = "POST /v1/organizations/:organizationId/invitations/bulk";
const INVITATIONS = "GET /v1/organizations/:organizationId/invitations";
const PENDING_INVITATIONS = "GET /v1/organizations/:organizationId/invitations/pending";
const INVITATION = "GET /v1/organizations/:organizationId/invitations/:invitationId";
const REVOKE = "POST /v1/organizations/:organizationId/invitations/:invitationId/revoke";

interface Scenario {
  readonly name: string;
  readonly route: string;
  readonly status: number;
  /** After `/v1`, with the query string. */
  readonly path: string;
  readonly options?: CallOptions;
  /** Default: "conforms" for a 2xx answer to a JSON body, otherwise "unchecked". */
  readonly body?: Expectation;
  /** Default: "conforms" for a 2xx answer, otherwise "unchecked" (the names are always checked). */
  readonly query?: Expectation;
}

const post = (body: unknown): CallOptions => ({ method: "POST", body });
const patch = (body: unknown): CallOptions => ({ method: "PATCH", body });
const members = (organizationId: string, rest = ""): string => `/organizations/${organizationId}/memberships${rest}`;
const invitations = (organizationId: string, rest = ""): string => `/organizations/${organizationId}/invitations${rest}`;
const invitee = (emailAddress: string, extra: Record<string, unknown> = {}) => ({ email_address: emailAddress, role: "org:member", ...extra });
const tooLarge = { blob: "x".repeat(8200) };

const SCENARIOS: Scenario[] = [
  { name: "get an organization by id", route: ORGANIZATION, status: 200, path: "/organizations/org_main" },
  {
    name: "get an organization by slug, with its members count and whether it lacks a manager",
    route: ORGANIZATION,
    status: 200,
    path: "/organizations/acme-corp?include_members_count=true&include_missing_member_with_elevated_permissions=true",
  },
  { name: "get an organization seeded without slug or creator", route: ORGANIZATION, status: 200, path: "/organizations/org_full?include_members_count=false" },
  { name: "get an unknown organization", route: ORGANIZATION, status: 404, path: "/organizations/org_nope" },

  { name: "create a membership", route: CREATE, status: 200, path: members("org_main"), options: post({ user_id: "user_erin", role: "org:member" }) },
  {
    name: "create with metadata",
    route: CREATE,
    status: 200,
    path: members("org_main"),
    options: post({ user_id: "user_erin", role: "org:admin", public_metadata: { team: "infra" }, private_metadata: { seat: 7 } }),
  },
  {
    name: "create with null metadata",
    route: CREATE,
    status: 200,
    path: members("org_main"),
    options: post({ user_id: "user_dave", role: "org:member", public_metadata: null, private_metadata: null }),
  },
  { name: "create for a member", route: CREATE, status: 400, path: members("org_main"), options: post({ user_id: "user_bob", role: "org:admin" }) },
  { name: "create with malformed JSON", route: CREATE, status: 400, path: members("org_main"), options: post('{"user_id": "user_erin",') },
  { name: "create beyond max_allowed_memberships", route: CREATE, status: 403, path: members("org_full"), options: post({ user_id: "user_carol", role: "org:member" }) },
  { name: "create in an unknown organization", route: CREATE, status: 404, path: members("org_nope"), options: post({ user_id: "user_erin", role: "org:member" }) },
  { name: "create for an unknown user", route: CREATE, status: 404, path: members("org_main"), options: post({ user_id: "user_nope", role: "org:member" }) },
  { name: "create with an unknown role", route: CREATE, status: 404, path: members("org_main"), options: post({ user_id: "user_erin", role: "org:nope" }) },
  { name: "create without user_id and role", route: CREATE, status: 422, path: members("org_main"), options: post({}), body: "violates" },
  { name: "create with metadata that is not an object", route: CREATE, status: 422, path: members("org_main"), options: post({ user_id: "user_erin", role: "org:member", public_metadata: ["a"] }), body: "violates" },
  { name: "create with a bare role name", route: CREATE, status: 422, path: members("org_main"), options: post({ user_id: "user_erin", role: "admin" }) },
  { name: "create with metadata over 8 KB", route: CREATE, status: 422, path: members("org_main"), options: post({ user_id: "user_erin", role: "org:member", private_metadata: tooLarge }) },

  { name: "list the instance's organization roles", route: ROLES, status: 200, path: "/organization_roles?limit=500" },
  { name: "find roles by part of a key, a page in key order", route: ROLES, status: 200, path: "/organization_roles?query=BILL&order_by=key&limit=1&offset=0" },
  { name: "list roles in descending name order", route: ROLES, status: 200, path: "/organization_roles?order_by=-name" },
  { name: "list roles with limit 501", route: ROLES, status: 422, path: "/organization_roles?limit=501", query: "violates" },
  { name: "list roles ordered by an unknown field", route: ROLES, status: 422, path: "/organization_roles?order_by=permissions" },
  { name: "list an organization's memberships", route: LIST, status: 200, path: members("org_main") },
  {
    name: "list with user_id in its + and - forms, a page and an order",
    route: LIST,
    status: 200,
    path: members("org_main", "?user_id=%2Buser_bob&user_id=user_carol&user_id=-user_carol&limit=5&offset=0&order_by=%2Bcreated_at"),
  },
  {
    name: "list by email address, role, query and creation time",
    route: LIST,
    status: 200,
    path: members("org_main", "?email_address=alice@home.dev&role=org:admin&role=org:billing&query=ali&created_at_after=0&created_at_before=99999999999999&order_by=-first_name"),
  },
  {
    name: "list by username and the partial-match queries",
    route: LIST,
    status: 200,
    path: members("org_main", "?username=alice&username=bobby&username_query=ob&name_query=YOUNG&email_address_query=ACME.com&order_by=username"),
  },
  { name: "list with limit 0", route: LIST, status: 422, path: members("org_main", "?limit=0"), query: "violates" },
  { name: "list with limit 501", route: LIST, status: 422, path: members("org_main", "?limit=501"), query: "violates" },
  { name: "list with a negative offset", route: LIST, status: 422, path: members("org_main", "?offset=-1"), query: "violates" },
  { name: "list ordered by an unknown field", route: LIST, status: 422, path: members("org_main", "?order_by=-phone") },
  {
    name: "list with 101 user_id values",
    route: LIST,
    status: 422,
    path: members("org_main", `?${Array.from({ length: 101 }, (_, n) => `user_id=user_${n}`).join("&")}`),
  },
  { name: "list an unknown organization", route: LIST, status: 404, path: members("org_nope") },

  { name: "change a member's role", route: UPDATE, status: 200, path: members("org_main", "/user_bob"), options: patch({ role: "org:billing" }) },
  { name: "change the role of a non-member", route: UPDATE, status: 404, path: members("org_main", "/user_erin"), options: patch({ role: "org:admin" }) },
  { name: "change a role without role", route: UPDATE, status: 422, path: members("org_main", "/user_bob"), options: patch({}), body: "violates" },
  { name: "demote the last manager", route: UPDATE, status: 400, path: members("org_main", "/user_alice"), options: patch({ role: "org:member" }) },
  { name: "change a directory-managed role", route: UPDATE, status: 409, path: members("org_scim", "/user_dave"), options: patch({ role: "org:admin" }) },

  {
    name: "merge metadata, deleting keys set to null",
    route: METADATA,
    status: 200,
    path: members("org_main", "/user_bob/metadata"),
    options: patch({ public_metadata: { team: null, profile: { level: 2 } }, private_metadata: { seat: 4 } }),
  },
  { name: "merge the metadata of a non-member", route: METADATA, status: 404, path: members("org_main", "/user_erin/metadata"), options: patch({ public_metadata: {} }) },
  { name: "merge metadata over 8 KB", route: METADATA, status: 422, path: members("org_main", "/user_bob/metadata"), options: patch({ private_metadata: tooLarge }) },
  { name: "merge malformed JSON", route: METADATA, status: 400, path: members("org_main", "/user_bob/metadata"), options: patch("{") },

  { name: "remove a member", route: DELETE, status: 200, path: members("org_main", "/user_bob"), options: { method: "DELETE" } },
  { name: "remove a non-member", route: DELETE, status: 404, path: members("org_main", "/user_erin"), options: { method: "DELETE" } },
  { name: "remove the last manager", route: DELETE, status: 400, path: members("org_main", "/user_alice"), options: { method: "DELETE" } },
  { name: "remove a directory-managed member", route: DELETE, status: 409, path: members("org_scim", "/user_dave"), options: { method: "DELETE" } },

  { name: "list the instance's memberships", route: INSTANCE_MEMBERSHIPS, status: 200, path: "/organization_memberships?limit=3&offset=1&order_by=-created_at" },
  { name: "list the instance's memberships with limit 0", route: INSTANCE_MEMBERSHIPS, status: 422, path: "/organization_memberships?limit=0", query: "violates" },

  { name: "list a user's memberships", route: USER_MEMBERSHIPS, status: 200, path: "/users/user_alice/organization_memberships?limit=2&offset=1" },
  { name: "list an unknown user's memberships", route: USER_MEMBERSHIPS, status: 404, path: "/users/user_nope/organization_memberships" },
  { name: "list a user's memberships with limit 0", route: USER_MEMBERSHIPS, status: 422, path: "/users/user_alice/organization_memberships?limit=0", query: "violates" },

  { name: "find users by repeated email_address", route: USERS, status: 200, path: "/users?email_address=bob@acme.com&email_address=ALICE@home.dev&limit=500" },
  { name: "find no user by email_address", route: USERS, status: 200, path: "/users?email_address=nobody@acme.com" },
  { name: "list users with user_id in its + and - forms", route: USERS, status: 200, path: "/users?user_id=%2Buser_alice&user_id=user_bob&user_id=-user_bob&order_by=-updated_at" },
  {
    name: "list users by username, the partial-match queries and creation time",
    route: USERS,
    status: 200,
    path: "/users?username=ALICE&username_query=lic&name_query=zimmer&email_address_query=home&query=ali&created_at_after=0&created_at_before=99999999999999",
  },
  { name: "list users a page at a time, by last sign-in", route: USERS, status: 200, path: "/users?limit=2&offset=2&order_by=last_sign_in_at" },
  { name: "list users with limit 0", route: USERS, status: 422, path: "/users?limit=0", query: "violates" },
  { name: "list users ordered by an unknown field", route: USERS, status: 422, path: "/users?order_by=-nope" },

  { name: "invite an address", route: INVITE, status: 200, path: invitations("org_main"), options: post(invitee("erin.new@acme.com")) },
  {
    name: "invite with every documented parameter",
    route: INVITE,
    status: 200,
    path: invitations("org_main"),
    options: post(
      invitee("Frank@Acme.com", {
        role: "org:admin",
        inviter_user_id: "user_alice",
        public_metadata: { team: "infra" },
        private_metadata: { seat: 5 },
        redirect_url: "https://app.example.com/join",
        expires_in_days: 365,
        notify: false,
      }),
    ),
  },
  {
    name: "invite with the nullable parameters null",
    route: INVITE,
    status: 200,
    path: invitations("org_main"),
    options: post(invitee("gina@acme.com", { inviter_user_id: null, public_metadata: null, private_metadata: null, redirect_url: null, expires_in_days: null, notify: null })),
  },
  { name: "invite an address with a pending invitation", route: INVITE, status: 400, path: invitations("org_main"), options: post(invitee("NEWCOMER@acme.com")) },
  { name: "invite a member's address", route: INVITE, status: 400, path: invitations("org_main"), options: post(invitee("alice@home.dev")) },
  { name: "invite with malformed JSON", route: INVITE, status: 400, path: invitations("org_main"), options: post('{"email_address":') },
  { name: "invite beyond max_allowed_memberships", route: INVITE, status: 403, path: invitations("org_full"), options: post(invitee("x@acme.com")) },
  {
    name: "invite on behalf of a member who cannot manage members",
    route: INVITE,
    status: 403,
    path: invitations("org_main"),
    options: post(invitee("x@acme.com", { inviter_user_id: "user_bob" })),
  },
  { name: "invite to an unknown organization", route: INVITE, status: 404, path: invitations("org_nope"), options: post(invitee("x@acme.com")) },
  { name: "invite with an unknown role", route: INVITE, status: 404, path: invitations("org_main"), options: post(invitee("x@acme.com", { role: "org:nope" })) },
  {
    name: "invite on behalf of an unknown user",
    route: INVITE,
    status: 404,
    path: invitations("org_main"),
    options: post(invitee("x@acme.com", { inviter_user_id: "user_nope" })),
  },
  { name: "invite without email_address and role", route: INVITE, status: 422, path: invitations("org_main"), options: post({}), body: "violates" },
  {
    name: "invite for 366 days",
    route: INVITE,
    status: 422,
    path: invitations("org_main"),
    options: post(invitee("x@acme.com", { expires_in_days: 366 })),
    body: "violates",
  },
  { name: "invite for 0 days", route: INVITE, status: 422, path: invitations("org_main"), options: post(invitee("x@acme.com", { expires_in_days: 0 })), body: "violates" },
  { name: "invite an address that is not one", route: INVITE, status: 422, path: invitations("org_main"), options: post(invitee("not an address")) },
  { name: "invite with metadata over 8 KB", route: INVITE, status: 422, path: invitations("org_main"), options: post(invitee("x@acme.com", { public_metadata: tooLarge })) },

  {
    name: "invite in bulk",
    route: INVITE_BULK,
    status: 200,
    path: invitations("org_main", "/bulk"),
    options: post([invitee("one@acme.com"), invitee("two@acme.com", { role: "org:admin", inviter_user_id: "user_alice", public_metadata: { n: 2 }, expires_in_days: 7 })]),
  },
  {
    name: "invite 10 in bulk, the most one call takes",
    route: INVITE_BULK,
    status: 200,
    path: invitations("org_main", "/bulk"),
    options: post(Array.from({ length: 10 }, (_, index) => invitee(`many${index}@acme.com`))),
  },
  {
    name: "invite 11 in bulk",
    route: INVITE_BULK,
    status: 400,
    path: invitations("org_main", "/bulk"),
    options: post(Array.from({ length: 11 }, (_, index) => invitee(`many${index}@acme.com`))),
    body: "violates",
  },
  { name: "invite in bulk with a body that is not an array", route: INVITE_BULK, status: 400, path: invitations("org_main", "/bulk"), options: post(invitee("x@acme.com")), body: "violates" },
  {
    name: "invite in bulk an address twice",
    route: INVITE_BULK,
    status: 400,
    path: invitations("org_main", "/bulk"),
    options: post([invitee("twice@acme.com"), invitee("TWICE@acme.com")]),
  },
  { name: "invite in bulk a member's address", route: INVITE_BULK, status: 400, path: invitations("org_main", "/bulk"), options: post([invitee("bob@acme.com")]) },
  { name: "invite in bulk beyond max_allowed_memberships", route: INVITE_BULK, status: 403, path: invitations("org_full", "/bulk"), options: post([invitee("x@acme.com")]) },
  { name: "invite in bulk to an unknown organization", route: INVITE_BULK, status: 404, path: invitations("org_nope", "/bulk"), options: post([invitee("x@acme.com")]) },
  { name: "invite none in bulk", route: INVITE_BULK, status: 422, path: invitations("org_main", "/bulk"), options: post([]), body: "violates" },
  { name: "invite in bulk without a role", route: INVITE_BULK, status: 422, path: invitations("org_main", "/bulk"), options: post([{ email_address: "x@acme.com" }]), body: "violates" },

  { name: "list an organization's invitations", route: INVITATIONS, status: 200, path: invitations("org_main") },
  { name: "list pending invitations", route: INVITATIONS, status: 200, path: invitations("org_main", "?status=pending") },
  { name: "list accepted invitations", route: INVITATIONS, status: 200, path: invitations("org_main", "?status=accepted") },
  { name: "list revoked invitations", route: INVITATIONS, status: 200, path: invitations("org_main", "?status=revoked") },
  { name: "list expired invitations", route: INVITATIONS, status: 200, path: invitations("org_main", "?status=expired") },
  {
    name: "list invitations by email address, a page at a time, by email address",
    route: INVITATIONS,
    status: 200,
    path: invitations("org_main", "?email_address=NEWCOMER@acme.com&limit=1&offset=0&order_by=-email_address"),
  },
  {
    // The description types `status` as one value while saying it "accepts multiple values"; the official SDK sends
    // one `status` per value, as here, so the emulator takes them.
    name: "list invitations with several statuses",
    route: INVITATIONS,
    status: 200,
    path: invitations("org_main", "?status=revoked&status=expired&order_by=%2Bcreated_at"),
    query: "violates",
  },
  { name: "list invitations with an unknown status", route: INVITATIONS, status: 422, path: invitations("org_main", "?status=open"), query: "violates" },
  { name: "list invitations with limit 0", route: INVITATIONS, status: 422, path: invitations("org_main", "?limit=0"), query: "violates" },
  { name: "list invitations ordered by an unknown field", route: INVITATIONS, status: 422, path: invitations("org_main", "?order_by=role") },
  { name: "list an unknown organization's invitations", route: INVITATIONS, status: 404, path: invitations("org_nope") },

  { name: "list pending invitations (deprecated route)", route: PENDING_INVITATIONS, status: 200, path: invitations("org_main", "/pending?limit=5&offset=0") },
  { name: "list an unknown organization's pending invitations", route: PENDING_INVITATIONS, status: 404, path: invitations("org_nope", "/pending") },
  { name: "list pending invitations with limit 501", route: PENDING_INVITATIONS, status: 422, path: invitations("org_main", "/pending?limit=501"), query: "violates" },

  { name: "get a pending invitation", route: INVITATION, status: 200, path: invitations("org_main", "/orginv_pending") },
  { name: "get an accepted invitation", route: INVITATION, status: 200, path: invitations("org_main", "/orginv_accepted") },
  { name: "get a revoked invitation", route: INVITATION, status: 200, path: invitations("org_main", "/orginv_revoked") },
  { name: "get an expired invitation", route: INVITATION, status: 200, path: invitations("org_main", "/orginv_expired") },
  { name: "get an unknown invitation", route: INVITATION, status: 404, path: invitations("org_main", "/orginv_nope") },
  { name: "get another organization's invitation", route: INVITATION, status: 404, path: invitations("org_main", "/orginv_scim") },

  { name: "revoke a pending invitation", route: REVOKE, status: 200, path: invitations("org_main", "/orginv_pending/revoke"), options: { method: "POST" } },
  {
    name: "revoke on behalf of a user who can manage members",
    route: REVOKE,
    status: 200,
    path: invitations("org_main", "/orginv_pending/revoke"),
    options: post({ requesting_user_id: "user_alice" }),
  },
  {
    name: "revoke with requesting_user_id null",
    route: REVOKE,
    status: 200,
    path: invitations("org_main", "/orginv_pending/revoke"),
    options: post({ requesting_user_id: null }),
  },
  { name: "revoke an accepted invitation", route: REVOKE, status: 404, path: invitations("org_main", "/orginv_accepted/revoke"), options: { method: "POST" } },
  { name: "revoke a revoked invitation", route: REVOKE, status: 404, path: invitations("org_main", "/orginv_revoked/revoke"), options: { method: "POST" } },
  { name: "revoke an expired invitation", route: REVOKE, status: 404, path: invitations("org_main", "/orginv_expired/revoke"), options: { method: "POST" } },
  { name: "revoke an unknown invitation", route: REVOKE, status: 404, path: invitations("org_main", "/orginv_nope/revoke"), options: { method: "POST" } },
  {
    name: "revoke on behalf of a member who cannot manage members",
    route: REVOKE,
    status: 403,
    path: invitations("org_main", "/orginv_pending/revoke"),
    options: post({ requesting_user_id: "user_bob" }),
  },
  { name: "revoke with malformed JSON", route: REVOKE, status: 400, path: invitations("org_main", "/orginv_pending/revoke"), options: post("{") },
  {
    name: "revoke with a parameter the route does not take",
    route: REVOKE,
    status: 422,
    path: invitations("org_main", "/orginv_pending/revoke"),
    options: post({ requesting_user: "user_alice" }),
  },
];

/**
 * Query parameters the description documents that the emulator does not interpret (it ignores them), with why.
 * Every other documented parameter is exercised by a successful scenario above.
 */
const NOT_INTERPRETED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  [LIST]: {
    phone_number: "emulated users have no phone numbers; the provider never sends it",
    phone_number_query: "emulated users have no phone numbers; the provider never sends it",
    web3_wallet: "emulated users have no web3 wallets; the provider never sends it",
    last_active_at_before: "emulated users have no session activity; the provider never sends it",
    last_active_at_after: "emulated users have no session activity; the provider never sends it",
  },
  [USERS]: {
    phone_number: "emulated users have no phone numbers; the provider never sends it",
    phone_number_query: "emulated users have no phone numbers; the provider never sends it",
    web3_wallet: "emulated users have no web3 wallets; the provider never sends it",
    external_id: "emulated users have no external ids; the provider never sends it",
    organization_id: "the provider finds members through the organization's membership list, never through GET /users",
    banned: "emulated users are never banned; the provider never sends it",
    last_active_at_before: "emulated users have no session activity; the provider never sends it",
    last_active_at_after: "emulated users have no session activity; the provider never sends it",
    last_active_at_since: "deprecated, and emulated users have no session activity; the provider never sends it",
    last_sign_in_at_before: "emulated users have never signed in; the provider never sends it",
    last_sign_in_at_after: "emulated users have never signed in; the provider never sends it",
    provider: "emulated users have no external accounts; the provider never sends it",
    provider_user_id: "emulated users have no external accounts; the provider never sends it",
    starting_after: "cursor paging is not emulated; the provider pages with limit and offset",
  },
  [ORGANIZATION]: {},
  [INSTANCE_MEMBERSHIPS]: {},
  [USER_MEMBERSHIPS]: {},
};

const emulator = useEmulator({ seed: SEED, rateLimit: false });

function send(handle: EmulatorHandle, path: string, options: CallOptions = {}): Promise<CallResult> {
  return call(`${handle.clerkApiUrl}${path}`, { token: SECRET_KEY, ...options });
}

function searchOf(path: string): URLSearchParams {
  return new URL(path, "http://emulator.invalid").searchParams;
}

function checkRequest(scenario: Scenario): void {
  const operation = operationOf(scenario.route);
  const success = scenario.status >= 200 && scenario.status < 300;
  checkQuery(operation, searchOf(scenario.path), scenario.query ?? (success ? "conforms" : "unchecked"));
  const body = scenario.options?.body;
  if (body !== undefined && typeof body !== "string") checkRequestBody(operation, body, scenario.body ?? (success ? "conforms" : "unchecked"));
}

describe("every Clerk answer of the emulator matches Clerk's OpenAPI description (Backend API 2025-11-10)", () => {
  test("the vendored description is the API version the provider pins, and a version the emulator accepts", () => {
    expect(specDocument.info.version).toBe(CLERK_API_VERSION);
    expect(CLERK_API_VERSIONS).toContain(CLERK_API_VERSION);
  });

  test.each(SCENARIOS.map((scenario) => [`${scenario.route} → ${scenario.status}: ${scenario.name}`, scenario] as const))("%s", async (_name, scenario) => {
    checkRequest(scenario);
    emulator.handle.seed(SEED);
    const result = await send(emulator.handle, scenario.path, scenario.options);
    expect({ status: result.status, body: result.json }).toMatchObject({ status: scenario.status });
    expectConforms(scenario.route, result);
  });

  test("the scenarios cover every Clerk route the emulator serves, each one the description has", async () => {
    const routes = z.array(z.string()).parse((await call(`${emulator.handle.url}/_emulator/routes`)).json);
    const clerkRoutes = routes.filter((route) => route.split(" ")[1]?.startsWith("/v1/"));
    expect(new Set(SCENARIOS.map((scenario) => scenario.route))).toEqual(new Set(clerkRoutes));
    for (const route of clerkRoutes) expect(() => operationOf(route)).not.toThrow();
  });

  test("every documented query parameter is either exercised by a successful scenario or named as not interpreted", () => {
    for (const route of new Set(SCENARIOS.map((scenario) => scenario.route))) {
      const operation = operationOf(route);
      if (operation.method !== "get") continue;
      const documented = [...queryParameters(operation).keys()].sort();
      const exercised = new Set(
        SCENARIOS.filter((scenario) => scenario.route === route && scenario.status < 300).flatMap((scenario) => [...searchOf(scenario.path).keys()]),
      );
      const ignored = Object.keys(NOT_INTERPRETED[route] ?? {});
      for (const name of ignored) expect({ route, name, exercised: exercised.has(name) }).toEqual({ route, name, exercised: false });
      expect({ route, parameters: [...new Set([...exercised, ...ignored])].sort() }).toEqual({ route, parameters: documented });
    }
  });

  test("each named difference is one the description really lacks", () => {
    for (const [route, statuses] of Object.entries(UNDOCUMENTED)) {
      const documented = documentedStatuses(operationOf(route));
      for (const status of Object.keys(statuses)) expect({ route, status, documented: documented.includes(status) }).toEqual({ route, status, documented: false });
    }
  });
});

// ---- What the admin API answers for an invitee's acceptance, in the API's own shapes. ----

describe("the admin accept and expire of an organization invitation answer in the description's shapes", () => {
  const adminPost = (path: string): Promise<CallResult> => call(`${emulator.handle.url}/_emulator/clerk${path}`, { method: "POST" });
  const schemaOf = (route: string): Pointer => responseSchema(operationOf(route), "200") ?? [];

  test("the accepted invitation, the user it signed up and the membership it made; an expired invitation", async () => {
    emulator.handle.seed(SEED);
    const accepted = await adminPost("/organizations/org_main/invitations/orginv_pending/accept");
    expect(accepted.status).toBe(200);
    const { invitation, user, membership } = z.object({ invitation: z.unknown(), user: z.unknown(), membership: z.unknown() }).parse(accepted.json);
    expect(invitation).toMatchObject({ status: "accepted" });
    expect(problemsWith(schemaOf(INVITATION), invitation)).toBeUndefined();
    expect(problemsWith(schemaOf(CREATE), membership)).toBeUndefined();
    expect(problemsWith(schemaOf(USERS), [user])).toBeUndefined();

    const expired = await adminPost("/organizations/org_scim/invitations/orginv_scim/expire");
    expect(expired.status).toBe(200);
    const body = z.object({ invitation: z.unknown() }).parse(expired.json);
    expect(body.invitation).toMatchObject({ status: "expired" });
    expect(problemsWith(schemaOf(INVITATION), body.invitation)).toBeUndefined();
  });
});

// ---- Answers every route gives: authentication, API version, rate limit. ----

/** One successful request per route, to which the cross-cutting failures are applied. */
const PROBES: ReadonlyArray<readonly [string, string, CallOptions]> = [
  [ORGANIZATION, "/organizations/org_main", {}],
  [CREATE, members("org_main"), post({ user_id: "user_erin", role: "org:member" })],
  [LIST, members("org_main"), {}],
  [UPDATE, members("org_main", "/user_bob"), patch({ role: "org:billing" })],
  [METADATA, members("org_main", "/user_bob/metadata"), patch({ public_metadata: { a: 1 } })],
  [DELETE, members("org_main", "/user_bob"), { method: "DELETE" }],
  [INSTANCE_MEMBERSHIPS, "/organization_memberships", {}],
  [USER_MEMBERSHIPS, "/users/user_alice/organization_memberships", {}],
  [USERS, "/users", {}],
  [INVITE, invitations("org_main"), post(invitee("erin.new@acme.com"))],
  [INVITE_BULK, invitations("org_main", "/bulk"), post([invitee("erin.new@acme.com")])],
  [INVITATIONS, invitations("org_main"), {}],
  [PENDING_INVITATIONS, invitations("org_main", "/pending"), {}],
  [INVITATION, invitations("org_main", "/orginv_pending"), {}],
  [REVOKE, invitations("org_main", "/orginv_pending/revoke"), { method: "POST" }],
];

describe("failures every Clerk route answers, documented there or named in CROSS_CUTTING", () => {
  const failures: ReadonlyArray<readonly [string, number, string, (options: CallOptions) => CallOptions]> = [
    ["no Authorization header", 401, "authorization_header_format_invalid", (options) => ({ ...options, token: undefined })],
    ["an unknown secret key", 401, "clerk_key_invalid", (options) => ({ ...options, token: "sk_test_unknown" })],
    ["an unreleased Clerk-API-Version", 400, "api_version_invalid", (options) => ({ ...options, headers: { "Clerk-API-Version": "2025-12-03" } })],
  ];

  test.each(
    PROBES.flatMap(([route, path, options]) =>
      failures.map(([what, status, code, change]) => [`${route}: ${what} → ${status} ${code}`, route, path, change({ token: SECRET_KEY, ...options }), status, code] as const),
    ),
  )(
    "%s",
    async (_name, route, path, options, status, code) => {
      emulator.handle.seed(SEED);
      const result = await call(`${emulator.handle.clerkApiUrl}${path}`, options);
      expect(result.status).toBe(status);
      expect(clerkErrorEnvelopeWire.parse(result.json).errors?.[0]?.code).toBe(code);
      expectConforms(route, result);
    },
  );

  test.each(PROBES.map(([route, path, options]) => [route, path, options] as const))("%s: rate limited → 429 too_many_requests", async (route, path, options) => {
    emulator.handle.seed(SEED);
    emulator.handle.setFaults({ rate429: 1 });
    try {
      const result = await send(emulator.handle, path, options);
      expect(result.status).toBe(429);
      expectConforms(route, result);
    } finally {
      emulator.handle.setFaults({});
    }
  });

  test.each(PROBES.map(([route, path, options]) => [route, path, options] as const))("%s: a server failure → 5xx internal_clerk_error", async (route, path, options) => {
    emulator.handle.seed(SEED);
    emulator.handle.setFaults({ rate5xx: 1 });
    try {
      const result = await send(emulator.handle, path, options);
      expect([500, 502, 503]).toContain(result.status);
      expectConforms(route, result);
    } finally {
      emulator.handle.setFaults({});
    }
  });

  test.each(PROBES.map(([route, path, options]) => [route, path, options] as const))("%s: every released Clerk-API-Version is accepted", async (route, path, options) => {
    for (const version of CLERK_API_VERSIONS) {
      emulator.handle.seed(SEED);
      const result = await send(emulator.handle, path, { ...options, headers: { "Clerk-API-Version": version } });
      expect({ version, status: result.status }).toEqual({ version, status: 200 });
      expectConforms(route, result);
    }
  });

  test("the cross-cutting statuses are absent from some route's description (otherwise they need no reason)", () => {
    for (const status of Object.keys(CROSS_CUTTING)) {
      expect(PROBES.some(([route]) => !documentedStatuses(operationOf(route)).includes(status))).toBe(true);
    }
  });
});

// ---- The provider's own requests, as they arrive on the wire. ----

interface RecordedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
  status?: number;
}

/** A pass-through proxy in front of the emulator that records each request the provider sends. */
async function startRecordingProxy(target: string, recorded: RecordedRequest[]): Promise<{ url: string; server: Server }> {
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const entry: RecordedRequest = {
        method: request.method ?? "GET",
        url: new URL(request.url ?? "/", target),
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      recorded.push(entry);
      const headers: Record<string, string> = {};
      for (const name of ["authorization", "content-type", "clerk-api-version"]) {
        const value = request.headers[name];
        if (typeof value === "string") headers[name] = value;
      }
      fetch(entry.url, { method: entry.method, headers, body: entry.body === "" ? undefined : entry.body })
        .then(async (answer) => {
          entry.status = answer.status;
          const text = await answer.text();
          response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
          response.end(text);
        })
        .catch((error: unknown) => {
          response.writeHead(502);
          response.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("the provider's Clerk requests", () => {
  const recorded: RecordedRequest[] = [];
  let proxy: { url: string; server: Server } | undefined;

  beforeAll(async () => {
    proxy = await startRecordingProxy(emulator.handle.url, recorded);
  });

  afterAll(async () => {
    await closeHttpConnections();
    await new Promise<void>((resolve) => proxy?.server.close(() => resolve()));
  });

  test("use only operations the description has, with documented query parameters, valid values and conforming bodies", async () => {
    emulator.handle.seed(SEED);
    const http = new HttpClient({
      baseUrl: `${proxy?.url ?? ""}/v1`,
      apiKey: SECRET_KEY,
      profile: clerkServiceProfile,
      limiter: new RateLimiter({ requests: 1000, windowMs: 1000 }),
      // As provider/runtime.ts builds the Clerk client.
      headers: { "clerk-api-version": CLERK_API_VERSION },
    });
    const api = new ClerkMembershipApi(http);
    const desired = { organizationId: "org_main", userId: "user_erin", adoptExisting: false, role: "org:member", publicMetadata: { team: "infra" }, privateMetadata: {} };
    const created = await api.create(desired);
    const found = await api.find(desired);
    expect(found?.membershipId).toBe(created.membershipId);
    const converged = await api.converge(created, { ...desired, role: "org:billing", publicMetadata: { team: "core" }, privateMetadata: { seat: 9 } });
    expect(converged).toMatchObject({ role: "org:billing", publicMetadata: { team: "core" }, privateMetadata: { seat: 9 } });
    expect((await api.list("org_main")).map((member) => member.userId).sort()).toEqual(["user_alice", "user_bob", "user_carol", "user_erin"]);
    expect((await api.usersByEmail(["alice@home.dev", "nobody@acme.com"])).get("alice@home.dev")).toEqual(["user_alice"]);
    await api.remove(converged);
    expect(await api.organizationRules("org_main")).toEqual({ roles: expect.arrayContaining(["org:admin", "org:member", "org:billing"]) as unknown });

    const operations = new Set<string>();
    for (const request of recorded) {
      const label = `${request.method} ${request.url.pathname}${request.url.search}`;
      expect({ label, status: request.status }).toEqual({ label, status: 200 });
      expect({ label, version: request.headers["clerk-api-version"] }).toEqual({ label, version: specDocument.info.version });
      const operation = operationForRequest(request.method, request.url.pathname.replace(/^\/v1(?=\/)/, ""));
      operations.add(`${request.method} ${operation.path}`);
      checkQuery(operation, request.url.searchParams, "conforms");
      if (request.body !== "") checkRequestBody(operation, JSON.parse(request.body), "conforms");
      else if (isRecord(operation.node.requestBody)) expect(operation.node.requestBody.required).not.toBe(true);
    }
    expect([...operations].sort()).toEqual([
      "DELETE /organizations/{organization_id}/memberships/{user_id}",
      "GET /organization_roles",
      "GET /organizations/{organization_id}",
      "GET /organizations/{organization_id}/memberships",
      "GET /users",
      "PATCH /organizations/{organization_id}/memberships/{user_id}",
      "PATCH /organizations/{organization_id}/memberships/{user_id}/metadata",
      "POST /organizations/{organization_id}/memberships",
    ]);
  });
});

// ---- The provider's wire schemas against the description's examples. ----

type ExampleMode = "minimal" | "full";

/**
 * An instance of the schema at `pointer` built from the description: its `example`s where it gives them, otherwise
 * the first enum value or a plain value of the type. "minimal" has only the required properties, nulls wherever
 * null is allowed and empty arrays; "full" has every property (down to a depth), non-null values and one item per
 * array. Of `anyOf`/`oneOf` branches, the first whose own example it accepts is taken.
 */
function exampleOf(pointer: Pointer, mode: ExampleMode, depth = 0, extraRequired: readonly string[] = []): unknown {
  const { pointer: at, node } = follow(pointer);
  if (node.example !== undefined) return structuredClone(node.example);
  for (const combinator of ["anyOf", "oneOf"] as const) {
    const branches = node[combinator];
    if (!Array.isArray(branches)) continue;
    const isNull = (branch: unknown): boolean => isRecord(branch) && branch.type === "null";
    if (mode === "minimal" && branches.some(isNull)) return null;
    const { [combinator]: _branches, ...rest } = node;
    for (const [index, branch] of branches.entries()) {
      if (isNull(branch)) continue;
      const branchPointer = [...at, combinator, String(index)];
      // A branch that only names required properties (`anyOf: [{required: [domain]}, …]`) constrains this object.
      const onlyRequires = isRecord(branch) && Array.isArray(branch.required) && branch.type === undefined && branch.properties === undefined;
      const candidate = onlyRequires
        ? ownExample(rest, at, mode, depth, [...extraRequired, ...(branch.required as string[])])
        : merge(ownExample(rest, at, mode, depth, extraRequired), exampleOf(branchPointer, mode, depth));
      if (validatorFor(branchPointer)(candidate) || index === branches.length - 1) return candidate;
    }
  }
  if (Array.isArray(node.allOf)) {
    return node.allOf.reduce<unknown>((example, _branch, index) => merge(example, exampleOf([...at, "allOf", String(index)], mode, depth)), ownExample(node, at, mode, depth, extraRequired));
  }
  return ownExample(node, at, mode, depth, extraRequired) ?? {};
}

function merge(base: unknown, addition: unknown): unknown {
  if (isRecord(base) && isRecord(addition)) return { ...base, ...addition };
  return addition ?? base;
}

/** The example of the node's own keywords (`enum`, `type`, `properties`), combinators aside. */
function ownExample(node: Record<string, unknown>, at: Pointer, mode: ExampleMode, depth: number, extraRequired: readonly string[]): unknown {
  if (Array.isArray(node.enum)) return node.enum[0];
  if (node.type === "object" || isRecord(node.properties)) {
    const example: Record<string, unknown> = {};
    const properties = isRecord(node.properties) ? node.properties : {};
    const required = [...(Array.isArray(node.required) ? (node.required as string[]) : []), ...extraRequired];
    for (const name of Object.keys(properties)) {
      if (required.includes(name) || (mode === "full" && depth < 4)) example[name] = exampleOf([...at, "properties", name], mode, depth + 1);
    }
    return example;
  }
  switch (node.type) {
    case "array":
      return mode === "full" && depth < 4 ? [exampleOf([...at, "items"], mode, depth + 1)] : [];
    case "integer":
      return typeof node.minimum === "number" ? node.minimum : 1700690400000;
    case "number":
      return 1.5;
    case "boolean":
      return mode === "full";
    case "string":
      // A `pattern` is not honoured: where one applies, the `anyOf`/`oneOf` choice above takes a branch without it.
      return node.format === "email" ? "someone@example.com" : "example";
    default:
      return undefined;
  }
}

/** The schema of a response the provider reads, and every example of it: written in the description, or built from it. */
function examplesFor(routeKey: string, status: string): Array<readonly [string, unknown]> {
  const operation = operationOf(routeKey);
  const schema = responseSchema(operation, status);
  if (!schema) throw new Error(`${routeKey} has no JSON body for ${status}`);
  const { node: response } = follow([...operation.pointer, "responses", status]);
  const media = isRecord(response.content) && isRecord(response.content["application/json"]) ? response.content["application/json"] : {};
  const written: Array<readonly [string, unknown]> = [];
  if (media.example !== undefined) written.push(["written example", media.example]);
  if (isRecord(media.examples)) {
    for (const [name, example] of Object.entries(media.examples)) if (isRecord(example)) written.push([`written example ${name}`, example.value]);
  }
  return [...written, ["minimal", exampleOf(schema, "minimal")], ["full", exampleOf(schema, "full")]];
}

describe("the provider's wire schemas accept the description's examples", () => {
  const cases: ReadonlyArray<readonly [string, string, string, z.ZodType]> = [
    ["a membership (create, change role, merge metadata, remove)", CREATE, "200", clerkMembershipWire],
    ["a membership list", LIST, "200", clerkMembershipListWire],
    ["a user list", USERS, "200", clerkUserListWire],
    ["an organization (its membership limit)", ORGANIZATION, "200", clerkOrganizationWire],
    ["a role list", ROLES, "200", clerkRoleListWire],
    ["ClerkErrors", CREATE, "422", clerkErrorEnvelopeWire],
  ];

  test.each(cases)("%s", (_name, route, status, wire) => {
    const schema = responseSchema(operationOf(route), status) ?? [];
    for (const [label, example] of examplesFor(route, status)) {
      // The example is one the description allows, and the provider's schema takes it.
      expect({ label, problems: problemsWith(schema, example) }).toEqual({ label, problems: undefined });
      const parsed = wire.safeParse(example);
      expect({ label, issues: parsed.error?.issues }).toEqual({ label, issues: undefined });
    }
  });

  test("an error body the description allows is read for its code, message and parameter", () => {
    const example = exampleOf(CLERK_ERRORS, "full");
    const parsed = clerkServiceProfile.parseError(422, example, {});
    expect(parsed).toMatchObject({ code: "example", message: "example" });
    expect(clerkServiceProfile.parseError(422, exampleOf(CLERK_ERRORS, "minimal"), {})).toMatchObject({ code: undefined });
  });
});
