// Reads the service settings of a Pulumi stack's configuration, secrets decrypted, through the Pulumi CLI
// (`pulumi config --show-secrets --json --stack <name>`): what a command line needs to reach the services the way
// the stack's resources do. Only the settings asked for are kept; no value is ever printed, and a failure says what
// Pulumi said (which never holds a decrypted value).

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";

/** Why the configuration of a stack could not be read. */
export class StackConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackConfigError";
  }
}

/** A stack's configuration, reduced to some settings. */
export type StackConfigLookup = (key: string) => string | undefined;

/**
 * The values of `keys` in the configuration of `stack` of the Pulumi project in `cwd`, as a lookup (a setting the
 * stack does not set, or sets to "", is undefined). Pulumi finds the backend and the secrets provider's passphrase in
 * the environment, as for any other `pulumi` command.
 * @throws StackConfigError when the Pulumi CLI is not found, fails, or prints no configuration
 */
export async function readStackConfig(stack: string, cwd: string, keys: readonly string[], pulumi = "pulumi"): Promise<StackConfigLookup> {
  if (!existsSync(cwd)) throw new StackConfigError(`the Pulumi project directory ${cwd} does not exist (--cwd)`);
  const args = ["config", "--show-secrets", "--json", "--stack", stack, "--non-interactive"];
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(pulumi, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, out, err) => {
      if (!error) return resolve(out);
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") {
        reject(new StackConfigError(`--stack needs the Pulumi CLI to read the stack's configuration, and \`${pulumi}\` was not found on PATH; install Pulumi, or give the credentials in the environment instead of --stack`));
        return;
      }
      const said = err.trim().split("\n").filter((line) => line.trim() !== "").slice(-3).join(" ");
      reject(new StackConfigError(`cannot read the configuration of stack ${stack} in ${cwd}: \`pulumi config\` failed${said ? `: ${said}` : ""}`));
    });
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    // The output is not echoed: it holds decrypted secrets.
    throw new StackConfigError(`cannot read the configuration of stack ${stack} in ${cwd}: \`pulumi config --json\` printed something other than JSON`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new StackConfigError(`cannot read the configuration of stack ${stack} in ${cwd}: \`pulumi config --json\` printed no configuration object`);
  }
  const values = new Map<string, string>();
  for (const key of keys) {
    const entry = (parsed as Record<string, unknown>)[key];
    const value = typeof entry === "object" && entry !== null ? (entry as { value?: unknown }).value : undefined;
    if (typeof value === "string" && value !== "") values.set(key, value);
  }
  return (key) => values.get(key);
}
