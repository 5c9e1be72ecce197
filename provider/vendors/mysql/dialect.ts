import type { TableReference } from "../../core/columns";
import { plainStringLiteral } from "../../core/sql-literals";
import type { Dialect } from "../../core/vendor-contract";

function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}

/** MySQL has no schemas inside a database: a path is one database name. */
export const mysqlDialect: Dialect = {
  placeholders: {
    numbered: false,
    backslashEscapes: true,
    hashComments: true,
    backtickNames: true,
    dollarQuotes: false,
    nestedComments: false,
    arraySlices: false,
  },
  transactionalDdl: false,
  quoteIdentifier,
  qualifiedName: (table: TableReference) => [...table.path.slice(-1), table.table].map(quoteIdentifier).join("."),
  createSchema: (path) => `create database if not exists ${quoteIdentifier(path[path.length - 1])}`,
  schemaExists: (path) => `select 1 from information_schema.schemata where schema_name = '${path[path.length - 1]}'`,
  // A schema is a database here, and DROP DATABASE takes everything in it: nothing may be left
  // (tables and views, routines, events), asked right before the drop.
  dropEmptySchema: {
    objects: (path) =>
      `select 1 from information_schema.tables where table_schema = ${databaseOf(path)}
       union all select 1 from information_schema.routines where routine_schema = ${databaseOf(path)}
       union all select 1 from information_schema.events where event_schema = ${databaseOf(path)}`,
    drop: (path) => `drop database ${quoteIdentifier(path[path.length - 1])}`,
  },
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
  commitTransaction: "commit",
  rollbackTransaction: "rollback",
  asText: (expression) => `cast(${expression} as char)`,
  renameTable: (table, newName) =>
    `rename table ${mysqlDialect.qualifiedName(table)} to ${mysqlDialect.qualifiedName({ path: table.path, table: newName })}`,
  tableComments: {
    read: (table) =>
      `select table_comment as table_comment from information_schema.tables where table_schema = ${databaseOf(table.path)} and table_name = ${plainStringLiteral(table.table)}`,
    write: (table, comment) => `alter table ${mysqlDialect.qualifiedName(table)} comment = ${plainStringLiteral(comment)}`,
  },
  listTables: (path, prefix) =>
    `select table_name as table_name from information_schema.tables where table_schema = ${databaseOf(path)} and left(table_name, ${prefix.length}) = ${plainStringLiteral(prefix)}`,
  // GET_LOCK names are server-wide and end with the session, so a killed writer never holds one.
  writerLocks: {
    tryLock: (key) => `select get_lock(${plainStringLiteral(`dataplane_${key}`)}, 0) as locked`,
    unlock: (key) => `select release_lock(${plainStringLiteral(`dataplane_${key}`)}) as unlocked`,
  },
};

/** The database a path names, or the connection's own. */
function databaseOf(path: readonly string[]): string {
  return path.length > 0 ? plainStringLiteral(path[path.length - 1]) : "database()";
}
