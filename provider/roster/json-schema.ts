// The roster file's JSON Schema, generated from the zod schema, for editors (yaml-language-server's `$schema`
// comment) and other tools. scripts/roster-schema.ts writes it to roster.schema.json at the package root.

import { z } from "zod";
import { REJECTED_NULL, rosterSchema } from "./schema";

/**
 * The first line of a roster file in a project that installed the package: yaml-language-server (VS Code's YAML
 * extension and others) then checks and completes the file against the published schema.
 */
export const ROSTER_SCHEMA_COMMENT = "# yaml-language-server: $schema=./node_modules/pulumi-org-roster/roster.schema.json";

/** The roster file's JSON Schema (draft-07, the draft editors support best). */
export function rosterJsonSchema(): Record<string, unknown> {
  const schema: Record<string, unknown> = z.toJSONSchema(rosterSchema, {
    target: "draft-7",
    io: "input",
    override: (context) => {
      // Null is in the zod union only to be rejected with a precise message: in the JSON Schema it matches nothing.
      if (context.zodSchema === REJECTED_NULL) {
        for (const key of Object.keys(context.jsonSchema)) delete (context.jsonSchema as Record<string, unknown>)[key];
        context.jsonSchema.not = {};
      }
    },
  });
  return schema;
}

/** The text of roster.schema.json: the schema as indented JSON with a final newline. */
export function renderRosterJsonSchema(): string {
  return `${JSON.stringify(rosterJsonSchema(), null, 2)}\n`;
}
