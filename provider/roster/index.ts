// The roster file's public API: parse and validate declared rosters, and their JSON Schema.
// The validators and the JSON Schema are loaded when first called: they build the roster's zod schema and load
// `yaml` (about 0.1 s of every `pulumi` command's start-up), which a program declaring resources without a roster
// file, and the dynamic-provider process, never need.
import type * as JsonSchemaModule from "./json-schema";
import type { Roster } from "./model";
import type * as ValidateModule from "./validate";

export type { Roster, RosterMember, RosterOrganization, RosterSection, UnmanagedMembersPolicy } from "./model";
export { formatProblem, formatProblems, formatRosterFileFailure, RosterValidationError, type RosterProblem } from "./problems";

function validators(): typeof ValidateModule {
  return require("./validate") as typeof ValidateModule;
}

function jsonSchema(): typeof JsonSchemaModule {
  return require("./json-schema") as typeof JsonSchemaModule;
}

/**
 * Parses and validates the text of a roster file (YAML; JSON is YAML too).
 * @param file the name used in problems, usually the path the text was read from
 * @throws RosterValidationError with every problem, sorted by position
 */
export function parseRosterText(text: string, file: string): Roster {
  return validators().parseRosterText(text, file);
}

/**
 * Reads a roster file (UTF-8 YAML) and validates it. Errors reading the file (e.g. ENOENT) are thrown as they are.
 * @throws RosterValidationError with every problem, sorted by position
 */
export function loadRosterFile(path: string): Roster {
  return validators().loadRosterFile(path);
}

/**
 * Validates a roster given as a value (e.g. a TypeScript object) with the same checks as a file. Problems have
 * line and column 0, and their path.
 * @param source the name used as `file` in problems
 * @throws RosterValidationError with every problem
 */
export function validateRoster(value: unknown, source?: string): Roster {
  return validators().validateRoster(value, source);
}

/** The roster file's JSON Schema (draft-07), generated from the zod schema the validators use. */
export function rosterJsonSchema(): Record<string, unknown> {
  return jsonSchema().rosterJsonSchema();
}

/** The text of roster.schema.json: the schema as indented JSON with a final newline. */
export function renderRosterJsonSchema(): string {
  return jsonSchema().renderRosterJsonSchema();
}
