// Command line for the emulator: `npm run emulator -- --port 4010 --seed seed.json --latency-ms 30 --rate-429 0.1`.
// Prints the base URL on the first line of stdout and serves until SIGINT or SIGTERM.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseJson } from "./core/json";
import {
  EmulatorInputError,
  type EmulatorOptions,
  type EmulatorSeed,
  type FaultSettings,
  type RateLimitPolicy,
  parseEmulatorSeed,
  startEmulator,
} from "./index";

const USAGE = `Usage: npm run emulator -- [options]

  --port <n>                   port on 127.0.0.1 (default 0: a free port)
  --seed <file.json>           starting state (default: emulator/seeds/default.json)
  --latency-ms <ms>            delay before every API response
  --rate-429 <0..1>            share of API requests answered 429
  --rate-5xx <0..1>            share answered 500/502/503
  --rate-drop <0..1>           share whose connection is dropped before handling
  --rate-drop-after-commit <0..1>  share handled, then dropped without a response
  --retry-after <s>            Retry-After of injected 429s (default 1)
  --fault-route <route>        limit faults to a route, e.g. "POST /v1/organizations/:organizationId/memberships" (repeatable)
  --rate-limit <mode>          documented (default), off, or <requests>/<windowMs>
  --random-seed <n>            seed of the fault PRNG
  --help                       show this help`;

function number(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value)) throw new EmulatorInputError(`--${name} must be a number, got ${raw}`);
  return value;
}

function rateLimitPolicy(raw: string | undefined): RateLimitPolicy | undefined {
  if (raw === undefined || raw === "documented") return raw;
  if (raw === "off") return false;
  const match = /^(\d+)\/(\d+)$/.exec(raw);
  if (!match) throw new EmulatorInputError(`--rate-limit must be documented, off or <requests>/<windowMs>, got ${raw}`);
  return { requests: Number(match[1]), windowMs: Number(match[2]) };
}

function readSeed(path: string | undefined): EmulatorSeed | undefined {
  if (path === undefined) return undefined;
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

/** Turns command-line arguments into emulator options; throws EmulatorInputError for bad ones. */
export function optionsFromArguments(args: readonly string[]): EmulatorOptions | "help" {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
      port: { type: "string" },
      seed: { type: "string" },
      "latency-ms": { type: "string" },
      "rate-429": { type: "string" },
      "rate-5xx": { type: "string" },
      "rate-drop": { type: "string" },
      "rate-drop-after-commit": { type: "string" },
      "retry-after": { type: "string" },
      "fault-route": { type: "string", multiple: true },
      "rate-limit": { type: "string" },
      "random-seed": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) return "help";
  const faults: FaultSettings = {
    rate429: number("rate-429", values["rate-429"]),
    rate5xx: number("rate-5xx", values["rate-5xx"]),
    rateDrop: number("rate-drop", values["rate-drop"]),
    rateDropAfterCommit: number("rate-drop-after-commit", values["rate-drop-after-commit"]),
    retryAfterSeconds: number("retry-after", values["retry-after"]),
    routes: values["fault-route"],
  };
  return {
    port: number("port", values.port),
    seed: readSeed(values.seed),
    latencyMs: number("latency-ms", values["latency-ms"]),
    faults: Object.fromEntries(Object.entries(faults).filter(([, value]) => value !== undefined)),
    rateLimit: rateLimitPolicy(values["rate-limit"]),
    randomSeed: number("random-seed", values["random-seed"]),
  };
}

async function main(): Promise<void> {
  let options: EmulatorOptions | "help";
  try {
    options = optionsFromArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const emulator = await startEmulator(options);
  process.stdout.write(
    `${emulator.url}\n` +
      // The URLs exactly as the provider's settings take them (WorkOS: the base URL, without /user_management).
      `  Clerk   ${emulator.clerkApiUrl}  (clerk:apiUrl or CLERK_API_URL)\n` +
      `  WorkOS  ${emulator.workosApiUrl}  (workos:apiUrl or WORKOS_API_URL)\n` +
      `  Admin   ${emulator.url}/_emulator/stats  (faults: PUT /_emulator/faults, write quirks: PUT /_emulator/quirks, state: GET /_emulator/state)\n`,
  );
  const stop = (signal: NodeJS.Signals): void => {
    process.stderr.write(`emulator: ${signal}, shutting down\n`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
