// The progress of a long roster write ends on the count of what was written: a planned change that is not written
// after all (the last admin, kept) lowers the total instead of leaving the status line one short.

import { onStatus } from "../../provider/engine/engine-log";
import { writeProgress } from "../../provider/engine/roster-apply";

async function said(run: (progress: NonNullable<ReturnType<typeof writeProgress>>) => void, planned: number): Promise<string[]> {
  const messages: string[] = [];
  const stop = onStatus((message) => messages.push(message));
  try {
    const progress = writeProgress("Clerk", "org_2a", planned);
    if (!progress) return messages;
    run(progress);
    await new Promise((resolve) => setTimeout(resolve, 10));
    return messages;
  } finally {
    stop();
  }
}

it("counts every tenth of the way and ends on the last write", async () => {
  const messages = await said((progress) => Array.from({ length: 60 }, () => progress.done()), 60);
  expect(messages).toEqual(Array.from({ length: 10 }, (_, i) => `Clerk organization org_2a: ${(i + 1) * 6}/60 member changes written`));
});

it("a change forgone after the others were written ends the count on what was written", async () => {
  const messages = await said((progress) => {
    for (let i = 0; i < 59; i++) progress.done();
    progress.forgo();
  }, 60);
  expect(messages.at(-1)).toBe("Clerk organization org_2a: 59/59 member changes written");
});

it("says nothing for a short write", () => {
  expect(writeProgress("Clerk", "org_2a", 49)).toBeUndefined();
});
