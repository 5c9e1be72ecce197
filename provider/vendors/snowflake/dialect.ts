import type { TableReference } from "../../core/columns";
import type { Dialect } from "../../core/vendor-contract";

/** Names are always quoted, so they keep the case the user gave (Snowflake upper-cases bare names). */
function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function qualifiedName(table: TableReference): string {
  return [...table.path, table.table].map(quoteIdentifier).join(".");
}

/**
 * Snowflake: `?` placeholders, standard lexis plus `$$…$$` strings, DDL that commits on its own.
 * An existing table is replaced by one CREATE OR REPLACE … AS SELECT, which Snowflake applies
 * atomically (readers see the old table or the new one, never neither). `ALTER TABLE … SWAP
 * WITH` would avoid the copy, and COPY GRANTS would keep the old table's grants, but the
 * emulator the tests run on (fakesnow) cannot parse either, so neither could be verified.
 */
export const snowflakeDialect: Dialect = {
  placeholders: {
    numbered: false,
    backslashEscapes: true,
    hashComments: false,
    backtickNames: false,
    dollarQuotes: true,
    nestedComments: false,
    arraySlices: false,
  },
  transactionalDdl: false,
  quoteIdentifier,
  qualifiedName,
  createSchema: (path) => `create schema if not exists ${path.map(quoteIdentifier).join(".")}`,
  schemaExists: (path) =>
    `select 1 from ${[...path.slice(-2, -1).map(quoteIdentifier), "information_schema"].join(".")}.schemata where schema_name = '${path[path.length - 1]}'`,
  // No dropEmptySchema: Snowflake's DROP SCHEMA takes everything in it (its RESTRICT is about
  // foreign keys, not contents), and its information_schema lists tables but not every object a
  // schema may hold (stages, pipes, functions, procedures), so no check can make the drop safe.
  // A schema a job created stays, and destroy says so.
  renameTable: (table, newName) => `alter table ${qualifiedName(table)} rename to ${qualifiedName({ path: table.path, table: newName })}`,
  replaceTable: (target, stagingName, targetExists) => {
    const staging = qualifiedName({ path: target.path, table: stagingName });
    const live = qualifiedName(target);
    if (!targetExists) return [`alter table ${staging} rename to ${live}`];
    return [`create or replace table ${live} as select * from ${staging}`, `drop table ${staging}`];
  },
  nullSafeEquals: (left, right) => `equal_null(${left}, ${right})`,
  emptyTable: (table) => `delete from ${qualifiedName(table)}`,
  beginTransaction: "begin",
  commitTransaction: "commit",
  rollbackTransaction: "rollback",
  asText: (expression) => `to_varchar(${expression})`,
};
