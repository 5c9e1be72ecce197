import type { TableReference } from "../../core/columns";
import type { ResultColumn } from "../../core/vendor-contract";
import { mysqlColumnType, type MysqlColumnInfo } from "./types";

/** Runs one query with `?` parameters and returns its rows. */
export type RowReader = <Row>(sql: string, parameters: unknown[]) => Promise<Row[]>;

/** A table's columns in order; a table given without a schema is in the connection's database. */
const COLUMNS_SQL = `select column_name as column_name, data_type as data_type, column_type as column_type,
    numeric_precision as numeric_precision, numeric_scale as numeric_scale, is_nullable as is_nullable
  from information_schema.columns
  where table_schema = coalesce(?, database()) and table_name = ?
  order by ordinal_position`;

/**
 * MariaDB declares a JSON column as LONGTEXT with a CHECK (json_valid(`name`)) constraint, so
 * only its checks tell it from text (MySQL reports data_type json itself).
 */
const CHECKS_SQL = `select check_clause as clause from information_schema.check_constraints
  where constraint_schema = coalesce(?, database()) and table_name = ?`;

const JSON_CHECK = /json_valid\(`((?:[^`]|``)+)`\)/gi;

/** Columns a json_valid() check constrains, from the table's check clauses. */
export function jsonCheckedColumns(clauses: readonly string[]): Set<string> {
  return new Set(clauses.flatMap((clause) => [...clause.matchAll(JSON_CHECK)].map((match) => match[1].replace(/``/g, "`"))));
}

/** The table's columns with native type (column_type), canonical type and nullability; undefined when it does not exist. */
export async function describeTableColumns(rows: RowReader, table: TableReference): Promise<ResultColumn[] | undefined> {
  const schema = table.path.length > 0 ? table.path[table.path.length - 1] : null;
  const columns = await rows<Omit<MysqlColumnInfo, "is_json"> & { column_name: string; is_nullable: string }>(COLUMNS_SQL, [
    schema,
    table.table,
  ]);
  if (columns.length === 0) return undefined;
  // MySQL before 8.0.16 has no check_constraints view, and no json_valid() checks to find there.
  const checks = await rows<{ clause: string }>(CHECKS_SQL, [schema, table.table]).catch(() => []);
  const json = jsonCheckedColumns(checks.map((check) => check.clause));
  return columns.map((column) => ({
    name: column.column_name,
    nativeType: column.column_type,
    type: mysqlColumnType({ ...column, is_json: json.has(column.column_name) }),
    nullable: column.is_nullable === "YES",
  }));
}
