// The emulator seed: the whole starting state of every emulated service, validated with zod; plus the default
// seed shipped in seeds/default.json.
import { z } from "zod";
import { clerkSeedSchema } from "./clerk/seed";
import { parseInput } from "./core/input-error";
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
