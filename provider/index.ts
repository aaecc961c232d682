// The public API of pulumi-org-roster: one namespace per service, the Roster component and the roster file.
export * as clerk from "./resources/clerk";
export * as workos from "./resources/workos";
export { Roster, type RosterArgs, type RosterGranularity } from "./resources/roster";
export {
  loadRosterFile,
  parseRosterText,
  validateRoster,
  RosterValidationError,
  type Roster as RosterDocument,
  type RosterMember,
  type RosterOrganization,
  type RosterProblem,
} from "./roster";
