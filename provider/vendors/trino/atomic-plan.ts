import type { TableReference } from "../../core/columns";
import type { AtomicChange } from "../../core/vendor-contract";
import { trinoDialect } from "./dialect";

/**
 * How a list of statements is made all-or-nothing on Trino, whose connectors mostly write
 * only in autocommit mode (the memory connector refuses writes inside START TRANSACTION).
 * - `merge`, when present, is one atomic statement doing the whole change, tried first; a
 *   connector without MERGE answers NOT_SUPPORTED and the rebuild runs instead.
 * - `build` fills a new table beside the target and may fail (then `cleanup` runs and the
 *   target is as it was); `swap` only renames and drops tables, which do not fail on values.
 */
export interface AtomicPlan {
  merge?: string;
  build: string[];
  swap: string[];
  cleanup: string[];
}

/** An empty table shaped like the target, which takes the target's place once filled. */
function rebuild(target: TableReference, fill: (replacement: TableReference) => string[]): Omit<AtomicPlan, "merge"> {
  const replacement: TableReference = { path: target.path, table: `${target.table.slice(0, 40)}_replacement` };
  const quotedReplacement = trinoDialect.qualifiedName(replacement);
  return {
    build: [
      `drop table if exists ${quotedReplacement}`,
      `create table ${quotedReplacement} (like ${trinoDialect.qualifiedName(target)} including properties)`,
      ...fill(replacement),
    ],
    swap: trinoDialect.replaceTable(target, replacement.table, true),
    cleanup: [`drop table if exists ${quotedReplacement}`],
  };
}

/**
 * A change that would change rows more than once (truncateAndLoad, upsert) would leave the
 * target emptied or thinned if a later statement failed on a value: it becomes a rebuild
 * (and, for an upsert, a MERGE tried first). Any other change is one statement, or renames.
 */
export function atomicPlan(change: AtomicChange): AtomicPlan {
  if (!change.replacementRows) return { build: [...change.statements], swap: [], cleanup: [] };
  const plan = rebuild(change.target, change.replacementRows);
  if (!change.upsert) return plan;
  const { source, keys, columns } = change.upsert;
  return { merge: mergeSql(trinoDialect.qualifiedName(change.target), trinoDialect.qualifiedName(source), keys, columns), ...plan };
}

/**
 * An upsert as one MERGE, atomic on connectors that support it (Iceberg, Delta Lake, Hive
 * ACID, …). Unlike DELETE + INSERT it fails when two source rows match one target row.
 */
export function mergeSql(target: string, source: string, keys: readonly string[], columns: readonly string[]): string {
  const quote = trinoDialect.quoteIdentifier;
  const on = keys.map((key) => `t.${quote(key)} is not distinct from s.${quote(key)}`).join(" and ");
  const updates = columns.filter((column) => !keys.includes(column));
  const quoted = columns.map(quote);
  return [
    `merge into ${target} t using ${source} s on (${on})`,
    ...(updates.length > 0
      ? [`when matched then update set ${updates.map((column) => `${quote(column)} = s.${quote(column)}`).join(", ")}`]
      : []),
    `when not matched then insert (${quoted.join(", ")}) values (${quoted.map((column) => `s.${column}`).join(", ")})`,
  ].join("\n");
}
