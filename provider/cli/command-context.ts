// What every org-roster command gets from the program: where to write, the exit status to report, and when a
// long-running command is asked to stop. Commands never touch `process` themselves, so tests can run them in-process.

/** The surroundings of one run of the org-roster program. */
export interface CommandContext {
  /** Writes text to standard output (the text carries its own newlines). */
  stdout(text: string): void;
  /** Writes text to standard error (the text carries its own newlines). */
  stderr(text: string): void;
  /** The exit status so far: 0 for success; commands raise it, never lower it. */
  exitCode: number;
  /**
   * Resolves with the reason (a signal's name) when a long-running command (`emulate`) is asked to stop; default
   * processStopSignal.
   */
  untilStopped?(): Promise<string>;
}

/** The first SIGINT (Ctrl-C) or SIGTERM the process gets; both handlers are removed then, so a second one is fatal. */
export function processStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
