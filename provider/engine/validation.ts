// Generic input validation for the resources' `check`: each property is validated on its own with zod, so every
// problem is reported against the property that has it, and values still unknown during preview are let through.

import type { z } from "zod";
import type { InputProblem, Validation } from "./port";

/** The engine's placeholder for a value not known until apply (pulumi's rpc.unknownValue). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The provider's own serialized closure travels with the inputs; it is not a user property. */
export const PROVIDER_KEY = "__provider";

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN_VALUE) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

export interface PropertySpec {
  schema: z.ZodType;
  /** What is allowed, appended to every problem with this property. */
  allowed: string;
  /** Never echo the value in a message (private metadata). */
  secret?: boolean;
}

export interface InputSpec<T> {
  properties: Record<string, PropertySpec>;
  /** Checks that involve several properties, run when every property is valid and known. */
  crossCheck?: (values: Record<string, unknown>) => InputProblem[];
  build: (values: Record<string, unknown>) => T;
}

/**
 * The values `validateInputs` gives properties left out (each schema's zod `.default(…)`), by property: what the
 * provider plugin's schema declares as the inputs' defaults.
 */
export function inputDefaults<T>(spec: InputSpec<T>): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [name, property] of Object.entries(spec.properties)) {
    const definition = property.schema.def as { type: string; defaultValue?: unknown };
    if (definition.type === "default") defaults[name] = definition.defaultValue;
  }
  return defaults;
}

export function validateInputs<T>(raw: Record<string, unknown>, spec: InputSpec<T>): Validation<T> {
  const problems: InputProblem[] = [];
  const values: Record<string, unknown> = {};
  let anyUnknown = false;

  for (const key of Object.keys(raw)) {
    if (key === PROVIDER_KEY || key in spec.properties) continue;
    problems.push({ property: key, reason: `"${key}" is not a property of this resource; allowed: ${Object.keys(spec.properties).join(", ")}` });
  }

  for (const [key, property] of Object.entries(spec.properties)) {
    const value = raw[key];
    if (containsUnknown(value)) {
      values[key] = value;
      anyUnknown = true;
      continue;
    }
    const parsed = property.schema.safeParse(value);
    if (parsed.success) {
      if (parsed.data !== undefined) values[key] = parsed.data;
      continue;
    }
    const issues = parsed.error.issues.map((issue) => {
      const at = issue.path.length > 0 ? ` at ${issue.path.map(String).join(".")}` : "";
      return `${issue.message}${at}`;
    });
    const shown = value === undefined ? "it is missing" : property.secret ? "" : describe(value);
    problems.push({
      property: key,
      reason: `${unique(issues).join("; ")}${shown ? ` (${shown})` : ""}; allowed: ${property.allowed}`,
      ...(property.secret ? { secret: true } : {}),
    });
  }

  if (problems.length === 0 && !anyUnknown && spec.crossCheck) problems.push(...spec.crossCheck(values));
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: spec.build(values), inputs: values };
}

function describe(value: unknown): string {
  if (typeof value === "string") return `got "${value.length > 80 ? `${value.slice(0, 80)}…` : value}"`;
  if (value === null) return "got null";
  if (Array.isArray(value)) return "got an array";
  return `got ${typeof value === "object" ? "an object" : `a ${typeof value}`}`;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

/** Parses stored outputs with a backend's state schema; a mismatch means state from another type or a hand edit. */
export function parseState<T>(schema: z.ZodType<T>, state: Record<string, unknown>, service: string): T {
  const parsed = schema.safeParse(state);
  if (parsed.success) return parsed.data;
  const fields = parsed.error.issues.map((issue) => issue.path.join(".")).join(", ");
  throw new Error(`the stored state is not a ${service} organization membership (${fields}); run \`pulumi refresh\` or recreate the resource`);
}
