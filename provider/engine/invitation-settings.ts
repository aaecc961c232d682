// The invitation settings (`invitations:`) of a roster or membership, one rule per service: each backend declares
// its settings once, as one zod schema built here (backends/*/invitation-settings.ts). The roster file's schema uses
// that schema as it is (its messages in the file's words, its descriptions in roster.schema.json), and the resources'
// check reads the same schema's verdict as one problem per key, in the words of a check.

import { z } from "zod";
import { notAllowed, type IssueInput } from "./issue-messages";
import type { InputProblem } from "./port";

/** What each setting allows, with the service's limits and default, as both the file's and the check's messages say it. */
const allowedBySetting = z.registry<{ allowed: string }>();

/**
 * One optional setting. `make` builds its schema around the message for a value that does not fit (give it to every
 * check of the schema); `allowed` says what fits, `description` what the setting is (for roster.schema.json).
 */
export function invitationSetting<T extends z.ZodType>(allowed: string, description: string, make: (error: (issue: IssueInput) => string) => T): z.ZodOptional<T> {
  const schema = make(notAllowed(allowed)).meta({ description });
  allowedBySetting.add(schema, { allowed });
  return schema.optional();
}

/** `expiresInDays`: a whole number of days from 1 to `max`, the service's limits, and its default. */
export function expiresInDaysSetting(service: string, max: number, defaultDays: number): z.ZodOptional<z.ZodNumber> {
  return invitationSetting(
    `a whole number of days from 1 to ${max} (${service}'s limits; default ${defaultDays})`,
    `How long an invitation stays valid, in days (1 to ${max}; default ${defaultDays}).`,
    (error) => z.int({ error }).min(1, { error }).max(max, { error }),
  );
}

/** A service's invitation settings: the settings `shape` declares, each optional, and no other key. */
export function invitationSettingsSchema<Shape extends Record<string, z.ZodOptional>>(shape: Shape): z.ZodObject<Shape, z.core.$strict> {
  return z.strictObject(shape, { error: notAllowed(`a mapping with ${Object.keys(shape).join(", ")}`) });
}

/**
 * The check's problems with a service's invitation settings (a mapping): one per key that does not fit, in the order
 * given, each `invitations.<key>: …` saying what is allowed; an unknown key is named with the keys allowed.
 */
export function invitationSettingsProblems(service: string, schema: z.ZodObject, settings: Record<string, unknown>): InputProblem[] {
  const parsed = schema.safeParse(settings);
  if (parsed.success) return [];
  const keys = Object.keys(schema.shape);
  const reasons = new Map<string, string>();
  for (const issue of parsed.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) reasons.set(key, `is not a ${service} invitation setting; allowed: ${keys.join(", ")}`);
      continue;
    }
    const key = String(issue.path[0]);
    const setting: unknown = schema.shape[key];
    const allowed = setting instanceof z.ZodOptional ? allowedBySetting.get(setting.unwrap() as z.ZodType)?.allowed : undefined;
    if (!reasons.has(key)) reasons.set(key, allowed === undefined ? issue.message : `must be ${allowed}`);
  }
  return Object.keys(settings)
    .filter((key) => reasons.has(key))
    .map((key) => ({ property: "invitations", reason: `invitations.${key}: ${reasons.get(key)}` }));
}
