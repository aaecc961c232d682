// Secrets across the plugin's gRPC envelope. The provider server of @pulumi/pulumi accepts secrets, so inputs and
// state arrive with secret values wrapped in the SDK's signature object and leave the same way: the engine lifecycles
// take and return plain values, and this module takes the wrapping off and puts it back on the secret properties.

import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { isJsonObject } from "../engine/json";

type Props = Record<string, unknown>;

/** Whether `value` is a secret as the engine sends it. */
function isWrappedSecret(value: unknown): value is { value?: unknown } {
  return isJsonObject(value) && value[specialSigKey] === specialSecretSig;
}

/** `value` with every secret wrapping taken off, at any depth. */
export function revealed(value: unknown): unknown {
  if (isWrappedSecret(value)) return revealed(value.value);
  if (Array.isArray(value)) return value.map(revealed);
  if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, revealed(inner)]));
  return value;
}

/** Properties with every secret wrapping taken off. */
export function revealedProps(props: Props | undefined): Props {
  return (revealed(props ?? {}) as Props | undefined) ?? {};
}

/** `value` as a secret the engine takes back. */
export function secretValue(value: unknown): Props {
  return { [specialSigKey]: specialSecretSig, value };
}

/**
 * Properties as the engine takes them back: `secrets` wrapped as secrets, and no undefined values (the protobuf
 * Struct the server builds has no undefined).
 */
export function withSecrets(props: Props, secrets: readonly string[]): Props {
  const defined = definedOnly(props) as Props;
  for (const key of secrets) {
    if (defined[key] !== undefined) defined[key] = secretValue(defined[key]);
  }
  return defined;
}

function definedOnly(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((inner) => (inner === undefined ? null : definedOnly(inner)));
  if (isJsonObject(value)) return Object.fromEntries(Object.entries(value).flatMap(([key, inner]) => (inner === undefined ? [] : [[key, definedOnly(inner)]])));
  return value;
}
