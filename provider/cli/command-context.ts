// What every org-roster command gets from the program: where to write, and the exit status to report. Commands
// never touch `process` themselves, so tests can run them in-process.

/** The surroundings of one run of the org-roster program. */
export interface CommandContext {
  /** Writes text to standard output (the text carries its own newlines). */
  stdout(text: string): void;
  /** Writes text to standard error (the text carries its own newlines). */
  stderr(text: string): void;
  /** The exit status so far: 0 for success; commands raise it, never lower it. */
  exitCode: number;
}
