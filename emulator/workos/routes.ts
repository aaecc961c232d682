// The emulated WorkOS User Management routes for organization memberships, users and invitations, under
// /user_management.
import { z } from "zod";
import { type ApiRequest, type RouteHandler, emptyResponse, jsonResponse, pathParam } from "../core/backend";
import { validateBody } from "../core/body-validation";
import type { QueryParams } from "../core/query";
import { Router } from "../core/router";
import { WorkosErrors, bodyIssuesError } from "./errors";
import { paginateByCursor, paginateOrdered, parseCursorPageRequest } from "./pagination";
import { INVITATION_LOCALES, MEMBERSHIP_STATUSES, type WorkosMembershipStatus } from "./seed";
import { serializeInvitation, serializeList, serializeMembership, serializeRole, serializeUser } from "./serialize";
import type { WorkosInvitation, WorkosStore } from "./store";

export const WORKOS_PATH_PREFIX = "/user_management";
/** The Authorization (roles and permissions) API: the emulator serves the roles an organization can grant. */
export const WORKOS_AUTHORIZATION_PREFIX = "/authorization";
const MEMBERSHIPS = `${WORKOS_PATH_PREFIX}/organization_memberships`;
const INVITATIONS = `${WORKOS_PATH_PREFIX}/invitations`;

const roleFields = {
  role_slug: z.string().min(1).optional(),
  role_slugs: z.array(z.string().min(1)).min(1).optional(),
};

function exclusiveRoles(body: { role_slug?: string; role_slugs?: string[] }, context: z.RefinementCtx): void {
  if (body.role_slug !== undefined && body.role_slugs !== undefined) {
    context.addIssue({ code: "custom", path: ["role_slugs"], message: "role_slug and role_slugs are mutually exclusive." });
  }
}

const createMembershipBody = z
  .object({ user_id: z.string().min(1), organization_id: z.string().min(1), ...roleFields })
  .superRefine(exclusiveRoles);

const updateMembershipBody = z.object(roleFields).superRefine(exclusiveRoles);

// expires_in_days is only checked to be an integer here: its 1–30 range has error codes of its own (400).
const sendInvitationBody = z.object({
  email: z.email(),
  organization_id: z.string().min(1).optional(),
  role_slug: z.string().min(1).optional(),
  expires_in_days: z.number().int().optional(),
  inviter_user_id: z.string().min(1).optional(),
  locale: z.enum(INVITATION_LOCALES).optional(),
});

// The locale only picks the email's language, which the emulator does not render; it is validated all the same.
const resendInvitationBody = z.object({ locale: z.enum(INVITATION_LOCALES).optional() });

function parseBody<T>(schema: z.ZodType<T>, request: ApiRequest): T {
  const result = validateBody(schema, request.body);
  if (!result.ok) throw bodyIssuesError(result.issues);
  return result.value;
}

/** The requested roles as a list, or undefined when the body names none. */
function requestedRoles(body: { role_slug?: string; role_slugs?: string[] }): string[] | undefined {
  return body.role_slugs ?? (body.role_slug === undefined ? undefined : [body.role_slug]);
}

/** `statuses=a,b`, `statuses=a&statuses=b` and `statuses[]=a` all count; default active only. */
function parseStatuses(query: QueryParams): Set<WorkosMembershipStatus> {
  const values = [...query.all("statuses"), ...query.all("statuses[]")]
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter((value) => value !== "");
  if (values.length === 0) return new Set(["active"]);
  const statuses = new Set<WorkosMembershipStatus>();
  for (const value of values) {
    const status = MEMBERSHIP_STATUSES.find((candidate) => candidate === value);
    if (!status) {
      throw WorkosErrors.invalidParameters([
        { field: "statuses", code: "invalid", message: `${value} is not a membership status; use ${MEMBERSHIP_STATUSES.join(", ")}.` },
      ]);
    }
    statuses.add(status);
  }
  return statuses;
}

function optionalParam(query: QueryParams, name: string): string | undefined {
  const value = query.first(name)?.trim();
  return value === undefined || value === "" ? undefined : value;
}

