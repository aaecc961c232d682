// Roster files: every rule reports a problem at the exact line and column of the offending node.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadRosterFile, parseRosterText, RosterValidationError, type Roster } from "../../../provider/roster";
import { onlyProblemInText, positions, problemsInText, yamlLines } from "./roster-test-support";

const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const CLERK_USER = "user_2e71lHFE8l6hlvY5bR215DEWc1Z";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const WORKOS_USER = "user_01JGFJJZ000MZ17QKF3F55Z488";
const FIXTURES = join(__dirname, "..", "..", "fixtures", "roster");

/** A Clerk roster whose one organization has the given member lines (each indented under `members:`). */
function clerkMembers(...memberLines: string[]): string {
  return yamlLines("clerk:", "  organizations:", `    ${CLERK_ORG}:`, "      members:", ...memberLines.map((line) => `        ${line}`));
}

/** The same for WorkOS. */
function workosMembers(...memberLines: string[]): string {
  return yamlLines("workos:", "  organizations:", `    ${WORKOS_ORG}:`, "      members:", ...memberLines.map((line) => `        ${line}`));
}

const CLERK_MEMBERS = `clerk.organizations.${CLERK_ORG}.members`;
const WORKOS_MEMBERS = `workos.organizations.${WORKOS_ORG}.members`;

describe("a valid roster file", () => {
  it("round-trips the fixture to the declared Roster object, defaults left unfilled", () => {
    const expected: Roster = {
      clerk: {
        organizations: {
          [CLERK_ORG]: {
            unmanagedMembers: "report",
            maxRemovals: 5,
            members: [
              { userId: CLERK_USER, role: "org:admin", publicMetadata: { team: "platform" }, privateMetadata: { costCenter: "CC-1" } },
              { email: "john.smith@acme.com", role: "org:member" },
            ],
          },
        },
      },
      workos: {
        organizations: {
          [WORKOS_ORG]: {
            adminRoles: ["admin"],
            members: [
              { userId: WORKOS_USER, roles: ["admin", "billing"] },
              { email: "jo@example.com", role: "member" },
            ],
          },
        },
      },
    };
    expect(loadRosterFile(join(FIXTURES, "valid.roster.yaml"))).toStrictEqual(expected);
  });

  it("accepts a section alone, members without roles, and an empty member list", () => {
    const roster = parseRosterText(yamlLines("workos:", "  organizations:", `    ${WORKOS_ORG}:`, "      members: []"), "roster.yaml");
    expect(roster).toStrictEqual({ workos: { organizations: { [WORKOS_ORG]: { members: [] } } } });
  });

  it("accepts JSON text, which is YAML too", () => {
    const text = JSON.stringify({ clerk: { organizations: { [CLERK_ORG]: { members: [{ userId: CLERK_USER }] } } } });
    expect(parseRosterText(text, "roster.json")).toStrictEqual({ clerk: { organizations: { [CLERK_ORG]: { members: [{ userId: CLERK_USER }] } } } });
  });

  it("resolves anchors and aliases, e.g. metadata shared by several members", () => {
    const roster = parseRosterText(
      clerkMembers(`- userId: ${CLERK_USER}`, "  publicMetadata: &team { team: platform }", "- email: jo@example.com", "  publicMetadata: *team"),
      "roster.yaml",
    );
    expect(roster.clerk?.organizations[CLERK_ORG]?.members.map((member) => member.publicMetadata)).toStrictEqual([{ team: "platform" }, { team: "platform" }]);
  });

  it("accepts metadata of exactly 8192 bytes as JSON", () => {
    const value = "x".repeat(8192 - JSON.stringify({ k: "" }).length);
    expect(() => parseRosterText(clerkMembers(`- userId: ${CLERK_USER}`, `  privateMetadata: { k: ${value} }`), "roster.yaml")).not.toThrow();
  });
});

