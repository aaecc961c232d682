// Whether a kept-otherwise invitation was sent for this very declaration: same entry and, by keyed digest, the same
// private metadata. A record written before digests were kept is taken at its entry, so it is never sent again.

import { clerkRosterModel } from "../../provider/backends/clerk/roster";
import { keyedDigest } from "../../provider/engine/private-metadata-keys";
import { declarationDigest, keptOtherForThisDeclaration, type InvitationRecord } from "../../provider/engine/roster-invitations";
import type { ClerkDesiredMembership } from "../../provider/backends/clerk/model";

const digest = declarationDigest(clerkRosterModel, () => keyedDigest(Buffer.from("a key")));
const desired = (desk: string): ClerkDesiredMembership => ({ organizationId: "org_2a", userId: "user_2x", role: "org:member", publicMetadata: {}, privateMetadata: { desk }, adoptExisting: true });
const record = (declaredPrivate?: string): InvitationRecord => ({ invitationId: "orginv_1", status: "pending", entry: "org:member", keptOther: true, ...(declaredPrivate ? { declaredPrivate } : {}) });

it("the same entry and private metadata are the same declaration; another private value is not", () => {
  const sent = digest("new@acme.com", desired("4F"));
  expect(sent).toMatch(/^[0-9a-f]{16}$/);
  expect(keptOtherForThisDeclaration(clerkRosterModel, record(sent), "New@Acme.com", desired("4F"), digest)).toBe(true);
  expect(keptOtherForThisDeclaration(clerkRosterModel, record(sent), "new@acme.com", desired("5G"), digest)).toBe(false);
  expect(JSON.stringify(record(sent))).not.toContain("4F");
});

it("a record without a digest (an earlier release's) is taken at its entry", () => {
  expect(keptOtherForThisDeclaration(clerkRosterModel, record(), "new@acme.com", desired("5G"), digest)).toBe(true);
});
