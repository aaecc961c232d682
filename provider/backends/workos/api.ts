// WorkOS's membership endpoints behind the engine's MembershipApi port: create with a stable Idempotency-Key,
// find by id (falling back to the organization+user listing across all statuses), converge (reactivate, set
// roles), remove (delete or deactivate).

import { randomUUID } from "node:crypto";
import { MembershipExistsError, PartialApplyError, type MembershipApi, type MembershipPage, type MembershipRef, type OrganizationRules, type Person } from "../../engine/port";
import type { HttpClient } from "../../http/client";
import { ApiError, NotFoundError, explainedError } from "../../http/errors";
import { deserializeMembership, serializeCreateMembership, serializeRoles } from "./mapping";
import { sameRoles, type WorkosDesiredMembership, type WorkosLiveMembership } from "./model";
import { workosMembershipListWire, workosMembershipWire, workosRoleListWire, workosUserListWire, workosUserWire, type WorkosUserWire } from "./wire";

const MEMBERSHIPS = "user_management/organization_memberships";
/** WorkOS's largest page. */
const PAGE_SIZE = 100;
const PENDING_CODES = new Set(["cannot_reactivate_pending_organization_membership", "cannot_deactivate_pending_organization_membership"]);
/**
 * How WorkOS says the user is already a member. The published description of the create lists no such error, so
 * its status is not relied on: the code decides, whatever the status, and no other 409 or 400 means "exists".
 */
const MEMBERSHIP_EXISTS_CODE = "organization_membership_already_exists";

export class WorkosMembershipApi implements MembershipApi<WorkosDesiredMembership, WorkosLiveMembership> {
  constructor(private readonly http: HttpClient) {}

