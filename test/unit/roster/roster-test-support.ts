// Helpers for the roster tests: YAML written line by line (so line numbers are visible) and the problems a
// roster text or object produces.
import { parseRosterText, validateRoster } from "../../../provider/roster";
import { RosterValidationError, type RosterProblem } from "../../../provider/roster/problems";

/** YAML text from lines: line N of the text is argument N. */
export function yamlLines(...lines: string[]): string {
  return `${lines.join("\n")}\n`;
}

function problemsOf(run: () => unknown): RosterProblem[] {
  try {
    run();
  } catch (error) {
    if (error instanceof RosterValidationError) return error.problems;
    throw error;
  }
  throw new Error("expected the roster to have problems, but it is valid");
}

/** Every problem of a roster file's text, named roster.yaml. */
export function problemsInText(text: string): RosterProblem[] {
  return problemsOf(() => parseRosterText(text, "roster.yaml"));
}

/** Every problem of a roster object. */
export function problemsInValue(value: unknown): RosterProblem[] {
  return problemsOf(() => validateRoster(value, "object"));
}

/** The one problem of a text, failing when there are more or none. */
export function onlyProblemInText(text: string): RosterProblem {
  const problems = problemsInText(text);
  if (problems.length !== 1) throw new Error(`expected exactly one problem, got:\n${problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`).join("\n")}`);
  return problems[0] as RosterProblem;
}

/** `line:column path` of each problem, the part of a problem the position tests compare. */
export function positions(problems: readonly RosterProblem[]): string[] {
  return problems.map((problem) => `${problem.line}:${problem.column} ${problem.path}`);
}
