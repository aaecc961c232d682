// Clerk's membership endpoints behind the engine's MembershipApi port: create (with read-back when the outcome is
// unknown), find through the filtered list (Clerk has no single GET), converge role and metadata, remove.

import { mergePatch } from "../../engine/json";
import { MembershipExistsError, PartialApplyError, type MembershipApi, type MembershipPage, type MembershipRef, type OrganizationRules } from "../../engine/port";
import type { Deadline, HttpClient } from "../../http/client";
import { ApiError, ConflictError, NotFoundError, OutcomeUnknownError, ValidationError, explainedError } from "../../http/errors";
import { deserializeMembership, serializeCreateMembership } from "./mapping";
import type { ClerkDesiredMembership, ClerkLiveMembership } from "./model";
import { clerkMembershipListWire, clerkMembershipWire, clerkOrganizationWire, clerkRoleListWire, clerkUserListWire, type ClerkMetadataPatchWire } from "./wire";

/** Pages of one listing fetched at once after the first (the shared rate limiter still paces them). */
const PARALLEL_PAGES = 4;
/** Clerk's largest page for memberships and users; at most 100 filter values per request. */
const PAGE_SIZE = 500;
const FILTER_BATCH = 100;

export class ClerkMembershipApi implements MembershipApi<ClerkDesiredMembership, ClerkLiveMembership> {
  /** The instance's role keys: roles are the instance's, not an organization's, so they are listed once. */
  private roleKeys: Promise<string[]> | undefined;

  constructor(private readonly http: HttpClient) {}

  async organizationRules(organizationId: string): Promise<OrganizationRules> {
    const [roles, organization] = await Promise.all([
      (this.roleKeys ??= this.listRoleKeys().catch((error: unknown) => {
        this.roleKeys = undefined;
        throw error;
      })),
      this.http
        .send({ method: "GET", path: `organizations/${encodeURIComponent(organizationId)}`, query: { include_members_count: "true" }, operation: `read organization ${organizationId}`, schema: clerkOrganizationWire })
        .catch((error: unknown) => {
          if (error instanceof NotFoundError) {
            throw explainedError(`Clerk has no organization ${organizationId}: check organizationId, and that the secret key belongs to the Clerk instance that holds it`, error);
          }
          throw error;
        }),
    ]);
    // Without both counts what the organization holds is unknown, and the limit is left to `up`.
    const { members_count: members, pending_invitations_count: pending } = organization;
    const occupied = members === undefined || pending === undefined ? {} : { occupied: members + pending };
    return { roles, ...(organization.max_allowed_memberships > 0 ? { membershipLimit: organization.max_allowed_memberships, ...occupied } : {}) };
  }

  private async listRoleKeys(): Promise<string[]> {
    const keys: string[] = [];
    for (let offset = 0; ; offset += PAGE_SIZE) {
      const page = await this.http.send({
        method: "GET",
        path: "organization_roles",
        operation: "list the instance's organization roles",
        query: { limit: PAGE_SIZE, offset, order_by: "+created_at" },
        schema: clerkRoleListWire,
      });
      keys.push(...page.data.map((role) => role.key));
      if (page.data.length < PAGE_SIZE || offset + PAGE_SIZE >= page.total_count) return keys;
    }
  }

  async create(desired: ClerkDesiredMembership): Promise<ClerkLiveMembership> {
    const operation = `create membership of ${desired.userId} in ${desired.organizationId}`;
    // One deadline for the whole create: every POST, the read-backs between them and the waits.
    const deadline = this.http.deadline();
    for (let attempt = 1; ; attempt++) {
      try {
        const wire = await this.http.send({
          method: "POST",
          path: `organizations/${encodeURIComponent(desired.organizationId)}/memberships`,
          operation,
          body: serializeCreateMembership(desired),
          schema: clerkMembershipWire,
          deadline,
        });
        return deserializeMembership(wire, desired.userId);
      } catch (error) {
        if (error instanceof ConflictError && error.code !== "organization_membership_managed_by_scim") {
          throw new MembershipExistsError(desired);
        }
        if (!(error instanceof OutcomeUnknownError)) throw explain(error, desired, "add", desired.role);
        // The create may have been applied: read back before sending it again, so nothing is duplicated and a
        // create that did succeed is not reported as a failure.
        const lost = error;
        const existing = await this.find(desired, deadline).catch((readError: unknown) => {
          // Still not known whether the create was applied: that is what the caller must hear, with why.
          const why = readError instanceof Error ? readError.message : String(readError);
          throw new OutcomeUnknownError(this.http.service, operation, `${lost.detail}; reading it back failed too: ${why}`);
        });
        if (existing) return this.converge(existing, desired);
        await this.http.retryOrThrow(attempt, deadline, {
          giveUp: (stopped) => new OutcomeUnknownError(this.http.service, operation, `${lost.detail}; not there when read back, and no retry left ${stopped}`),
        });
      }
    }
  }