describe("unknown keys", () => {
  it("reports an unknown top-level key at the key, with the allowed keys", () => {
    const problem = onlyProblemInText(yamlLines("clerks:", "  organizations: {}"));
    expect(problem).toEqual({ file: "roster.yaml", line: 1, column: 1, path: "clerks", message: 'unknown key "clerks"; allowed: clerk, workos' });
  });

  it("reports an unknown section key at the key", () => {
    const problem = onlyProblemInText(yamlLines("clerk:", "  organizations: {}", "  orgs: {}"));
    expect(positions([problem])).toEqual(["3:3 clerk.orgs"]);
    expect(problem.message).toBe('unknown key "orgs"; allowed: organizations');
  });

  it("reports an unknown organization key at the key", () => {
    const problem = onlyProblemInText(yamlLines("clerk:", "  organizations:", `    ${CLERK_ORG}:`, "      members: []", "      unmanaged: remove"));
    expect(positions([problem])).toEqual([`5:7 clerk.organizations.${CLERK_ORG}.unmanaged`]);
    expect(problem.message).toBe('unknown key "unmanaged"; allowed: members, unmanagedMembers, maxRemovals, adminRoles, missingUsers, invitations');
  });

  it("reports an unknown member key at the key", () => {
    const problem = onlyProblemInText(clerkMembers(`- userId: ${CLERK_USER}`, "  rol: org:admin"));
    expect(positions([problem])).toEqual([`6:11 ${CLERK_MEMBERS}[0].rol`]);
    expect(problem.message).toBe('unknown key "rol"; allowed: userId, email, role, publicMetadata, privateMetadata');
  });

  it("reports each unknown key of one mapping separately", () => {
    expect(positions(problemsInText(clerkMembers(`- userId: ${CLERK_USER}`, "  name: Jo", "  team: platform")))).toEqual([
      `6:11 ${CLERK_MEMBERS}[0].name`,
      `7:11 ${CLERK_MEMBERS}[0].team`,
    ]);
  });

  it("tells that organizations go under a service section", () => {
    const problem = onlyProblemInText(yamlLines("organizations: {}"));
    expect(problem.message).toContain("organizations go under a service section: clerk: or workos:");
  });
});

describe("Clerk ids and role keys", () => {
  it("reports an organization id that is not org_… at the key", () => {
    const problem = onlyProblemInText(yamlLines("clerk:", "  organizations:", "    acme-corp:", "      members: []"));
    expect(positions([problem])).toEqual(['3:5 clerk.organizations["acme-corp"]']);
    expect(problem.message).toBe('"acme-corp" is not a Clerk organization id; allowed: an organization id: org_ followed by letters and digits, e.g. org_2acmeCorpK7mQ4vX9pL2nR8tW5y');
  });

  it("still checks the members of an organization whose id is wrong", () => {
    const problems = problemsInText(yamlLines("clerk:", "  organizations:", "    acme:", "      members:", "        - userId: u_1"));
    expect(positions(problems)).toEqual(["3:5 clerk.organizations.acme", "5:19 clerk.organizations.acme.members[0].userId"]);
  });

  it("reports a user id that is not user_… at the value", () => {
    const problem = onlyProblemInText(clerkMembers("- userId: usr_123"));
    expect(positions([problem])).toEqual([`5:19 ${CLERK_MEMBERS}[0].userId`]);
    expect(problem.message).toBe('"usr_123" is not a Clerk user id; allowed: user_ followed by letters and digits, e.g. user_2e71lHFE8l6hlvY5bR215DEWc1Z');
  });

  it("tells that role keys start with org: for a bare admin", () => {
    const problem = onlyProblemInText(clerkMembers(`- userId: ${CLERK_USER}`, "  role: admin"));
    expect(positions([problem])).toEqual([`6:17 ${CLERK_MEMBERS}[0].role`]);
    expect(problem.message).toBe('"admin" is not a Clerk role key: role keys start with org:, e.g. org:admin');
  });

  it("reports a malformed org: role key with what is allowed", () => {
    const problem = onlyProblemInText(clerkMembers(`- userId: ${CLERK_USER}`, '  role: "org:"'));
    expect(problem.message).toContain("allowed: org: followed by letters, digits, _, : and -");
  });

  it("rejects roles on a Clerk member, pointing to role", () => {
    const problem = onlyProblemInText(clerkMembers(`- userId: ${CLERK_USER}`, "  roles: [org:admin]"));
    expect(positions([problem])).toEqual([`6:11 ${CLERK_MEMBERS}[0].roles`]);
    expect(problem.message).toContain("a Clerk membership has one role key: use role");
  });

  it("checks a Clerk organization's adminRoles as role keys", () => {
    const problem = onlyProblemInText(yamlLines("clerk:", "  organizations:", `    ${CLERK_ORG}:`, "      adminRoles: [org:admin, owner]", "      members: []"));
    expect(positions([problem])).toEqual([`4:31 clerk.organizations.${CLERK_ORG}.adminRoles[1]`]);
    expect(problem.message).toBe('"owner" is not a Clerk role key: role keys start with org:, e.g. org:owner');
  });
});

