// Clerk's invitation settings, the one rule for them: the roster file's `invitations:` (roster/schema.ts) and the
// resources' check (checkInvitationSettings in roster.ts) both validate with this schema.

import { z } from "zod";
import { expiresInDaysSetting, invitationSetting, invitationSettingsSchema } from "../../engine/invitation-settings";
import { CLERK_USER_ID } from "./model";

export const clerkInvitationSettings = invitationSettingsSchema({
  expiresInDays: expiresInDaysSetting("Clerk", 365, 30),
  redirectUrl: invitationSetting(
    "an http(s) URL where the invitation link leads, e.g. https://app.example.com/accept-invitation",
    "Where the invitation link leads.",
    (error) => z.url({ protocol: /^https?$/, error }),
  ),
  notify: invitationSetting("true (default: Clerk emails the invitation) or false", "Whether Clerk emails the invitation (default true).", (error) => z.boolean({ error })),
  inviterUserId: invitationSetting("a Clerk user id (user_…) of an admin of the organization", "The admin the invitation comes from.", (error) =>
    z.string({ error }).regex(CLERK_USER_ID, { error }),
  ),
});
