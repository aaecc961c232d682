// `org-roster export`: reads a live organization and writes a roster file that, applied with `pulumi up`, changes
// nothing — the way a team adopts an existing organization.

import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { stringify } from "yaml";
import type { CommandContext } from "./command-context";

/** What the export reads through: the runtime's (the composition root's) API clients. */
type ServiceApis = Pick<typeof import("../runtime"), "clerkApi" | "workosApi">;

/** One live member as a roster file entry. */
export interface ExportedMember {
  userId: string;
  role?: string;
  roles?: string[];
  publicMetadata?: Record<string, unknown>;
  privateMetadata?: Record<string, unknown>;
}

export function registerExportCommand(program: Command, context: CommandContext): void {
  program
    .command("export")
    .description("write the live roster of one organization as a roster file (credentials from the environment)")
    .requiredOption("--service <service>", "clerk or workos")
    .requiredOption("--organization <id>", "the organization id (org_…)")
    .option("--output <file>", "write to this file instead of standard output")
    .addHelpText(
      "after",
      [
        "",
        "Credentials: CLERK_SECRET_KEY (and CLERK_API_URL) or WORKOS_API_KEY (and WORKOS_API_URL).",
        "Private metadata is exported too: keep the file private, or remove it before committing.",
        "",
        "Example:",
        "  $ CLERK_SECRET_KEY=sk_live_… org-roster export --service clerk --organization org_2abc --output roster.yaml",
      ].join("\n"),
    )
    .action(async (options: { service: string; organization: string; output?: string }) => {
      context.exitCode = Math.max(context.exitCode, await runExport(options, context));
    });
}

async function runExport(options: { service: string; organization: string; output?: string }, context: CommandContext): Promise<number> {
  if (options.service !== "clerk" && options.service !== "workos") {
    context.stderr(`--service must be clerk or workos, got "${options.service}"\n`);
    return 1;
  }
  // The runtime wires the HTTP layer and the backends; loaded lazily so `validate` never needs it.
  const runtime = await import("../runtime");
  try {
    context.stderr(`listing ${options.service} organization ${options.organization}…\n`);
    const members = await exportOrganization(runtime, options.service, options.organization);
    context.stderr(`${members.length} members\n`);
    const document = { [options.service]: { organizations: { [options.organization]: { unmanagedMembers: "report", members } } } };
    const text = `# Exported from the live ${options.service} organization ${options.organization} on ${new Date().toISOString()}.\n${stringify(document, { lineWidth: 0 })}`;
    if (options.output) writeFileSync(options.output, text);
    else context.stdout(text);
    return 0;
  } catch (error) {
    context.stderr(`export failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await runtime.closeHttpConnections();
  }
}

/**
 * Lists a live organization (credentials from the environment) as roster entries that, declared and applied,
 * change nothing. WorkOS memberships that are not active are left out (declaring them would reactivate them).
 */
export async function exportOrganization(apis: ServiceApis, service: "clerk" | "workos", organizationId: string): Promise<ExportedMember[]> {
  if (service === "clerk") {
    const live = await apis.clerkApi().list(organizationId);
    return live.map((m) => ({
      userId: m.userId,
      role: m.role,
      ...(Object.keys(m.publicMetadata).length > 0 ? { publicMetadata: m.publicMetadata } : {}),
      ...(Object.keys(m.privateMetadata).length > 0 ? { privateMetadata: m.privateMetadata } : {}),
    }));
  }
  const live = await apis.workosApi().list(organizationId);
  return live
    .filter((m) => m.status === "active")
    .map((m) => (m.roles.length === 1 ? { userId: m.userId, role: m.roles[0] } : { userId: m.userId, roles: [...m.roles].sort() }));
}
