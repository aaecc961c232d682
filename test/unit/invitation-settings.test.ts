// Invitation settings are one rule per service: the roster file and the resources' check accept and refuse the same
// values, and say what is allowed in the same words (the file as "… is not allowed; allowed: …", the check as
// "invitations.<key>: must be …").
import { clerkRosterModel } from "../../provider/backends/clerk/roster";
import { workosRosterModel } from "../../provider/backends/workos/roster";
import { validateRoster, RosterValidationError } from "../../provider/roster";

const CLERK_ORG = "org_2acmeCorpK7mQ4vX9pL2nR8tW5y";
const WORKOS_ORG = "org_01JGD0680005FATZYDS3AR0RGX";
const USER = "user_2e71lHFE8l6hlvY5bR215DEWc1Z";

const services = [
  { name: "Clerk", section: "clerk", org: CLERK_ORG, model: clerkRosterModel },
  { name: "WorkOS", section: "workos", org: WORKOS_ORG, model: workosRosterModel },
] as const;

/** The file's messages about the roster's invitation settings, by setting. */
function fileMessages(section: string, org: string, invitations: Record<string, unknown>): Record<string, string> {
  try {
    validateRoster({ [section]: { organizations: { [org]: { members: [{ userId: USER }], invitations } } } }, "object");
    return {};
  } catch (error) {
    if (!(error instanceof RosterValidationError)) throw error;
    return Object.fromEntries(error.problems.map((problem) => [problem.path.split(".").pop() ?? "", problem.message]));
  }
}

const values: Array<Record<string, unknown>> = [
  { expiresInDays: 1 },
  { expiresInDays: 30 },
  { expiresInDays: 31 },
  { expiresInDays: 365 },
  { expiresInDays: 366 },
  { expiresInDays: 0 },
  { expiresInDays: 2.5 },
  { expiresInDays: "7" },
  { redirectUrl: "https://app.example.com/accept" },
  { redirectUrl: "ftp://files.example.com" },
  { redirectUrl: "somewhere" },
  { notify: false },
  { notify: "no" },
  { inviterUserId: USER },
  { inviterUserId: "usr_1" },
  { locale: "fr-CA" },
  { locale: "french" },
  { colour: "red" },
];

describe.each(services)("$name invitation settings", ({ name, section, org, model }) => {
  it.each(values)("the file and the check agree on %j", (settings) => {
    const inFile = fileMessages(section, org, settings);
    const inCheck = model.checkInvitationSettings(settings);
    expect(inCheck.map((problem) => problem.reason.split(":")[0])).toEqual(Object.keys(inFile).map((key) => `invitations.${key}`));
    for (const problem of inCheck) {
      expect(problem.property).toBe("invitations");
      const key = problem.reason.slice("invitations.".length, problem.reason.indexOf(":"));
      const said = problem.reason.slice(problem.reason.indexOf(": ") + 2);
      const fileSays = inFile[key] ?? "";
      if (said.startsWith("must be ")) expect(fileSays).toMatch(new RegExp(`is not allowed; allowed: ${escape(said.slice("must be ".length))}$`));
      else expect(said).toBe(`is not a ${name} invitation setting; ${fileSays.slice(fileSays.indexOf("allowed: "))}`);
    }
  });

  it("reports one problem per key, in the order given, with the service's limits and default", () => {
    const max = name === "Clerk" ? "365 (Clerk's limits; default 30)" : "30 (WorkOS's limits; default 7)";
    expect(model.checkInvitationSettings({ colour: "red", expiresInDays: 0.5 }).map((problem) => problem.reason)).toEqual([
      `invitations.colour: is not a ${name} invitation setting; allowed: ${name === "Clerk" ? "expiresInDays, redirectUrl, notify, inviterUserId" : "expiresInDays, inviterUserId, locale"}`,
      `invitations.expiresInDays: must be a whole number of days from 1 to ${max}`,
    ]);
    expect(fileMessages(section, org, { expiresInDays: 0.5 })).toEqual({ expiresInDays: `0.5 is not allowed; allowed: a whole number of days from 1 to ${max}` });
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
