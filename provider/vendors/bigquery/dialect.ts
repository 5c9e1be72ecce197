import type { TableReference } from "../../core/columns";
import type { Dialect } from "../../core/vendor-contract";

/** BigQuery quotes with backticks and escapes inside them with a backslash. */
function quoteIdentifier(name: string): string {
  return `\`${name.replace(/[\\`]/g, (character) => `\\${character}`)}\``;
}

/** `path` is [dataset] or [project, dataset]: `project`.`dataset`.`table`. */
function qualifiedName(table: TableReference): string {
  return [...table.path.slice(-2), table.table].map(quoteIdentifier).join(".");
}

export const bigqueryDialect: Dialect = {
  // `?` positional parameters; `#` starts a comment and backticks quote names, as on MySQL;
  // string literals read backslash escapes and may be triple-quoted.
  placeholders: {
    numbered: false,
    backslashEscapes: true,
    hashComments: true,
    backtickNames: true,
    dollarQuotes: false,
    nestedComments: false,
    arraySlices: false,
    tripleQuotes: true,
  },
  // DDL commits at once and is not allowed inside multi-statement transactions.
  transactionalDdl: false,
  quoteIdentifier,
  qualifiedName,
  // Sessions create datasets through the datasets API instead (session.ts), in the connection's location.
  createSchema: (path) => `create schema if not exists ${path.slice(-2).map(quoteIdentifier).join(".")}`,
  // Unused: the session creates datasets through the API after asking whether one exists.
  schemaExists: (path) =>
    `select 1 from ${[...path.slice(-2, -1).map(quoteIdentifier), "INFORMATION_SCHEMA"].join(".")}.SCHEMATA where schema_name = '${path[path.length - 1]}'`,
  /**
   * One CREATE OR REPLACE swaps the table for readers at once (they see the old rows or the
   * new ones); the staging table is dropped after. A first result is a plain CREATE … AS.
   */
  replaceTable: (target, stagingName, targetExists) => {
    const staging = qualifiedName({ path: target.path, table: stagingName });
    const create = targetExists ? "create or replace table" : "create table";
    return [`${create} ${qualifiedName(target)} as select * from ${staging}`, `drop table ${staging}`];
  },
  // NULL keys match NULL keys; spelled out because the emulator's ZetaSQL lacks IS NOT DISTINCT FROM.
  nullSafeEquals: (left, right) => `(${left} = ${right} or (${left} is null and ${right} is null))`,
  // BigQuery reads `dataset`.`table`.`column` as a column path, and two datasets may hold tables
  // of one name (a job's result and its publication's target): the tables get aliases.
  deleteMatching: (target, source, keys) => {
    const matches = keys
      .map((key) => bigqueryDialect.nullSafeEquals(`source_row.${quoteIdentifier(key)}`, `target_row.${quoteIdentifier(key)}`))
      .join(" and ");
    return `delete from ${qualifiedName(target)} as target_row where exists (select 1 from ${qualifiedName(source)} as source_row where ${matches})`;
  },
  // BigQuery's DELETE needs a WHERE clause; unlike TRUNCATE it is allowed in a transaction.
  emptyTable: (table) => `delete from ${qualifiedName(table)} where true`,
  beginTransaction: "begin transaction",
  commitTransaction: "commit",
  rollbackTransaction: "rollback",
  asText: (expression) => `cast(${expression} as string)`,
  renameTable: (table, newName) => `alter table ${qualifiedName(table)} rename to ${quoteIdentifier(newName)}`,
};