describe("WorkOS ids and role slugs", () => {
  it("reports an organization id that is not org_… at the key", () => {
    const problem = onlyProblemInText(yamlLines("workos:", "  organizations:", "    organization_01:", "      members: []"));
    expect(positions([problem])).toEqual(["3:5 workos.organizations.organization_01"]);
    expect(problem.message).toContain("is not a WorkOS organization id");
  });

  it("reports a user id that is not user_… at the value", () => {
    const problem = onlyProblemInText(workosMembers("- userId: 01JGFJJZ000MZ17QKF3F55Z488"));
    expect(positions([problem])).toEqual([`5:19 ${WORKOS_MEMBERS}[0].userId`]);
    expect(problem.message).toContain("is not a WorkOS user id");
  });

  it("reports a role slug that is not lowercase", () => {
    const problem = onlyProblemInText(workosMembers(`- userId: ${WORKOS_USER}`, "  role: Admin"));
    expect(positions([problem])).toEqual([`6:17 ${WORKOS_MEMBERS}[0].role`]);
    expect(problem.message).toBe('"Admin" is not a WorkOS role slug; allowed: lowercase letters, digits, - and _, e.g. admin or member');
  });

  it("tells that WorkOS slugs have no org: prefix", () => {
    const problem = onlyProblemInText(workosMembers(`- userId: ${WORKOS_USER}`, "  role: org:admin"));
    expect(problem.message).toBe('"org:admin" is not a WorkOS role slug: WorkOS slugs have no org: prefix, e.g. admin');
  });

  it("reports a bad slug inside roles at the list item", () => {
    const problem = onlyProblemInText(workosMembers(`- userId: ${WORKOS_USER}`, "  roles: [admin, Billing]"));
    expect(positions([problem])).toEqual([`6:26 ${WORKOS_MEMBERS}[0].roles[1]`]);
  });

  it("reports a bad slug inside adminRoles", () => {
    const problem = onlyProblemInText(yamlLines("workos:", "  organizations:", `    ${WORKOS_ORG}:`, "      adminRoles:", "        - Owner", "      members: []"));
    expect(positions([problem])).toEqual([`5:11 workos.organizations.${WORKOS_ORG}.adminRoles[0]`]);
  });

  it("rejects metadata on a WorkOS member at the key", () => {
    const problems = problemsInText(workosMembers(`- userId: ${WORKOS_USER}`, "  publicMetadata: { team: platform }", "  privateMetadata: {}"));
    expect(positions(problems)).toEqual([`6:11 ${WORKOS_MEMBERS}[0].publicMetadata`, `7:11 ${WORKOS_MEMBERS}[0].privateMetadata`]);
    expect(problems[0]?.message).toBe('unknown key "publicMetadata"; WorkOS memberships have no metadata; allowed: userId, email, role, roles');
  });
});

describe("member identity", () => {
  it("reports a member with neither userId nor email at the member", () => {
    const problem = onlyProblemInText(clerkMembers("- role: org:admin"));
    expect(positions([problem])).toEqual([`5:11 ${CLERK_MEMBERS}[0]`]);
    expect(problem.message).toBe("a member needs userId or email (exactly one); neither is given");
  });

  it("reports a member with both userId and email at the email", () => {
    const problem = onlyProblemInText(workosMembers(`- userId: ${WORKOS_USER}`, "  email: jo@example.com"));
    expect(positions([problem])).toEqual([`6:18 ${WORKOS_MEMBERS}[0].email`]);
    expect(problem.message).toBe("a member has either userId or email, not both; keep one");
  });

  it("reports an email address that is not well formed", () => {
    const problem = onlyProblemInText(clerkMembers("- email: john.smith(at)acme.com"));
    expect(positions([problem])).toEqual([`5:18 ${CLERK_MEMBERS}[0].email`]);
    expect(problem.message).toBe('"john.smith(at)acme.com" is not a well-formed email address; allowed: an address such as john.smith@acme.com');
  });

  it("reports a member that is not a mapping, at the list item", () => {
    const problem = onlyProblemInText(clerkMembers(`- ${CLERK_USER}`));
    expect(positions([problem])).toEqual([`5:11 ${CLERK_MEMBERS}[0]`]);
    expect(problem.message).toContain("is not allowed; allowed: a mapping with userId or email");
  });

  it("reports an empty list item just after its dash", () => {
    const problem = onlyProblemInText(clerkMembers(`- userId: ${CLERK_USER}`, "-"));
    expect(positions([problem])).toEqual([`6:10 ${CLERK_MEMBERS}[1]`]);
    expect(problem.message).toMatch(/^an empty value is not allowed/);
  });
});

