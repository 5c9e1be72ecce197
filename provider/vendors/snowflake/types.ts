import type { ColumnType } from "../../core/columns";

/**
 * Canonical → Snowflake column type, for creating a destination table. Snowflake has one
 * integer type (NUMBER(38,0)); smallint/integer/bigint keep their range as NUMBER(p,0) so a
 * round trip does not widen them; uuid has no native type and travels as its 36-character text.
 */
export function snowflakeDdlType(type: ColumnType): string {
  switch (type.kind) {
    case "boolean": return "BOOLEAN";
    case "smallint": return "NUMBER(5,0)";
    case "integer": return "NUMBER(10,0)";
    case "bigint": return "NUMBER(19,0)";
    case "numeric":
      // Snowflake's NUMBER holds at most 38 digits; an unconstrained numeric gets the widest scale it keeps exactly.
      if (type.precision === undefined) return "NUMBER(38,9)";
      return `NUMBER(${Math.min(type.precision, 38)},${Math.min(type.scale ?? 0, 37)})`;
    case "real": return "FLOAT";
    case "double": return "FLOAT";
    case "text": return "VARCHAR";
    case "date": return "DATE";
    case "time": return "TIME(9)";
    case "timestamp": return "TIMESTAMP_NTZ(9)";
    case "timestamptz": return "TIMESTAMP_TZ(9)";
    case "json": return "VARIANT";
    case "binary": return "BINARY";
    case "uuid": return "VARCHAR(36)";
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

/** Integer NUMBERs of these precisions are the canonical integer kinds snowflakeDdlType writes. */
const INTEGER_KINDS: Record<number, ColumnType> = { 5: { kind: "smallint" }, 10: { kind: "integer" }, 19: { kind: "bigint" } };

/**
 * A Snowflake type name (`NUMBER(12,2)`, `TIMESTAMP_NTZ(9)`, `VARCHAR(36)`, or the driver's
 * rowtype names `fixed`, `real`, `text`) → canonical; character types and anything unknown
 * read as text.
 */
export function snowflakeNativeType(nativeType: string): ColumnType {
  const name = nativeType.trim().toUpperCase();
  const number = /^(?:NUMBER|NUMERIC|DECIMAL|FIXED)(?:\((\d+)(?:,\s*(\d+))?\))?$/.exec(name);
  if (number) {
    const precision = number[1] === undefined ? 38 : Number(number[1]);
    const scale = number[2] === undefined ? 0 : Number(number[2]);
    if (scale === 0 && INTEGER_KINDS[precision]) return INTEGER_KINDS[precision];
    return { kind: "numeric", precision, scale };
  }
  if (/^(?:INT|INTEGER|BIGINT|SMALLINT|TINYINT|BYTEINT)$/.test(name)) return { kind: "numeric", precision: 38, scale: 0 };
  if (name === "VARCHAR(36)") return { kind: "uuid" };
  const bare = name.replace(/\(\d+(?:,\s*\d+)?\)$/, "").trim();
  return BY_NAME[bare] ?? BY_NAME[ROWTYPE_NAMES[bare] ?? ""] ?? { kind: "text" };
}

/** The driver's lower-case rowtype names that differ from SQL type names. */
const ROWTYPE_NAMES: Record<string, string> = { REAL: "FLOAT", TEXT: "VARCHAR" };

/** A result column's native name from the driver's rowtype (`fixed` + precision/scale, `text` + length...). */
export function snowflakeRowtypeName(type: string, precision: number | null | undefined, scale: number | null | undefined, length?: number | null): string {
  switch (type.toLowerCase()) {
    case "fixed": return `NUMBER(${precision ?? 38},${scale ?? 0})`;
    case "real": return "FLOAT";
    case "text": return length && length < 16777216 ? `VARCHAR(${length})` : "VARCHAR";
    case "time": return `TIME(${scale ?? 9})`;
    case "timestamp_ntz": return `TIMESTAMP_NTZ(${scale ?? 9})`;
    case "timestamp_tz": return `TIMESTAMP_TZ(${scale ?? 9})`;
    case "timestamp_ltz": return `TIMESTAMP_LTZ(${scale ?? 9})`;
    default: return type.toUpperCase();
  }
}
