/**
 * Resource properties as the engine passes them: plain objects, holding the engine's own
 * keys (`__provider`), inputs, and (in state) observed facts side by side.
 */
export type Properties = Record<string, unknown>;

/**
 * Where check remembers a successful live test (a hash of what was tested) among the inputs it
 * returns. Keys starting with `__` are the engine's internal ones (as `__provider` is): its
 * display leaves them out of every diff, so the user sees the change they made, not this.
 */
export const TESTED_HASH = "__testedConfigurationHash";

/**
 * The name earlier versions stored the hash under: still left out of new inputs (it must not
 * survive into them), never read (state of those versions tests again once).
 */
export const EARLIER_TESTED_HASH = "testedConfigurationHash";

/** The user's inputs: without the engine's `__` keys and the keys a resource derives itself. */
export function userInputs(properties: Properties, derived: readonly string[]): Properties {
  return Object.fromEntries(Object.entries(properties).filter(([key]) => !key.startsWith("__") && !derived.includes(key)));
}

/** Only `keys` (state holds inputs and outputs together; this picks the inputs back out). */
export function pickKeys(properties: Properties, keys: readonly string[]): Properties {
  return Object.fromEntries(Object.entries(properties).filter(([key]) => keys.includes(key)));
}

/**
 * A value with every `credentials` field removed, at any depth: what a job computes or a
 * publication writes does not depend on how its connections log in, so a rotated password
 * must not run anything again (the new credentials are still stored and used).
 */
export function withoutCredentials(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCredentials);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== "credentials")
      .map(([key, inner]) => [key, withoutCredentials(inner)]),
  );
}
