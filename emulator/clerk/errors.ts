// Clerk's error envelope (`{"errors":[{message,long_message,code,meta}],"clerk_trace_id"}`) and the errors the
// emulated Clerk API raises, named after the situations in the Clerk reference.
import { type ApiResponse, type BackendErrorResponses, jsonResponse } from "../core/backend";
import type { BodyIssue } from "../core/body-validation";
import { randomHex } from "../core/ids";
import type { JsonObject } from "../core/json";

export interface ClerkErrorDetail {
  readonly code: string;
  /** Clerk's short message. */
  readonly message: string;
  readonly longMessage: string;
  readonly paramName?: string;
}

/** An error response of the emulated Clerk API: one status, one or more error details. */
export class ClerkApiError extends Error {
  override readonly name = "ClerkApiError";

  constructor(
    readonly status: number,
    readonly details: readonly [ClerkErrorDetail, ...ClerkErrorDetail[]],
  ) {
    super(details.map((detail) => `${detail.code}: ${detail.longMessage}`).join("; "));
  }

  toResponse(): ApiResponse {
    return clerkErrorResponse(this.status, this.details);
  }
}

function metaOf(detail: ClerkErrorDetail): JsonObject {
  return detail.paramName === undefined ? {} : { param_name: detail.paramName };
}

export function clerkErrorResponse(status: number, details: readonly ClerkErrorDetail[]): ApiResponse {
  return jsonResponse(status, {
    errors: details.map((detail) => ({
      message: detail.message,
      long_message: detail.longMessage,
      code: detail.code,
      meta: metaOf(detail),
    })),
    clerk_trace_id: randomHex(16),
  });
}

function error(status: number, code: string, message: string, longMessage: string, paramName?: string): ClerkApiError {
  return new ClerkApiError(status, [{ code, message, longMessage, paramName }]);
}

export const ClerkErrors = {
  organizationNotFound: (organizationId: string) =>
    error(404, "resource_not_found", "not found", `Given organization not found: no organization with id ${organizationId}.`, "organization_id"),
  userNotFound: (userId: string) =>
    error(404, "resource_not_found", "not found", `No user was found with id ${userId}.`, "user_id"),
  roleNotFound: (role: string) =>
    error(404, "resource_not_found", "not found", `Organization role not found: no role with key ${role} in this instance.`, "role"),
  membershipNotFound: (organizationId: string, userId: string) =>
    error(404, "resource_not_found", "not found", `No organization membership was found for user ${userId} in organization ${organizationId}.`),
  alreadyMember: (userId: string, organizationId: string) =>
    error(400, "already_a_member_in_organization", "already a member", `${userId} is already a member of the organization ${organizationId}.`),
  quotaExceeded: (maxAllowedMemberships: number) =>
    error(
      403,
      "organization_membership_quota_exceeded",
      "organization membership quota exceeded",
      `You have reached your limit of ${maxAllowedMemberships} organization memberships, including outstanding invitations.`,
    ),
  minimumPermissionsNeeded: () =>
    error(
      400,
      "organization_minimum_permissions_needed",
      "minimum organization permissions needed",
      "There has to be at least one organization member with the minimum required permissions",
    ),
  managedByScim: () =>
    error(
      409,
      "organization_membership_managed_by_scim",
      "membership role managed by SCIM",
      "This membership is managed by a SCIM directory and cannot be changed manually.",
    ),
  paramInvalid: (param: string, reason: string) =>
    error(422, "form_param_value_invalid", "is invalid", `${param} is invalid: ${reason}`, param),
  paramTooLarge: (param: string, limitBytes: number) =>
    error(422, "form_param_exceeds_allowed_size", "exceeds allowed size", `${param} exceeds the maximum allowed size of ${limitBytes} bytes.`, param),
  malformedRequest: (reason: string) =>
    error(400, "malformed_request_parameters", "Malformed request parameters", `The request parameters are malformed and could not be parsed: ${reason}`),
  apiVersionInvalid: (version: string, supported: readonly string[]) =>
    error(
      400,
      "api_version_invalid",
      "invalid API version",
      `Invalid Clerk API version: ${version} is not a released version (released: ${supported.join(", ")}).`,
    ),
  // Organization invitations: the codes and wording of Clerk's error catalog (Backend API, and the Frontend API for
  // what an invitee does), which the description's ClerkErrors envelope carries.
  invitationNotFound: (invitationId: string) =>
    error(404, "resource_not_found", "not found", `No invitation was found with id ${invitationId}.`, "invitation_id"),
  /** A pending invitation for this address already exists in the organization (OrganizationInvitationNotUnique). */
  invitationNotUnique: (emailAddress: string) =>
    error(
      400,
      "organization_invitation_not_unique",
      "organization invitation not unique",
      `Organizations cannot have duplicate pending invitations for an email address: ${emailAddress} already has one.`,
      "email_address",
    ),
  /** The invitee already is a member (AlreadyAMemberOfOrganization); the message names the address, as Clerk's does. */
  alreadyMemberByEmail: (emailAddress: string) =>
    error(400, "already_a_member_in_organization", "already a member", `${emailAddress} is already a member of the organization.`, "email_address"),
  /** Only a pending invitation can be revoked or expired; Clerk's catalog gives this one 404. */
  invitationNotPending: () =>
    error(404, "organization_invitation_not_pending", "not pending", "The organization invitation is not in the 'pending' status."),
  invitationAlreadyAccepted: () =>
    error(400, "organization_invitation_already_accepted", "invitation has already been accepted", "This invitation has already been accepted. Sign in instead."),
  invitationRevoked: () =>
    error(400, "organization_invitation_revoked_code", "invitation has been revoked", "This invitation has been revoked and cannot be used anymore."),
  /** The inviting or revoking user cannot manage the organization's memberships. */
  notAnAdmin: (userId: string, param: string) =>
    error(
      403,
      "not_an_admin_in_organization",
      "not an admin",
      `${userId} is not an administrator of the organization. Only administrators can perform this action.`,
      param,
    ),
  invalidEmailAddress: (param: string) =>
    error(422, "form_param_format_invalid", "is invalid", `${param} must be a valid email address.`, param),
  bulkSizeExceeded: (maximum: number) =>
    error(400, "bulk_size_exceeded", "bulk size exceeded", `Parameters exceed the maximum allowed bulk processing size of ${maximum}.`),
  bulkEmpty: () => error(422, "form_param_missing", "is missing", "At least one invitation must be included."),
  authorizationHeaderInvalid: () =>
    error(
      401,
      "authorization_header_format_invalid",
      "Invalid Authorization header format",
      "Invalid Authorization header format. Must be \"Bearer <YOUR_API_KEY>\"",
    ),
  secretKeyInvalid: () =>
    error(
      401,
      "clerk_key_invalid",
      "Secret Key is invalid",
      "The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.",
    ),
};

