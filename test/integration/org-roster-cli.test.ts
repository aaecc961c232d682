// The org-roster command as users run it: the compiled program through bin/org-roster.js (after `npm run build`),
// on the roster fixtures, checked by exit status and output.

import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "org-roster.js");
const VALID = "test/fixtures/roster/valid.roster.yaml";
const BROKEN = "test/fixtures/roster/broken.roster.yaml";

function orgRoster(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  if (!existsSync(join(ROOT, "dist", "provider", "cli", "org-roster.js"))) {
    throw new Error("dist/provider/cli/org-roster.js is missing: run `npm run build` before this test");
  }
});

describe("org-roster validate", () => {
  it("prints the organization and member counts and exits 0 for a valid roster", () => {
    expect(orgRoster("validate", VALID)).toEqual({ status: 0, stdout: "ok: 2 organizations, 4 members\n", stderr: "" });
  });

  it("prints every problem of a broken roster as file:line:column: path: message on stderr, sorted, and exits 1", () => {
    const { status, stdout, stderr } = orgRoster("validate", BROKEN);
    expect(status).toBe(1);
    expect(stdout).toBe("");
    const lines = stderr.trimEnd().split("\n");
    expect(lines.map((line) => /^(\S+:\d+:\d+): (\S+): /.exec(line)?.slice(1, 3).join(" "))).toEqual([
      `${BROKEN}:4:5 clerk.organizations["acme-corp"]`,
      `${BROKEN}:7:17 clerk.organizations["acme-corp"].members[0].role`,
      `${BROKEN}:8:19 clerk.organizations["acme-corp"].members[1].userId`,
      `${BROKEN}:9:18 clerk.organizations["acme-corp"].members[2].email`,
      `${BROKEN}:10:11 clerk.organizations["acme-corp"].members[2].roles`,
      `${BROKEN}:12:25 clerk.organizations.org_2acmeCorpK7mQ4vX9pL2nR8tW5y.unmanagedMembers`,
      `${BROKEN}:13:20 clerk.organizations.org_2acmeCorpK7mQ4vX9pL2nR8tW5y.maxRemovals`,
      `${BROKEN}:15:11 clerk.organizations.org_2acmeCorpK7mQ4vX9pL2nR8tW5y.members[0]`,
      `${BROKEN}:16:35 clerk.organizations.org_2acmeCorpK7mQ4vX9pL2nR8tW5y.members[0].publicMetadata.team`,
      `${BROKEN}:23:18 workos.organizations.org_01JGD0680005FATZYDS3AR0RGX.members[0].roles`,
      `${BROKEN}:25:18 workos.organizations.org_01JGD0680005FATZYDS3AR0RGX.members[1].roles`,
      `${BROKEN}:26:11 workos.organizations.org_01JGD0680005FATZYDS3AR0RGX.members[1].privateMetadata`,
      `${BROKEN}:27:18 workos.organizations.org_01JGD0680005FATZYDS3AR0RGX.members[2].email`,
      `${BROKEN}:28:1 extra`,
    ]);
    expect(lines[1]).toBe(`${BROKEN}:7:17: clerk.organizations["acme-corp"].members[0].role: "admin" is not a Clerk role key: role keys start with org:, e.g. org:admin`);
    expect(lines[12]).toContain("(first listed at line 24)");
  });

  it("checks every file given, prints no summary when any has problems, and exits 1", () => {
    const { status, stdout, stderr } = orgRoster("validate", VALID, BROKEN);
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toHaveLength(14);
    expect(stderr).not.toContain(VALID);
  });

  it("adds up organizations and members over several valid files", () => {
    expect(orgRoster("validate", VALID, VALID).stdout).toBe("ok: 4 organizations, 8 members\n");
  });

  it("reports a file it cannot read and exits 1", () => {
    const { status, stderr } = orgRoster("validate", "test/fixtures/roster/missing.roster.yaml");
    expect(status).toBe(1);
    expect(stderr).toMatch(/^test\/fixtures\/roster\/missing\.roster\.yaml: cannot read the roster file: ENOENT/);
  });

  it("exits 1 with a usage error when no file is given", () => {
    const { status, stderr } = orgRoster("validate");
    expect(status).toBe(1);
    expect(stderr).toContain("missing required argument 'file'");
  });
});

describe("org-roster --help", () => {
  it("describes the program and lists the validate command", () => {
    const { status, stdout } = orgRoster("--help");
    expect(status).toBe(0);
    expect(stdout).toContain("Usage: org-roster [options] [command]");
    expect(stdout).toMatch(/validate <file\.\.\.>/);
  });

  it("describes the validate command, its output and exit status", () => {
    const { status, stdout } = orgRoster("validate", "--help");
    expect(status).toBe(0);
    expect(stdout).toContain("Usage: org-roster validate [options] <file...>");
    expect(stdout).toContain("file:line:column: path: message");
  });

  it("exits 1 and shows a hint for an unknown command", () => {
    const { status, stderr } = orgRoster("frobnicate");
    expect(status).toBe(1);
    expect(stderr).toContain("unknown command 'frobnicate'");
  });
});
