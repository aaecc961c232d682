// The Pulumi programs the bench deploys, as index.js text: our resources (per member and per organization), the
// naive baseline provider written the obvious way (inline fetch, no limiter, no retries) and the engine floor.

export type Service = "clerk" | "workos";
/** Who answers the resource calls: our package, the naive inline provider, or a provider that makes no HTTP call. */
export type ProviderKind = "ours" | "naive" | "floor";
export type Granularity = "member" | "roster";

/** One declared member, as the programs read it from `roster.json`. */
export interface RosterEntry {
  /** The Pulumi resource name of a per-member resource. */
  name: string;
  userId: string;
  /** Clerk role key (`org:member`) or WorkOS role slug (`member`). */
  role: string;
  /** The organization of an OrganizationRoster stack that spans several (default: the stack's own). */
  organizationId?: string;
}

/** What an OrganizationRoster does with live members it does not declare (the bench uses these two). */
export type UnmanagedMode = "ignore" | "report";

/** Environment variables the naive programs read their API URL and key from, per service. */
export const NAIVE_ENV: Record<Service, { url: string; key: string }> = {
  clerk: { url: "CLERK_API_URL", key: "CLERK_SECRET_KEY" },
  workos: { url: "WORKOS_API_URL", key: "WORKOS_API_KEY" },
};

export interface ProgramSpec {
  provider: ProviderKind;
  granularity: Granularity;
  service: Service;
  organizationId: string;
  /** OrganizationRoster only: default "ignore". */
  unmanagedMembers?: UnmanagedMode;
}

export function programText(spec: ProgramSpec): string {
  if (spec.granularity === "roster") {
    if (spec.provider !== "ours") throw new Error(`the ${spec.provider} provider has no organization-level form`);
    return rosterProgram(spec.service, spec.organizationId, spec.unmanagedMembers ?? "ignore");
  }
  switch (spec.provider) {
    case "ours":
      return memberProgram(spec.service, spec.organizationId);
    case "naive":
      return spec.service === "clerk" ? naiveClerkProgram(spec.organizationId) : naiveWorkosProgram(spec.organizationId);
    case "floor":
      return floorProgram(spec.organizationId);
  }
}

function memberProgram(service: Service, organizationId: string): string {
  const roleProperty = service === "clerk" ? "role" : "roleSlug";
  return `// Per-member resources of pulumi-org-roster.
const { ${service} } = require("pulumi-org-roster");
for (const m of require("./roster.json")) {
  new ${service}.OrganizationMembership(m.name, { organizationId: ${JSON.stringify(organizationId)}, userId: m.userId, ${roleProperty}: m.role });
}
`;
}

function rosterProgram(service: Service, organizationId: string, unmanagedMembers: UnmanagedMode): string {
  const roleProperty = service === "clerk" ? "role" : "roleSlug";
  return `// One OrganizationRoster of pulumi-org-roster per organization, each holding its whole member map.
const { ${service} } = require("pulumi-org-roster");
const organizations = new Map();
for (const m of require("./roster.json")) {
  const organizationId = m.organizationId || ${JSON.stringify(organizationId)};
  if (!organizations.has(organizationId)) organizations.set(organizationId, {});
  organizations.get(organizationId)[m.userId] = { ${roleProperty}: m.role };
}
// An organization's owner is not declared here: in "ignore" mode left alone, as a team would do for an admin
// managed elsewhere.
let index = 0;
for (const [organizationId, members] of organizations) {
  new ${service}.OrganizationRoster(index++ === 0 ? "roster" : "roster-" + organizationId, { organizationId, members, unmanagedMembers: ${JSON.stringify(unmanagedMembers)} });
}
`;
}

/** The diff both inline providers use: identity changes replace, a role change updates. */
const INLINE_DIFF = `  async diff(id, olds, news) {
    const replaces = [];
    if (olds.organizationId !== news.organizationId) replaces.push("organizationId");
    if (olds.userId !== news.userId) replaces.push("userId");
    return { changes: replaces.length > 0 || olds.role !== news.role, replaces: replaces };
  },`;

