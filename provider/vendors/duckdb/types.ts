import type { ColumnType } from "../../core/columns";

/** DuckDB DECIMAL holds at most 38 digits. */
const MAX_PRECISION = 38;

/** Canonical → DuckDB column type. Unconstrained numerics get DECIMAL(38,10), DuckDB's widest exact choice. */
export function duckdbDdlType(type: ColumnType): string {
  switch (type.kind) {
    case "boolean":
      return "BOOLEAN";
    case "smallint":
      return "SMALLINT";
    case "integer":
      return "INTEGER";
    case "bigint":
      return "BIGINT";
    case "numeric": {
      if (type.precision === undefined) return "DECIMAL(38,10)";
      if (type.precision > MAX_PRECISION) {
        throw new Error(`DuckDB DECIMAL holds at most ${MAX_PRECISION} digits, not numeric(${type.precision},${type.scale ?? 0})`);
      }
      return `DECIMAL(${type.precision},${type.scale ?? 0})`;
    }
    case "real":
      return "REAL";
    case "double":
      return "DOUBLE";
    case "text":
      return "VARCHAR";
    case "date":
      return "DATE";
    case "time":
      return "TIME";
    case "timestamp":
      return "TIMESTAMP";
    case "timestamptz":
      return "TIMESTAMPTZ";
    case "json":
      return "JSON";
    case "binary":
      return "BLOB";
    case "uuid":
      return "UUID";
  }
}

const BY_NAME: Record<string, ColumnType> = {
  BOOLEAN: { kind: "boolean" },
  TINYINT: { kind: "smallint" },
  SMALLINT: { kind: "smallint" },
  UTINYINT: { kind: "smallint" },
  INTEGER: { kind: "integer" },
  USMALLINT: { kind: "integer" },
  BIGINT: { kind: "bigint" },
  UINTEGER: { kind: "bigint" },
  UBIGINT: { kind: "numeric", precision: 20, scale: 0 },
  HUGEINT: { kind: "numeric", precision: 38, scale: 0 },
  FLOAT: { kind: "real" },
  DOUBLE: { kind: "double" },
  VARCHAR: { kind: "text" },
  DATE: { kind: "date" },
  TIME: { kind: "time" },
  TIMESTAMP: { kind: "timestamp" },
  TIMESTAMP_NS: { kind: "timestamp" },
  TIMESTAMP_MS: { kind: "timestamp" },
  TIMESTAMP_S: { kind: "timestamp" },
  "TIMESTAMP WITH TIME ZONE": { kind: "timestamptz" },
  JSON: { kind: "json" },
  BLOB: { kind: "binary" },
  UUID: { kind: "uuid" },
};

/** DuckDB's data_type text (information_schema) → canonical; anything else reads as its text. */
export function duckdbColumnType(dataType: string): ColumnType {
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/i.exec(dataType);
  if (decimal) return { kind: "numeric", precision: Number(decimal[1]), scale: Number(decimal[2]) };
  return BY_NAME[dataType.toUpperCase()] ?? { kind: "text" };
}

/**
 * DuckDB's data_type as declared: a HUGEINT holds 39 digits, though fromNative gives it the 38
 * most databases stop at (a SUM's usual values fit), so a target holding fewer refuses it at
 * preview. (UHUGEINT is read as text, which holds every value.)
 */
export function duckdbDeclaredType(dataType: string): ColumnType {
  if (/^HUGEINT$/i.test(dataType.trim())) return { kind: "numeric", precision: 39, scale: 0 };
  return duckdbColumnType(dataType);
}
