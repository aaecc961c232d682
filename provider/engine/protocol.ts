// Pieces of the dynamic-provider protocol both lifecycles (membership and roster) share.

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
