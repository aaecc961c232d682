// The provider object Pulumi serializes for a Roster component's removal guard; see clerk-membership.ts for why it is
// a module of its own whose methods require the implementation by package name.
/* eslint-disable @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access */

import type * as pulumi from "@pulumi/pulumi";

const rosterGuardShim: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => require("pulumi-org-roster/runtime").rosterGuard.check(olds, news),
  diff: (id, olds, news) => require("pulumi-org-roster/runtime").rosterGuard.diff(id, olds, news),
  create: (inputs) => require("pulumi-org-roster/runtime").rosterGuard.create(inputs),
  read: (id, props) => require("pulumi-org-roster/runtime").rosterGuard.read(id, props),
  update: (id, olds, news) => require("pulumi-org-roster/runtime").rosterGuard.update(id, olds, news),
  delete: (id, props) => require("pulumi-org-roster/runtime").rosterGuard.delete(id, props),
};

export = rosterGuardShim;
