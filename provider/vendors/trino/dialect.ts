import type { TableReference } from "../../core/columns";
import { plainStringLiteral } from "../../core/sql-literals";
import type { Dialect } from "../../core/vendor-contract";

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `[schema]` (in the connection's catalog) or `[catalog, schema]`, then the table. */
function qualifiedName(table: TableReference): string {
  return [...table.path.slice(-2), table.table].map(quoteIdentifier).join(".");
}

/** The name a replaced table is parked under while its successor is renamed into place. */
function retiredName(stagingName: string): string {
  return `${stagingName}_retired`;
}

/**
 * Trino: double-quoted names, `?` placeholders bound through prepared statements, no `#`
 * comments or backticks. Most connectors (the memory connector among them) write only in
 * autocommit mode, so DDL is not transactional and every statement stands on its own.
 */
export const trinoDialect: Dialect = {
  placeholders: {
    numbered: false,
    backslashEscapes: false,
    hashComments: false,
    backtickNames: false,
    dollarQuotes: false,
    nestedComments: false,
    arraySlices: false,
  },
  transactionalDdl: false,
  quoteIdentifier,
  qualifiedName,
  createSchema: (path) => `create schema if not exists ${path.slice(-2).map(quoteIdentifier).join(".")}`,
  schemaExists: (path) =>
    `select 1 from ${[...path.slice(-2, -1).map(quoteIdentifier), "information_schema"].join(".")}.schemata where schema_name = '${path[path.length - 1]}'`,
  // Trino resolves an unqualified new name in the session's schema, so the new name is qualified.
  renameTable: (table, newName) => `alter table ${qualifiedName(table)} rename to ${qualifiedName({ path: table.path, table: newName })}`,
  /**
   * Trino has no atomic swap of two tables and CREATE OR REPLACE TABLE exists only on some
   * connectors (not the memory connector): the old table is renamed away, the staging table
   * renamed into place, then the old one dropped. Between the two renames (milliseconds, in
   * the coordinator's metadata) readers may find no table.
   */
  replaceTable: (target, stagingName, targetExists) => {
    const staging = { path: target.path, table: stagingName };
    if (!targetExists) return [trinoDialect.renameTable(staging, target.table)];
    const retired = { path: target.path, table: retiredName(stagingName) };
    return [
      `drop table if exists ${qualifiedName(retired)}`,
      trinoDialect.renameTable(target, retired.table),
      trinoDialect.renameTable(staging, target.table),
      `drop table ${qualifiedName(retired)}`,
    ];
  },
  nullSafeEquals: (left, right) => `${left} is not distinct from ${right}`,
  // DELETE needs a connector that modifies rows (the memory connector does not); TRUNCATE is universal.
  emptyTable: (table) => `truncate table ${qualifiedName(table)}`,
  beginTransaction: "start transaction",
  commitTransaction: "commit",
  rollbackTransaction: "rollback",
  asText: (expression) => `cast(${expression} as varchar)`,
  // The coordinator keeps comments for connectors that store them (the memory connector among them).
  tableComments: {
    read: (table) => {
      const catalog = table.path.length > 1 ? plainStringLiteral(table.path[table.path.length - 2]) : "current_catalog";
      return `select comment as table_comment from system.metadata.table_comments where catalog_name = ${catalog} and schema_name = ${plainStringLiteral(table.path[table.path.length - 1])} and table_name = ${plainStringLiteral(table.table)}`;
    },
    write: (table, comment) => `comment on table ${qualifiedName(table)} is ${plainStringLiteral(comment)}`,
  },
  dropEmptySchema: {
    objects: (path) => {
      const catalog = path.length > 1 ? `${quoteIdentifier(path[path.length - 2])}.` : "";
      return `select 1 from ${catalog}information_schema.tables where table_schema = ${plainStringLiteral(path[path.length - 1])}`;
    },
    drop: (path) => `drop schema ${path.slice(-2).map(quoteIdentifier).join(".")} restrict`,
  },
  listTables: (path, prefix) => {
    const catalog = path.length > 1 ? `${quoteIdentifier(path[path.length - 2])}.` : "";
    return `select table_name from ${catalog}information_schema.tables where table_schema = ${plainStringLiteral(path[path.length - 1])} and starts_with(table_name, ${plainStringLiteral(prefix)})`;
  },
};