  async organizationRules(organizationId: string): Promise<OrganizationRules> {
    try {
      const list = await this.http.send({
        method: "GET",
        path: `authorization/organizations/${encodeURIComponent(organizationId)}/roles`,
        operation: `list the roles of organization ${organizationId}`,
        schema: workosRoleListWire,
      });
      return { roles: list.data.map((role) => role.slug) };
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw explainedError(`WorkOS has no organization ${organizationId}: check organizationId, and that the API key belongs to the WorkOS environment that holds it`, error);
      }
      throw error;
    }
  }

  async create(desired: WorkosDesiredMembership): Promise<WorkosLiveMembership> {
    try {
      const wire = await this.http.send({
        method: "POST",
        path: MEMBERSHIPS,
        operation: `create membership of ${desired.userId} in ${desired.organizationId}`,
        body: serializeCreateMembership(desired),
        // One key for this logical create, reused by every retry: the API replays instead of creating twice.
        idempotencyKey: randomUUID(),
        schema: workosMembershipWire,
      });
      return deserializeMembership(wire);
    } catch (error) {
      if (error instanceof ApiError && error.code === MEMBERSHIP_EXISTS_CODE) throw new MembershipExistsError(desired);
      // A pending membership is an invitation not accepted yet: adopted as invited (its roles converge; acceptance
      // makes it active), never an error.
      if (error instanceof ApiError && error.code && PENDING_CODES.has(error.code)) {
        throw new MembershipExistsError(desired, "as a pending invitation");
      }
      // The code is how WorkOS has been seen to say it, not a published contract: any other conflict is checked by
      // reading the membership back, so an existing one is still adopted (and a crashed run still recovers).
      if (error instanceof ApiError && error.status === 409) {
        const existing = await this.find(desired).catch(() => undefined);
        if (existing && existing.status !== "pending") throw new MembershipExistsError(desired);
      }
      throw explain(error, desired, "add", desired.roleSlugs);
    }
  }

  async find(ref: MembershipRef): Promise<WorkosLiveMembership | undefined> {
    if (ref.membershipId) {
      try {
        const wire = await this.http.send({
          method: "GET",
          path: `${MEMBERSHIPS}/${encodeURIComponent(ref.membershipId)}`,
          operation: `read membership ${ref.membershipId}`,
          schema: workosMembershipWire,
        });
        const live = deserializeMembership(wire);
        if (live.organizationId === ref.organizationId && live.userId === ref.userId) return live;
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw explain(error, ref, "read");
      }
    }
    // Gone under that id (or never known): it may have been recreated, so look for the user in the organization.
    try {
      const list = await this.http.send({
        method: "GET",
        path: MEMBERSHIPS,
        operation: `list memberships of ${ref.userId} in ${ref.organizationId}`,
        query: { organization_id: ref.organizationId, user_id: ref.userId, statuses: "active,inactive,pending", limit: 10 },
        schema: workosMembershipListWire,
      });
      const match = list.data.find((item) => item.user_id === ref.userId && item.organization_id === ref.organizationId);
      return match ? deserializeMembership(match) : undefined;
    } catch (error) {
      throw explain(error, ref, "read");
    }
  }

  async converge(live: WorkosLiveMembership, desired: WorkosDesiredMembership): Promise<WorkosLiveMembership> {
    let current = live;
    try {
      if (current.status === "inactive") current = await this.put(current, "reactivate", `reactivate ${current.userId} in ${current.organizationId}`);
      if (!sameRoles(current.roles, desired.roleSlugs)) {
        const wire = await this.http.send({
          method: "PUT",
          path: `${MEMBERSHIPS}/${encodeURIComponent(current.membershipId)}`,
          operation: `set roles of ${current.userId} in ${current.organizationId} to ${desired.roleSlugs.join(", ")}`,
          body: serializeRoles(desired.roleSlugs),
          schema: workosMembershipWire,
        });
        current = deserializeMembership(wire);
      }
      return current;
    } catch (error) {
      const explained = explain(error, current, "update", desired.roleSlugs);
      if (current !== live) throw new PartialApplyError(current, explained);
      throw explained;
    }
  }

  async remove(live: WorkosLiveMembership, desired: WorkosDesiredMembership): Promise<void> {
    try {
      if (desired.onDelete === "deactivate") {
        if (live.status !== "inactive") await this.put(live, "deactivate", `deactivate ${live.userId} in ${live.organizationId}`);
        return;
      }
      await this.http.send({
        method: "DELETE",
        path: `${MEMBERSHIPS}/${encodeURIComponent(live.membershipId)}`,
        operation: `delete membership of ${live.userId} in ${live.organizationId}`,
      });
    } catch (error) {
      if (error instanceof NotFoundError) return;
      throw explain(error, live, desired.onDelete === "deactivate" ? "deactivate" : "remove");
    }
  }

  /**
   * WorkOS memberships carry no user data: who the members are comes from a listing of the organization's users. A
   * failure leaves the members unnamed (names never decide anything).
   */
  async people(organizationId: string): Promise<Map<string, Person>> {
    const people = new Map<string, Person>();
    let after: string | undefined;
    try {
      do {
        const page = await this.peoplePage(organizationId, after);
        for (const [userId, person] of page.people) people.set(userId, person);
        after = page.next;
      } while (after);
    } catch {
      return people;
    }
    return people;
  }

  async peoplePage(organizationId: string, after?: string): Promise<{ people: Array<[string, Person]>; next?: string }> {
    const page = await this.http.send({
      method: "GET",
      path: "user_management/users",
      operation: `list the users of ${organizationId}`,
      query: { organization_id: organizationId, limit: PAGE_SIZE, order: "asc", after },
      schema: workosUserListWire,
    });
    const next = page.list_metadata?.after ?? undefined;
    return { people: page.data.map((user) => [user.id, personOf(user)]), ...(next ? { next } : {}) };
  }

  async person(userId: string): Promise<Person | undefined> {
    try {
      return personOf(await this.http.send({ method: "GET", path: `user_management/users/${encodeURIComponent(userId)}`, operation: `read user ${userId}`, schema: workosUserWire }));
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  async list(organizationId: string): Promise<WorkosLiveMembership[]> {
    const members: WorkosLiveMembership[] = [];
    let after: string | undefined;
    do {
      const page = await this.listPage(organizationId, after);
      members.push(...page.members);
      after = page.next;
    } while (after);
    return members;
  }

  readonly usersPerFilteredCall = 1;

  async listPage(organizationId: string, after?: string): Promise<MembershipPage<WorkosLiveMembership>> {
    let page;
    try {
      page = await this.http.send({
        method: "GET",
        path: MEMBERSHIPS,
        operation: `list memberships of ${organizationId}`,
        query: { organization_id: organizationId, statuses: "active,inactive,pending", limit: PAGE_SIZE, order: "asc", after },
        schema: workosMembershipListWire,
      });
    } catch (error) {
      throw explain(error, { organizationId, userId: "(any)" }, "list");
    }
    const next = page.list_metadata?.after ?? undefined;
    return { members: page.data.map(deserializeMembership), ...(next ? { next } : {}) };
  }

  /** The users filter takes one user per request: one read each (`find` without a membership id). */
  async listUsers(organizationId: string, userIds: readonly string[]): Promise<WorkosLiveMembership[]> {
    const found = await Promise.all(userIds.map((userId) => this.find({ organizationId, userId })));
    return found.filter((member): member is WorkosLiveMembership => member !== undefined);
  }

  async usersByEmail(emails: readonly string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    // The users endpoint filters by one email per request.
    for (const email of emails) {
      const users = await this.http.send({
        method: "GET",
        path: "user_management/users",
        operation: `look up user ${email}`,
        query: { email, limit: PAGE_SIZE },
        schema: workosUserListWire,
      });
      found.set(email.toLowerCase(), users.data.filter((user) => user.email.toLowerCase() === email.toLowerCase()).map((user) => user.id));
    }
    return found;
  }

  private async put(live: WorkosLiveMembership, action: "reactivate" | "deactivate", operation: string): Promise<WorkosLiveMembership> {
    const wire = await this.http.send({
      method: "PUT",
      path: `${MEMBERSHIPS}/${encodeURIComponent(live.membershipId)}/${action}`,
      operation,
      schema: workosMembershipWire,
    });
    return deserializeMembership(wire);
  }
}

/** Turns WorkOS's error codes into messages that say what to do. */
function explain(error: unknown, ref: MembershipRef, action: string, roles?: string[]): Error {
  if (!(error instanceof ApiError)) return error instanceof Error ? error : new Error(String(error));
  const who = `user ${ref.userId} in organization ${ref.organizationId}`;
  const said = error.apiMessage ? ` (${error.apiMessage})` : "";
  let message: string | undefined;
  switch (error.code) {
    case "invalid_role":
      message = `WorkOS refused to ${action} ${who}: a role in [${(roles ?? []).join(", ")}] does not exist in this environment${said}. Create the role in WorkOS or fix roleSlug/roleSlugs`;
      break;
    case "multiple_roles_not_enabled":
      message = `WorkOS refused to ${action} ${who}: several roles need "multiple roles" enabled in the WorkOS environment. Enable it, or declare a single roleSlug`;
      break;
    case "cannot_deactivate_pending_organization_membership":
    case "cannot_reactivate_pending_organization_membership":
      message = `WorkOS refused to ${action} ${who}: the membership is a pending invitation. Let the user accept it, revoke it in WorkOS, or use onDelete: "delete"`;
      break;
    default:
      if (error instanceof NotFoundError) {
        message = `WorkOS could not ${action} ${who}: not found${said}. Check organizationId and userId, and that the API key belongs to the WorkOS environment that holds them`;
      }
  }
  return message ? explainedError(message, error) : error;
}

/** Who a user is, as messages name them. */
function personOf(user: WorkosUserWire): Person {
  const name = [user.first_name, user.last_name].filter((part) => typeof part === "string" && part.trim() !== "").join(" ");
  return { email: user.email, ...(name ? { name } : {}) };
}
