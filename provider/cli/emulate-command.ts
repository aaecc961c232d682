// `org-roster emulate`: runs the local emulator (Clerk's and WorkOS's membership APIs on one 127.0.0.1 port, with
// latency, fault and rate-limit injection) until Ctrl-C or SIGTERM. The first line of standard output is the bare base
// URL, for scripts; the lines after it say what to point the provider at, the keys the seed accepts and what it holds.
// `--seed-from-export` starts it with the organizations of a roster file `org-roster export` wrote.

import { readFileSync } from "node:fs";
import { type Command, CommanderError } from "commander";
import type { EmulatorHandle, EmulatorOptions, EmulatorSeed, FaultSettings, RateLimitPolicy } from "../../emulator";
import { formatRosterFileFailure } from "../roster/problems";
import { type CommandContext, processStopSignal } from "./command-context";

/** The flags as commander hands them over: every value a string, as typed. */
export interface EmulateFlags {
  port?: string;
  seed?: string;
  seedFromExport?: string;
  latencyMs?: string;
  rate429?: string;
  rate5xx?: string;
  rateDrop?: string;
  rateDropAfterCommit?: string;
  retryAfter?: string;
  faultRoute?: string[];
  rateLimit?: string;
  randomSeed?: string;
}

/** What the flags ask for: the emulator's options (without the seed), and the files the seed comes from. */
export interface EmulateSettings {
  options: Omit<EmulatorOptions, "seed">;
  /** A seed file (JSON), the base of the state. */
  seedFile?: string;
  /** A roster file written by `org-roster export`, whose organizations the state holds. */
  exportFile?: string;
}

/** A flag with a value the command does not take; the message names the flag and what it allows. */
export class FlagError extends Error {
  override readonly name = "FlagError";
}

/** Exit status of a command-line mistake (a bad flag, an unreadable seed or roster file). */
const USAGE_ERROR = 2;

export function registerEmulateCommand(program: Command, context: CommandContext): void {
  program
    .command("emulate")
    .description("run a local emulator of Clerk's and WorkOS's membership APIs on one port, to try rosters without touching a real instance")
    .option("--port <n>", "port on 127.0.0.1 (default 0: a free port)")
    .option("--seed <file.json>", "starting state (default: the emulator's default seed, Acme Corp in both services)")
    .option("--seed-from-export <roster.yaml>", "start with the organizations of a roster file written by `org-roster export` (with --seed: kept besides the seed's)")
    .option("--latency-ms <ms>", "delay before every API response")
    .option("--rate-429 <0..1>", "share of API requests answered 429")
    .option("--rate-5xx <0..1>", "share answered 500/502/503")
    .option("--rate-drop <0..1>", "share whose connection is dropped before handling")
    .option("--rate-drop-after-commit <0..1>", "share handled, then dropped without a response")
    .option("--retry-after <s>", "Retry-After of injected 429s (default 1)")
    .option("--fault-route <route>", 'limit faults to a route, e.g. "POST /v1/organizations/:organizationId/memberships" (repeatable)', (route: string, routes: string[] = []) => [...routes, route])
    .option("--rate-limit <mode>", "documented (the services' published limits, default), off, or <requests>/<windowMs> per key")
    .option("--random-seed <n>", "seed of the fault PRNG (default: a fixed one, so fault runs repeat)")
    .addHelpText(
      "after",
      [
        "",
        "The first line printed is the base URL; then the URL and keys to give the provider, and the organizations seeded.",
        "Ctrl-C or SIGTERM stops it. Admin API (state, faults, quirks, stats): <url>/_emulator/…",
        "",
        "Examples:",
        "  $ org-roster emulate --port 4010",
        "  $ org-roster export --service clerk --organization org_2abc --output roster.yaml",
        "  $ org-roster emulate --seed-from-export roster.yaml   # rehearse a change of roster.yaml against a copy",
      ].join("\n"),
    )
    // A bad flag is a usage error, as for every mistake of this command (help and the version still exit 0).
    .exitOverride((error) => {
      throw error.exitCode === 0 ? error : new CommanderError(USAGE_ERROR, error.code, error.message);
    })
    .action(async (flags: EmulateFlags) => {
      context.exitCode = Math.max(context.exitCode, await runEmulate(flags, context));
    });
}

