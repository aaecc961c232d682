// `npm run emulator -- [options]`: the emulator straight from the sources, without a build. The same command as
// `org-roster emulate` (provider/cli/emulate-command.ts): one set of flags, one output.
import { main } from "../provider/cli/org-roster";

main(["emulate", ...process.argv.slice(2)]).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
