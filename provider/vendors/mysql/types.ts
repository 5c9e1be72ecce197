import type { ColumnType } from "../../core/columns";

/** MySQL/MariaDB DECIMAL holds at most 65 digits, 30 after the point. */
const MAX_PRECISION = 65;
const MAX_SCALE = 30;

/**
 * Canonical → MySQL column type. MySQL has no zoned timestamp with a useful range
 * (TIMESTAMP ends in 2038), so timestamptz becomes DATETIME(6) holding the UTC wall clock.
 */
export function mysqlDdlType(type: ColumnType): string {
  switch (type.kind) {
    case "boolean":
      return "BOOLEAN";
    case "smallint":
      return "SMALLINT";
    case "integer":
      return "INT";
    case "bigint":
      return "BIGINT";
    case "numeric": {
      if (type.precision === undefined) return `DECIMAL(${MAX_PRECISION},${MAX_SCALE})`;
      if (type.precision > MAX_PRECISION || (type.scale ?? 0) > MAX_SCALE) {
        throw new Error(
          `MySQL DECIMAL holds at most ${MAX_PRECISION} digits with ${MAX_SCALE} after the point, not numeric(${type.precision},${type.scale ?? 0})`,
        );
      }
      return `DECIMAL(${type.precision},${type.scale ?? 0})`;
    }
    case "real":
      return "FLOAT";
    case "double":
      return "DOUBLE";
    case "text":
      return "LONGTEXT";
    case "date":
      return "DATE";
    case "time":
      return "TIME(6)";
    case "timestamp":
      return "DATETIME(6)";
    case "timestamptz":
      return "DATETIME(6)";
    case "json":
      return "JSON";
    case "binary":
      return "LONGBLOB";
    case "uuid":
      return "CHAR(36)";
  }
}

/** One row of information_schema.columns, as describeTable reads it. */
export interface MysqlColumnInfo {
  data_type: string;
  column_type: string;
  numeric_precision: number | string | null;
  numeric_scale: number | string | null;
  /** MariaDB's JSON is LONGTEXT with a json_valid() check, found separately. */
  is_json: boolean;
}

const TEXT_TYPES = new Set(["char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set"]);
const BINARY_TYPES = new Set(["binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob"]);

export function mysqlColumnType(info: MysqlColumnInfo): ColumnType {
  const dataType = info.data_type.toLowerCase();
  const unsigned = /unsigned/i.test(info.column_type);
  if (info.is_json || dataType === "json") return { kind: "json" };
  if (TEXT_TYPES.has(dataType)) return { kind: "text" };
  if (BINARY_TYPES.has(dataType)) return { kind: "binary" };
  switch (dataType) {
    case "tinyint":
      return /^tinyint\(1\)/i.test(info.column_type) ? { kind: "boolean" } : { kind: "smallint" };
    case "bit":
      return /^bit\(1\)$/i.test(info.column_type) ? { kind: "boolean" } : { kind: "bigint" };
    case "smallint":
      return unsigned ? { kind: "integer" } : { kind: "smallint" };
    case "mediumint":
      return { kind: "integer" };
    case "int":
      return unsigned ? { kind: "bigint" } : { kind: "integer" };
    case "bigint":
      return unsigned ? { kind: "numeric", precision: 20, scale: 0 } : { kind: "bigint" };
    case "decimal":
      return { kind: "numeric", precision: Number(info.numeric_precision), scale: Number(info.numeric_scale ?? 0) };
    case "float":
      return { kind: "real" };
    case "double":
      return { kind: "double" };
    case "date":
      return { kind: "date" };
    case "time":
      return { kind: "time" };
    case "datetime":
      return { kind: "timestamp" };
    // TIMESTAMP is an instant, shown in the session zone (UTC during transfers).
    case "timestamp":
      return { kind: "timestamptz" };
    case "uuid":
      return { kind: "uuid" };
    case "year":
      return { kind: "smallint" };
    default:
      return { kind: "text" };
  }
}

/** A column_type (`decimal(12,2)`, `int(10) unsigned`, `tinyint(1)`) or prepared-statement type name → canonical. */
export function mysqlNativeType(columnType: string): ColumnType {
  const text = columnType.toLowerCase().trim();
  const dataType = /^[a-z]+/.exec(text)?.[0] ?? text;
  const modifiers = /\((\d+)(?:,\s*(\d+))?\)/.exec(text);
  return mysqlColumnType({
    data_type: dataType,
    column_type: text,
    numeric_precision: modifiers?.[1] ?? null,
    numeric_scale: modifiers?.[2] ?? 0,
    is_json: false,
  });
}
