import { deepEqual } from "./stable-hash";

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  stables: string[];
  deleteBeforeReplace: boolean;
}

export interface DiffRules {
  /** Inputs compared field by field; anything else in the state is an output. */
  compared: readonly string[];
  /** A change in any of these is a change of identity: replace, not update. */
  identity: readonly string[];
}

/**
 * Compares normalised stored inputs with normalised new inputs field by field. Both sides
 * have their defaults filled in, so `"5432"` and `5432`, or an omitted default and the
 * default written out, compare equal and never cause a perpetual diff.
 */
export function diffConfiguration(
  stored: Record<string, unknown>,
  proposed: Record<string, unknown>,
  rules: DiffRules,
): DiffResult & { changed: string[] } {
  const changed = rules.compared.filter((key) => !deepEqual(stored[key], proposed[key]));
  const replaces = changed.filter((key) => rules.identity.includes(key));
  return {
    changes: changed.length > 0,
    changed,
    replaces,
    stables: rules.identity.filter((key) => !replaces.includes(key)),
    deleteBeforeReplace: false,
  };
}
