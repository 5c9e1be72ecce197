import type { ColumnType } from "../../core/columns";

/** Canonical → Postgres column type, for creating a destination table. */
export function postgresDdlType(type: ColumnType): string {
  switch (type.kind) {
    case "boolean":
      return "boolean";
    case "smallint":
      return "smallint";
    case "integer":
      return "integer";
    case "bigint":
      return "bigint";
    case "numeric":
      if (type.precision === undefined) return "numeric";
      return `numeric(${type.precision},${type.scale ?? 0})`;
    case "real":
      return "real";
    case "double":
      return "double precision";
    case "text":
      return "text";
    case "date":
      return "date";
    case "time":
      return "time";
    case "timestamp":
      return "timestamp";
    case "timestamptz":
      return "timestamptz";
    case "json":
      return "jsonb";
    case "binary":
      return "bytea";
    case "uuid":
      return "uuid";
  }
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
  const bare = formatted
    .toLowerCase()
    .replace(/\(\d+\)/, "")
    .trim();
  return BY_FORMATTED_NAME[bare] ?? { kind: "text" };
}

/**
 * A `format_type()` name as declared: a `character varying(n)` or `character(n)` keeps its
 * length n (characters), which the canonical text leaves out.
 */
export function postgresDeclaredType(formatted: string): ColumnType {
  const sized = /^(?:character varying|character|varchar|char|bpchar)\((\d+)\)$/i.exec(formatted.trim());
  return sized ? { kind: "text", length: Number(sized[1]) } : postgresNativeType(formatted);
}
