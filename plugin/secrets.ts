import { isRpcSecret, specialSecretSig, specialSigKey, unwrapRpcSecret } from "@pulumi/pulumi/runtime/rpc";

/*
 * Over gRPC the engine sends a secret as an object carrying a signature and the value; the
 * provider answers in kind, so state keeps secrets as ciphertext (Configure says the provider
 * accepts them).
 */

type Properties = Record<string, unknown>;

function isSecretEnvelope(value: unknown): value is { value: unknown } {
  return isRpcSecret(value);
}

/** The value with every secret envelope opened, as the provider code expects plain values. */
export function revealed(value: unknown): unknown {
  if (isSecretEnvelope(value)) return revealed(unwrapRpcSecret(value));
  if (Array.isArray(value)) return value.map(revealed);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, revealed(item)]));
  }
  return value;
}

function holdsSecret(value: unknown): boolean {
  if (isSecretEnvelope(value)) return true;
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (value !== null && typeof value === "object") return Object.values(value).some(holdsSecret);
  return false;
}

/** The top-level properties of `sent` that hold a secret anywhere inside. */
export function secretPropertiesOf(sent: Properties): string[] {
  return Object.keys(sent).filter((key) => holdsSecret(sent[key]));
}

export function secret(value: unknown): unknown {
  return { [specialSigKey]: specialSecretSig, value };
}

/**
 * `properties` with each of `keys` it holds sealed as a secret (whole: a property holding a
 * secret anywhere, such as a connection reference with its credentials, is secret as a whole).
 */
export function sealed(properties: Properties, keys: Iterable<string>): Properties {
  const result = { ...properties };
  for (const key of keys) {
    if (result[key] !== undefined && !isSecretEnvelope(result[key])) result[key] = secret(result[key]);
  }
  return result;
}
