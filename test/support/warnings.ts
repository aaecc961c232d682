// The warnings a provider says while `action` runs (outside a provider process they go to stderr and to listeners).

import { onWarning } from "../../provider/engine/engine-log";

export async function warningsOf<T>(action: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
  const warnings: string[] = [];
  const stop = onWarning((message) => warnings.push(message));
  try {
    return { result: await action(), warnings };
  } finally {
    stop();
  }
}
