/**
 * Column types every vendor maps to and from, so a result produced on one database can be
 * created, compared and loaded on another.
 */
export type ColumnType =
  | { kind: "boolean" }
  | { kind: "smallint" }
  | { kind: "integer" }
  | { kind: "bigint" }
  | { kind: "numeric"; precision?: number; scale?: number }
  | { kind: "real" }
  | { kind: "double" }
  /** `length`: the most characters the source declares, where ColumnTypes.declared reads one. */
  | { kind: "text"; length?: number }
  | { kind: "date" }
  | { kind: "time" }
  | { kind: "timestamp" }
  | { kind: "timestamptz" }
  | { kind: "json" }
  | { kind: "binary" }
  | { kind: "uuid" };

export type ColumnKind = ColumnType["kind"];

export interface Column {
  name: string;
  type: ColumnType;
  nullable: boolean;
}

/** A table on a connection: `path` is the schema as a list (`["public"]`; a database where schemas are databases). */
export interface TableReference {
  path: string[];
  table: string;
}

export function describeColumnType(type: ColumnType): string {
  if (type.kind === "text" && type.length !== undefined) return `text(${type.length})`;
  if (type.kind === "numeric" && type.precision !== undefined) {
    return `numeric(${type.precision}${type.scale === undefined ? "" : `, ${type.scale}`})`;
  }
  return type.kind;
}
