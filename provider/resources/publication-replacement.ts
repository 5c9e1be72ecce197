import type { TableDependents } from "../core/vendor-contract";

const quoted = (names: readonly string[]): string => names.map((name) => `"${name}"`).join(", ");

/**
 * The warning preview prints before up replaces an existing target (dropAndLoad, or create
 * republishing its own table): what the replacement removes — columns, indexes and grants
 * others added — and which grants survive. `removes` says whether anything known is lost (a
 * warning); undefined when there is nothing to say.
 */
export function replacementWarning(
  where: string,
  action: string,
  extraColumns: readonly string[],
  dependents: TableDependents | undefined,
): { message: string; removes: boolean } | undefined {
  const removed = [
    ...(extraColumns.length > 0 ? [`column ${quoted(extraColumns)}`] : []),
    ...(dependents && dependents.indexes.length > 0 ? [`index ${quoted(dependents.indexes)}`] : []),
    ...(dependents && dependents.grants.length > 0 && dependents.grantsOnReplace === "lost"
      ? [`grants (${dependents.grants.join(", ")})`]
      : []),
  ];
  const kept =
    dependents && dependents.grants.length > 0 && dependents.grantsOnReplace !== "lost"
      ? `; grants (${dependents.grants.join(", ")}) are ${dependents.grantsOnReplace === "copied" ? "copied to the new table" : "kept (they follow the table's name)"}`
      : "";
  const unknown = dependents ? "" : "; indexes and grants on it are not read on this database, and any there are removed too";
  if (removed.length === 0 && !kept && !unknown) return undefined;
  const what = removed.length > 0 ? `it removes ${removed.join(", ")}` : "nothing others added is removed";
  return {
    message: `up replaces ${where} (${action}): ${what}${kept}${unknown}${removed.length > 0 || unknown ? "; to keep them, publish with truncateAndLoad or upsert instead" : ""}`,
    removes: removed.length > 0,
  };
}
