// Test harness for the emulator: starts one on a free port for a test file (closed after it) and sends real
// HTTP requests with the global fetch, returning status, headers and the parsed body.
import { type EmulatorHandle, type EmulatorOptions, startEmulator } from "../../emulator";

export interface EmulatorFixture {
  /** The running emulator; available inside tests and hooks, not at file load time. */
  readonly handle: EmulatorHandle;
}

/** Starts an emulator before the file's tests (or the enclosing describe's) and closes it after them. */
export function useEmulator(options: EmulatorOptions = {}): EmulatorFixture {
  let handle: EmulatorHandle | undefined;
  beforeAll(async () => {
    handle = await startEmulator({ port: 0, ...options });
  });
  afterAll(async () => {
    await handle?.close();
  });
  return {
    get handle(): EmulatorHandle {
      if (!handle) throw new Error("the emulator is not running: use the fixture inside a test or hook");
      return handle;
    },
  };
}

export interface CallOptions {
  readonly method?: string;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /** JSON-encoded unless it is already a string (which is sent as is, to test malformed bodies). */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface CallResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body when it is JSON, otherwise undefined. */
  readonly json: unknown;
}

export async function call(url: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.Authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
    headers["Content-Type"] ??= "application/json";
  }
  const response = await fetch(url, { method: options.method ?? "GET", headers, body });
  const text = await response.text();
  const isJson = (response.headers.get("content-type") ?? "").includes("json") && text.length > 0;
  return { status: response.status, headers: response.headers, text, json: isJson ? (JSON.parse(text) as unknown) : undefined };
}

/** Repeats `attempt` until it returns a value other than undefined, failing after `timeoutMs`. */
export async function pollUntil<T>(attempt: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Points the provider runtime (both services) at `emulator` with the emulator's default keys, from a clean runtime:
 * for tests that call the providers as the engine does.
 */
export async function configureRuntimeFor(emulator: EmulatorHandle): Promise<void> {
  const runtime = await import("../../provider/runtime");
  runtime.resetRuntime();
  const config: Record<string, string> = {
    "clerk:secretKey": "sk_test_emulator_clerk",
    "clerk:apiUrl": emulator.clerkApiUrl,
    "clerk:maxRequestsPerSecond": "1000",
    "workos:apiKey": "sk_test_emulator_workos",
    "workos:apiUrl": emulator.workosApiUrl,
    "workos:maxRequestsPerSecond": "1000",
  };
  await runtime.clerkMembership.configure({ config: { get: (key: string) => config[key] } });
}

/**
 * A fresh emulator for every test, with the provider runtime pointed at it (configureRuntimeFor), closed after the
 * test; the runtime's connections are closed after the file. For tests that call the providers as the engine does.
 */
export function useRuntimeEmulator(options: EmulatorOptions = { rateLimit: false }): EmulatorFixture {
  let handle: EmulatorHandle | undefined;
  beforeEach(async () => {
    handle = await startEmulator(options);
    await configureRuntimeFor(handle);
  });
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });
  afterAll(async () => {
    const runtime = await import("../../provider/runtime");
    await runtime.closeHttpConnections();
  });
  return {
    get handle(): EmulatorHandle {
      if (!handle) throw new Error("the emulator is not running: use the fixture inside a test or hook");
      return handle;
    },
  };
}
