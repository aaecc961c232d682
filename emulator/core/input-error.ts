// The error for bad emulator input (a seed, fault settings): carries a readable, path-by-path message that the
// programmatic API throws and the admin API returns as a 400.
import { z } from "zod";

export class EmulatorInputError extends Error {
  override readonly name = "EmulatorInputError";
}

/** Parses `value` with `schema`, throwing an EmulatorInputError that names `what` and every problem's path. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.output<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw new EmulatorInputError(`invalid ${what}:\n${z.prettifyError(result.error)}`);
  return result.data;
}
