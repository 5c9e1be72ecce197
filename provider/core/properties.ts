/**
 * Resource properties as the engine passes them: plain objects, holding the engine's own
 * keys (`__provider`), inputs, and (in state) observed facts side by side.
 */
export type Properties = Record<string, unknown>;

/** The user's inputs: without the engine's `__` keys and the keys a resource derives itself. */
export function userInputs(properties: Properties, derived: readonly string[]): Properties {
  return Object.fromEntries(Object.entries(properties).filter(([key]) => !key.startsWith("__") && !derived.includes(key)));
}

/** Only `keys` (state holds inputs and outputs together; this picks the inputs back out). */
export function pickKeys(properties: Properties, keys: readonly string[]): Properties {
  return Object.fromEntries(Object.entries(properties).filter(([key]) => keys.includes(key)));
}