/** Turns body validation issues into one 422 (or a 400 when the body is not a JSON object). */
export function bodyIssuesError(issues: readonly BodyIssue[]): ClerkApiError {
  return issuesError(issues, "");
}

/** The same for one element of an array body: parameters are named after their element, e.g. `[2].email_address`. */
export function elementIssuesError(index: number, issues: readonly BodyIssue[]): ClerkApiError {
  return issuesError(issues, `[${index}].`);
}

function issuesError(issues: readonly BodyIssue[], prefix: string): ClerkApiError {
  const notAnObject = issues.find((issue) => issue.param === "");
  if (notAnObject) return ClerkErrors.malformedRequest(prefix === "" ? notAnObject.detail : `element ${prefix.slice(0, -1)} must be a JSON object`);
  const details = issues.map((issue): ClerkErrorDetail => {
    const param = `${prefix}${issue.param}`;
    switch (issue.kind) {
      case "missing":
        return { code: "form_param_missing", message: "is missing", longMessage: `${param} must be included.`, paramName: param };
      case "unknown":
        return {
          code: "form_param_unknown",
          message: "is unknown",
          longMessage: `${param} is not a valid parameter for this request.`,
          paramName: param,
        };
      case "invalid":
        return { code: "form_param_value_invalid", message: "is invalid", longMessage: `${param} is invalid: ${issue.detail}`, paramName: param };
    }
  });
  const [first, ...rest] = details;
  return first ? new ClerkApiError(422, [first, ...rest]) : ClerkErrors.malformedRequest("invalid body");
}

export const clerkErrorResponses: BackendErrorResponses = {
  routeNotFound: (method, path) =>
    error(404, "resource_not_found", "not found", `The requested resource ${method} ${path} was not found.`).toResponse(),
  malformedBody: (reason) => ClerkErrors.malformedRequest(reason).toResponse(),
  rateLimited: (retryAfterSeconds) =>
    error(429, "too_many_requests", "Too Many Requests", `Too many requests, retry after ${retryAfterSeconds} seconds.`).toResponse(),
  serverError: (status) =>
    error(
      status,
      "internal_clerk_error",
      "Oops, an unexpected error occurred",
      "There was an internal error on our servers. We've been notified and are working on fixing it.",
    ).toResponse(),
};
