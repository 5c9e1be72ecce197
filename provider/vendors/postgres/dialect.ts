import type { TableReference } from "../../core/columns";
import { lockKeyAsBigint, plainStringLiteral } from "../../core/sql-literals";
import type { Dialect } from "../../core/vendor-contract";

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** COMMENT ON TABLE, which DuckDB reads the same way. */
export function commentOnTable(table: TableReference, comment: string): string {
  return `comment on table ${postgresDialect.qualifiedName(table)} is ${plainStringLiteral(comment)}`;
}

export const postgresDialect: Dialect = {
  placeholders: {
    numbered: true,
    backslashEscapes: false,
    hashComments: false,
    backtickNames: false,
    dollarQuotes: true,
    nestedComments: true,
    arraySlices: true,
  },
  transactionalDdl: true,
  quoteIdentifier,
  qualifiedName: (table: TableReference) => [...table.path, table.table].map(quoteIdentifier).join("."),
  createSchema: (path) => `create schema if not exists ${path.map(quoteIdentifier).join(".")}`,
  // pg_namespace lists every schema, also those the user has no privilege on (information_schema hides them).
  schemaExists: (path) => `select 1 from pg_catalog.pg_namespace where nspname = '${path[path.length - 1]}'`,
  // Relations (tables, views, sequences) and routines; RESTRICT refuses anything else.
  dropEmptySchema: {
    objects: (path) =>
      `select 1 from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = ${plainStringLiteral(path[path.length - 1])}
       union all select 1 from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace where n.nspname = ${plainStringLiteral(path[path.length - 1])}`,
    drop: (path) => `drop schema ${quoteIdentifier(path[path.length - 1])} restrict`,
  },
  replaceTable: (target, stagingName, targetExists) => [
    ...(targetExists ? [`drop table ${postgresDialect.qualifiedName(target)}`] : []),
    postgresDialect.renameTable({ path: target.path, table: stagingName }, target.table),
  ],
  nullSafeEquals: (left, right) => `${left} is not distinct from ${right}`,
  emptyTable: (table) => `truncate table ${postgresDialect.qualifiedName(table)}`,
  beginTransaction: "begin",
  commitTransaction: "commit",
  rollbackTransaction: "rollback",
  asText: (expression) => `(${expression})::text`,
  renameTable: (table, newName) => `alter table ${postgresDialect.qualifiedName(table)} rename to ${quoteIdentifier(newName)}`,
  tableComments: {
    read: (table) =>
      `select obj_description(to_regclass(${plainStringLiteral(postgresDialect.qualifiedName(table))}), 'pg_class') as table_comment`,
    write: (table, comment) => commentOnTable(table, comment),
  },
  listTables: (path, prefix) =>
    `select table_name from information_schema.tables where table_schema = ${plainStringLiteral(path[path.length - 1])} and starts_with(table_name, ${plainStringLiteral(prefix)})`,
  // Advisory locks are per database and end with the session, so a killed writer never holds one.
  writerLocks: {
    tryLock: (key) => `select pg_try_advisory_lock(${lockKeyAsBigint(key)}) as locked`,
    unlock: (key) => `select pg_advisory_unlock(${lockKeyAsBigint(key)}) as unlocked`,
  },
};
