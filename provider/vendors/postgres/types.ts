import type { ColumnType } from "../../core/columns";

/** Canonical → Postgres column type, for creating a destination table. */
export function postgresDdlType(type: ColumnType): string {
  switch (type.kind) {
    case "boolean": return "boolean";
    case "smallint": return "smallint";
    case "integer": return "integer";
    case "bigint": return "bigint";
    case "numeric":
      if (type.precision === undefined) return "numeric";
      return `numeric(${type.precision},${type.scale ?? 0})`;
    case "real": return "real";
    case "double": return "double precision";
    case "text": return "text";
    case "date": return "date";
    case "time": return "time";
    case "timestamp": return "timestamp";
    case "timestamptz": return "timestamptz";
    case "json": return "jsonb";
    case "binary": return "bytea";
    case "uuid": return "uuid";
  }
}

/** One row of information_schema.columns, as describeTable reads it. */
export interface PostgresColumnInfo {
  udt_name: string;
  numeric_precision: number | null;
  numeric_scale: number | null;
}

const BY_UDT_NAME: Record<string, ColumnType> = {
  bool: { kind: "boolean" },
  int2: { kind: "smallint" },
  int4: { kind: "integer" },
  int8: { kind: "bigint" },
  float4: { kind: "real" },
  float8: { kind: "double" },
  date: { kind: "date" },
  time: { kind: "time" },
  timestamp: { kind: "timestamp" },
  timestamptz: { kind: "timestamptz" },
  json: { kind: "json" },
  jsonb: { kind: "json" },
  bytea: { kind: "binary" },
  uuid: { kind: "uuid" },
};

/** Postgres → canonical; character types and anything unknown read as text (their output form). */
export function postgresColumnType(info: PostgresColumnInfo): ColumnType {
  if (info.udt_name === "numeric") {
    return info.numeric_precision === null
      ? { kind: "numeric" }
      : { kind: "numeric", precision: Number(info.numeric_precision), scale: Number(info.numeric_scale ?? 0) };
  }
  return BY_UDT_NAME[info.udt_name] ?? { kind: "text" };
}

const BY_FORMATTED_NAME: Record<string, ColumnType> = {
  boolean: { kind: "boolean" },
  smallint: { kind: "smallint" },
  integer: { kind: "integer" },
  bigint: { kind: "bigint" },
  real: { kind: "real" },
  "double precision": { kind: "double" },
  date: { kind: "date" },
  "time without time zone": { kind: "time" },
  "timestamp without time zone": { kind: "timestamp" },
  "timestamp with time zone": { kind: "timestamptz" },
  json: { kind: "json" },
  jsonb: { kind: "json" },
  bytea: { kind: "binary" },
  uuid: { kind: "uuid" },
};

/** A `format_type()` name (`numeric(12,2)`, `timestamp(3) with time zone`, ...) → canonical. */
export function postgresNativeType(formatted: string): ColumnType {
  const numeric = /^numeric(?:\((\d+)(?:,\s*(\d+))?\))?$/i.exec(formatted);
  if (numeric) {
    return numeric[1] === undefined
      ? { kind: "numeric" }
      : { kind: "numeric", precision: Number(numeric[1]), scale: Number(numeric[2] ?? 0) };
  }
  // Precision modifiers (`time(3)`, `character varying(10)`) do not change the kind.
  const bare = formatted.toLowerCase().replace(/\(\d+\)/, "").trim();
  return BY_FORMATTED_NAME[bare] ?? { kind: "text" };
}
