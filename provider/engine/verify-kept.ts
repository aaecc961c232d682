// After every write, what the service kept is compared with what was declared. A service may accept a write and
// keep something else (WorkOS with Multiple Roles disabled keeps one of several roles; an instance may strip a
// metadata key); reporting success then would leave a drift check that is red forever and an `up` that resends the
// same write each time. Instead the write fails with what was kept, what was declared and what to do, and what was
// kept is what gets recorded in state (as a partial apply), never the declaration.

import { PartialApplyError, type DesiredMembership, type LiveMembership, type MembershipApi, type MembershipModel, type MembershipRef } from "./port";

/** The service accepted a write but kept something other than what was declared. */
export class KeptOtherThanDeclaredError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeptOtherThanDeclaredError";
  }
}

/** The message for a membership whose service kept other values than declared; undefined when it kept them all. */
export function keptOtherThanDeclared<D extends DesiredMembership, L extends LiveMembership>(model: MembershipModel<D, L>, live: L, desired: D): string | undefined {
  const unkept = model.unkept(live, desired);
  if (unkept.length === 0) return undefined;
  return `${model.service} accepted the write for user ${desired.userId} in organization ${desired.organizationId} but kept something other than declared, so it is not recorded as applied (the state holds what ${model.service} kept): ${unkept.join("; ")}`;
}

/** The same API, with every create and converge checked against the declaration (PartialApplyError when it differs). */
export function verifiedApi<D extends DesiredMembership, L extends LiveMembership>(model: MembershipModel<D, L>, api: MembershipApi<D, L>): MembershipApi<D, L> {
  const verify = (live: L, desired: D): L => {
    const message = keptOtherThanDeclared(model, live, desired);
    if (message !== undefined) throw new PartialApplyError(live, new KeptOtherThanDeclaredError(message));
    return live;
  };
  return {
    create: async (desired) => verify(await api.create(desired), desired),
    converge: async (live, desired) => verify(await api.converge(live, desired), desired),
    find: (ref) => api.find(ref),
    remove: (live, desired) => api.remove(live, desired),
    list: (organizationId) => api.list(organizationId),
    usersByEmail: (emails) => api.usersByEmail(emails),
    organizationRules: (organizationId) => api.organizationRules(organizationId),
    ...(api.glance ? { glance: (ref: MembershipRef) => api.glance?.(ref) ?? Promise.resolve(undefined) } : {}),
    ...(api.people ? { people: (organizationId: string) => api.people?.(organizationId) ?? Promise.resolve(new Map()) } : {}),
    ...(api.peoplePage ? { peoplePage: (organizationId: string, after?: string) => api.peoplePage?.(organizationId, after) ?? Promise.resolve({ people: [] }) } : {}),
    ...(api.person ? { person: (userId: string) => api.person?.(userId) ?? Promise.resolve(undefined) } : {}),
    ...(api.listPage ? { listPage: (organizationId: string, after?: string) => api.listPage?.(organizationId, after) ?? Promise.resolve({ members: [] }) } : {}),
    ...(api.listUsers ? { listUsers: (organizationId: string, userIds: readonly string[]) => api.listUsers?.(organizationId, userIds) ?? Promise.resolve([]) } : {}),
    ...(api.usersPerFilteredCall === undefined ? {} : { usersPerFilteredCall: api.usersPerFilteredCall }),
  };
}
