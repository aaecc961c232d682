// Rosters given as TypeScript objects: the same checks as files, with line and column 0 and the path set.
import { validateRoster, RosterValidationError, type Roster } from "../../../provider/roster";
import { problemsInValue } from "./roster-test-support";

const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const CLERK_USER = "user_2e71lHFE8l6hlvY5bR215DEWc1Z";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const WORKOS_USER = "user_01JGFJJZ000MZ17QKF3F55Z488";

describe("validateRoster", () => {
  it("returns a valid roster object unchanged", () => {
    const roster: Roster = {
      clerk: { organizations: { [CLERK_ORG]: { maxRemovals: 0, members: [{ userId: CLERK_USER, role: "org:admin", privateMetadata: { tags: ["a", 1, true] } }] } } },
      workos: { organizations: { [WORKOS_ORG]: { adminRoles: ["owner"], members: [{ email: "jo@example.com", roles: ["owner"] }] } } },
    };
    expect(validateRoster(roster)).toStrictEqual(roster);
  });

  it("tells each service's organization ids apart: one of the other service's shape is refused, saying where it belongs", () => {
    const problems = problemsInValue({
      clerk: { organizations: { [WORKOS_ORG]: { members: [{ userId: CLERK_USER, role: "org:admin" }] } } },
      workos: { organizations: { [CLERK_ORG]: { members: [{ userId: WORKOS_USER, role: "admin" }] } } },
    });
    expect(problems.map((p) => [p.path, p.message])).toEqual([
      [`clerk.organizations.${WORKOS_ORG}`, expect.stringMatching(/has the shape of a WorkOS organization id .*, not of a Clerk one; .*move it under workos: if it is a WorkOS organization/)],
      [`workos.organizations.${CLERK_ORG}`, expect.stringMatching(/has the shape of a Clerk organization id .*, not of a WorkOS one; .*move it under clerk: if it is a Clerk organization/)],
    ]);
  });

  it("ignores optional properties set to undefined", () => {
    const roster = { clerk: { organizations: { [CLERK_ORG]: { members: [{ userId: CLERK_USER, role: undefined }] } } }, workos: undefined };
    expect(() => validateRoster(roster)).not.toThrow();
  });

  it("reports problems with line and column 0, the path and the source as file, in the object's key order", () => {
    const problems = problemsInValue({
      clerk: { organizations: { acme: { members: [{ userId: CLERK_USER, role: "admin", team: "x" }] } } },
    });
    expect(problems).toEqual([
      {
        file: "object",
        line: 0,
        column: 0,
        path: "clerk.organizations.acme",
        message: '"acme" is not a Clerk organization id; allowed: an organization id: org_ followed by letters and digits, e.g. org_2acmeCorpK7mQ4vX9pL2nR8tW5y',
      },
      { file: "object", line: 0, column: 0, path: "clerk.organizations.acme.members[0].role", message: '"admin" is not a Clerk role key: role keys start with org:, e.g. org:admin' },
      {
        file: "object",
        line: 0,
        column: 0,
        path: "clerk.organizations.acme.members[0].team",
        message: 'unknown key "team"; allowed: userId, email, role, publicMetadata, privateMetadata',
      },
    ]);
  });

  it("names the first member by its path when a user is listed twice", () => {
    const problems = problemsInValue({ workos: { organizations: { [WORKOS_ORG]: { members: [{ userId: WORKOS_USER }, { userId: WORKOS_USER }] } } } });
    expect(problems.map((problem) => [problem.path, problem.message])).toEqual([
      [
        `workos.organizations.${WORKOS_ORG}.members[1].userId`,
        `user ${WORKOS_USER} is listed more than once in this organization; list each user once (first listed at members[0])`,
      ],
    ]);
  });

  it("reports values that JSON cannot hold in metadata", () => {
    const problems = problemsInValue({
      clerk: { organizations: { [CLERK_ORG]: { members: [{ userId: CLERK_USER, publicMetadata: { ratio: Number.POSITIVE_INFINITY, when: undefined, empty: null } }] } } },
    });
    const metadata = `clerk.organizations.${CLERK_ORG}.members[0].publicMetadata`;
    expect(problems.map((problem) => [problem.path, problem.message])).toEqual([
      [`${metadata}.ratio`, "a number is not a JSON value; allowed: a string, finite number, boolean, list or mapping"],
      [`${metadata}.when`, "a undefined is not a JSON value; allowed: a string, finite number, boolean, list or mapping"],
      [`${metadata}.empty`, "null values are not allowed (Clerk deletes keys set to null: omit the key instead)"],
    ]);
  });

  it("reports a missing roster, and one that is not an object", () => {
    for (const value of [undefined, null]) {
      expect(problemsInValue(value)).toEqual([
        { file: "object", line: 0, column: 0, path: "(root)", message: "the roster is empty; allowed: an object with a clerk and/or a workos section" },
      ]);
    }
    expect(problemsInValue(["clerk"]).map((problem) => problem.message)).toEqual(["a list is not allowed; allowed: a mapping with a clerk and/or a workos section"]);
  });

  it("labels problems <roster> when no source is given", () => {
    expect(() => validateRoster({ clerk: {} })).toThrow(RosterValidationError);
    expect(() => validateRoster({ clerk: {} })).toThrow(/^<roster>: clerk\.organizations: is missing; allowed: /);
  });
});
