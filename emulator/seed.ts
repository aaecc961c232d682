// The emulator seed: the whole starting state of every emulated service, validated with zod; plus the default
// seed shipped in seeds/default.json.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { clerkSeedSchema } from "./clerk/seed";
import { EmulatorInputError, parseInput } from "./core/input-error";
import { parseJson } from "./core/json";
import defaultSeedJson from "./seeds/default.json";
import { workosSeedSchema } from "./workos/seed";

export const emulatorSeedSchema = z.strictObject({
  /** The Clerk instance; empty when omitted. */
  clerk: clerkSeedSchema.prefault({}),
  /** The WorkOS environment; empty when omitted. */
  workos: workosSeedSchema.prefault({}),
});

/** A seed as written: every collection and most fields may be left out. */
export type EmulatorSeed = z.input<typeof emulatorSeedSchema>;
/** A seed with every default filled in, as `GET /_emulator/state` returns it. */
export type NormalizedEmulatorSeed = z.output<typeof emulatorSeedSchema>;

/** Validates a seed; throws EmulatorInputError naming every problem and its path (e.g. `clerk.memberships[0].role`). */
export function parseEmulatorSeed(value: unknown): NormalizedEmulatorSeed {
  return parseInput(emulatorSeedSchema, value, "emulator seed");
}

/** A fresh copy of emulator/seeds/default.json: a Clerk dev instance and a WorkOS environment, each with Acme Corp. */
export function defaultSeed(): EmulatorSeed {
  return parseEmulatorSeed(structuredClone(defaultSeedJson));
}

/** Reads and validates a seed file (JSON); throws EmulatorInputError when it cannot be read, is not JSON or is no seed. */
export function loadSeedFile(path: string): NormalizedEmulatorSeed {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new EmulatorInputError(`cannot read seed ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = parseJson(text);
  if (!parsed.ok) throw new EmulatorInputError(`seed ${path} is not valid JSON: ${parsed.reason}`);
  return parseEmulatorSeed(parsed.value);
}
