// The provider object Pulumi serializes for every Clerk OrganizationMembership. It is this module's whole export,
// so when the package is installed under node_modules pulumi's closure serializer stores only
// `require("pulumi-org-roster/shims/clerk-membership")`. If it is ever serialized by value instead, each method
// still `require()`s the implementation by package name at run time: the text holds no configuration or secret
// and does not change when the implementation does.
/* eslint-disable @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access */

import type * as pulumi from "@pulumi/pulumi";

const clerkMembershipShim: pulumi.dynamic.ResourceProvider = {
  configure: (req) => require("pulumi-org-roster/runtime").clerkMembership.configure(req),
  check: (olds, news) => require("pulumi-org-roster/runtime").clerkMembership.check(olds, news),
  diff: (id, olds, news) => require("pulumi-org-roster/runtime").clerkMembership.diff(id, olds, news),
  create: (inputs) => require("pulumi-org-roster/runtime").clerkMembership.create(inputs),
  read: (id, props) => require("pulumi-org-roster/runtime").clerkMembership.read(id, props),
  update: (id, olds, news) => require("pulumi-org-roster/runtime").clerkMembership.update(id, olds, news),
  delete: (id, props) => require("pulumi-org-roster/runtime").clerkMembership.delete(id, props),
};

export = clerkMembershipShim;
