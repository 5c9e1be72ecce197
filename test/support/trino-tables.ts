import type { Column } from "../../provider/core/columns";
import { normalize, type Endpoint } from "../integration/transfer-fixtures";
import { trino } from "./services";
import { trinoAdmin } from "./trino-server";
import { columnDdlType } from "./transfer-between";

/**
 * Trino tables for transfer tests, written and read with plain SQL of the test's own (not the
 * literals or SELECT expressions of provider/vendors/trino), in a schema of the memory catalog.
 */
export function trinoEndpoint(schema: string): Endpoint {
  return {
    type: "trino",
    target: { configuration: { server: trino.server, catalog: trino.catalog, schema, user: "dataplane" }, credentials: {} },
    path: [trino.catalog, schema],
  };
}

const quote = (name: string): string => `"${name}"`;

function qualified(endpoint: Endpoint, table: string): string {
  return [...endpoint.path, table].map(quote).join(".");
}

export async function createTrinoTable(endpoint: Endpoint, table: string, columns: Column[]): Promise<void> {
  await trinoAdmin(`drop table if exists ${qualified(endpoint, table)}`);
  await trinoAdmin(
    `create table ${qualified(endpoint, table)} (${columns.map((column) => `${quote(column.name)} ${columnDdlType("trino", column.type)}`).join(", ")})`,
  );
}

export async function dropTrinoTable(endpoint: Endpoint, table: string): Promise<void> {
  await trinoAdmin(`drop table if exists ${qualified(endpoint, table)}`);
}

function text(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A canonical text value as an expression of the column's type, by casts from VARCHAR. */
function valueExpression(column: Column, value: string | null): string {
  const type = columnDdlType("trino", column.type);
  if (value === null) return `CAST(NULL AS ${type})`;
  switch (column.type.kind) {
    case "binary":
      return `from_hex(${text(value.slice(2))})`;
    case "json":
      return `json_parse(${text(value)})`;
    case "timestamptz":
      return `CAST(${text(value.replace(/\+00$/, " UTC"))} AS ${type})`;
    default:
      return `CAST(${text(value)} AS ${type})`;
  }
}

export async function insertTrinoRows(
  endpoint: Endpoint,
  table: string,
  columns: Column[],
  rows: Array<Array<string | null>>,
): Promise<void> {
  const values = rows.map((row) => `(${row.map((value, index) => valueExpression(columns[index], value)).join(", ")})`);
  await trinoAdmin(`insert into ${qualified(endpoint, table)} values ${values.join(", ")}`);
}

function readExpression(column: Column): string {
  const name = quote(column.name);
  switch (column.type.kind) {
    case "binary":
      return `lower(to_hex(${name}))`;
    case "json":
      return `json_format(${name})`;
    case "boolean":
      return `CASE WHEN ${name} THEN 't' WHEN NOT ${name} THEN 'f' END`;
    case "real":
      return `CAST(CAST(${name} AS DOUBLE) AS VARCHAR)`;
    case "timestamptz":
      return `CAST(CAST(${name} AT TIME ZONE 'UTC' AS TIMESTAMP(6)) AS VARCHAR)`;
    default:
      return `CAST(${name} AS VARCHAR)`;
  }
}

/** The table's rows ordered by the first column, each value normalised like transfer-fixtures' readRows. */
export async function readTrinoRows(endpoint: Endpoint, table: string, columns: Column[]): Promise<unknown[][]> {
  const rows = await trinoAdmin<Record<string, string | null>>(
    `select ${columns.map((column, index) => `${readExpression(column)} as c${index}`).join(", ")} from ${qualified(endpoint, table)} order by 1`,
  );
  return rows.map((row) => columns.map((column, index) => normalize(column.type, row[`c${index}`])));
}
