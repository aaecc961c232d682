// The comment `org-roster export` writes above each member entry of the file it writes, and that
// `org-roster emulate --seed-from-export` reads back to rebuild the people and invitations behind the entries:
// who a member is (`Jane Doe <jane@acme.com>`, and the user id when the entry names the member by email), or
// which pending invitation an entry stands for. One format, written and read here only.

/** What the comment above an exported entry says. */
export type EntryNote =
  | { kind: "person"; name?: string; email?: string; userId?: string }
  | { kind: "invitation"; invitationId: string };

const INVITATION = /^pending invitation (\S+)$/;
const NAME_AND_EMAIL = /^(.*?)\s*<([^<>\s]+)>(?:\s+\(([^()\s]+)\))?$/;
const EMAIL_ONLY = /^([^<>\s()]+@[^<>\s()]+)(?:\s+\(([^()\s]+)\))?$/;
const NAME_AND_ID = /^(.*?)\s+\((user_[^()\s]+)\)$/;

/** The comment text (without `#`, with YAML's leading space) for an entry; undefined when there is nothing to say. */
export function formatEntryNote(note: EntryNote): string | undefined {
  if (note.kind === "invitation") return ` pending invitation ${note.invitationId}`;
  const name = note.name?.trim() || undefined;
  const email = note.email?.trim() || undefined;
  const label = name && email ? `${name} <${email}>` : (email ?? name);
  if (label === undefined) return undefined;
  return ` ${label}${note.userId === undefined ? "" : ` (${note.userId})`}`;
}

/**
 * Reads the note of an entry from the comment above it (the last line, which is the one `export` writes; lines a
 * reviewer added above it are ignored). Undefined when there is no comment.
 */
export function parseEntryNote(comment: string | null | undefined): EntryNote | undefined {
  const line = comment
    ?.split("\n")
    .map((text) => text.replace(/^\s*#?/, "").trim())
    .filter((text) => text !== "")
    .pop();
  if (line === undefined) return undefined;
  const invitation = INVITATION.exec(line);
  if (invitation) return { kind: "invitation", invitationId: invitation[1]! };
  const withEmail = NAME_AND_EMAIL.exec(line);
  if (withEmail) return person(withEmail[1], withEmail[2], withEmail[3]);
  const email = EMAIL_ONLY.exec(line);
  if (email) return person(undefined, email[1], email[2]);
  const withId = NAME_AND_ID.exec(line);
  if (withId) return person(withId[1], undefined, withId[2]);
  return person(line, undefined, undefined);
}

function person(name: string | undefined, email: string | undefined, userId: string | undefined): EntryNote {
  return {
    kind: "person",
    ...(name?.trim() ? { name: name.trim() } : {}),
    ...(email === undefined ? {} : { email }),
    ...(userId === undefined ? {} : { userId }),
  };
}
