// `org-roster export`'s command line: its options and help. The work (export-run.ts: the live organizations as one
// roster file) loads when the command runs, so that the other commands never load yaml or the roster's zod schema.

import type { Command } from "commander";
import type { CommandContext } from "./command-context";
import type * as ExportRun from "./export-run";

/** A repeatable option's values, in the order given. */
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerExportCommand(program: Command, context: CommandContext): void {
  program
    .command("export")
    .description("write the live rosters of Clerk and WorkOS organizations, pending invitations included, as one roster file")
    .option("--organization <id>", "an organization to export (repeatable); its service is told by the id's shape: Clerk org_2…, WorkOS org_01…", collect)
    .option("--clerk-organization <id>", "a Clerk organization to export (repeatable)", collect)
    .option("--workos-organization <id>", "a WorkOS organization to export (repeatable)", collect)
    .option("--service <service>", "clerk or workos: the service of every --organization, whatever its shape")
    .option("--stack <name>", "read the credentials from this Pulumi stack's configuration (clerk:secretKey, workos:apiKey, …) as its resources do; without it, from the environment")
    .option("--cwd <dir>", "the directory of the Pulumi project of --stack (default: the current directory)")
    .option("--output <file>", "write to this file instead of standard output")
    .addHelpText(
      "after",
      [
        "",
        "Credentials, for each service exported: stack config clerk:secretKey, clerk:apiUrl, clerk:maxRequestsPerSecond",
        "and workos:apiKey, workos:apiUrl, workos:maxRequestsPerSecond of the stack --stack names (read with",
        "`pulumi config --show-secrets`, never printed), else CLERK_SECRET_KEY, CLERK_API_URL, … and WORKOS_API_KEY,",
        "WORKOS_API_URL, … from the environment.",
        "Members are named by email where looking that address up gives back exactly that member (the lookup the roster",
        "makes), by user id otherwise (standard error says why); the comment above each entry says who it is.",
        "Private metadata is exported too: keep the file private, or remove it before committing.",
        "Pending invitations are written as members named by email, with missingUsers: invite, so applying the file sends none.",
        "",
        "Examples:",
        "  $ org-roster export --stack prod --organization org_2abc… --organization org_01HXYZ… --output roster.yaml",
        "  $ CLERK_SECRET_KEY=sk_live_… org-roster export --service clerk --organization org_2abc…",
      ].join("\n"),
    )
    .action(async (options: ExportRun.ExportOptions) => {
      context.exitCode = Math.max(context.exitCode, await (require("./export-run") as typeof ExportRun).runExport(options, context));
    });
}

