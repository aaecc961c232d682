// The emulated Clerk Backend API routes for organizations, organization memberships, organization invitations
// and users, under /v1.
import { z } from "zod";
import { type ApiRequest, type ApiResponse, type RouteHandler, jsonResponse, pathParam } from "../core/backend";
import { validateBody } from "../core/body-validation";
import { Router } from "../core/router";
import { jsonObjectSchema } from "../core/seed-schema";
import { type ClerkLimitedEndpoint, ClerkEndpointLimiter } from "./endpoint-limits";
import { ClerkErrors, bodyIssuesError, elementIssuesError } from "./errors";
import {
  INVITATION_ORDER_FIELDS,
  MEMBERSHIP_ORDER_FIELDS,
  ROLE_ORDER_FIELDS,
  USER_ORDER_FIELDS,
  paginate,
  parseFilter,
  parseInvitationFilter,
  parseOrderBy,
  parsePage,
  selectInvitations,
  selectMemberships,
  selectRoles,
  selectUsers,
} from "./listing";
import { roleId, serializeInvitation, serializeMembership, serializeOrganization, serializeRole, serializeUser } from "./serialize";
import { CLERK_ROLE_KEY_PATTERN } from "./seed";
import { type ClerkInvitation, type ClerkMembership, type ClerkStore, type CreateClerkInvitation, INVITATION_DAYS } from "./store";

export const CLERK_PATH_PREFIX = "/v1";
const ORGANIZATION = `${CLERK_PATH_PREFIX}/organizations/:organizationId`;
const MEMBERSHIPS = `${ORGANIZATION}/memberships`;
const INVITATIONS = `${ORGANIZATION}/invitations`;
/** The most invitations one bulk request may create (the description's maxItems). */
export const MAX_BULK_INVITATIONS = 10;

/** Metadata parameters accept an object; null counts as not given. */
const metadataParam = jsonObjectSchema.nullish();

const createMembershipBody = z.strictObject({
  user_id: z.string().min(1),
  role: z.string().min(1),
  public_metadata: metadataParam,
  private_metadata: metadataParam,
});

const updateRoleBody = z.strictObject({ role: z.string().min(1) });

const updateMetadataBody = z.strictObject({ public_metadata: metadataParam, private_metadata: metadataParam });

/** One invitation, as POST …/invitations takes it and as each element of POST …/invitations/bulk. */
const createInvitationBody = z.strictObject({
  email_address: z.string().min(1),
  role: z.string().min(1),
  inviter_user_id: z.string().min(1).nullish(),
  public_metadata: metadataParam,
  private_metadata: metadataParam,
  redirect_url: z.string().nullish(),
  expires_in_days: z.number().int().min(INVITATION_DAYS.min).max(INVITATION_DAYS.max).nullish(),
  // No email is ever sent, so whether to send one changes nothing.
  notify: z.boolean().nullish(),
});

const revokeInvitationBody = z.strictObject({ requesting_user_id: z.string().min(1).nullish() });

/** An address as Clerk accepts one for an invitation. */
const emailAddressSchema = z.email();

/** The store's input from a validated invitation body (422 form_param_format_invalid for a malformed address or role). */
function invitationInput(body: z.output<typeof createInvitationBody>, param = (name: string) => name): CreateClerkInvitation {
  if (!emailAddressSchema.safeParse(body.email_address).success) throw ClerkErrors.invalidEmailAddress(param("email_address"));
  checkRoleKey(body.role);
  return {
    emailAddress: body.email_address,
    role: body.role,
    inviterUserId: body.inviter_user_id ?? null,
    publicMetadata: body.public_metadata ?? undefined,
    privateMetadata: body.private_metadata ?? undefined,
    redirectUrl: body.redirect_url ?? null,
    expiresInDays: body.expires_in_days ?? undefined,
  };
}

/** The elements of a bulk body: an array of 1 to MAX_BULK_INVITATIONS invitation objects. */
function bulkInvitationInputs(request: ApiRequest): CreateClerkInvitation[] {
  const body = request.body;
  if (!Array.isArray(body)) throw ClerkErrors.malformedRequest("the request body must be a JSON array of invitations");
  if (body.length === 0) throw ClerkErrors.bulkEmpty();
  if (body.length > MAX_BULK_INVITATIONS) throw ClerkErrors.bulkSizeExceeded(MAX_BULK_INVITATIONS);
  return body.map((element, index) => {
    const result = validateBody(createInvitationBody, element);
    if (!result.ok) throw elementIssuesError(index, result.issues);
    return invitationInput(result.value, (name) => `[${index}].${name}`);
  });
}

