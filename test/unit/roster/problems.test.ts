// Problem paths, ordering and the error that carries them.
import { formatPath, RosterValidationError, sortProblems, type RosterProblem } from "../../../provider/roster/problems";

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
});
