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
  dropEmptySchema: {
    objects: (path) =>
      `select 1 from ${[...path.slice(-2, -1).map(quoteIdentifier), "information_schema"].join(".")}.tables where table_schema = '${path[path.length - 1]}'`,
    // Snowflake drops with CASCADE unless told RESTRICT, which the fakesnow emulator cannot
    // parse, so it is not used untested: the objects query right before is the guard (as for MySQL).
    drop: (path) => `drop schema ${path.map(quoteIdentifier).join(".")}`,
  },
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
