// The emulated Clerk Backend API routes for organizations, organization memberships and users, under /v1.
import { z } from "zod";
import { type ApiRequest, type ApiResponse, type RouteHandler, jsonResponse, pathParam } from "../core/backend";
import { validateBody } from "../core/body-validation";
import { Router } from "../core/router";
import { jsonObjectSchema } from "../core/seed-schema";
import { ClerkErrors, bodyIssuesError } from "./errors";
import {
  MEMBERSHIP_ORDER_FIELDS,
  USER_ORDER_FIELDS,
  paginate,
  parseFilter,
  parseOrderBy,
  parsePage,
  selectMemberships,
  selectUsers,
} from "./listing";
import { serializeMembership, serializeOrganization, serializeUser } from "./serialize";
import { CLERK_ROLE_KEY_PATTERN } from "./seed";
import type { ClerkMembership, ClerkStore } from "./store";

export const CLERK_PATH_PREFIX = "/v1";
const ORGANIZATION = `${CLERK_PATH_PREFIX}/organizations/:organizationId`;
const MEMBERSHIPS = `${ORGANIZATION}/memberships`;

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

export function clerkRouter(store: ClerkStore): Router<RouteHandler> {
  const membershipList = (memberships: readonly ClerkMembership[], totalCount: number): ApiResponse =>
    jsonResponse(200, { data: memberships.map((membership) => serializeMembership(store, membership)), total_count: totalCount });

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
      const selected = selectMemberships(store, store.listMemberships({ organizationId }), filter, order);
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
    .add("GET", `${CLERK_PATH_PREFIX}/organization_memberships`, (request) => {
      const page = parsePage(request.query);
      const selected = selectMemberships(store, store.listMemberships(), {}, parseOrderBy(request.query, MEMBERSHIP_ORDER_FIELDS));
      return membershipList(paginate(selected, page), selected.length);
    })
    .add("GET", `${CLERK_PATH_PREFIX}/users/:userId/organization_memberships`, (request) => {
      const userId = pathParam(request, "userId");
      const page = parsePage(request.query);
      if (!store.getUser(userId)) throw ClerkErrors.userNotFound(userId);
      const selected = selectMemberships(store, store.listMemberships({ userId }), {}, { field: "created_at", descending: true });
      return membershipList(paginate(selected, page), selected.length);
    })
    .add("GET", `${CLERK_PATH_PREFIX}/users`, (request) => {
      const page = parsePage(request.query);
      const selected = selectUsers(store.listUsers(), parseFilter(request.query), parseOrderBy(request.query, USER_ORDER_FIELDS));
      return jsonResponse(200, paginate(selected, page).map(serializeUser));
    });
}
