// How people are named to a reader: by email and name, where the service gives them, next to the user id. A reviewer
// cannot review ids; the id stays, because it is what the roster and the service key on.

import type { Person } from "./port";

/** "Jane Doe <jane@acme.com>", "jane@acme.com" or "Jane Doe"; undefined when nothing is known. */
export function personLabel(person: Person | undefined): string | undefined {
  const name = person?.name?.trim();
  const email = person?.email?.trim();
  if (name && email) return `${name} <${email}>`;
  return email || name || undefined;
}

/** The name and email a label of `personLabel` says ("Jane Doe <jane@acme.com>", "jane@acme.com", "Jane Doe"). */
export function parsePersonLabel(label: string): Person {
  const text = label.trim();
  const withEmail = /^(.*?)\s*<([^<>\s]+)>$/.exec(text);
  if (withEmail) return { ...(withEmail[1] ? { name: withEmail[1] } : {}), email: withEmail[2]! };
  if (/^[^<>\s]+@[^<>\s]+$/.test(text)) return { email: text };
  return text === "" ? {} : { name: text };
}

/** A member as messages and reports name them: "Jane Doe <jane@acme.com> (user_2e71…)", or the id alone. */
export function named(userId: string, label: string | undefined): string {
  return label === undefined || label === userId ? userId : `${label} (${userId})`;
}

/**
 * Who the members of a roster are, by user id: the service's word for a live member, else the email the roster named
 * them by (`emails`: email → user id, as check resolved them).
 */
export function rosterPeople(emails: Record<string, string>): (userId: string, person?: Person) => string | undefined {
  const emailOf = new Map(Object.entries(emails).map(([email, userId]) => [userId, email]));
  return (userId, person) => personLabel(person) ?? emailOf.get(userId);
}

/** The people map a roster keeps in state (user id → label), read back; {} when there is none. */
export function peopleOf(state: Record<string, unknown>): Record<string, string> {
  const people = state.people;
  if (typeof people !== "object" || people === null || Array.isArray(people)) return {};
  return Object.fromEntries(Object.entries(people).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
