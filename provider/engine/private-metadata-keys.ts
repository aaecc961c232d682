// Private metadata is a secret: the preview shows `[secret]` for it, so a reviewer cannot see which member's private
// metadata changed, or how. Beside it, a roster keeps a non-secret key list with a keyed digest of each value: the
// reviewer sees which keys are added, removed or changed, never a value. The digest is keyed by a secret derived from
// the service's API key, and binds the member and the key, so equal values do not look alike and a short value
// cannot be guessed from the digest without the API key.

import { createHmac } from "node:crypto";
import { isJsonObject } from "./json";
import type { MembershipProvider } from "./membership-provider";
import { containsUnknown } from "./validation";

/** The digest of one private value of one member. */
export type ValueDigest = (member: string, key: string, value: unknown) => string;

/** Hex characters of the HMAC kept: enough to tell values apart, too few to be worth storing more. */
const DIGEST_LENGTH = 16;

/** JSON with object keys sorted at every level, so equal values digest alike whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isJsonObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}

/** A digest keyed by `secret` (never stored): HMAC-SHA256 over the member, the key and the value. */
export function keyedDigest(secret: Buffer): ValueDigest {
  return (member, key, value) => createHmac("sha256", secret).update(`${member}\n${key}\n${canonicalJson(value)}`).digest("hex").slice(0, DIGEST_LENGTH);
}

/** Each member's private metadata as its key names, each with the digest of its value (members without any left out). */
export function privateMetadataKeys(privates: Record<string, unknown>, digest: ValueDigest): Record<string, Record<string, string>> {
  const keys: Record<string, Record<string, string>> = {};
  for (const [member, metadata] of Object.entries(privates).sort(([a], [b]) => a.localeCompare(b))) {
    if (!isJsonObject(metadata) || Object.keys(metadata).length === 0) continue;
    keys[member] = Object.fromEntries(
      Object.keys(metadata)
        .sort()
        .map((key) => [key, digest(member, key, metadata[key])]),
    );
  }
  return keys;
}

/** The property that holds the key lists, in a resource's inputs and outputs. */
export const PRIVATE_METADATA_KEYS = "privateMetadataKeys";

/**
 * A lifecycle whose inputs (from check and from a refresh) and outputs carry `privateMetadataKeys` beside the secret
 * private metadata, computed from it: `pulumi preview --diff` then shows which member's private keys differ between
 * the declaration and what is live, and `drift-report` says which keys. `privatesOf` gives the private metadata of
 * inputs or state by member. Without a digest key (no credentials), nothing is added. The inner lifecycle never sees
 * the property.
 */
export function withPrivateMetadataKeys(
  provider: MembershipProvider,
  digestOf: () => ValueDigest | undefined,
  privatesOf: (props: Record<string, unknown>) => Record<string, unknown>,
): MembershipProvider {
  type Props = Record<string, unknown>;
  const strip = (props: Props): Props => {
    const { [PRIVATE_METADATA_KEYS]: _keys, ...rest } = props;
    return rest;
  };
  const add = (props: Props): Props => {
    const digest = digestOf();
    if (digest === undefined || Object.values(props).some(containsUnknown)) return props;
    return { ...props, [PRIVATE_METADATA_KEYS]: privateMetadataKeys(privatesOf(props), digest) };
  };
  return {
    ...provider,
    async check(olds, news) {
      const result = await provider.check(strip(olds), strip(news));
      return (result.failures?.length ?? 0) > 0 ? result : { ...result, inputs: add(result.inputs) };
    },
    diff: (id, olds, news) => provider.diff(id, strip(olds), strip(news)),
    async create(inputs) {
      const result = await provider.create(strip(inputs));
      return { ...result, outs: add(result.outs) };
    },
    async read(id, props) {
      const result = await provider.read(id, props === undefined ? undefined : strip(props));
      return { ...result, ...(result.props ? { props: add(result.props) } : {}), ...(result.inputs ? { inputs: add(result.inputs) } : {}) };
    },
    async update(id, olds, news) {
      const result = await provider.update(id, strip(olds), strip(news));
      return { ...result, outs: add(result.outs) };
    },
    delete: (id, props) => provider.delete(id, strip(props)),
  };
}
