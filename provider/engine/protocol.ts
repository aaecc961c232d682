// Pieces of the dynamic-provider protocol both lifecycles (membership and roster) share.

import type { InputProblem } from "./port";
import { PROVIDER_KEY } from "./validation";

type Props = Record<string, unknown>;

/**
 * Thrown to the engine when an operation applied part of its work: pulumi's ErrorResourceInitFailed keeps `id` and
 * `properties` in state, so the next `up` continues from what was applied.
 */
export class ResourceInitError extends Error {
  constructor(message: string, readonly id: string, readonly properties: Props, readonly reasons: string[]) {
    super(message);
    this.name = "ResourceInitError";
  }
}

/** The properties without the serialized provider, which travels with inputs and outputs but is not user data. */
export function withoutProvider(props: Props): Props {
  if (!(PROVIDER_KEY in props)) return props;
  const copy = { ...props };
  delete copy[PROVIDER_KEY];
  return copy;
}

/**
 * Problems as `check` hands them to the engine. For a failure that names a property, the engine prints that input's
 * whole value (`property privateMetadata value {…} has a problem`), secret or not; so a secret problem goes without
 * the property, the reason naming it instead, and the engine prints the reason alone.
 */
export function checkFailures(problems: readonly InputProblem[]): Array<{ property: string; reason: string }> {
  return problems.map((problem) => (problem.secret ? { property: "", reason: `${problem.property}: ${problem.reason}` } : { property: problem.property, reason: problem.reason }));
}

interface PartialStateLifecycle {
  create(inputs: Props): Promise<unknown>;
  update(id: string, olds: Props, news: Props): Promise<unknown>;
}

/**
 * The same provider, with the serialized provider kept in the state of a partial apply. The dynamic-provider host
 * adds `__provider` to what create and update return, but not to the properties of a ResourceInitError, and a
 * state without it cannot be refreshed, updated or deleted afterwards ("code must be a string").
 */
export function withProviderInPartialState<P extends PartialStateLifecycle>(provider: P): P {
  const keep = (error: unknown, inputs: Props): never => {
    if (error instanceof ResourceInitError && PROVIDER_KEY in inputs) throw new ResourceInitError(error.message, error.id, { ...error.properties, [PROVIDER_KEY]: inputs[PROVIDER_KEY] }, error.reasons);
    throw error;
  };
  return {
    ...provider,
    create: (inputs: Props) => provider.create(inputs).catch((error: unknown) => keep(error, inputs)),
    update: (id: string, olds: Props, news: Props) => provider.update(id, olds, news).catch((error: unknown) => keep(error, news)),
  };
}

/**
 * The stack given to a user-facing error leaving check, diff, read or delete. The dynamic-provider host prints every
 * such error to the provider's stderr as `${error}: ${error.stack}`, which the CLI shows beside the error it reports
 * itself: the same refusal two or three times, with frames of this package's code. A user-facing error (a guard's
 * refusal, an API error explained, a misconfiguration) is said once, by the engine; a programming fault (TypeError,
 * ReferenceError, RangeError, SyntaxError) keeps its stack.
 */
const SAID_BY_THE_ENGINE = "(said by the engine)";

const FAULTS: ReadonlyArray<new (...args: never[]) => Error> = [TypeError, ReferenceError, RangeError, SyntaxError];

/** Whether `error` is one a user acts on (its message says what to do), as opposed to a fault of this package. */
export function isUserFacing(error: unknown): error is Error {
  return error instanceof Error && !FAULTS.some((fault) => error.constructor === fault);
}

/**
 * The same provider with every lifecycle method run through `around` (given the method's own call); other properties,
 * and the methods named in `except`, as they were.
 */
export function aroundEachMethod<P extends object>(provider: P, around: (call: () => Promise<unknown>) => Promise<unknown>, except: readonly string[] = []): P {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(provider)) {
    wrapped[name] =
      typeof method !== "function" || except.includes(name)
        ? method
        : (...args: unknown[]): Promise<unknown> => around(() => new Promise((resolve) => resolve((method as (...a: unknown[]) => unknown).apply(provider, args))));
  }
  return wrapped as P;
}

/** The same provider, its user-facing errors printed once (by the engine) and without a stack. */
export function withErrorsSaidOnce<P extends object>(provider: P): P {
  silenceHostEcho();
  return aroundEachMethod(provider, (call) =>
    call().catch((error: unknown) => {
      if (isUserFacing(error)) error.stack = SAID_BY_THE_ENGINE;
      throw error;
    }),
  );
}

let silenced = false;

/** Drops the host's stderr echo of an error whose stack is SAID_BY_THE_ENGINE (the engine reports it already). */
function silenceHostEcho(): void {
  if (silenced) return;
  silenced = true;
  const original = console.error.bind(console);
  console.error = (...args: unknown[]): void => {
    if (args.length === 1 && typeof args[0] === "string" && args[0].endsWith(`: ${SAID_BY_THE_ENGINE}`)) return;
    original(...args);
  };
}
