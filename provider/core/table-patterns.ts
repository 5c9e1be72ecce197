import { z } from "zod";

/**
 * Table patterns as users write them in `includeTables` / `excludeTables`:
 * `sales.orders`, `finance.*`, `*.events`, `sales.tmp_*`, or `*` for every table.
 */
export const tablePatternField = z
  .string()
  .regex(/^[^.\s]+(\.[^.\s]+)?$/, "must look like schema.table, schema.*, *.table or *, where * matches any characters");

export interface TableName {
  schema: string;
  name: string;
}

export function qualifiedName(table: TableName): string {
  return `${table.schema}.${table.name}`;
}

/** `schema.table` as [schema, table]; a bare `table` is in `defaultSchema`. */
export function splitTableName(qualified: string, defaultSchema: string): [string, string] {
  const dot = qualified.indexOf(".");
  return dot < 0 ? [defaultSchema, qualified] : [qualified.slice(0, dot), qualified.slice(dot + 1)];
}

/** `*` matches any run of characters within one name; everything else matches itself. */
function segmentMatches(pattern: string, value: string): boolean {
  if (!pattern.includes("*")) return pattern === value;
  const expression = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${expression}$`).test(value);
}

export function matchesPattern(table: TableName, pattern: string): boolean {
  if (pattern === "*") return true;
  const [schema, name] = pattern.includes(".") ? pattern.split(".") : ["*", pattern];
  return segmentMatches(schema, table.schema) && segmentMatches(name, table.name);
}

/** The tables included by any include pattern and excluded by none, sorted by name. */
export function selectTables(tables: readonly TableName[], include: readonly string[], exclude: readonly string[]): string[] {
  return tables
    .filter((table) => include.some((pattern) => matchesPattern(table, pattern)))
    .filter((table) => !exclude.some((pattern) => matchesPattern(table, pattern)))
    .map(qualifiedName)
    .sort();
}