/** Turns the flags into settings; throws FlagError naming the flag and what it allows. Pure. */
export function emulateSettings(flags: EmulateFlags): EmulateSettings {
  const faults: FaultSettings = {
    rate429: share("rate-429", flags.rate429),
    rate5xx: share("rate-5xx", flags.rate5xx),
    rateDrop: share("rate-drop", flags.rateDrop),
    rateDropAfterCommit: share("rate-drop-after-commit", flags.rateDropAfterCommit),
    retryAfterSeconds: integer("retry-after", flags.retryAfter, 0),
    routes: flags.faultRoute,
  };
  const options: EmulateSettings["options"] = {
    port: integer("port", flags.port, 0, 65535),
    latencyMs: number("latency-ms", flags.latencyMs, "a number of milliseconds ≥ 0", (value) => value >= 0),
    faults: Object.fromEntries(Object.entries(faults).filter(([, value]) => value !== undefined)),
    rateLimit: rateLimitPolicy(flags.rateLimit),
    randomSeed: integer("random-seed", flags.randomSeed),
  };
  return {
    options: Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)),
    ...(flags.seed === undefined ? {} : { seedFile: flags.seed }),
    ...(flags.seedFromExport === undefined ? {} : { exportFile: flags.seedFromExport }),
  };
}

function number(flag: string, raw: string | undefined, allowed: string, fits: (value: number) => boolean): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || !fits(value)) throw new FlagError(`--${flag} must be ${allowed}, got ${JSON.stringify(raw)}`);
  return value;
}

function share(flag: string, raw: string | undefined): number | undefined {
  return number(flag, raw, "a number from 0 to 1", (value) => value >= 0 && value <= 1);
}

function integer(flag: string, raw: string | undefined, min?: number, max?: number): number | undefined {
  const range = min === undefined ? "" : max === undefined ? ` ≥ ${min}` : ` from ${min} to ${max}`;
  return number(flag, raw, `an integer${range}`, (value) => Number.isInteger(value) && value >= (min ?? -Infinity) && value <= (max ?? Infinity));
}

function rateLimitPolicy(raw: string | undefined): RateLimitPolicy | undefined {
  if (raw === undefined || raw === "documented") return raw;
  if (raw === "off") return false;
  const match = /^([1-9]\d*)\/([1-9]\d*)$/.exec(raw);
  if (!match) throw new FlagError(`--rate-limit must be documented, off or <requests>/<windowMs> (e.g. 100/1000), got ${JSON.stringify(raw)}`);
  return { requests: Number(match[1]), windowMs: Number(match[2]) };
}

