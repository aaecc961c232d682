// A provider process finds its engine's address in its arguments, watches it only when it is a dynamic provider,
// and gives up on the engine only when a connection to it is refused.

import { execFile } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { engineAddressFromArgs, isDynamicProviderMain, probeEngine, watchEngine, type EngineAddress } from "../../provider/engine/engine-watch";

async function listening(): Promise<{ server: net.Server; address: EngineAddress }> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, address: { host: "127.0.0.1", port: (server.address() as net.AddressInfo).port } };
}

const closed = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe("isDynamicProviderMain", () => {
  it("recognizes the SDK's dynamic-provider program and nothing else", () => {
    const sdk = path.join(path.sep, "work", "project", "node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider", "index.js");
    expect(isDynamicProviderMain(sdk)).toBe(true);
    expect(isDynamicProviderMain(undefined)).toBe(false);
    expect(isDynamicProviderMain(path.join(path.sep, "work", "node_modules", "pulumi-org-roster", "bin", "org-roster.js"))).toBe(false);
    expect(isDynamicProviderMain(path.join(path.sep, "work", "node_modules", "jest-worker", "build", "workers", "processChild.js"))).toBe(false);
  });
});

describe("engineAddressFromArgs", () => {
  it("takes the last argument, after any logging or tracing flags", () => {
    expect(engineAddressFromArgs(["127.0.0.1:41234"])).toEqual({ host: "127.0.0.1", port: 41234 });
    expect(engineAddressFromArgs(["--logtostderr", "-v=9", "--tracing", "127.0.0.1:9411", "127.0.0.1:41234"])).toEqual({ host: "127.0.0.1", port: 41234 });
    expect(engineAddressFromArgs(["[::1]:41234"])).toEqual({ host: "::1", port: 41234 });
  });

  it("finds none without an address", () => {
    expect(engineAddressFromArgs([])).toBeUndefined();
    expect(engineAddressFromArgs(["--logtostderr"])).toBeUndefined();
    expect(engineAddressFromArgs(["127.0.0.1:0"])).toBeUndefined();
    expect(engineAddressFromArgs(["127.0.0.1:70000"])).toBeUndefined();
  });
});

describe("probeEngine and watchEngine", () => {
  it("finds a listening engine alive and a closed one gone", async () => {
    const { server, address } = await listening();
    await expect(probeEngine(address)).resolves.toBe("alive");
    await closed(server);
    await expect(probeEngine(address)).resolves.toBe("gone");
  });

  it("calls onGone once, only after the engine stopped listening", async () => {
    const { server, address } = await listening();
    const onGone = jest.fn();
    const stop = watchEngine(address, onGone, 20);
    try {
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(onGone).not.toHaveBeenCalled();
      await closed(server);
      for (let i = 0; i < 100 && onGone.mock.calls.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(onGone).toHaveBeenCalledTimes(1);
    } finally {
      stop();
    }
  });

  it("keeps no process alive: one with nothing else to do exits while watching a live engine", async () => {
    const { server, address } = await listening();
    try {
      const script = `require(${JSON.stringify(require.resolve("../../provider/engine/engine-watch"))}).watchEngine(${JSON.stringify(address)}, () => process.exit(3), 10)`;
      const started = Date.now();
      const code = await new Promise<number | null>((resolve) => {
        const child = execFile(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], { timeout: 20_000 });
        child.on("exit", (exitCode) => resolve(exitCode));
      });
      expect(code).toBe(0);
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      await closed(server);
    }
  });
});