  /** `deadline`: that of a create reading back, whose retries must end in time. */
  async find(ref: MembershipRef, deadline?: Deadline): Promise<ClerkLiveMembership | undefined> {
    let list;
    try {
      list = await this.http.send({
        method: "GET",
        path: `organizations/${encodeURIComponent(ref.organizationId)}/memberships`,
        operation: `read membership of ${ref.userId} in ${ref.organizationId}`,
        query: { user_id: [ref.userId], limit: 10 },
        schema: clerkMembershipListWire,
        deadline,
      });
    } catch (error) {
      throw explain(error, ref, "read");
    }
    const match = list.data.find((item) => (item.public_user_data?.user_id ?? ref.userId) === ref.userId);
    return match ? deserializeMembership(match, ref.userId) : undefined;
  }

  async converge(live: ClerkLiveMembership, desired: ClerkDesiredMembership): Promise<ClerkLiveMembership> {
    let current = live;
    if (current.role !== desired.role) {
      try {
        const wire = await this.http.send({
          method: "PATCH",
          path: this.memberPath(current),
          operation: `change role of ${current.userId} in ${current.organizationId} to ${desired.role}`,
          body: { role: desired.role },
          schema: clerkMembershipWire,
        });
        current = deserializeMembership(wire, current.userId);
      } catch (error) {
        throw explain(error, current, "change the role of", desired.role);
      }
    }
    const patch: ClerkMetadataPatchWire = {};
    const publicPatch = mergePatch(current.publicMetadata, desired.publicMetadata);
    const privatePatch = mergePatch(current.privateMetadata, desired.privateMetadata);
    if (publicPatch) patch.public_metadata = publicPatch;
    if (privatePatch) patch.private_metadata = privatePatch;
    if (!publicPatch && !privatePatch) return current;
    try {
      const wire = await this.http.send({
        method: "PATCH",
        path: `${this.memberPath(current)}/metadata`,
        operation: `update metadata of ${current.userId} in ${current.organizationId}`,
        body: patch,
        schema: clerkMembershipWire,
      });
      return deserializeMembership(wire, current.userId);
    } catch (error) {
      const explained = explain(error, current, "update the metadata of");
      if (current !== live) throw new PartialApplyError(current, explained);
      throw explained;
    }
  }

  async remove(live: ClerkLiveMembership): Promise<void> {
    try {
      await this.http.send({
        method: "DELETE",
        path: this.memberPath(live),
        operation: `remove ${live.userId} from ${live.organizationId}`,
      });
    } catch (error) {
      if (error instanceof NotFoundError) return;
      throw explain(error, live, "remove");
    }
  }

  /** The listing's page at `offset`, mapped to memberships as it arrives. */
  private async pageAt(organizationId: string, offset: number): Promise<{ members: ClerkLiveMembership[]; size: number; totalCount: number }> {
    let page;
    try {
      page = await this.http.send({
        method: "GET",
        path: `organizations/${encodeURIComponent(organizationId)}/memberships`,
        operation: `list memberships of ${organizationId}`,
        query: { limit: PAGE_SIZE, offset, order_by: "+created_at" },
        schema: clerkMembershipListWire,
      });
    } catch (error) {
      throw explain(error, { organizationId, userId: "(any)" }, "list");
    }
    const members: ClerkLiveMembership[] = [];
    for (const item of page.data) if (item.public_user_data?.user_id) members.push(deserializeMembership(item));
    return { members, size: page.data.length, totalCount: page.total_count };
  }

  readonly usersPerFilteredCall = FILTER_BATCH;

  async listPage(organizationId: string, after?: string): Promise<MembershipPage<ClerkLiveMembership>> {
    const offset = after === undefined ? 0 : Number(after);
    const page = await this.pageAt(organizationId, offset);
    const end = offset + page.size;
    if (page.size < PAGE_SIZE || end >= page.totalCount) return { members: page.members };
    return { members: page.members, next: String(end), pagesLeft: Math.ceil((page.totalCount - end) / PAGE_SIZE) };
  }

  async listUsers(organizationId: string, userIds: readonly string[]): Promise<ClerkLiveMembership[]> {
    const batches: string[][] = [];
    for (let start = 0; start < userIds.length; start += FILTER_BATCH) batches.push(userIds.slice(start, start + FILTER_BATCH));
    const pages = await Promise.all(
      batches.map(async (batch) => {
        try {
          return await this.http.send({
            method: "GET",
            path: `organizations/${encodeURIComponent(organizationId)}/memberships`,
            operation: `read the memberships of ${batch.length} user(s) in ${organizationId}`,
            query: { user_id: batch, limit: FILTER_BATCH },
            schema: clerkMembershipListWire,
          });
        } catch (error) {
          throw explain(error, { organizationId, userId: "(any)" }, "list");
        }
      }),
    );
    const wanted = new Set(userIds);
    return pages.flatMap((page) => page.data.flatMap((item) => (item.public_user_data?.user_id && wanted.has(item.public_user_data.user_id) ? [deserializeMembership(item)] : [])));
  }

