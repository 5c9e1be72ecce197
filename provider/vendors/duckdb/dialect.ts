import type { TableReference } from "../../core/columns";
import type { Dialect } from "../vendor";

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export const duckdbDialect: Dialect = {
  placeholders: { numbered: true, backslashEscapes: false },
  transactionalDdl: true,
  quoteIdentifier,
  qualifiedName: (table: TableReference) => [...table.path, table.table].map(quoteIdentifier).join("."),
  createSchema: (path) => `create schema if not exists ${path.map(quoteIdentifier).join(".")}`,
  replaceTable: (target, stagingName, targetExists) => [
    ...(targetExists ? [`drop table ${duckdbDialect.qualifiedName(target)}`] : []),
    duckdbDialect.renameTable({ path: target.path, table: stagingName }, target.table),
  ],
  nullSafeEquals: (left, right) => `${left} is not distinct from ${right}`,
  emptyTable: (table) => `delete from ${duckdbDialect.qualifiedName(table)}`,
  beginTransaction: "begin transaction",
  asText: (expression) => `cast(${expression} as varchar)`,
  renameTable: (table, newName) => `alter table ${duckdbDialect.qualifiedName(table)} rename to ${quoteIdentifier(newName)}`,
};
