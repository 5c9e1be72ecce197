import { plainStringLiteral } from "../../core/sql-literals";
import type { Dialect } from "../../core/vendor-contract";
import { commentOnTable, postgresDialect } from "../postgres/dialect";
import { tableCommentSql } from "./catalog";

/**
 * Postgres's dialect, but for what Redshift does differently: its TRUNCATE commits the open
 * transaction (so emptying a table inside a publication's transaction is a DELETE), it has no
 * advisory locks (writers of one table are kept apart within one process only), and no
 * starts_with or to_regclass.
 */
export const redshiftDialect: Dialect = {
  ...postgresDialect,
  emptyTable: (table) => `delete from ${postgresDialect.qualifiedName(table)}`,
  writerLocks: undefined,
  tableComments: { read: tableCommentSql, write: commentOnTable },
  listTables: (path, prefix) =>
    `select table_name from information_schema.tables where table_schema = ${plainStringLiteral(path[path.length - 1])} and substring(table_name, 1, ${prefix.length}) = ${plainStringLiteral(prefix)}`,
};
