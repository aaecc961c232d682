// The Roster component's input problems: every one at once, as a RunError (which Pulumi prints without a stack)
// whose lines are those `org-roster validate` prints. Uses Pulumi's own resource mocks; no resource is created.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { validateFiles } from "../../../provider/cli/validate-command";
import type { RosterArgs } from "../../../provider/resources/roster";
import { yamlLines } from "./roster-test-support";

const ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const USER = "user_2e71lHFE8l6hlvY5bR215DEWc1Z";
const MEMBERS = `clerk.organizations.${ORG}.members`;
const BAD_ROSTER = { clerk: { organizations: { [ORG]: { members: [{ userId: USER, role: "org:admin" }, { email: "not-an-email" }, { userId: USER }] } } } };

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "roster-component-"));
  void pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs as Record<string, unknown> }),
      call: (args) => args.inputs as Record<string, unknown>,
    },
    "project",
    "stack",
    false,
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The lines of the RunError a Roster with these arguments fails with. */
async function problemLines(args: RosterArgs): Promise<string[]> {
  const { Roster } = await import("../../../provider/resources/roster");
  try {
    new Roster("r", args);
  } catch (error) {
    if (!pulumi.RunError.isInstance(error)) throw error;
    return error.message.split("\n");
  }
  throw new Error("expected the Roster to fail");
}

describe("Roster input problems", () => {
  it("reports every problem of an inline roster at its property path, without a position", async () => {
    expect(await problemLines({ roster: BAD_ROSTER })).toEqual([
      `Roster r: ${MEMBERS}[1].email: "not-an-email" is not a well-formed email address; allowed: an address such as john.smith@acme.com`,
      `Roster r: ${MEMBERS}[2].userId: user ${USER} is listed more than once in this organization; list each user once (first listed at members[0])`,
    ]);
  });

  it("reports a roster file's problems exactly as `org-roster validate` prints them", async () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, yamlLines("clerk:", "  organizations:", `    ${ORG}:`, "      maxRemovals: 1.5", "      members:", "        - email: not-an-email"));
    let printed = "";
    expect(validateFiles([file], { stdout: () => undefined, stderr: (text) => void (printed += text), exitCode: 0 })).toBe(1);
    expect(await problemLines({ file })).toEqual(printed.trimEnd().split("\n"));
    expect(printed.trimEnd().split("\n")).toEqual([
      `${file}:4:20: clerk.organizations.${ORG}.maxRemovals: 1.5 is not allowed; allowed: an integer >= 0`,
      `${file}:6:18: ${MEMBERS}[0].email: "not-an-email" is not a well-formed email address; allowed: an address such as john.smith@acme.com`,
    ]);
  });

  it("reports a file it cannot read as `org-roster validate` does", async () => {
    const file = join(dir, "missing.yaml");
    expect(await problemLines({ file })).toEqual([`${file}: cannot read the roster file: ENOENT: no such file or directory, open '${file}'`]);
  });

  it("reports file and roster set together, or neither", async () => {
    expect(await problemLines({ file: "roster.yaml", roster: BAD_ROSTER })).toEqual(["Roster r: roster: is set together with file; set exactly one of file and roster"]);
    expect(await problemLines({})).toEqual(["Roster r: file: is missing; set exactly one of file (the path of a roster YAML file) and roster (the roster as an object)"]);
  });

  it("reports a bad granularity together with the roster's problems", async () => {
    const lines = await problemLines({ roster: BAD_ROSTER, granularity: "team" as RosterArgs["granularity"] });
    expect(lines[0]).toBe('Roster r: granularity: "team" is not allowed; allowed: "organization" (the default) or "member"');
    expect(lines.slice(1).map((line) => line.split(": ")[1])).toEqual([`${MEMBERS}[1].email`, `${MEMBERS}[2].userId`]);
  });
});
