import type { ColumnType } from "../../core/columns";

/** Snowflake NUMBER holds at most 38 digits. */
const MAX_PRECISION = 38;

/**
 * Canonical → Snowflake column type, for creating a destination table. Snowflake has one
 * integer type (NUMBER(p,0)); smallint/integer/bigint become the NUMBER with just enough
 * digits for their range; uuid has no native type and travels as its 36-character text.
 */
export function snowflakeDdlType(type: ColumnType): string {
  switch (type.kind) {
    case "boolean":
      return "BOOLEAN";
    case "smallint":
      return "NUMBER(5,0)";
    case "integer":
      return "NUMBER(10,0)";
    case "bigint":
      return "NUMBER(19,0)";
    case "numeric":
      // Snowflake's NUMBER holds at most 38 digits; an unconstrained numeric gets the widest scale it keeps exactly.
      if (type.precision === undefined) return "NUMBER(38,9)";
      if (type.precision > MAX_PRECISION) {
        throw new Error(`Snowflake NUMBER holds at most ${MAX_PRECISION} digits, not numeric(${type.precision},${type.scale ?? 0})`);
      }
      return `NUMBER(${type.precision},${type.scale ?? 0})`;
    case "real":
      return "FLOAT";
    case "double":
      return "FLOAT";
    case "text":
      return "VARCHAR";
    case "date":
      return "DATE";
    case "time":
      return "TIME(9)";
    case "timestamp":
      return "TIMESTAMP_NTZ(9)";
    case "timestamptz":
      return "TIMESTAMP_TZ(9)";
    case "json":
      return "VARIANT";
    case "binary":
      return "BINARY";
    case "uuid":
      return "VARCHAR(36)";
  }
}

const BY_NAME: Record<string, ColumnType> = {
  BOOLEAN: { kind: "boolean" },
  FLOAT: { kind: "double" },
  FLOAT4: { kind: "double" },
  FLOAT8: { kind: "double" },
  DOUBLE: { kind: "double" },
  "DOUBLE PRECISION": { kind: "double" },
  REAL: { kind: "double" },
  DATE: { kind: "date" },
  TIME: { kind: "time" },
  TIMESTAMP: { kind: "timestamp" },
  TIMESTAMP_NTZ: { kind: "timestamp" },
  DATETIME: { kind: "timestamp" },
  TIMESTAMP_TZ: { kind: "timestamptz" },
  TIMESTAMP_LTZ: { kind: "timestamptz" },
  VARIANT: { kind: "json" },
  OBJECT: { kind: "json" },
  ARRAY: { kind: "json" },
  BINARY: { kind: "binary" },
  VARBINARY: { kind: "binary" },
};

/**
 * The narrowest canonical integer that holds every value of NUMBER(precision, 0): NUMBER(5,0)
 * holds 99999, beyond smallint, so a smallint written as NUMBER(5,0) reads back as integer —
 * wider, never a type some value would not load into.
 */
function integerKind(precision: number): ColumnType {
  if (precision <= 4) return { kind: "smallint" };
  if (precision <= 9) return { kind: "integer" };
  if (precision <= 18) return { kind: "bigint" };
  return { kind: "numeric", precision, scale: 0 };
}

/**
 * A Snowflake type name (`NUMBER(12,2)`, `TIMESTAMP_NTZ(9)`, `VARCHAR(36)`, or the driver's
 * rowtype names `fixed`, `real`, `text`) → canonical; character types and anything unknown
 * read as text. A uuid written as VARCHAR(36) reads back as text: any short text is a
 * VARCHAR(36) too, and a text that is no uuid would not load into a uuid column elsewhere.
 */
export function snowflakeNativeType(nativeType: string): ColumnType {
  const name = nativeType.trim().toUpperCase();
  const number = /^(?:NUMBER|NUMERIC|DECIMAL|FIXED)(?:\((\d+)(?:,\s*(\d+))?\))?$/.exec(name);
  if (number) {
    const precision = number[1] === undefined ? 38 : Number(number[1]);
    const scale = number[2] === undefined ? 0 : Number(number[2]);
    if (scale === 0) return integerKind(precision);
    return { kind: "numeric", precision, scale };
  }
  if (/^(?:INT|INTEGER|BIGINT|SMALLINT|TINYINT|BYTEINT)$/.test(name)) return { kind: "numeric", precision: 38, scale: 0 };
  const bare = name.replace(/\(\d+(?:,\s*\d+)?\)$/, "").trim();
  return BY_NAME[bare] ?? BY_NAME[ROWTYPE_NAMES[bare] ?? ""] ?? { kind: "text" };
}

/** The driver's lower-case rowtype names that differ from SQL type names. */
const ROWTYPE_NAMES: Record<string, string> = { REAL: "FLOAT", TEXT: "VARCHAR" };

/** A result column's native name from the driver's rowtype (`fixed` + precision/scale, `text` + length...). */
export function snowflakeRowtypeName(
  type: string,
  precision: number | null | undefined,
  scale: number | null | undefined,
  length?: number | null,
): string {
  switch (type.toLowerCase()) {
    case "fixed":
      return `NUMBER(${precision ?? 38},${scale ?? 0})`;
    case "real":
      return "FLOAT";
    case "text":
      return length && length < 16777216 ? `VARCHAR(${length})` : "VARCHAR";
    case "time":
      return `TIME(${scale ?? 9})`;
    case "timestamp_ntz":
      return `TIMESTAMP_NTZ(${scale ?? 9})`;
    case "timestamp_tz":
      return `TIMESTAMP_TZ(${scale ?? 9})`;
    case "timestamp_ltz":
      return `TIMESTAMP_LTZ(${scale ?? 9})`;
    default:
      return type.toUpperCase();
  }
}