describe("role and roles", () => {
  it("reports role and roles on one member at roles", () => {
    const problem = onlyProblemInText(workosMembers(`- userId: ${WORKOS_USER}`, "  role: admin", "  roles: [billing]"));
    expect(positions([problem])).toEqual([`7:18 ${WORKOS_MEMBERS}[0].roles`]);
    expect(problem.message).toBe("a member has either role (one slug) or roles (a list), not both; keep one");
  });

  it("reports an empty roles list", () => {
    const problem = onlyProblemInText(workosMembers(`- userId: ${WORKOS_USER}`, "  roles: []"));
    expect(positions([problem])).toEqual([`6:18 ${WORKOS_MEMBERS}[0].roles`]);
    expect(problem.message).toBe("is an empty list; list at least one role slug, or leave roles out for the default member");
  });
});

describe("users listed twice in one organization", () => {
  it("reports the second occurrence of a userId, naming the line of the first", () => {
    const problem = onlyProblemInText(clerkMembers(`- userId: ${CLERK_USER}`, "  role: org:admin", `- userId: ${CLERK_USER}`));
    expect(positions([problem])).toEqual([`7:19 ${CLERK_MEMBERS}[1].userId`]);
    expect(problem.message).toBe(`user ${CLERK_USER} is listed more than once in this organization; list each user once (first listed at line 5)`);
  });

  it("compares emails ignoring case", () => {
    const problem = onlyProblemInText(workosMembers("- email: Jo@Example.com", "- email: jo@example.COM"));
    expect(positions([problem])).toEqual([`6:18 ${WORKOS_MEMBERS}[1].email`]);
    expect(problem.message).toContain("(first listed at line 5)");
  });

  it("names the first occurrence for every later one", () => {
    const problems = problemsInText(clerkMembers(`- userId: ${CLERK_USER}`, `- userId: ${CLERK_USER}`, `- userId: ${CLERK_USER}`));
    expect(positions(problems)).toEqual([`6:19 ${CLERK_MEMBERS}[1].userId`, `7:19 ${CLERK_MEMBERS}[2].userId`]);
    expect(problems.every((problem) => problem.message.endsWith("(first listed at line 5)"))).toBe(true);
  });

  it("allows the same user in two organizations", () => {
    const text = yamlLines(
      "clerk:",
      "  organizations:",
      "    org_a:",
      `      members: [{ userId: ${CLERK_USER} }]`,
      "    org_b:",
      `      members: [{ userId: ${CLERK_USER} }]`,
    );
    expect(() => parseRosterText(text, "roster.yaml")).not.toThrow();
  });
});

describe("metadata", () => {
  it("reports null values where they are, at any depth", () => {
    const problems = problemsInText(clerkMembers(`- userId: ${CLERK_USER}`, "  publicMetadata:", "    team: null", "    tags: [a, ~]", "    nested: { deep: }"));
    expect(positions(problems)).toEqual([
      `7:19 ${CLERK_MEMBERS}[0].publicMetadata.team`,
      `8:23 ${CLERK_MEMBERS}[0].publicMetadata.tags[1]`,
      `9:23 ${CLERK_MEMBERS}[0].publicMetadata.nested.deep`, // an empty value: at its key
    ]);
    expect(problems[0]?.message).toBe("null values are not allowed (Clerk deletes keys set to null: omit the key instead)");
  });

  it("reports metadata that is not a mapping without echoing the value", () => {
    const problem = onlyProblemInText(clerkMembers(`- userId: ${CLERK_USER}`, "  privateMetadata: s3cret-token"));
    expect(positions([problem])).toEqual([`6:28 ${CLERK_MEMBERS}[0].privateMetadata`]);
    expect(problem.message).toBe("a string is not allowed; allowed: a mapping (JSON object) without null values, at most 8192 bytes as JSON");
    expect(problem.message).not.toContain("s3cret");
  });

  it("reports metadata over 8192 bytes as JSON at the metadata", () => {
    const problem = onlyProblemInText(clerkMembers(`- userId: ${CLERK_USER}`, `  publicMetadata: { notes: ${"n".repeat(8200)} }`));
    expect(positions([problem])).toEqual([`6:27 ${CLERK_MEMBERS}[0].publicMetadata`]);
    expect(problem.message).toBe("is 8212 bytes as JSON, over Clerk's 8192-byte limit for one metadata object");
  });
});

