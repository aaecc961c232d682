// What a roster check reports: one problem per offending node, with its file position and property path, and the
// error that carries them all at once.

/** One problem found in a roster file or object. */
export interface RosterProblem {
  /** The file name as given (or the source label of an in-memory roster). */
  file: string;
  /** 1-based line of the offending node; 0 when the roster did not come from text. */
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
    super(sorted.map(formatProblem).join("\n"));
    this.name = "RosterValidationError";
    this.problems = sorted;
  }
}

/** `file:line:column: path: message`, the shape editors and CI annotations understand. */
export function formatProblem(problem: RosterProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.path}: ${problem.message}`;
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
