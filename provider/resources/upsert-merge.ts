import type { TableReference } from "../core/columns";
import { DataplaneError } from "../core/failures";
import type { DataSession, Dialect } from "../core/vendor-contract";

/**
 * `MERGE INTO target USING source ON keys` updating the published columns of matched rows and
 * inserting the others. Both tables are named in full, without aliases: some databases allow
 * no alias on MERGE's target. A publication of key columns only updates the keys to themselves,
 * since a WHEN MATCHED clause needs at least one column.
 */
export function mergeUpsert(
  dialect: Dialect,
  target: TableReference,
  source: TableReference,
  keys: readonly string[],
  columns: readonly string[],
): string {
  const targetName = dialect.qualifiedName(target);
  const sourceName = dialect.qualifiedName(source);
  const sourceColumn = (column: string): string => `${sourceName}.${dialect.quoteIdentifier(column)}`;
  const on = keys.map((key) => dialect.nullSafeEquals(`${targetName}.${dialect.quoteIdentifier(key)}`, sourceColumn(key))).join(" and ");
  const updated = columns.filter((column) => !keys.includes(column));
  const set = (updated.length > 0 ? updated : keys).map((column) => `${dialect.quoteIdentifier(column)} = ${sourceColumn(column)}`);
  return [
    `merge into ${targetName} using ${sourceName} on ${on}`,
    `when matched then update set ${set.join(", ")}`,
    `when not matched then insert (${columns.map(dialect.quoteIdentifier).join(", ")}) values (${columns.map(sourceColumn).join(", ")})`,
  ].join(" ");
}

/**
 * Refuses a source in which one key value names more than one row (NULL counting as one value,
 * as keys match NULL-safe), naming `keys` and the first such value: which of its rows would win
 * is undefined, so nothing is changed.
 */
export async function assertUpsertKeysUnique(session: DataSession, source: TableReference, keys: readonly string[]): Promise<void> {
  const { dialect } = session;
  const quoted = keys.map(dialect.quoteIdentifier);
  const [repeated] = await session.rows<Record<string, unknown>>(
    `select ${quoted.map((key, index) => `${dialect.asText(key)} as ${dialect.quoteIdentifier(`key_${index}`)}`).join(", ")}, count(*) as ${dialect.quoteIdentifier("rows")} from ${dialect.qualifiedName(source)} group by ${quoted.join(", ")} having count(*) > 1 limit 1`,
  );
  if (!repeated) return;
  const value = keys.map((key, index) => `${key} = ${repeated[`key_${index}`] ?? "NULL"}`).join(", ");
  throw new DataplaneError(
    "invalidConfiguration",
    `keys (${keys.map((key) => `"${key}"`).join(", ")}) name ${repeated.rows} rows of the source where an upsert needs one (${value}): make each key value unique in the job's SQL, or add columns to keys; the target is unchanged`,
  );
}
