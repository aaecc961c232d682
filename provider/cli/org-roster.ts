// The org-roster command line: one program, one module per command (`validate`, `export`, `drift-report`, `emulate`),
// each registered here. bin/org-roster.js runs the compiled `main`.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Command, CommanderError } from "commander";
import type { CommandContext } from "./command-context";
import { registerDriftReportCommand } from "./drift-report-command";
import { registerEmulateCommand } from "./emulate-command";
import { registerExportCommand } from "./export-command";
import { registerValidateCommand } from "./validate-command";

/** Builds the program with every command; output and the exit status go through `context`. */
export function createProgram(context: CommandContext): Command {
  const program = new Command("org-roster")
    .description("Work with pulumi-org-roster roster files: the reviewed, declared rosters of Clerk and WorkOS organizations.")
    .configureOutput({ writeOut: (text) => context.stdout(text), writeErr: (text) => context.stderr(text) })
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  const version = packageVersion();
  if (version) program.version(version);
  registerValidateCommand(program, context);
  registerExportCommand(program, context);
  registerDriftReportCommand(program, context);
  registerEmulateCommand(program, context);
  return program;
}

/** Runs the program on `args` (the arguments after the program name) and returns the exit status. */
export async function main(args: readonly string[], context: CommandContext = processContext()): Promise<number> {
  try {
    await createProgram(context).parseAsync([...args], { from: "user" });
  } catch (error) {
    // exitOverride: commander has already printed help, the version or the usage error.
    if (error instanceof CommanderError) return error.exitCode;
    throw error;
  }
  return context.exitCode;
}

function processContext(): CommandContext {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    exitCode: 0,
  };
}

/** This package's version, found by walking up from the compiled or source file to its package.json. */
function packageVersion(): string | undefined {
  for (let directory = __dirname; ; directory = dirname(directory)) {
    const candidate = join(directory, "package.json");
    if (existsSync(candidate)) {
      const manifest = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (manifest.name === "pulumi-org-roster") return manifest.version;
    }
    if (dirname(directory) === directory) return undefined;
  }
}
