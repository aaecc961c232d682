// How a roster's declared members travel to its provider: the one form the dynamic resources and the provider plugin
// both send, whatever form the program wrote them in.

import { isJsonObject } from "../engine/json";

/**
 * A Clerk roster's members as the provider takes them: the public part (the role key alone when that is all, else
 * `{ role, publicMetadata }`) and, apart, each member's private metadata (kept in state only as a secret).
 */
export function splitClerkRosterMembers(members: Record<string, unknown>): { publicPart: Record<string, unknown>; privatePart: Record<string, Record<string, unknown>> } {
  const publicPart: Record<string, unknown> = {};
  const privatePart: Record<string, Record<string, unknown>> = {};
  for (const [user, entry] of Object.entries(members)) {
    if (!isJsonObject(entry)) {
      publicPart[user] = entry;
      continue;
    }
    const { privateMetadata, ...rest } = entry;
    // The role alone travels as a string: the compact form the provider stores.
    const onlyRole = typeof rest.role === "string" && Object.keys(rest).every((key) => key === "role" || (key === "publicMetadata" && isEmpty(rest.publicMetadata)));
    publicPart[user] = onlyRole ? rest.role : rest;
    if (privateMetadata !== undefined) privatePart[user] = privateMetadata as Record<string, unknown>;
  }
  return { publicPart, privatePart };
}

/** A WorkOS roster's members as the provider takes them: a single role as the slug alone (the compact form it stores). */
export function compactWorkosRosterMembers(members: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(members).map(([user, entry]) => [user, isJsonObject(entry) && Object.keys(entry).length === 1 && typeof entry.roleSlug === "string" ? entry.roleSlug : entry]),
  );
}

function isEmpty(value: unknown): boolean {
  return value === undefined || (isJsonObject(value) && Object.keys(value).length === 0);
}
