// `org-roster validate <file...>`: checks roster files offline and prints every problem as
// `file:line:column: path: message`, the format editors and CI annotations understand.

import type { Command } from "commander";
import type { Roster } from "../roster/model";
import { formatRosterFileFailure } from "../roster/problems";
import { loadRosterFile } from "../roster";
import type { CommandContext } from "./command-context";

export function registerValidateCommand(program: Command, context: CommandContext): void {
  program
    .command("validate")
    .description("check roster files (YAML) without calling any API: every problem, with its file, line and column")
    .argument("<file...>", "the roster files to check")
    .addHelpText(
      "after",
      [
        "",
        "Prints each problem on standard error as file:line:column: path: message and exits 1 when there is any;",
        "otherwise prints `ok: N organizations, M members` and exits 0.",
        "",
        "Example:",
        "  $ org-roster validate rosters/acme.yaml rosters/globex.yaml",
      ].join("\n"),
    )
    .action((files: string[]) => {
      context.exitCode = Math.max(context.exitCode, validateFiles(files, context));
    });
}

/** Checks each file, prints its problems (or the summary when all are valid) and returns the exit status. */
export function validateFiles(files: readonly string[], context: CommandContext): number {
  let organizations = 0;
  let members = 0;
  let failed = false;
  for (const file of files) {
    try {
      const roster = loadRosterFile(file);
      organizations += countOrganizations(roster);
      members += countMembers(roster);
    } catch (error) {
      failed = true;
      // The same lines the Roster component fails a Pulumi program with, so both read alike.
      context.stderr(`${formatRosterFileFailure(file, error)}\n`);
    }
  }
  if (failed) return 1;
  context.stdout(`ok: ${organizations} organizations, ${members} members\n`);
  return 0;
}

function organizationsOf(roster: Roster) {
  return [roster.clerk, roster.workos].flatMap((section) => (section ? Object.values(section.organizations) : []));
}

function countOrganizations(roster: Roster): number {
  return organizationsOf(roster).length;
}

function countMembers(roster: Roster): number {
  return organizationsOf(roster).reduce((sum, organization) => sum + organization.members.length, 0);
}