async function runEmulate(flags: EmulateFlags, context: CommandContext): Promise<number> {
  const usageError = (message: string): number => {
    context.stderr(`org-roster emulate: ${message}\n(run with --help for usage)\n`);
    return USAGE_ERROR;
  };
  let settings: EmulateSettings;
  try {
    settings = emulateSettings(flags);
  } catch (error) {
    if (error instanceof FlagError) return usageError(error.message);
    throw error;
  }
  // Listening for the stop before the server starts, so a signal that comes early still stops it cleanly.
  const stopped = (context.untilStopped ?? processStopSignal)();
  // Loaded only here: no other command needs the emulator.
  const emulator = await import("../../emulator");
  let seed: EmulatorSeed | undefined;
  try {
    seed = settings.seedFile === undefined ? undefined : emulator.loadSeedFile(settings.seedFile);
    if (settings.exportFile !== undefined) seed = seedFromExportFile(emulator, settings.exportFile, seed);
  } catch (error) {
    if (error instanceof emulator.EmulatorInputError) return usageError(error.message);
    if (settings.exportFile !== undefined) return usageError(formatRosterFileFailure(settings.exportFile, error));
    throw error;
  }
  let handle: EmulatorHandle;
  try {
    handle = await emulator.startEmulator({ ...settings.options, seed });
  } catch (error) {
    if (error instanceof emulator.EmulatorInputError) return usageError(error.message);
    context.stderr(`org-roster emulate: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  context.stdout(describeEmulator(handle));
  const signal = await stopped;
  await handle.close();
  context.stdout(`emulator at ${handle.url} stopped (${signal})\n`);
  return 0;
}

function seedFromExportFile(emulator: typeof import("../../emulator"), file: string, base: EmulatorSeed | undefined): EmulatorSeed {
  return emulator.seedFromExportText(readFileSync(file, "utf8"), file, base);
}

/**
 * What the emulator serves, as printed at its start: the base URL alone on the first line, then per service the URL
 * the provider takes, the keys the seed accepts (the emulator's own fake keys, never real ones) and each organization
 * with its member count, and lines to paste into a shell.
 */
export function describeEmulator(handle: Pick<EmulatorHandle, "url" | "clerkApiUrl" | "workosApiUrl" | "clerk" | "workos">): string {
  const clerk = handle.clerk.snapshot();
  const workos = handle.workos.snapshot();
  const counted = (count: number, what: string): string => `${count} ${what}${count === 1 ? "" : "s"}`;
  const organizations = (
    list: readonly { id: string; name: string }[],
    counts: (id: string) => { members: number; invitations: number },
  ): string[] =>
    list.length === 0
      ? ["    (no organizations)"]
      : list.map((organization) => {
          const { members, invitations } = counts(organization.id);
          return `    ${organization.id}  ${organization.name}  (${counted(members, "member")}${invitations > 0 ? `, ${counted(invitations, "pending invitation")}` : ""})`;
        });
  const pending = (invitations: readonly { organizationId: string | null; status?: string; state?: string }[], id: string): number =>
    invitations.filter((invitation) => invitation.organizationId === id && (invitation.status ?? invitation.state) === "pending").length;
  const keys = (list: readonly string[]): string => (list.length === 0 ? "(none: every request is refused)" : list.join(", "));
  const lines = [
    handle.url,
    `  Clerk   ${handle.clerkApiUrl}  (CLERK_API_URL or clerk:apiUrl)`,
    `    secret keys: ${keys(clerk.secretKeys)}`,
    ...organizations(clerk.organizations, (id) => ({
      members: clerk.memberships.filter((membership) => membership.organizationId === id).length,
      invitations: pending(clerk.invitations, id),
    })),
    `  WorkOS  ${handle.workosApiUrl}  (WORKOS_API_URL or workos:apiUrl)`,
    `    API keys: ${keys(workos.apiKeys)}`,
    ...organizations(workos.organizations, (id) => ({
      members: workos.memberships.filter((membership) => membership.organizationId === id && membership.status === "active").length,
      invitations: pending(workos.invitations, id),
    })),
    `  Admin   ${handle.url}/_emulator/state  (faults: PUT /_emulator/faults, write quirks: PUT /_emulator/quirks, stats: GET /_emulator/stats)`,
    "",
    "To point the provider and org-roster at it:",
    ...(clerk.secretKeys[0] === undefined ? [] : [`  export CLERK_API_URL=${handle.clerkApiUrl} CLERK_SECRET_KEY=${clerk.secretKeys[0]}`]),
    ...(workos.apiKeys[0] === undefined ? [] : [`  export WORKOS_API_URL=${handle.workosApiUrl} WORKOS_API_KEY=${workos.apiKeys[0]}`]),
    "",
    "Ctrl-C stops it.",
  ];
  return `${lines.join("\n")}\n`;
}
