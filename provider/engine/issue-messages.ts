// The words of a zod issue about a value that does not fit: what was given (never a secret's value) and what is
// allowed. The roster file's schema says every problem this way, and so do the rules a backend declares once for the
// file and its resources alike (its invitation settings).

/** A short rendering of a value for a message (never used for metadata, which may be secret). */
export function describeValue(value: unknown): string {
  if (value === null) return "an empty value";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return describeKind(value);
}

/** The kind of a value only, for places where the value itself may be secret (private metadata). */
export function describeKind(value: unknown): string {
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return typeof value === "string" ? "a string" : `a ${typeof value}`;
}

/** What a zod error function is given that the messages read. */
export interface IssueInput {
  readonly input?: unknown;
}

/** The message for a value that does not fit: missing, or present with the wrong type or format. */
export function notAllowed(allowed: string, describe: (value: unknown) => string = describeValue) {
  return (issue: IssueInput): string =>
    issue.input === undefined ? `is missing; allowed: ${allowed}` : `${describe(issue.input)} is not allowed; allowed: ${allowed}`;
}
