// The roster file's public API: parse and validate declared rosters, and their JSON Schema.
export type { Roster, RosterMember, RosterOrganization, RosterSection, UnmanagedMembersPolicy } from "./model";
export { formatProblem, formatProblems, formatRosterFileFailure, RosterValidationError, type RosterProblem } from "./problems";
export { loadRosterFile, parseRosterText, validateRoster } from "./validate";
export { renderRosterJsonSchema, rosterJsonSchema } from "./json-schema";
