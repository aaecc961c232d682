// Entry points for roster files and roster objects: parse, check against the roster schema, and turn every zod
// issue into a problem at the file position of the node it is about. Pure apart from reading the file.

import { readFileSync } from "node:fs";
import type { z } from "zod";
import type { Roster } from "./model";
import { formatPath, RosterValidationError, type RosterProblem } from "./problems";
import { KEY_ISSUE, rosterSchema, unknownKeyMessage, type RosterIssueParams } from "./schema";
import { readYamlRoster, type SourcePosition } from "./yaml-source";

/** Where the node at a path is in the source, and how to name an earlier member for "listed twice" problems. */
interface Locator {
  locate: (path: readonly PropertyKey[], target: "key" | "value") => SourcePosition;
  describeEarlier: (path: readonly PropertyKey[]) => string;
}

/**
 * Parses and validates the text of a roster file (YAML; JSON is YAML too).
 * @param file the name used in problems, usually the path the text was read from
 * @throws RosterValidationError with every problem, sorted by position
 */
export function parseRosterText(text: string, file: string): Roster {
  const yaml = readYamlRoster(text, file);
  const problems = [...yaml.problems];
  if (!yaml.readable || yaml.value === undefined) throw new RosterValidationError(problems);
  const locator: Locator = {
    locate: yaml.locate,
    describeEarlier: (path) => `line ${yaml.locate(path, "value").line}`,
  };
  const checked = checkRoster(yaml.value, file, locator);
  problems.push(...checked.found.map((found) => found.problem));
  if (problems.length > 0) throw new RosterValidationError(problems);
  return checked.roster;
}

/**
 * Reads a roster file (UTF-8 YAML) and validates it. Errors reading the file (e.g. ENOENT) are thrown as they are.
 * @throws RosterValidationError with every problem, sorted by position
 */
export function loadRosterFile(path: string): Roster {
  return parseRosterText(readFileSync(path, "utf8"), path);
}

/**
 * Validates a roster given as a value (e.g. a TypeScript object) with the same checks as a file. Problems have
 * line and column 0, and their path.
 * @param source the name used as `file` in problems
 * @throws RosterValidationError with every problem
 */
export function validateRoster(value: unknown, source = "<roster>"): Roster {
  if (value === undefined || value === null) {
    const message = "the roster is empty; allowed: an object with a clerk and/or a workos section";
    throw new RosterValidationError([{ file: source, line: 0, column: 0, path: formatPath([]), message }]);
  }
  const locator: Locator = {
    locate: () => ({ line: 0, column: 0 }),
    describeEarlier: (path) => formatPath(path.slice(-3, -1)),
  };
  const checked = checkRoster(value, source, locator);
  if (checked.found.length === 0) return checked.roster;
  // Without positions, problems are put in the order of the object's own keys, as a file's would be by line.
  const inObjectOrder = compareInObjectOrder(value);
  throw new RosterValidationError(checked.found.sort((a, b) => inObjectOrder(a.path, b.path)).map((found) => found.problem));
}

interface FoundProblem {
  path: readonly PropertyKey[];
  problem: RosterProblem;
}

/** Runs the schema: the parsed roster, or a problem per issue (unknown keys: one per key). */
function checkRoster(value: unknown, file: string, locator: Locator): { roster: Roster; found: FoundProblem[] } {
  const parsed = rosterSchema.safeParse(value);
  if (parsed.success) return { roster: parsed.data, found: [] };
  return { roster: {}, found: parsed.error.issues.flatMap((issue) => problemsOf(issue, file, locator)) };
}

function problemsOf(issue: z.core.$ZodIssue, file: string, locator: Locator): FoundProblem[] {
  const at = (path: readonly PropertyKey[], target: "key" | "value", message: string): FoundProblem => ({
    path,
    problem: { file, ...locator.locate(path, target), path: formatPath(path), message },
  });

  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => at([...issue.path, key], "key", unknownKeyMessage(issue.path, key)));
  }
  if (issue.code === "custom") {
    const params = (issue.params ?? {}) as RosterIssueParams;
    if (params.target === KEY_ISSUE) return [at(issue.path, "key", issue.message)];
    if (params.firstIndex !== undefined && issue.path.length >= 2) {
      // path is [..., "members", index, field]: the first occurrence is the same field of member firstIndex.
      const earlier = [...issue.path.slice(0, -2), params.firstIndex, ...issue.path.slice(-1)];
      return [at(issue.path, "value", `${issue.message} (first listed at ${locator.describeEarlier(earlier)})`)];
    }
  }
  return [at(issue.path, "value", issue.message)];
}

/** Orders paths as the value is written: a parent before its children, siblings in key order, missing keys last. */
function compareInObjectOrder(root: unknown): (a: readonly PropertyKey[], b: readonly PropertyKey[]) => number {
  return (a, b) => {
    let node = root;
    for (let index = 0; index < Math.min(a.length, b.length); index++) {
      const left = a[index];
      const right = b[index];
      if (left !== right) return rankIn(node, left) - rankIn(node, right);
      node = isIndexable(node) && left !== undefined ? (node as Record<PropertyKey, unknown>)[left] : undefined;
    }
    return a.length - b.length;
  };
}

function rankIn(node: unknown, segment: PropertyKey | undefined): number {
  if (Array.isArray(node) && typeof segment === "number") return segment;
  if (isIndexable(node)) {
    const rank = Object.keys(node).indexOf(String(segment));
    if (rank !== -1) return rank;
  }
  return Number.MAX_SAFE_INTEGER;
}

function isIndexable(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}
