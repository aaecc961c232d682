// The comment `org-roster export` writes above each member entry of the file it writes, and that
// `org-roster emulate --seed-from-export` reads back to rebuild the people and invitations behind the entries:
// who a member is (`Jane Doe <jane@acme.com>`, and the user id when the entry names the member by email), or
// which pending invitation an entry stands for. One format, written and read here only (a person as `personLabel`
// names them).

import { parsePersonLabel, personLabel } from "../engine/people";

/** What the comment above an exported entry says. */
export type EntryNote =
  | { kind: "person"; name?: string; email?: string; userId?: string }
  | { kind: "invitation"; invitationId: string };

const INVITATION = /^pending invitation (\S+)$/;
const WITH_USER_ID = /^(.*?)\s+\((user_[^()\s]+)\)$/;

/** The comment text (without `#`, with YAML's leading space) for an entry; undefined when there is nothing to say. */
export function formatEntryNote(note: EntryNote): string | undefined {
  if (note.kind === "invitation") return ` pending invitation ${note.invitationId}`;
  const label = personLabel(note);
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
  const withId = WITH_USER_ID.exec(line);
  const person = parsePersonLabel(withId ? withId[1]! : line);
  return { kind: "person", ...person, ...(withId ? { userId: withId[2]! } : {}) };
}
