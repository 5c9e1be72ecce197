import type { TableReference } from "../../core/columns";
import type { Dialect } from "../vendor";

function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}

/** MySQL has no schemas inside a database: a path is one database name. */
export const mysqlDialect: Dialect = {
  placeholders: { numbered: false, backslashEscapes: true, hashComments: true, backtickNames: true, dollarQuotes: false, nestedComments: false },
  transactionalDdl: false,
  quoteIdentifier,
  qualifiedName: (table: TableReference) => [...table.path.slice(-1), table.table].map(quoteIdentifier).join("."),
  createSchema: (path) => `create database if not exists ${quoteIdentifier(path[path.length - 1])}`,
  schemaExists: (path) => `select 1 from information_schema.schemata where schema_name = '${path[path.length - 1]}'`,
  replaceTable: (target, stagingName, targetExists) => {
    const staging = mysqlDialect.qualifiedName({ path: target.path, table: stagingName });
    const live = mysqlDialect.qualifiedName(target);
    if (!targetExists) return [`rename table ${staging} to ${live}`];
    // MySQL names hold at most 64 characters; a long staging name is cut to leave room for the suffix.
    const retired = mysqlDialect.qualifiedName({ path: target.path, table: `${stagingName.slice(0, 56)}_retired` });
    return [`drop table if exists ${retired}`, `rename table ${live} to ${retired}, ${staging} to ${live}`, `drop table ${retired}`];
  },
  nullSafeEquals: (left, right) => `${left} <=> ${right}`,
  emptyTable: (table) => `delete from ${mysqlDialect.qualifiedName(table)}`,
  beginTransaction: "start transaction",
  asText: (expression) => `cast(${expression} as char)`,
  renameTable: (table, newName) =>
    `rename table ${mysqlDialect.qualifiedName(table)} to ${mysqlDialect.qualifiedName({ path: table.path, table: newName })}`,
};
