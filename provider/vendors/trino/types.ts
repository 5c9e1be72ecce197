import type { ColumnType } from "../../core/columns";

/** Trino DECIMAL holds at most 38 digits. */
const MAX_PRECISION = 38;
/** An unconstrained numeric (Postgres `numeric`) lands in DECIMAL(38, 10): 28 digits before the point. */
const UNCONSTRAINED_SCALE = 10;

/** Canonical → Trino column type; every canonical kind has a native Trino type. */
export function trinoDdlType(type: ColumnType): string {
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
      if (type.precision === undefined) return `DECIMAL(${MAX_PRECISION},${UNCONSTRAINED_SCALE})`;
      if (type.precision > MAX_PRECISION) {
        throw new Error(`Trino DECIMAL holds at most ${MAX_PRECISION} digits, not numeric(${type.precision},${type.scale ?? 0})`);
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
      return "TIME(6)";
    case "timestamp":
      return "TIMESTAMP(6)";
    case "timestamptz":
      return "TIMESTAMP(6) WITH TIME ZONE";
    case "json":
      return "JSON";
    case "binary":
      return "VARBINARY";
    case "uuid":
      return "UUID";
  }
}

/**
 * A Trino type name as information_schema.columns, DESCRIBE or the client protocol spell it
 * (`decimal(12,2)`, `varchar(5)`, `timestamp(3) with time zone`) → canonical. Types with no
 * canonical counterpart (arrays, maps, rows, time with time zone, …) travel as text.
 */
export function trinoNativeType(nativeType: string): ColumnType {
  const text = nativeType.toLowerCase().trim();
  const base = /^[a-z ]+?(?=\(|$)/.exec(text)?.[0].trim() ?? text;
  if (/^timestamp(\(\d+\))? with time zone$/.test(text)) return { kind: "timestamptz" };
  if (/^time(\(\d+\))? with time zone$/.test(text)) return { kind: "text" };
  switch (base) {
    case "boolean":
      return { kind: "boolean" };
    case "tinyint":
    case "smallint":
      return { kind: "smallint" };
    case "integer":
    case "int":
      return { kind: "integer" };
    case "bigint":
      return { kind: "bigint" };
    case "decimal": {
      const modifiers = /\((\d+)(?:,\s*(\d+))?\)/.exec(text);
      return modifiers
        ? { kind: "numeric", precision: Number(modifiers[1]), scale: Number(modifiers[2] ?? 0) }
        : { kind: "numeric", precision: MAX_PRECISION, scale: 0 };
    }
    case "real":
      return { kind: "real" };
    case "double":
      return { kind: "double" };
    case "date":
      return { kind: "date" };
    case "time":
      return { kind: "time" };
    case "timestamp":
      return { kind: "timestamp" };
    case "json":
      return { kind: "json" };
    case "varbinary":
      return { kind: "binary" };
    case "uuid":
      return { kind: "uuid" };
    default:
      return { kind: "text" };
  }
}
