// Warnings from the provider process to the person running the CLI. A dynamic provider's own stderr only reaches
// the engine's debug log, but the engine's address is among the provider process's arguments (the last one), and the engine's Log
// call prints a diagnostic the way `pulumi.log.warn` does in a program (as Go providers do through their host). Used
// where an operation succeeds but did less than asked (e.g. a last admin left in place), which must be said.
// Outside a provider process (the command line, tests) warnings go to stderr; tests may also listen.
/* eslint-disable @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access */

import * as path from "node:path";
import { providerEngineAddress } from "./engine-watch";

type Listener = (message: string) => void;

const listeners = new Set<Listener>();

interface EngineClient {
  log(request: unknown, callback: (error: Error | null) => void): void;
}

/** How a message is shown: a warning (kept under Diagnostics), or a passing status (progress, not kept). */
type Kind = "warning" | "status";

let engine: { client: EngineClient; request: (message: string, kind: Kind) => unknown } | null | undefined;

function connect(): typeof engine {
  const address = providerEngineAddress();
  if (address === undefined) return null;
  try {
    // The engine client and grpc as @pulumi/pulumi itself loads them (the same grpc instance its stubs expect).
    const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdkDir] }));
    const { EngineClient: Client } = require("@pulumi/pulumi/proto/engine_grpc_pb");
    const { LogRequest, LogSeverity } = require("@pulumi/pulumi/proto/engine_pb");
    const client = new Client(`${address.host.includes(":") ? `[${address.host}]` : address.host}:${address.port}`, grpc.credentials.createInsecure()) as EngineClient;
    return {
      client,
      request: (message, kind) => {
        const request = new LogRequest();
        request.setSeverity(kind === "warning" ? LogSeverity.WARNING : LogSeverity.INFO);
        request.setMessage(message);
        // A status message updates the progress display in place and is not kept among the diagnostics.
        if (kind === "status") request.setEphemeral(true);
        return request;
      },
    };
  } catch {
    return null;
  }
}

/** Shows `message` as a warning of the current Pulumi operation; resolves once the engine took it (never rejects). */
export async function warn(message: string): Promise<void> {
  for (const listener of listeners) listener(message);
  await send(message, "warning", () => listeners.size === 0 && process.stderr.write(`warning: ${message}\n`));
}

/**
 * Shows `message` as the operation's passing status (progress of a long write), updated in place by the next one;
 * outside a provider process only listeners hear it.
 */
export async function status(message: string): Promise<void> {
  for (const listener of statusListeners) listener(message);
  await send(message, "status", () => undefined);
}

async function send(message: string, kind: Kind, fallback: () => unknown): Promise<void> {
  engine ??= connect();
  if (!engine) {
    fallback();
    return;
  }
  const { client, request } = engine;
  await new Promise<void>((resolve) => {
    client.log(request(message, kind), (error) => {
      if (error) fallback();
      resolve();
    });
  });
}

const statusListeners = new Set<Listener>();

/** Calls `listener` with every status message until the returned function is called (tests). */
export function onStatus(listener: Listener): () => void {
  statusListeners.add(listener);
  return () => statusListeners.delete(listener);
}

/** Calls `listener` with every warning until the returned function is called (tests). */
export function onWarning(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
