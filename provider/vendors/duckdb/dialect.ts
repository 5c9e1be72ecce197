import { plainStringLiteral } from "../../core/sql-literals";
import type { Dialect } from "../../core/vendor-contract";
import { commentOnTable, postgresDialect } from "../postgres/dialect";

/**
 * DuckDB reads PostgreSQL's SQL for everything jobs and publications write: double-quoted
 * names, `$n` placeholders, `::text`, transactional DDL, TRUNCATE inside a transaction. Its
 * catalog differs, and only this process can write the database file, so writers are kept
 * apart within the process.
 */
export const duckdbDialect: Dialect = {
  ...postgresDialect,
  tableComments: {
    read: (table) =>
      `select comment as table_comment from duckdb_tables() where database_name = current_database() and schema_name = ${plainStringLiteral(table.path[table.path.length - 1])} and table_name = ${plainStringLiteral(table.table)}`,
    write: commentOnTable,
  },
  dropEmptySchema: {
    objects: (path) =>
      `select 1 from duckdb_tables() where database_name = current_database() and schema_name = ${plainStringLiteral(path[path.length - 1])}
       union all select 1 from duckdb_views() where database_name = current_database() and not internal and schema_name = ${plainStringLiteral(path[path.length - 1])}`,
    drop: (path) => `drop schema ${postgresDialect.quoteIdentifier(path[path.length - 1])} restrict`,
  },
  listTables: (path, prefix) =>
    `select table_name from duckdb_tables() where database_name = current_database() and schema_name = ${plainStringLiteral(path[path.length - 1])} and starts_with(table_name, ${plainStringLiteral(prefix)})`,
  writerLocks: "embedded",
};
