// Problem paths, ordering and the error that carries them.
import {
  formatPath,
  formatProblem,
  formatProblems,
  formatRosterFileFailure,
  RosterValidationError,
  sortProblems,
  type RosterProblem,
} from "../../../provider/roster/problems";

function problem(line: number, column: number, path = "p", file = "a.yaml"): RosterProblem {
  return { file, line, column, path, message: "m" };
}

describe("formatPath", () => {
  it("joins identifier keys with dots and indexes with brackets", () => {
    expect(formatPath(["clerk", "organizations", "org_x", "members", 1, "role"])).toBe("clerk.organizations.org_x.members[1].role");
  });

  it("quotes keys that are not identifiers", () => {
    expect(formatPath(["clerk", "organizations", "acme corp", "members"])).toBe('clerk.organizations["acme corp"].members');
  });

  it("names the whole document (root)", () => {
    expect(formatPath([])).toBe("(root)");
  });
});

describe("sortProblems", () => {
  it("orders by file, line and column and keeps the found order at the same position", () => {
    const sorted = sortProblems([problem(3, 1), problem(1, 9), problem(1, 2, "first"), problem(1, 2, "second"), problem(1, 1, "p", "0.yaml")]);
    expect(sorted.map((p) => `${p.file}:${p.line}:${p.column} ${p.path}`)).toEqual(["0.yaml:1:1 p", "a.yaml:1:2 first", "a.yaml:1:2 second", "a.yaml:1:9 p", "a.yaml:3:1 p"]);
  });
});

describe("RosterValidationError", () => {
  it("holds the problems sorted and prints one file:line:column: path: message line each", () => {
    const error = new RosterValidationError([problem(2, 5, "b"), problem(1, 3, "a")]);
    expect(error.problems.map((p) => p.path)).toEqual(["a", "b"]);
    expect(error.message).toBe("a.yaml:1:3: a: m\na.yaml:2:5: b: m");
    expect(error.name).toBe("RosterValidationError");
    expect(error).toBeInstanceOf(Error);
  });

  it("prints problems without a position without one, never as :0:0", () => {
    expect(new RosterValidationError([problem(0, 0, "b", "<roster>"), problem(0, 0, "a", "<roster>")]).message).toBe("<roster>: b: m\n<roster>: a: m");
  });
});

describe("formatProblem", () => {
  it("prints a problem in a file as file:line:column: path: message", () => {
    expect(formatProblem({ file: "rosters/acme.yaml", line: 7, column: 17, path: "clerk.organizations.org_x.members[0].role", message: "m" })).toBe(
      "rosters/acme.yaml:7:17: clerk.organizations.org_x.members[0].role: m",
    );
  });

  it("prints a problem without a position (an object's) as source: path: message, its path being its place", () => {
    expect(formatProblem({ file: "Roster r", line: 0, column: 0, path: "clerk.organizations.org_x.members[3].email", message: "m" })).toBe(
      "Roster r: clerk.organizations.org_x.members[3].email: m",
    );
  });
});

describe("formatProblems", () => {
  it("prints one line per problem, in the order given", () => {
    expect(formatProblems([problem(2, 5, "b"), problem(0, 0, "a", "Roster r")])).toBe("a.yaml:2:5: b: m\nRoster r: a: m");
    expect(formatProblems([])).toBe("");
  });
});

describe("formatRosterFileFailure", () => {
  it("prints every problem of a roster that was read", () => {
    expect(formatRosterFileFailure("a.yaml", new RosterValidationError([problem(2, 5, "b"), problem(1, 3, "a")]))).toBe("a.yaml:1:3: a: m\na.yaml:2:5: b: m");
  });

  it("prints why a file cannot be read on one line", () => {
    expect(formatRosterFileFailure("nope.yaml", new Error("ENOENT: no such file or directory, open 'nope.yaml'"))).toBe(
      "nope.yaml: cannot read the roster file: ENOENT: no such file or directory, open 'nope.yaml'",
    );
  });
});