describe("organization settings", () => {
  it("reports an unmanagedMembers value that is not ignore, report or remove", () => {
    const problem = onlyProblemInText(yamlLines("clerk:", "  organizations:", `    ${CLERK_ORG}:`, "      unmanagedMembers: delete", "      members: []"));
    expect(positions([problem])).toEqual([`4:25 clerk.organizations.${CLERK_ORG}.unmanagedMembers`]);
    expect(problem.message).toBe('"delete" is not allowed; allowed: ignore, report or remove');
  });

  it("reports a maxRemovals that is not an integer >= 0", () => {
    const text = (value: string) => yamlLines("workos:", "  organizations:", `    ${WORKOS_ORG}:`, `      maxRemovals: ${value}`, "      members: []");
    for (const value of ["-1", "1.5", '"5"']) {
      const problem = onlyProblemInText(text(value));
      expect(positions([problem])).toEqual([`4:20 workos.organizations.${WORKOS_ORG}.maxRemovals`]);
      expect(problem.message).toMatch(/is not allowed; allowed: an integer >= 0$/);
    }
  });

  it("reports missing members at the organization's id", () => {
    const problem = onlyProblemInText(yamlLines("clerk:", "  organizations:", `    ${CLERK_ORG}:`, "      maxRemovals: 1"));
    expect(positions([problem])).toEqual([`3:5 clerk.organizations.${CLERK_ORG}.members`]);
    expect(problem.message).toMatch(/^is missing; allowed: a list of members/);
  });

  it("reports an empty section at its key", () => {
    const problem = onlyProblemInText(yamlLines("clerk:", "workos:", "  organizations: {}"));
    expect(positions([problem])).toEqual(["1:1 clerk"]);
    expect(problem.message).toBe("an empty value is not allowed; allowed: a mapping with organizations");
  });
});

describe("YAML problems", () => {
  it("reports a syntax error at its position and skips the schema checks", () => {
    const problems = problemsInText(yamlLines("clerk:", "  organizations: [", "unknown: 1"));
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.every((problem) => problem.message.startsWith("YAML syntax error: "))).toBe(true);
    expect(problems.some((problem) => problem.message.includes('unknown key "unknown"'))).toBe(false);
  });

  it("reports an unterminated quote at the end of the line it opened on", () => {
    const problem = onlyProblemInText(clerkMembers('- userId: "user_1'));
    expect(problem).toMatchObject({ line: 6, column: 1, path: "(root)" });
    expect(problem.message).toMatch(/^YAML syntax error: .*quote/);
  });

  it("reports a tab used as indentation", () => {
    const problem = onlyProblemInText("clerk:\n\torganizations: {}\n");
    expect(problem).toMatchObject({ line: 2, column: 1 });
    expect(problem.message).toContain("Tabs are not allowed as indentation");
  });

  it("reports a duplicate key at the repeat, naming the line of the first, and still checks the rest", () => {
    const problems = problemsInText(clerkMembers(`- userId: ${CLERK_USER}`, "  role: org:admin", "  role: admin"));
    expect(positions(problems)).toEqual([`7:11 ${CLERK_MEMBERS}[0].role`, `7:17 ${CLERK_MEMBERS}[0].role`]);
    expect(problems[0]?.message).toBe('duplicate key "role" (first at line 6); each key may appear once in a mapping');
    expect(problems[1]?.message).toContain("role keys start with org:");
  });

  it("reports a duplicate organization id", () => {
    const text = yamlLines("clerk:", "  organizations:", `    ${CLERK_ORG}: { members: [] }`, `    ${CLERK_ORG}: { members: [] }`);
    expect(positions(problemsInText(text))).toEqual([`4:5 clerk.organizations.${CLERK_ORG}`]);
  });

  it("reports a top level that is a list or a scalar", () => {
    expect(onlyProblemInText(yamlLines("- clerk")).message).toBe("a list is not allowed; allowed: a mapping with a clerk and/or a workos section");
    expect(onlyProblemInText(yamlLines("clerk")).message).toBe('"clerk" is not allowed; allowed: a mapping with a clerk and/or a workos section');
    expect(onlyProblemInText(yamlLines("", "  - clerk"))).toMatchObject({ line: 2, column: 3, path: "(root)" });
  });

  it("reports an empty file and a file of comments only", () => {
    for (const text of ["", "\n\n", "# nothing declared yet\n"]) {
      expect(onlyProblemInText(text)).toEqual({
        file: "roster.yaml",
        line: 1,
        column: 1,
        path: "(root)",
        message: "the roster file is empty; allowed: a mapping with a clerk and/or a workos section",
      });
    }
  });

  it("reports several YAML documents in one file", () => {
    const problem = onlyProblemInText(yamlLines("clerk: { organizations: {} }", "---", "workos: { organizations: {} }"));
    expect(problem).toMatchObject({ line: 2, column: 1 });
    expect(problem.message).toContain("multiple documents");
  });

  it("reports an unresolved tag, and checks the value as the string it then is", () => {
    const problems = problemsInText(yamlLines("clerk: !include clerk.yaml"));
    expect(positions(problems)).toEqual(["1:8 (root)", "1:17 clerk"]);
    expect(problems[0]?.message).toBe("YAML: Unresolved tag: !include");
  });
});

