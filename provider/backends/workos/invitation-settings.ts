// WorkOS's invitation settings, the one rule for them: the roster file's `invitations:` (roster/schema.ts) and the
// resources' check (checkInvitationSettings in roster.ts) both validate with this schema.

import { z } from "zod";
import { expiresInDaysSetting, invitationSetting, invitationSettingsSchema } from "../../engine/invitation-settings";
import { WORKOS_USER_ID } from "./ids";

/** The longest an invitation may stay valid, in days (WorkOS refuses more). */
export const WORKOS_MAX_INVITATION_DAYS = 30;

export const workosInvitationSettings = invitationSettingsSchema({
  expiresInDays: expiresInDaysSetting("WorkOS", WORKOS_MAX_INVITATION_DAYS, 7),
  inviterUserId: invitationSetting("a WorkOS user id (user_…)", "The user the invitation comes from.", (error) => z.string({ error }).regex(WORKOS_USER_ID, { error })),
  locale: invitationSetting("a locale code WorkOS supports for invitation emails, e.g. en, de, fr-CA", "The language of the invitation email.", (error) =>
    z.string({ error }).regex(/^[a-z]{2}(-[A-Z]{2})?$/, { error }),
  ),
});
