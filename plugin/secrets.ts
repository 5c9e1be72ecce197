import { isRpcSecret, specialSecretSig, specialSigKey, unwrapRpcSecret } from "@pulumi/pulumi/runtime/rpc";
import { redact, secretStrings } from "../provider/core/redaction";

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

/**
 * Every secret string the engine has sent this plugin (a runParameter, a step's SQL, anything a
 * program marked secret), outside the references one resource hands the next (whose secret is
 * their credentials, which the provider redacts itself): a database error or a result may quote
 * one, and neither may reach the engine in plain text.
 */
const knownSecrets = new Set<string>();

/** The string literals a secret SQL text holds: a database error quotes the literal, not the statement. */
function quotedLiterals(text: string): string[] {
  return [...text.matchAll(/'((?:[^']|'')+)'/g)].map((match) => match[1]).flatMap((literal) => [literal, literal.replaceAll("''", "'")]);
}

function collectSecrets(value: unknown): void {
  if (isSecretEnvelope(value)) {
    for (const text of secretStrings(revealed(value))) for (const piece of [text, ...quotedLiterals(text)]) knownSecrets.add(piece);
    return;
  }
  if (Array.isArray(value)) value.forEach(collectSecrets);
  else if (value !== null && typeof value === "object") Object.values(value).forEach(collectSecrets);
}

/** Remembers the secret strings inside `sent`, except in the `skipped` (reference) properties. */
export function rememberSecrets(sent: unknown, skipped: readonly string[]): void {
  if (sent === null || typeof sent !== "object") return;
  for (const [key, value] of Object.entries(sent)) if (!skipped.includes(key)) collectSecrets(value);
}

/** `text` with every secret the engine sent replaced (longest first, as core/redaction does). */
export function redactSecrets(text: string): string {
  if (knownSecrets.size === 0) return text;
  return redact(
    text,
    [...knownSecrets].sort((left, right) => right.length - left.length),
  );
}

function mentionsSecret(value: unknown): boolean {
  if (typeof value === "string") return redactSecrets(value) !== value;
  if (Array.isArray(value)) return value.some(mentionsSecret);
  if (value !== null && typeof value === "object") return Object.values(value).some(mentionsSecret);
  return false;
}

/** The top-level properties of `properties` that quote a secret the engine sent anywhere inside. */
export function propertiesQuotingSecrets(properties: Properties): string[] {
  if (knownSecrets.size === 0) return [];
  return Object.keys(properties).filter((key) => mentionsSecret(properties[key]));
}
