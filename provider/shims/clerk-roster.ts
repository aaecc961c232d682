// The provider object Pulumi serializes for every Clerk OrganizationRoster; see clerk-membership.ts for why it is a
// module of its own whose methods require the implementation by package name.
/* eslint-disable @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access */

import type * as pulumi from "@pulumi/pulumi";

const clerkRosterShim: pulumi.dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-org-roster/runtime").clerkRoster.configure(req),
  check: (olds, news) => require("pulumi-org-roster/runtime").clerkRoster.check(olds, news),
  diff: (id, olds, news) => require("pulumi-org-roster/runtime").clerkRoster.diff(id, olds, news),
  create: (inputs) => require("pulumi-org-roster/runtime").clerkRoster.create(inputs),
  read: (id, props) => require("pulumi-org-roster/runtime").clerkRoster.read(id, props),
  update: (id, olds, news) => require("pulumi-org-roster/runtime").clerkRoster.update(id, olds, news),
  delete: (id, props) => require("pulumi-org-roster/runtime").clerkRoster.delete(id, props),
};

export = clerkRosterShim;
