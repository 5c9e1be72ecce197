import { plainStringLiteral } from "../../core/sql-literals";
import type { Dialect } from "../../core/vendor-contract";
import { commentOnTable, postgresDialect } from "../postgres/dialect";
import { tableCommentSql } from "./catalog";

/**
 * Postgres's dialect, but for what Redshift does differently: its TRUNCATE commits the open
 * transaction (so emptying a table inside a publication's transaction is a DELETE), it has no
 * advisory locks (writers of one table are kept apart within one process only), no
 * starts_with or to_regclass; an upsert is a MERGE.
 */
export const redshiftDialect: Dialect = {
  ...postgresDialect,
  // MERGE keeps the columns an upsert does not write (DELETE + INSERT would lose them).
  upsertsByMerge: true,
  // Spelled with = and IS NULL only: the plainest NULL-safe match for MERGE's ON.
  nullSafeEquals: (left, right) => `(${left} = ${right} or (${left} is null and ${right} is null))`,
  emptyTable: (table) => `delete from ${postgresDialect.qualifiedName(table)}`,
  writerLocks: undefined,
  tableComments: { read: tableCommentSql, write: commentOnTable },
  listTables: (path, prefix) =>
    `select table_name from information_schema.tables where table_schema = ${plainStringLiteral(path[path.length - 1])} and substring(table_name, 1, ${prefix.length}) = ${plainStringLiteral(prefix)}`,
};
