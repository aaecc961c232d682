// The provider object Pulumi serializes for every WorkOS OrganizationMembership; see clerk-membership.ts for why
// it is a module of its own whose methods require the implementation by package name.
/* eslint-disable @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access */

import type * as pulumi from "@pulumi/pulumi";

const workosMembershipShim: pulumi.dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-org-roster/runtime").workosMembership.configure(req),
  check: (olds, news) => require("pulumi-org-roster/runtime").workosMembership.check(olds, news),
  diff: (id, olds, news) => require("pulumi-org-roster/runtime").workosMembership.diff(id, olds, news),
  create: (inputs) => require("pulumi-org-roster/runtime").workosMembership.create(inputs),
  read: (id, props) => require("pulumi-org-roster/runtime").workosMembership.read(id, props),
  update: (id, olds, news) => require("pulumi-org-roster/runtime").workosMembership.update(id, olds, news),
  delete: (id, props) => require("pulumi-org-roster/runtime").workosMembership.delete(id, props),
};

export = workosMembershipShim;