  async list(organizationId: string): Promise<ClerkLiveMembership[]> {
    // Each page is mapped to memberships as soon as it arrives, so its wire objects are garbage before the next
    // pages land (at thousands of members the raw pages are several times the size of the result).
    const fetchPage = (offset: number) => this.pageAt(organizationId, offset);
    // The first page tells how many there are; the other pages are fetched a few at a time (offset pagination
    // allows it), in order. Memberships added meanwhile are picked up by continuing past the expected end.
    const first = await fetchPage(0);
    const pages = [first];
    const offsets: number[] = [];
    for (let offset = PAGE_SIZE; first.size === PAGE_SIZE && offset < first.totalCount; offset += PAGE_SIZE) offsets.push(offset);
    for (let start = 0; start < offsets.length; start += PARALLEL_PAGES) {
      pages.push(...(await Promise.all(offsets.slice(start, start + PARALLEL_PAGES).map(fetchPage))));
    }
    let offset = PAGE_SIZE * (pages.length - 1);
    let last = pages[pages.length - 1] ?? first;
    while (last.size === PAGE_SIZE && offset + PAGE_SIZE < last.totalCount) {
      offset += PAGE_SIZE;
      last = await fetchPage(offset);
      pages.push(last);
    }
    // An offset listing can repeat an item when a membership is removed meanwhile: keep each user once.
    const members = new Map<string, ClerkLiveMembership>();
    for (const page of pages) for (const member of page.members) members.set(member.userId, member);
    return [...members.values()];
  }

  async usersByEmail(emails: readonly string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>(emails.map((email) => [email.toLowerCase(), []]));
    for (let start = 0; start < emails.length; start += FILTER_BATCH) {
      const batch = emails.slice(start, start + FILTER_BATCH);
      const users = await this.http.send({
        method: "GET",
        path: "users",
        operation: `look up ${batch.length} user(s) by email`,
        query: { email_address: batch, limit: PAGE_SIZE },
        schema: clerkUserListWire,
      });
      for (const user of users) {
        for (const address of user.email_addresses ?? []) {
          const ids = found.get(address.email_address.toLowerCase());
          if (ids && !ids.includes(user.id)) ids.push(user.id);
        }
      }
    }
    return found;
  }

  private memberPath(ref: MembershipRef): string {
    return `organizations/${encodeURIComponent(ref.organizationId)}/memberships/${encodeURIComponent(ref.userId)}`;
  }
}

/** Turns Clerk's error codes into messages that say what to do. */
function explain(error: unknown, ref: MembershipRef, action: string, role?: string): Error {
  if (!(error instanceof ApiError)) return error instanceof Error ? error : new Error(String(error));
  const who = `user ${ref.userId} in organization ${ref.organizationId}`;
  switch (error.code) {
    case "organization_minimum_permissions_needed":
      return explainedError(`Clerk refused to ${action} ${who}${role ? ` (to ${role})` : ""}: it would leave the organization without a member who can manage memberships. Declare another member with org:admin first, then apply this change`, error);
    case "organization_membership_quota_exceeded":
      return explainedError(`Clerk refused to add ${who}: the organization has reached its membership limit (max_allowed_memberships). Raise the limit in Clerk or remove members first`, error);
    case "organization_membership_managed_by_scim":
      return explainedError(`Clerk refused to ${action} ${who}: the membership is managed by a directory (SCIM). Change it in the identity provider, or stop declaring it here`, error);
    case "form_param_exceeds_allowed_size":
      return explainedError(`Clerk refused the metadata of ${who}: it exceeds the allowed size (8 KB per object). Shrink publicMetadata/privateMetadata`, error);
    default:
      break;
  }
  if (error instanceof NotFoundError) {
    const detail = error.apiMessage ? ` (${error.apiMessage})` : "";
    return explainedError(`Clerk could not ${action} ${who}: not found${detail}. Check organizationId, userId${role ? " and role" : ""}, and that the secret key belongs to the Clerk instance that holds them`, error);
  }
  if (error instanceof ValidationError && error.paramName) {
    return explainedError(`Clerk rejected parameter ${error.paramName} when trying to ${action} ${who}: ${error.apiMessage ?? error.code ?? "invalid"}`, error);
  }
  return error;
}