function naiveClerkProgram(organizationId: string): string {
  return `// The naive baseline: a Clerk membership provider written the obvious way (fetch per call, no limiter, no retries).
const pulumi = require("@pulumi/pulumi");

async function clerk(method, path, body) {
  const response = await fetch(process.env.${NAIVE_ENV.clerk.url} + path, {
    method: method,
    headers: { Authorization: "Bearer " + process.env.${NAIVE_ENV.clerk.key}, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error("Clerk " + method + " " + path + " failed: " + response.status + " " + (await response.text()));
  return response.json();
}

const clerkMembershipProvider = {
  async create(inputs) {
    const membership = await clerk("POST", "/organizations/" + inputs.organizationId + "/memberships", { user_id: inputs.userId, role: inputs.role });
    return { id: membership.id, outs: { organizationId: inputs.organizationId, userId: inputs.userId, role: membership.role } };
  },
  async read(id, props) {
    const list = await clerk("GET", "/organizations/" + props.organizationId + "/memberships?user_id=" + props.userId + "&limit=10");
    const membership = list.data.find((m) => m.public_user_data.user_id === props.userId);
    if (!membership) return {};
    return { id: membership.id, props: { organizationId: props.organizationId, userId: props.userId, role: membership.role } };
  },
${INLINE_DIFF}
  async update(id, olds, news) {
    const membership = await clerk("PATCH", "/organizations/" + news.organizationId + "/memberships/" + news.userId, { role: news.role });
    return { outs: { organizationId: news.organizationId, userId: news.userId, role: membership.role } };
  },
  async delete(id, props) {
    await clerk("DELETE", "/organizations/" + props.organizationId + "/memberships/" + props.userId);
  },
};

for (const m of require("./roster.json")) {
  new pulumi.dynamic.Resource(clerkMembershipProvider, m.name, { organizationId: ${JSON.stringify(organizationId)}, userId: m.userId, role: m.role });
}
`;
}

function naiveWorkosProgram(organizationId: string): string {
  return `// The naive baseline: a WorkOS membership provider written the obvious way (fetch per call, no limiter, no retries).
const pulumi = require("@pulumi/pulumi");

async function workos(method, path, body) {
  const response = await fetch(process.env.${NAIVE_ENV.workos.url} + path, {
    method: method,
    headers: { Authorization: "Bearer " + process.env.${NAIVE_ENV.workos.key}, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error("WorkOS " + method + " " + path + " failed: " + response.status + " " + (await response.text()));
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

const workosMembershipProvider = {
  async create(inputs) {
    const membership = await workos("POST", "/user_management/organization_memberships", {
      user_id: inputs.userId,
      organization_id: inputs.organizationId,
      role_slug: inputs.role,
    });
    return { id: membership.id, outs: { organizationId: inputs.organizationId, userId: inputs.userId, role: membership.role.slug } };
  },
  async read(id, props) {
    const list = await workos("GET", "/user_management/organization_memberships?user_id=" + props.userId + "&organization_id=" + props.organizationId);
    const membership = list.data.find((m) => m.user_id === props.userId);
    if (!membership) return {};
    return { id: membership.id, props: { organizationId: props.organizationId, userId: props.userId, role: membership.role.slug } };
  },
${INLINE_DIFF}
  async update(id, olds, news) {
    const membership = await workos("PUT", "/user_management/organization_memberships/" + id, { role_slug: news.role });
    return { outs: { organizationId: news.organizationId, userId: news.userId, role: membership.role.slug } };
  },
  async delete(id) {
    await workos("DELETE", "/user_management/organization_memberships/" + id);
  },
};

for (const m of require("./roster.json")) {
  new pulumi.dynamic.Resource(workosMembershipProvider, m.name, { organizationId: ${JSON.stringify(organizationId)}, userId: m.userId, role: m.role });
}
`;
}

function floorProgram(organizationId: string): string {
  return `// The engine floor: the same stack with a dynamic provider that makes no HTTP call (it returns its inputs).
const pulumi = require("@pulumi/pulumi");

const floorProvider = {
  async create(inputs) {
    return { id: "floor-" + inputs.userId, outs: inputs };
  },
  async read(id, props) {
    return { id: id, props: props };
  },
${INLINE_DIFF}
  async update(id, olds, news) {
    return { outs: news };
  },
  async delete() {},
};

for (const m of require("./roster.json")) {
  new pulumi.dynamic.Resource(floorProvider, m.name, { organizationId: ${JSON.stringify(organizationId)}, userId: m.userId, role: m.role });
}
`;
}