function parseBody<T>(schema: z.ZodType<T>, request: ApiRequest): T {
  const result = validateBody(schema, request.body);
  if (!result.ok) throw bodyIssuesError(result.issues);
  return result.value;
}

/** A boolean query flag: `true` turns it on; anything else, or nothing, leaves it off. */
function flag(request: ApiRequest, name: string): boolean {
  return request.query.first(name)?.trim().toLowerCase() === "true";
}

function checkRoleKey(role: string): void {
  if (!CLERK_ROLE_KEY_PATTERN.test(role)) {
    throw ClerkErrors.paramInvalid("role", `${role} is not a role key; role keys look like org:<name>, e.g. org:admin`);
  }
}

export function clerkRouter(store: ClerkStore, endpointLimits = new ClerkEndpointLimiter(undefined)): Router<RouteHandler> {
  const membershipList = (memberships: readonly ClerkMembership[], totalCount: number): ApiResponse =>
    jsonResponse(200, { data: memberships.map((membership) => serializeMembership(store, membership)), total_count: totalCount });
  const invitationList = (invitations: readonly ClerkInvitation[], totalCount: number): ApiResponse =>
    jsonResponse(200, { data: invitations.map((invitation) => serializeInvitation(store, invitation)), total_count: totalCount });
  /** A route with a documented limit of its own: every request reaching it counts, whatever it is answered. */
  const limited =
    (endpoint: ClerkLimitedEndpoint, handler: RouteHandler): RouteHandler =>
    (request) =>
      endpointLimits.take(endpoint) ?? handler(request);

  const requireOrganization = (organizationId: string): void => {
    if (!store.getOrganization(organizationId)) throw ClerkErrors.organizationNotFound(organizationId);
  };

  return new Router<RouteHandler>()
    .add("GET", ORGANIZATION, (request) => {
      // The path parameter is the organization's id or its slug.
      const idOrSlug = pathParam(request, "organizationId");
      const organization = store.findOrganization(idOrSlug);
      if (!organization) throw ClerkErrors.organizationNotFound(idOrSlug);
      return jsonResponse(
        200,
        serializeOrganization(organization, {
          membersCount: flag(request, "include_members_count") ? store.membersCount(organization.id) : undefined,
          missingMemberWithElevatedPermissions: flag(request, "include_missing_member_with_elevated_permissions")
            ? !store.hasMemberWhoCanManage(organization.id)
            : undefined,
          pendingInvitationsCount: store.pendingInvitationsCount(organization.id),
        }),
      );
    })
    .add("POST", MEMBERSHIPS, (request) => {
      const body = parseBody(createMembershipBody, request);
      checkRoleKey(body.role);
      const membership = store.createMembership({
        organizationId: pathParam(request, "organizationId"),
        userId: body.user_id,
        role: body.role,
        publicMetadata: body.public_metadata ?? undefined,
        privateMetadata: body.private_metadata ?? undefined,
      });
      return jsonResponse(200, serializeMembership(store, membership));
    })
    .add("GET", MEMBERSHIPS, (request) => {
      const organizationId = pathParam(request, "organizationId");
      const page = parsePage(request.query);
      const order = parseOrderBy(request.query, MEMBERSHIP_ORDER_FIELDS);
      const filter = parseFilter(request.query);
      requireOrganization(organizationId);
      const selected = selectMemberships(store, store.viewMemberships({ organizationId }), filter, order);
      return membershipList(paginate(selected, page), selected.length);
    })
    .add("PATCH", `${MEMBERSHIPS}/:userId`, (request) => {
      const body = parseBody(updateRoleBody, request);
      checkRoleKey(body.role);
      const membership = store.updateMembershipRole(pathParam(request, "organizationId"), pathParam(request, "userId"), body.role);
      return jsonResponse(200, serializeMembership(store, membership));
    })
    .add("PATCH", `${MEMBERSHIPS}/:userId/metadata`, (request) => {
      const body = parseBody(updateMetadataBody, request);
      const membership = store.mergeMembershipMetadata(pathParam(request, "organizationId"), pathParam(request, "userId"), {
        publicMetadata: body.public_metadata ?? undefined,
        privateMetadata: body.private_metadata ?? undefined,
      });
      return jsonResponse(200, serializeMembership(store, membership));
    })
    .add("DELETE", `${MEMBERSHIPS}/:userId`, (request) => {
      const membership = store.deleteMembership(pathParam(request, "organizationId"), pathParam(request, "userId"));
      return jsonResponse(200, serializeMembership(store, membership));
    })
    .add(
      "POST",
      INVITATIONS,
      limited("createOrganizationInvitation", (request) => {
        const input = invitationInput(parseBody(createInvitationBody, request));
        return jsonResponse(200, serializeInvitation(store, store.createInvitation(pathParam(request, "organizationId"), input)));
      }),
    )
    .add(
      "POST",
      `${INVITATIONS}/bulk`,
      limited("createOrganizationInvitationBulk", (request) => {
        const created = store.createInvitations(pathParam(request, "organizationId"), bulkInvitationInputs(request));
        return invitationList(created, created.length);
      }),
    )
    .add("GET", INVITATIONS, (request) => {
      const organizationId = pathParam(request, "organizationId");
      const page = parsePage(request.query);
      const order = parseOrderBy(request.query, INVITATION_ORDER_FIELDS);
      const filter = parseInvitationFilter(request.query);
      requireOrganization(organizationId);
      const selected = selectInvitations(store.listInvitations(organizationId), filter, order);
      return invitationList(paginate(selected, page), selected.length);
    })
    // Deprecated in the description, still served: the pending invitations, newest first. Registered before the
    // `:invitationId` route, which would otherwise take `pending` for an id.
    .add("GET", `${INVITATIONS}/pending`, (request) => {
      const organizationId = pathParam(request, "organizationId");
      const page = parsePage(request.query);
      requireOrganization(organizationId);
      const selected = selectInvitations(store.listInvitations(organizationId), { statuses: new Set(["pending"]) }, { field: "created_at", descending: true });
      return invitationList(paginate(selected, page), selected.length);
    })
    .add("GET", `${INVITATIONS}/:invitationId`, (request) =>
      jsonResponse(200, serializeInvitation(store, store.getInvitation(pathParam(request, "organizationId"), pathParam(request, "invitationId")))),
    )
    .add("POST", `${INVITATIONS}/:invitationId/revoke`, (request) => {
      const body = parseBody(revokeInvitationBody, request);
      const revoked = store.revokeInvitation(pathParam(request, "organizationId"), pathParam(request, "invitationId"), body.requesting_user_id);
      return jsonResponse(200, serializeInvitation(store, revoked));
    })
    .add("GET", `${CLERK_PATH_PREFIX}/organization_memberships`, (request) => {
      const page = parsePage(request.query);
      const selected = selectMemberships(store, store.viewMemberships(), {}, parseOrderBy(request.query, MEMBERSHIP_ORDER_FIELDS));
      return membershipList(paginate(selected, page), selected.length);
    })
    .add("GET", `${CLERK_PATH_PREFIX}/users/:userId/organization_memberships`, (request) => {
      const userId = pathParam(request, "userId");
      const page = parsePage(request.query);
      if (!store.getUser(userId)) throw ClerkErrors.userNotFound(userId);
      const selected = selectMemberships(store, store.viewMemberships({ userId }), {}, { field: "created_at", descending: true });
      return membershipList(paginate(selected, page), selected.length);
    })
    .add("GET", `${CLERK_PATH_PREFIX}/organization_roles`, (request) => {
      const page = parsePage(request.query);
      const selected = selectRoles(store.listRoles(), request.query.first("query"), parseOrderBy(request.query, ROLE_ORDER_FIELDS), roleId);
      return jsonResponse(200, { data: paginate(selected, page).map(serializeRole), total_count: selected.length });
    })
    .add("GET", `${CLERK_PATH_PREFIX}/users`, (request) => {
      const page = parsePage(request.query);
      const selected = selectUsers(store.viewUsers(), parseFilter(request.query), parseOrderBy(request.query, USER_ORDER_FIELDS));
      return jsonResponse(200, paginate(selected, page).map(serializeUser));
    });
}
