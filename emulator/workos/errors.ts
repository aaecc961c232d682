// WorkOS error bodies (`{"message","code"}`, plus `errors[]` on 422 and `entity_id` on 404) and the errors the
// emulated User Management API (memberships, users, invitations) raises.
import { STATUS_CODES } from "node:http";
import { type ApiResponse, type BackendErrorResponses, jsonResponse, textResponse } from "../core/backend";
import type { BodyIssue } from "../core/body-validation";
import type { JsonObject } from "../core/json";

/** An error response of the emulated WorkOS API. */
export class WorkosApiError extends Error {
  override readonly name = "WorkosApiError";

  constructor(
    readonly status: number,
    readonly body: JsonObject & { message: string },
  ) {
    super(body.message);
  }

  toResponse(): ApiResponse {
    return jsonResponse(this.status, this.body);
  }
}

export interface FieldError {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

const ENTITY_NAMES = {
  organization: "Organization",
  user: "User",
  organization_membership: "Organization membership",
  invitation: "Invitation",
} as const;

export const WorkosErrors = {
  unauthorized: () => new WorkosApiError(401, { message: "Unauthorized" }),
  entityNotFound: (kind: keyof typeof ENTITY_NAMES, id: string) =>
    new WorkosApiError(404, { message: `${ENTITY_NAMES[kind]} not found: '${id}'.`, code: "entity_not_found", entity_id: id }),
  invalidParameters: (errors: readonly FieldError[]) =>
    new WorkosApiError(422, {
      message: "Validation failed.",
      code: "invalid_request_parameters",
      errors: errors.map((error) => ({ field: error.field, code: error.code, message: error.message })),
    }),
  invalidCursor: (param: string, id: string) =>
    new WorkosApiError(400, { message: `Invalid ${param} cursor: no object with id '${id}'.`, code: "invalid_request_parameters" }),
  missingUserOrOrganization: () =>
    new WorkosApiError(400, { message: "Either user_id or organization_id must be provided.", code: "missing_user_id_or_organization_id" }),
  invalidRole: (slug: string) => new WorkosApiError(422, { message: `Role '${slug}' is not a valid role.`, code: "invalid_role" }),
  multipleRolesNotEnabled: () =>
    new WorkosApiError(422, { message: "Multiple roles are not enabled for this environment.", code: "multiple_roles_not_enabled" }),
  membershipAlreadyExists: (userId: string, organizationId: string) =>
    new WorkosApiError(409, {
      message: `An organization membership already exists for user '${userId}' in organization '${organizationId}'.`,
      code: "organization_membership_already_exists",
    }),
  cannotDeactivatePending: () =>
    new WorkosApiError(400, {
      message: "A pending organization membership cannot be deactivated. This membership should be deleted instead.",
      code: "cannot_deactivate_pending_organization_membership",
    }),
  cannotReactivatePending: () =>
    new WorkosApiError(400, {
      message: "A pending organization membership cannot be reactivated. The user needs to accept the invitation instead.",
      code: "cannot_reactivate_pending_organization_membership",
    }),
  idempotencyKeyReused: () =>
    new WorkosApiError(400, {
      message: "This Idempotency-Key was already used with a different request. Use a new key for a new request.",
      code: "idempotency_key_reused",
    }),
};

/** A 400 with one of the invitation error codes the API description lists (`{"code","message"}`, nothing more). */
function invitationError(code: string, message: string): WorkosApiError {
  return new WorkosApiError(400, { message, code });
}

/** The errors of the invitation routes, in the codes the API description gives for each route. */
export const WorkosInvitationErrors = {
  emailAlreadyInvitedToOrganization: (email: string, organizationId: string) =>
    invitationError("email_already_invited_to_organization", `An invitation for '${email}' to organization '${organizationId}' is already pending.`),
  emailAlreadyInvited: (email: string) => invitationError("email_already_invited", `An invitation for '${email}' is already pending.`),
  userAlreadyOrganizationMember: (email: string, organizationId: string) =>
    invitationError("user_already_organization_member", `The user with email '${email}' is already a member of organization '${organizationId}'.`),
  userAlreadyExists: (email: string) => invitationError("user_already_exists", `A user with email '${email}' already exists.`),
  expiresInDaysTooShort: () => invitationError("expires_in_days_too_short", "expires_in_days must be at least 1."),
  expiresInDaysTooLong: () => invitationError("expires_in_days_too_long", "expires_in_days must be at most 30."),
  /** Send answers an unknown role with a 400, unlike the membership routes' 422. */
  invalidRole: (slug: string) => invitationError("invalid_role", `Role '${slug}' is not a valid role.`),
  notPending: () => invitationError("invite_not_pending", "Invite is not pending."),
  invalidInvite: (reason: string) => invitationError("invalid_invite", reason),
  expired: () => invitationError("invite_expired", "Invite has expired."),
  revoked: () => invitationError("invite_revoked", "Invite has been revoked."),
  accepted: () => invitationError("invite_accepted", "Invite has already been accepted."),
};

/** Body validation issues as one 422 `invalid_request_parameters` with an entry per problem. */
export function bodyIssuesError(issues: readonly BodyIssue[]): WorkosApiError {
  return WorkosErrors.invalidParameters(
    issues.map((issue) => ({
      field: issue.param === "" ? "body" : issue.param,
      code: issue.kind === "missing" ? "required" : issue.kind === "unknown" ? "unknown" : "invalid",
      message: issue.kind === "missing" ? `${issue.param} is required.` : issue.detail,
    })),
  );
}

function gatewayPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? "Error"}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

export const workosErrorResponses: BackendErrorResponses = {
  routeNotFound: (method, path) =>
    new WorkosApiError(404, { message: `Cannot ${method} ${path}`, code: "not_found" }).toResponse(),
  malformedBody: (reason) =>
    new WorkosApiError(400, { message: `The request body is not valid JSON: ${reason}`, code: "invalid_json" }).toResponse(),
  rateLimited: () => new WorkosApiError(429, { message: "Too many requests.", code: "rate_limit_exceeded" }).toResponse(),
  // Half of the injected server errors carry a gateway's HTML page instead of JSON, as a load balancer would.
  serverError: (status, random) =>
    random.next() < 0.5
      ? textResponse(status, "text/html", gatewayPage(status))
      : new WorkosApiError(status, { message: STATUS_CODES[status] ?? "Server error", code: "server_error" }).toResponse(),
};
