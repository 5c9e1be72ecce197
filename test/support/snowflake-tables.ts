import type { Column } from "../../provider/core/columns";
import { snowflakeConfiguration } from "../../provider/vendors/snowflake/config";
import type { FakeSnowflake } from "./snowflake-server";
import { columnDdlType } from "./transfer-between";

/**
 * Snowflake test tables written and read with plain driver calls and SQL of their own (not the
 * provider's transfer code), in canonical text (provider/core/transfer/canonical-text.md).
 */
export function snowflakeEndpoint(server: FakeSnowflake) {
  return {
    type: "snowflake" as const,
    target: { configuration: snowflakeConfiguration.parse(server.configuration()), credentials: { password: "any-pw" } },
    path: ["PUBLIC"],
  };
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function createSnowflakeTable(server: FakeSnowflake, table: string, columns: Column[]): Promise<void> {
  const definitions = columns.map((column) => `${quote(column.name)} ${columnDdlType("snowflake", column.type)}`);
  await server.admin(async (client) => {
    await client.query(`drop table if exists PUBLIC.${quote(table)}`);
    await client.query(`create table PUBLIC.${quote(table)} (${definitions.join(", ")})`);
  });
}

export async function dropSnowflakeTable(server: FakeSnowflake, table: string): Promise<void> {
  await server.admin((client) => client.query(`drop table if exists PUBLIC.${quote(table)}`));
}

function insertExpression(column: Column): string {
  switch (column.type.kind) {
    case "json":
      return "parse_json(?)";
    case "binary":
      return "to_binary(substr(?, 3), 'HEX')";
    case "boolean":
      return "(? = 't')";
    case "timestamptz":
      return `cast(replace(?, '+00', 'Z') as ${columnDdlType("snowflake", column.type)})`;
    default:
      return `cast(? as ${columnDdlType("snowflake", column.type)})`;
  }
}

/** One INSERT … SELECT per row, canonical text bound as strings. */
export async function insertSnowflakeRows(
  server: FakeSnowflake,
  table: string,
  columns: Column[],
  rows: Array<Array<string | null>>,
): Promise<void> {
  const sql = `insert into PUBLIC.${quote(table)} select ${columns.map(insertExpression).join(", ")}`;
  await server.admin(async (client) => {
    for (const row of rows) await client.query(sql, row);
  });
}

function readExpression(column: Column): string {
  const name = quote(column.name);
  switch (column.type.kind) {
    case "time":
      return `to_char(${name}, 'HH24:MI:SS.FF6')`;
    case "timestamp":
    case "timestamptz":
      return `to_char(${name}, 'YYYY-MM-DD HH24:MI:SS.FF6')`;
    case "binary":
      return `hex_encode(${name})`;
    case "json":
      return `to_json(${name})`;
    case "text":
    case "uuid":
      return name;
    default:
      return `to_varchar(${name})`;
  }
}

/** Rows as text, ordered by the first column. */
export async function readSnowflakeRows(server: FakeSnowflake, table: string, columns: Column[]): Promise<Array<Array<string | null>>> {
  const sql = `select ${columns.map(readExpression).join(", ")} from PUBLIC.${quote(table)} order by 1`;
  return server.admin(async (client) => {
    const { statement } = await client.run(sql);
    const rows: Array<Array<string | null>> = [];
    const names = (statement.getColumns() ?? []).map((column) => column.getName());
    for (const row of (await client.run(sql)).rows)
      rows.push(names.map((name) => (row[name] === null || row[name] === undefined ? null : String(row[name]))));
    return rows;
  });
}
