import { type EntryNote, formatEntryNote, parseEntryNote } from "../../../provider/roster/entry-notes";

describe("the comment export writes above an entry", () => {
  const notes: EntryNote[] = [
    { kind: "person", name: "Jane Doe", email: "jane.doe@acme.com" },
    { kind: "person", name: "Jane Doe", email: "jane.doe@acme.com", userId: "user_2e71lHFE8l6hlvY5bR215DEWc1Z" },
    { kind: "person", email: "jane.doe@acme.com", userId: "user_01JGFJJZ000MZ17QKF3F55Z488" },
    { kind: "person", email: "jane.doe@acme.com" },
    { kind: "person", name: "Jean-Luc O'Brien (ops)" },
    { kind: "person", name: "Jane", userId: "user_2e71lHFE8l6hlvY5bR215DEWc1Z" },
    { kind: "invitation", invitationId: "orginv_2abc" },
  ];

  it.each(notes.map((note) => [formatEntryNote(note), note]))("reads back %s", (comment, note) => {
    expect(parseEntryNote(comment)).toEqual(note);
  });

  it("says nothing of a person it knows nothing about", () => {
    expect(formatEntryNote({ kind: "person", name: "  " })).toBeUndefined();
    expect(parseEntryNote(undefined)).toBeUndefined();
    expect(parseEntryNote(" \n")).toBeUndefined();
  });

  it("reads the last line, under lines a reviewer added", () => {
    expect(parseEntryNote(" on call this week\n Jane Doe <jane.doe@acme.com>")).toEqual({ kind: "person", name: "Jane Doe", email: "jane.doe@acme.com" });
  });
});
