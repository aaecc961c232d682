// The provider object Pulumi serializes for every WorkOS OrganizationRoster; see clerk-membership.ts for why it is a
// module of its own whose methods require the implementation by package name.
/* eslint-disable @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access */

import type * as pulumi from "@pulumi/pulumi";

const workosRosterShim: pulumi.dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-org-roster/runtime").workosRoster.configure(req),
  check: (olds, news) => require("pulumi-org-roster/runtime").workosRoster.check(olds, news),
  diff: (id, olds, news) => require("pulumi-org-roster/runtime").workosRoster.diff(id, olds, news),
  create: (inputs) => require("pulumi-org-roster/runtime").workosRoster.create(inputs),
  read: (id, props) => require("pulumi-org-roster/runtime").workosRoster.read(id, props),
  update: (id, olds, news) => require("pulumi-org-roster/runtime").workosRoster.update(id, olds, news),
  delete: (id, props) => require("pulumi-org-roster/runtime").workosRoster.delete(id, props),
};

export = workosRosterShim;
