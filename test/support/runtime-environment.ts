// Points the runtime (the provider's API clients, and commands such as `org-roster export` run in-process) at an
// emulator through the environment, as a user's shell would, and puts the environment back after the file's tests.
import type { EmulatorHandle } from "../../emulator";
import * as runtime from "../../provider/runtime";

const ENV = ["CLERK_SECRET_KEY", "CLERK_API_URL", "CLERK_MAX_REQUESTS_PER_SECOND", "WORKOS_API_KEY", "WORKOS_API_URL", "WORKOS_MAX_REQUESTS_PER_SECOND"] as const;

/** Registers the restore (and the closing of the runtime's connections) after the enclosing tests; returns `pointAt`. */
export function useRuntimeEnvironment(): (emulator: EmulatorHandle) => void {
  const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
  afterAll(async () => {
    for (const name of ENV) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    await runtime.closeHttpConnections();
  });
  // The emulator's fake keys (those of its default seed), no client-side limit to speak of.
  return (emulator) => {
    runtime.resetRuntime();
    Object.assign(process.env, {
      CLERK_SECRET_KEY: "sk_test_emulator_clerk",
      CLERK_API_URL: emulator.clerkApiUrl,
      CLERK_MAX_REQUESTS_PER_SECOND: "1000",
      WORKOS_API_KEY: "sk_test_emulator_workos",
      WORKOS_API_URL: emulator.workosApiUrl,
      WORKOS_MAX_REQUESTS_PER_SECOND: "1000",
    });
  };
}
