// The generated SDKs under sdk/: they are what sdk-gen and sdk-gen-dotnet write from schema.json (regenerate with
// `npm run gen-sdks`), the Go SDK builds and passes `go vet`, the Node.js SDK type-checks (against the repository's
// @pulumi/pulumi), the Python SDK byte-compiles and the .NET SDK declares every resource and the Roster component
// (not compiled: no dotnet here); the README's Go program builds on the Go SDK. (The Go SDK's use is
// test/e2e/go-program.test.ts.)

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT, sdkGenDotnetPath, sdkGenPath } from "../support/pulumi-cli";

jest.setTimeout(300_000);

const SDK = path.join(REPO_ROOT, "sdk");
/** The Go module's own files, kept by `go mod tidy`, not generated. */
const NOT_GENERATED = new Set(["go/go.mod", "go/go.sum"]);
const GO_ENV = { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? "local" };

/** The README's Go program: the `go` code block of its "Other Pulumi languages" section. */
function readmeGoProgram(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const section = readme.split("\n## Other Pulumi languages\n")[1]?.split("\n## ")[0] ?? "";
  const program = /```go\n([\s\S]*?)```/.exec(section)?.[1];
  if (program === undefined) throw new Error("the README's Other Pulumi languages section has no go code block");
  return program;
}

/** Files compared by their bytes (base64), not as text. */
const BINARY = /\.png$/;

function filesUnder(dir: string, prefix = ""): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = path.posix.join(prefix, entry.name);
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(files, filesUnder(full, relative));
    else if (!NOT_GENERATED.has(relative)) files[relative] = fs.readFileSync(full, BINARY.test(relative) ? "base64" : "utf8");
  }
  return files;
}

describe("the generated SDKs", () => {
  it("are up to date with schema.json", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "org-roster-sdks-"));
    try {
      execFileSync(sdkGenPath(), [path.join(REPO_ROOT, "schema.json"), out], { stdio: ["ignore", "ignore", "inherit"] });
      execFileSync(sdkGenDotnetPath(), [path.join(REPO_ROOT, "schema.json"), out], { stdio: ["ignore", "ignore", "inherit"] });
      const generated = filesUnder(out);
      const committed = filesUnder(SDK);
      expect(Object.keys(committed).sort()).toEqual(Object.keys(generated).sort());
      for (const [file, text] of Object.entries(generated)) expect({ file, text: committed[file] }).toEqual({ file, text });
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it("Go: builds and passes go vet", () => {
    execFileSync("go", ["vet", "./..."], { cwd: path.join(SDK, "go"), env: GO_ENV, stdio: ["ignore", "inherit", "inherit"] });
  });

  it("Go: the README's program builds on it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "org-roster-readme-go-"));
    try {
      // The module as the README describes it, with the Go end-to-end program's go.sum (the same dependencies).
      fs.writeFileSync(path.join(dir, "main.go"), readmeGoProgram());
      const goMod = ["module readme", "", "go 1.25.11", "", "require (", "\tgithub.com/pulumi/pulumi/sdk/v3 v3.259.0", "\tpulumi-org-roster/sdk/go v0.0.0", ")", "", `replace pulumi-org-roster/sdk/go => ${path.join(SDK, "go")}`, ""];
      fs.writeFileSync(path.join(dir, "go.mod"), goMod.join("\n"));
      fs.copyFileSync(path.join(REPO_ROOT, "test", "e2e", "go-program", "go.sum"), path.join(dir, "go.sum"));
      execFileSync("go", ["vet", "."], { cwd: dir, env: GO_ENV, stdio: ["ignore", "inherit", "inherit"] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("Node.js: type-checks", () => {
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(SDK, "nodejs", "tsconfig.json"), "--noEmit"], { stdio: ["ignore", "inherit", "inherit"] });
  });

  it(".NET: declares each resource and the Roster component in the Pulumi.OrgRoster namespaces", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "schema.json"), "utf8")) as { resources: Record<string, { isComponent?: boolean }> };
    const declared: Record<string, string> = {};
    for (const [file, text] of Object.entries(filesUnder(path.join(SDK, "dotnet")))) {
      if (!file.endsWith(".cs")) continue;
      const namespace = /^namespace (\S+)$/m.exec(text)?.[1];
      for (const match of text.matchAll(/\[OrgRosterResourceType\("([^"]+)"\)\]\s*public partial class (\w+) : global::Pulumi\.(\w+)/g)) {
        declared[match[1] ?? ""] = `${namespace ?? "(no namespace)"}.${match[2] ?? ""} : ${match[3] ?? ""}`;
      }
    }
    const expected: Record<string, string> = { "pulumi:providers:org-roster": "Pulumi.OrgRoster.Provider : ProviderResource" };
    for (const [token, resource] of Object.entries(schema.resources)) {
      const [, module, name] = token.split(":");
      const namespace = module === "index" ? "Pulumi.OrgRoster" : `Pulumi.OrgRoster.${(module ?? "").charAt(0).toUpperCase()}${(module ?? "").slice(1)}`;
      expected[token] = `${namespace}.${name ?? ""} : ${resource.isComponent === true ? "ComponentResource" : "CustomResource"}`;
    }
    expect(expected["org-roster:index:Roster"]).toBe("Pulumi.OrgRoster.Roster : ComponentResource");
    expect(declared).toEqual(expected);
  });

  it("Python: byte-compiles", () => {
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "org-roster-pycache-"));
    try {
      // The byte code goes to a scratch directory, not into sdk/python.
      execFileSync("python3", ["-m", "compileall", "-q", path.join(SDK, "python")], { env: { ...process.env, PYTHONPYCACHEPREFIX: cache }, stdio: ["ignore", "inherit", "inherit"] });
    } finally {
      fs.rmSync(cache, { recursive: true, force: true });
    }
  });
});
