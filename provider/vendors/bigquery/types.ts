import type { ColumnType } from "../../core/columns";

/**
 * BigQuery's NUMERIC holds 29 digits before the point and 9 after; BIGNUMERIC 38 and 38
 * (76 digits in all). A parameterised NUMERIC(P, S) needs S ≤ 9 and P - S ≤ 29.
 */
const NUMERIC_SCALE = 9;
const NUMERIC_INTEGER_DIGITS = 29;
const BIGNUMERIC_SCALE = 38;
const BIGNUMERIC_INTEGER_DIGITS = 38;

/**
 * Canonical → BigQuery column type. Every integer is INT64, real widens to FLOAT64 (it reads
 * back as double), timestamp is DATETIME (a wall clock) and timestamptz TIMESTAMP (an
 * instant); uuid has no type of its own and is kept as STRING.
 */
export function bigqueryDdlType(type: ColumnType): string {
  switch (type.kind) {
    case "boolean":
      return "BOOL";
    case "smallint":
    case "integer":
    case "bigint":
      return "INT64";
    case "numeric":
      return numericDdlType(type.precision, type.scale);
    case "real":
    case "double":
      return "FLOAT64";
    case "text":
    case "uuid":
      return "STRING";
    case "date":
      return "DATE";
    case "time":
      return "TIME";
    case "timestamp":
      return "DATETIME";
    case "timestamptz":
      return "TIMESTAMP";
    case "json":
      return "JSON";
    case "binary":
      return "BYTES";
  }
}

function numericDdlType(precision: number | undefined, scale = 0): string {
  // An unconstrained numeric may hold anything: the widest type keeps the most of it.
  if (precision === undefined) return "BIGNUMERIC";
  const integerDigits = precision - scale;
  if (scale <= NUMERIC_SCALE && integerDigits <= NUMERIC_INTEGER_DIGITS) return `NUMERIC(${precision}, ${scale})`;
  if (scale <= BIGNUMERIC_SCALE && integerDigits <= BIGNUMERIC_INTEGER_DIGITS) return `BIGNUMERIC(${precision}, ${scale})`;
  throw new Error(
    `BigQuery BIGNUMERIC holds at most ${BIGNUMERIC_INTEGER_DIGITS} digits before the point and ${BIGNUMERIC_SCALE} after, not numeric(${precision},${scale})`,
  );
}

/**
 * A BigQuery type name as a table schema or a query result reports it (`INT64`, `INTEGER`,
 * `NUMERIC(12, 2)`, `BIGNUMERIC`, `TIMESTAMP`, …) → canonical. Types without a canonical
 * counterpart (ARRAY, STRUCT, GEOGRAPHY, INTERVAL, RANGE) are read as text.
 */
export function bigqueryNativeType(nativeType: string): ColumnType {
  const text = nativeType.toUpperCase().trim();
  const name = /^[A-Z0-9_]+/.exec(text)?.[0] ?? text;
  const modifiers = /\((\d+)(?:\s*,\s*(\d+))?\)/.exec(text);
  switch (name) {
    case "BOOL":
    case "BOOLEAN":
      return { kind: "boolean" };
    case "INT64":
    case "INTEGER":
    case "INT":
    case "SMALLINT":
    case "BIGINT":
    case "TINYINT":
    case "BYTEINT":
      return { kind: "bigint" };
    case "NUMERIC":
    case "DECIMAL":
      return modifiers
        ? { kind: "numeric", precision: Number(modifiers[1]), scale: Number(modifiers[2] ?? 0) }
        : { kind: "numeric", precision: NUMERIC_INTEGER_DIGITS + NUMERIC_SCALE, scale: NUMERIC_SCALE };
    case "BIGNUMERIC":
    case "BIGDECIMAL":
      return modifiers
        ? { kind: "numeric", precision: Number(modifiers[1]), scale: Number(modifiers[2] ?? 0) }
        : { kind: "numeric", precision: BIGNUMERIC_INTEGER_DIGITS * 2, scale: BIGNUMERIC_SCALE };
    case "FLOAT64":
    case "FLOAT":
      return { kind: "double" };
    case "STRING":
      return { kind: "text" };
    case "BYTES":
      return { kind: "binary" };
    case "DATE":
      return { kind: "date" };
    case "TIME":
      return { kind: "time" };
    case "DATETIME":
      return { kind: "timestamp" };
    case "TIMESTAMP":
      return { kind: "timestamptz" };
    case "JSON":
      return { kind: "json" };
    default:
      return { kind: "text" };
  }
}

/** A table-schema field (tables.get) as one type name, with NUMERIC's precision and scale when set. */
export function fieldTypeName(field: {
  type?: string | null;
  precision?: string | number | null;
  scale?: string | number | null;
  mode?: string | null;
}): string {
  const base = (field.type ?? "STRING").toUpperCase();
  const named =
    field.precision !== undefined && field.precision !== null && /NUMERIC|DECIMAL/.test(base)
      ? `${base}(${field.precision}, ${field.scale ?? 0})`
      : base;
  return field.mode?.toUpperCase() === "REPEATED" ? `ARRAY<${named}>` : named;
}
