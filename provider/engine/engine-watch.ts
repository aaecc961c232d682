// Exit when the Pulumi engine that started this provider process is gone. A CLI killed with SIGKILL (or a lost CI
// runner) never shuts its providers down, and nothing else does: the provider's gRPC server keeps its event loop
// alive forever, and its parent is the `sh` of Pulumi's launcher script (which runs node without exec and outlives
// the engine), so the parent pid says nothing. What the provider can observe is the engine's own gRPC server, whose
// address the engine passes as the provider's last argument and which it closes only after closing its plugins
// (Pulumi's Go provider SDK watches the same address). Every WATCH_INTERVAL_MS this module opens a TCP connection
// there and closes it; a refused connection means nobody listens any more, and the process exits. The timer and the
// socket are unref'd, so the watch never keeps a process alive, and it starts only in a dynamic-provider process:
// the org-roster CLI and tests that load the runtime are left alone.

import * as net from "node:net";
import * as path from "node:path";

const WATCH_INTERVAL_MS = 2_000;
const PROBE_TIMEOUT_MS = 1_000;
/** The program Pulumi's launcher (`pulumi-resource-pulumi-nodejs`) runs: `require.main` in a provider process. */
const DYNAMIC_PROVIDER_MAIN = path.join("@pulumi", "pulumi", "cmd", "dynamic-provider", "index.js");

export interface EngineAddress {
  host: string;
  port: number;
}

export type EngineProbe = (address: EngineAddress) => Promise<"alive" | "gone">;

let watching = false;

/** Whether `mainFile` (this process's `require.main`) is the Node.js dynamic provider of the Pulumi SDK. */
export function isDynamicProviderMain(mainFile: string | undefined): boolean {
  return mainFile !== undefined && path.normalize(mainFile).endsWith(`${path.sep}${DYNAMIC_PROVIDER_MAIN}`);
}

/** The engine address among a plugin's arguments: the last one (flags such as `--tracing <endpoint>` come first). */
export function engineAddressFromArgs(args: readonly string[]): EngineAddress | undefined {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(args.at(-1) ?? "");
  if (!match?.[1] || !match[2]) return undefined;
  const port = Number(match[2]);
  return port > 0 && port < 65_536 ? { host: match[1], port } : undefined;
}

/** Whether this process is the org-roster provider plugin (its entry says so before serving). */
let providerPlugin = false;

/** Declares this process the provider plugin, which an engine starts with its address as the last argument too. */
export function markProviderPlugin(): void {
  providerPlugin = true;
}

/** The engine's address when this process is a provider (dynamic or plugin) started by an engine; undefined anywhere else. */
export function providerEngineAddress(mainFile: string | undefined = require.main?.filename, args: readonly string[] = process.argv.slice(2)): EngineAddress | undefined {
  return providerPlugin || isDynamicProviderMain(mainFile) ? engineAddressFromArgs(args) : undefined;
}

/** One TCP connect: refused is "gone"; connected, timed out or any other error is "alive" (never exit on doubt). */
export function probeEngine(address: EngineAddress, timeoutMs = PROBE_TIMEOUT_MS): Promise<"alive" | "gone"> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address.host, port: address.port });
    socket.unref();
    socket.setTimeout(timeoutMs);
    const settle = (answer: "alive" | "gone") => {
      socket.destroy();
      resolve(answer);
    };
    socket.once("connect", () => settle("alive"));
    socket.once("timeout", () => settle("alive"));
    socket.once("error", (error: NodeJS.ErrnoException) => settle(error.code === "ECONNREFUSED" ? "gone" : "alive"));
  });
}

/**
 * Probes `address` every `intervalMs` (one probe at a time) and calls `onGone` once when it is refused. Returns a
 * function that stops the watch.
 */
export function watchEngine(address: EngineAddress, onGone: () => void, intervalMs = WATCH_INTERVAL_MS, probe: EngineProbe = probeEngine): () => void {
  let probing = false;
  const timer = setInterval(() => {
    if (probing) return;
    probing = true;
    void probe(address).then((answer) => {
      probing = false;
      if (answer !== "gone") return;
      clearInterval(timer);
      onGone();
    });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Starts the watch once per process, and only when this process is a dynamic provider started with an engine
 * address. In-flight calls are abandoned on exit: their results could not reach the state anyway, and the
 * documented recovery (README, "Recovering from an interrupted update") adopts what they did.
 */
export function exitWhenEngineGone(mainFile: string | undefined = require.main?.filename, args: readonly string[] = process.argv.slice(2)): void {
  if (watching) return;
  const address = providerEngineAddress(mainFile, args);
  if (!address) return;
  watching = true;
  watchEngine(address, () => process.exit(1));
}
