// The YAML side of a roster file: parse with positions, report syntax problems and duplicate keys, and find the
// line:column of the node at a property path so that schema problems point into the file.

import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from "yaml";
import { formatPath, type RosterProblem } from "./problems";

/** A 1-based position in the text. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** A parsed roster document: its plain value (when it has one), the problems YAML itself found, and positions. */
export interface YamlRoster {
  /** Problems of the YAML text: syntax errors, warnings, duplicate keys, an empty document. */
  problems: RosterProblem[];
  /** Whether the text could be read as YAML at all; when false, schema checks would only report noise. */
  readable: boolean;
  /** The document as plain data (undefined when it is empty or unreadable). */
  value: unknown;
  /** The position of the node at `path`: its key for `target: "key"`, otherwise its value. */
  locate: (path: readonly PropertyKey[], target: "key" | "value") => SourcePosition;
}

export function readYamlRoster(text: string, file: string): YamlRoster {
  const lineCounter = new LineCounter();
  // Duplicate keys are found below, with the line of the first occurrence, rather than by yaml's uniqueKeys.
  const document = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false });
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problem = (offset: number, path: readonly PropertyKey[], message: string): RosterProblem => ({
    file,
    ...position(offset),
    path: formatPath(path),
    message,
  });

  const problems: RosterProblem[] = [];
  for (const error of document.errors) problems.push(problem(error.pos[0], [], `YAML syntax error: ${firstLine(error.message)}`));
  for (const warning of document.warnings) problems.push(problem(warning.pos[0], [], `YAML: ${firstLine(warning.message)}`));
  const readable = document.errors.length === 0;
  problems.push(...duplicateKeys(document, problem, position));

  const locate = (path: readonly PropertyKey[], target: "key" | "value"): SourcePosition => position(offsetOf(document, path, target));

  if (!readable) return { problems, readable, value: undefined, locate };
  if (document.contents === null || (isScalar(document.contents) && document.contents.value === null)) {
    problems.push(problem(0, [], "the roster file is empty; allowed: a mapping with a clerk and/or a workos section"));
    return { problems, readable, value: undefined, locate };
  }
  try {
    // The alias limit stops "billion laughs" documents from expanding without bound.
    return { problems, readable, value: document.toJS({ maxAliasCount: 100 }), locate };
  } catch (error) {
    problems.push(problem(0, [], `the YAML cannot be read as data: ${error instanceof Error ? error.message : String(error)}`));
    return { problems, readable: false, value: undefined, locate };
  }
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/** Every repeated key of every mapping, at the repeat, naming the line of the first (YAML keeps only the last). */
function duplicateKeys(
  document: Document,
  problem: (offset: number, path: readonly PropertyKey[], message: string) => RosterProblem,
  position: (offset: number) => SourcePosition,
): RosterProblem[] {
  const problems: RosterProblem[] = [];
  const lineOf = (node: unknown) => position(offsetOfNode(node)).line;
  const visit = (node: unknown, path: PropertyKey[]): void => {
    if (isMap(node)) {
      const first = new Map<string, Pair>();
      for (const pair of node.items) {
        const key = keyText(pair.key);
        const earlier = first.get(key);
        if (earlier === undefined) first.set(key, pair);
        else {
          problems.push(
            problem(offsetOfNode(pair.key), [...path, key], `duplicate key ${JSON.stringify(key)} (first at line ${lineOf(earlier.key)}); each key may appear once in a mapping`),
          );
        }
        visit(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...path, index]));
    }
  };
  visit(document.contents, []);
  return problems;
}

function isNode(value: unknown): value is Node {
  return isScalar(value) || isMap(value) || isSeq(value) || isAlias(value);
}

function offsetOfNode(node: unknown): number {
  return isNode(node) ? (node.range?.[0] ?? 0) : 0;
}

/** An empty value (`key:` or `-` with nothing after it) has no text of its own to point at. */
function hasText(node: unknown): boolean {
  if (!isNode(node) || node.range === undefined || node.range === null) return false;
  return !(isScalar(node) && node.value === null && node.range[0] === node.range[1]);
}

/**
 * The offset of the node at `path`. A path that leaves the document (a missing property) ends at the deepest node
 * that exists, at its key when it has one, since "this organization has no members" is about the organization;
 * an empty value (`key:` alone) is pointed at by its key too.
 */
function offsetOf(document: Document, path: readonly PropertyKey[], target: "key" | "value"): number {
  let node: unknown = document.contents;
  let key: unknown = undefined;
  let fallback = hasText(node) ? offsetOfNode(node) : 0;
  let complete = true;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(document);
    if (isMap(node)) {
      // YAML keeps the last of repeated keys, so the problem is about the last one.
      const pair = [...node.items].reverse().find((item) => keyText(item.key) === String(segment));
      if (!pair) {
        complete = false;
        break;
      }
      key = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
      key = undefined;
      node = node.items[segment];
    } else {
      complete = false;
      break;
    }
    // A list item has no key: even an empty one (`-` alone) sits just after its dash, on the right line.
    if (key !== undefined) {
      if (hasText(key)) fallback = offsetOfNode(key);
    } else if (isNode(node) && node.range) fallback = offsetOfNode(node);
  }
  if (target === "value" && complete && hasText(node)) return offsetOfNode(node);
  return hasText(key) ? offsetOfNode(key) : fallback;
}