describe("reporting", () => {
  it("reports every problem of the broken fixture at once, sorted by position", () => {
    const problems = problemsInText(readFileSync(join(FIXTURES, "broken.roster.yaml"), "utf8"));
    expect(positions(problems)).toEqual([
      '4:5 clerk.organizations["acme-corp"]',
      '7:17 clerk.organizations["acme-corp"].members[0].role',
      '8:19 clerk.organizations["acme-corp"].members[1].userId',
      '9:18 clerk.organizations["acme-corp"].members[2].email',
      '10:11 clerk.organizations["acme-corp"].members[2].roles',
      `12:25 clerk.organizations.${CLERK_ORG}.unmanagedMembers`,
      `13:20 clerk.organizations.${CLERK_ORG}.maxRemovals`,
      `15:11 clerk.organizations.${CLERK_ORG}.members[0]`,
      `16:35 clerk.organizations.${CLERK_ORG}.members[0].publicMetadata.team`,
      `23:18 ${WORKOS_MEMBERS}[0].roles`,
      `25:18 ${WORKOS_MEMBERS}[1].roles`,
      `26:11 ${WORKOS_MEMBERS}[1].privateMetadata`,
      `27:18 ${WORKOS_MEMBERS}[2].email`,
      "28:1 extra",
    ]);
  });

  it("sorts YAML-level and schema problems together by line and column", () => {
    // The duplicate key (found while reading the YAML) is on the last line, the schema problems above it.
    const problems = problemsInText(yamlLines("extra: 1", "clerk:", "  organizations: {}", "  organizations: []"));
    expect(positions(problems)).toEqual(["1:1 extra", "4:3 clerk.organizations", "4:18 clerk.organizations"]);
  });

  it("throws one RosterValidationError whose message has a file:line:column: path: message line per problem", () => {
    let caught: unknown;
    try {
      parseRosterText(clerkMembers("- userId: bad", "  role: admin"), "rosters/acme.yaml");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RosterValidationError);
    expect((caught as RosterValidationError).message.split("\n")).toEqual([
      `rosters/acme.yaml:5:19: ${CLERK_MEMBERS}[0].userId: "bad" is not a Clerk user id; allowed: user_ followed by letters and digits, e.g. user_2e71lHFE8l6hlvY5bR215DEWc1Z`,
      `rosters/acme.yaml:6:17: ${CLERK_MEMBERS}[0].role: "admin" is not a Clerk role key: role keys start with org:, e.g. org:admin`,
    ]);
  });

  it("lets errors reading the file through as they are", () => {
    expect(() => loadRosterFile(join(FIXTURES, "missing.roster.yaml"))).toThrow(expect.objectContaining({ code: "ENOENT" }) as Error);
  });
});
