// `org-roster drift-report`: reads `pulumi preview --json` (a file or standard input) and prints the Markdown
// summary of roster drift; the exit status says whether anything drifted.

import { readFileSync } from "node:fs";
import type { Command } from "commander";
import type { CommandContext } from "./command-context";
import { driftByOrganization, hasDrift, renderDriftReport, type PreviewDigest } from "./drift-report";

/** Exit status when something drifted (the same as `pulumi preview --expect-no-changes`). */
export const DRIFT_EXIT_CODE = 7;

export function registerDriftReportCommand(program: Command, context: CommandContext, readStdin: () => string = () => readFileSync(0, "utf8")): void {
  program
    .command("drift-report")
    .description("summarize `pulumi preview --json` as Markdown: per organization, members to add, remove or change, and unmanaged members")
    .argument("[file]", "the preview JSON (default: standard input)")
    .addHelpText(
      "after",
      [
        "",
        `Exit status: 0 when nothing drifted, ${DRIFT_EXIT_CODE} when something did, 1 when the input is not a preview.`,
        "",
        "Example:",
        "  $ pulumi preview --refresh --json | org-roster drift-report >> \"$GITHUB_STEP_SUMMARY\"",
      ].join("\n"),
    )
    .action((file: string | undefined) => {
      let digest: PreviewDigest;
      try {
        digest = JSON.parse(file ? readFileSync(file, "utf8") : readStdin()) as PreviewDigest;
      } catch (error) {
        context.stderr(`drift-report: cannot read the preview JSON: ${error instanceof Error ? error.message : String(error)}\n`);
        context.exitCode = Math.max(context.exitCode, 1);
        return;
      }
      const drift = driftByOrganization(digest);
      context.stdout(renderDriftReport(drift));
      if (hasDrift(drift)) context.exitCode = Math.max(context.exitCode, DRIFT_EXIT_CODE);
    });
}