export function workosRouter(store: WorkosStore): Router<RouteHandler> {
  const positionOf = (id: string) => store.positionOf(id);

  const requireMembership = (request: ApiRequest) => {
    const id = pathParam(request, "id");
    const membership = store.getMembership(id);
    if (!membership) throw WorkosErrors.entityNotFound("organization_membership", id);
    return membership;
  };

  const invitation = (request: ApiRequest): WorkosInvitation => {
    const id = pathParam(request, "id");
    const found = store.getInvitation(id);
    if (!found) throw WorkosErrors.entityNotFound("invitation", id);
    return found;
  };
  const invitationResponse = (status: number, sent: WorkosInvitation) => jsonResponse(status, serializeInvitation(store, sent));

  return new Router<RouteHandler>()
    .add("POST", MEMBERSHIPS, (request) => {
      const body = parseBody(createMembershipBody, request);
      const { membership } = store.createMembership({
        organizationId: body.organization_id,
        userId: body.user_id,
        roleSlugs: requestedRoles(body),
      });
      // Reactivating an inactive membership also answers 201: the spec documents no other success status.
      return jsonResponse(201, serializeMembership(store, membership));
    })
    .add("GET", MEMBERSHIPS, (request) => {
      const organizationId = optionalParam(request.query, "organization_id");
      const userId = optionalParam(request.query, "user_id");
      if (organizationId === undefined && userId === undefined) throw WorkosErrors.missingUserOrOrganization();
      const statuses = parseStatuses(request.query);
      const pageRequest = parseCursorPageRequest(request.query);
      const page =
        organizationId === undefined
          ? paginateByCursor(store.viewMemberships({ userId, statuses }), pageRequest, positionOf)
          : paginateOrdered(store.orderedMemberships(organizationId), (membership) => (userId === undefined || membership.userId === userId) && (statuses === undefined || statuses.has(membership.status)), pageRequest, positionOf);
      return jsonResponse(200, serializeList(page.data.map((membership) => serializeMembership(store, membership)), page.before, page.after));
    })
    .add("GET", `${MEMBERSHIPS}/:id`, (request) => jsonResponse(200, serializeMembership(store, requireMembership(request))))
    .add("PUT", `${MEMBERSHIPS}/:id`, (request) => {
      const body = parseBody(updateMembershipBody, request);
      const membership = store.updateMembershipRoles(pathParam(request, "id"), requestedRoles(body));
      return jsonResponse(200, serializeMembership(store, membership));
    })
    .add("DELETE", `${MEMBERSHIPS}/:id`, (request) => {
      store.deleteMembership(pathParam(request, "id"));
      return emptyResponse(200);
    })
    .add("PUT", `${MEMBERSHIPS}/:id/deactivate`, (request) =>
      jsonResponse(200, serializeMembership(store, store.deactivateMembership(pathParam(request, "id")))),
    )
    .add("PUT", `${MEMBERSHIPS}/:id/reactivate`, (request) =>
      jsonResponse(200, serializeMembership(store, store.reactivateMembership(pathParam(request, "id")))),
    )
    .add("GET", `${WORKOS_AUTHORIZATION_PREFIX}/organizations/:organizationId/roles`, (request) => {
      const organizationId = pathParam(request, "organizationId");
      if (!store.getOrganization(organizationId)) throw WorkosErrors.entityNotFound("organization", organizationId);
      return jsonResponse(200, { object: "list", data: store.listRoles().map(serializeRole) });
    })
    .add("GET", `${WORKOS_PATH_PREFIX}/users`, (request) => {
      const email = optionalParam(request.query, "email")?.toLowerCase();
      const organizationId = optionalParam(request.query, "organization_id") ?? optionalParam(request.query, "organization");
      const page = paginateOrdered(
        store.usersInOrder(),
        (user) =>
          (email === undefined || user.email.toLowerCase() === email) &&
          (organizationId === undefined || store.viewMembershipOf(organizationId, user.id)?.status === "active"),
        parseCursorPageRequest(request.query),
        positionOf,
      );
      return jsonResponse(200, serializeList(page.data.map(serializeUser), page.before, page.after));
    })
    .add("GET", `${WORKOS_PATH_PREFIX}/users/:id`, (request) => {
      const userId = pathParam(request, "id");
      const user = store.getUser(userId);
      if (!user) throw WorkosErrors.entityNotFound("user", userId);
      return jsonResponse(200, serializeUser(user));
    })
    .add("POST", INVITATIONS, (request) => {
      const body = parseBody(sendInvitationBody, request);
      const sent = store.sendInvitation({
        email: body.email,
        organizationId: body.organization_id,
        roleSlug: body.role_slug,
        expiresInDays: body.expires_in_days,
        inviterUserId: body.inviter_user_id,
      });
      return invitationResponse(201, sent);
    })
    .add("GET", INVITATIONS, (request) => {
      const invitations = store.listInvitations({
        organizationId: optionalParam(request.query, "organization_id"),
        email: optionalParam(request.query, "email"),
      });
      const page = paginateByCursor(invitations, parseCursorPageRequest(request.query), positionOf);
      return jsonResponse(200, serializeList(page.data.map((item) => serializeInvitation(store, item)), page.before, page.after));
    })
    .add("GET", `${INVITATIONS}/by_token/:token`, (request) => {
      const token = pathParam(request, "token");
      const found = store.findInvitationByToken(token);
      // The 404 names the token, not an id: the caller knows nothing else of the invitation.
      if (!found) throw WorkosErrors.entityNotFound("invitation", token);
      return invitationResponse(200, found);
    })
    .add("GET", `${INVITATIONS}/:id`, (request) => invitationResponse(200, invitation(request)))
    // The API's accept is for a recipient who already has an account; the admin API's accept also signs one up.
    .add("POST", `${INVITATIONS}/:id/accept`, (request) =>
      invitationResponse(200, store.acceptInvitation(pathParam(request, "id"), { createUser: false }).invitation),
    )
    .add("POST", `${INVITATIONS}/:id/revoke`, (request) => invitationResponse(200, store.revokeInvitation(pathParam(request, "id"))))
    .add("POST", `${INVITATIONS}/:id/resend`, (request) => {
      parseBody(resendInvitationBody, request);
      return invitationResponse(200, store.resendInvitation(pathParam(request, "id")));
    });
}
