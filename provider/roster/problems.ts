// What a roster check reports: one problem per offending node, with its file position and property path, and the
// error that carries them all at once.

/** One problem found in a roster file or object. */
export interface RosterProblem {
  /** The file name as given (or the source label of an in-memory roster). */
  file: string;
  /** 1-based line of the offending node; 0 when the roster did not come from text (then it is printed without a position). */
  line: number;
  /** 1-based column of the offending node; 0 when the roster did not come from text. */
  column: number;
  /** Where in the roster, e.g. `clerk.organizations.org_x.members[1].role`; `(root)` for the whole document. */
  path: string;
  /** What is wrong and what is allowed instead. */
  message: string;
}

/** Thrown when a roster has problems; `problems` holds every one of them, sorted by position. */
export class RosterValidationError extends Error {
  /** Every problem found, sorted by file, line and column. */
  readonly problems: RosterProblem[];

  constructor(problems: RosterProblem[]) {
    const sorted = sortProblems(problems);
    super(formatProblems(sorted));
    this.name = "RosterValidationError";
    this.problems = sorted;
  }
}

/**
 * `file:line:column: path: message`, the shape editors and CI annotations understand. A problem without a position
 * (line 0: the roster was an object, not text) is `source: path: message`, its path being its only place.
 */
export function formatProblem(problem: RosterProblem): string {
  const place = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  return `${place}: ${problem.path}: ${problem.message}`;
}

/** One line per problem, in the order given: what `org-roster validate` prints and the Roster component reports. */
export function formatProblems(problems: readonly RosterProblem[]): string {
  return problems.map(formatProblem).join("\n");
}

/**
 * What a roster file that failed to load is reported as: every problem when it was read but is not a valid roster,
 * otherwise the one line `file: cannot read the roster file: reason` (missing file, no permission, a directory).
 */
export function formatRosterFileFailure(file: string, error: unknown): string {
  if (error instanceof RosterValidationError) return formatProblems(error.problems);
  // Duck-typed: an fs error from another realm (a vm context, a test runner) is no `instanceof Error` here.
  const message = typeof error === "object" && error !== null && "message" in error && typeof error.message === "string" ? error.message : String(error);
  return `${file}: cannot read the roster file: ${message}`;
}

/** Sorted by file, then line and column; problems at the same position keep the order they were found in. */
export function sortProblems(problems: readonly RosterProblem[]): RosterProblem[] {
  return [...problems].sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column);
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `clerk.organizations.org_x.members[1].role`; keys that are not identifiers are quoted, `["a b"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (typeof segment === "string" && IDENTIFIER.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
