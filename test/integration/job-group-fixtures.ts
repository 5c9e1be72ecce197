import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { connectionReferences, uniqueName, withMysql, withPostgres } from "../support/admin";
import { mysql } from "../support/services";
import { openDataSessionFor } from "../support/data-session";

/**
 * Shared by the job-group-* and publication-pushdown-* integration files: connections to the
 * real services (and a DuckDB file of the calling file's own), and plain SQL on them.
 */
export type Vendor = "postgres" | "mysql" | "duckdb";
export const VENDORS: Vendor[] = ["postgres", "mysql", "duckdb"];

/** Where each vendor's tables live when a test names them itself. */
export const SCHEMAS: Record<Vendor, string> = { postgres: "public", mysql: mysql.database, duckdb: "main" };
/** Where a job writes its result when output.path is omitted. */
export const JOB_SCHEMAS: Record<Vendor, string> = { postgres: "dataplane", mysql: mysql.database, duckdb: "dataplane" };

export function scratchConnections(prefix: string) {
  const scratch = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { scratch, connections: connectionReferences(join(scratch, "test.duckdb")) };
}

export type Connections = ReturnType<typeof connectionReferences>;
export { uniqueName };

/** Runs SQL as the services' administrator (DuckDB: through a session on the test's file). */
export async function sql(connections: Connections, vendor: Vendor, text: string): Promise<Array<Record<string, unknown>>> {
  if (vendor === "postgres") return withPostgres(async (client) => (await client.query(text)).rows);
  if (vendor === "mysql") return withMysql(async (connection) => (await connection.query(text))[0] as Array<Record<string, unknown>>);
  const session = await openDataSessionFor(connections.duckdb);
  try {
    return await session.rows(text);
  } finally {
    await session.close();
  }
}

/** Rows of `table` as [id, label] pairs, ordered. */
export async function pairs(connections: Connections, vendor: Vendor, table: string): Promise<Array<[number, string | null]>> {
  const rows = await sql(connections, vendor, `select id, label from ${table} order by id`);
  return rows.map((row) => [Number(row.id), row.label === null ? null : String(row.label)]);
}

export async function tableExists(connections: Connections, vendor: Vendor, schema: string, table: string): Promise<boolean> {
  const rows =
    vendor === "duckdb"
      ? await sql(connections, vendor, `select 1 from duckdb_tables() where schema_name = '${schema}' and table_name = '${table}'`)
      : await sql(connections, vendor, `select 1 from information_schema.tables where table_schema = '${schema}' and table_name = '${table}'`);
  return rows.length > 0;
}

/** check must succeed; returns the inputs create/update take. */
export async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const result = await jobGroup.check(olds, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs;
}

/** A JobGroup's outputs as a Publication's source. */
export function sourceOf(outs: Record<string, unknown>): Record<string, unknown> {
  return { jobGroupId: outs.jobGroupId, runId: outs.runId, connection: outs.connection, result: outs.result };
}

/** Creates a JobGroup whose result holds `rows` of (id, label); returns it and its outs as a publication source. */
export async function sourceJob(
  connections: Connections,
  vendor: Vendor,
  rows: Array<[number, string | null]>,
): Promise<{ id: string; outs: Record<string, unknown>; source: Record<string, unknown> }> {
  const selects = rows.map(([id, label], index) => {
    const text = label === null ? (vendor === "mysql" ? "cast(null as char(20))" : "cast(null as varchar(20))") : `'${label}'`;
    return index === 0 ? `select ${id} as id, ${text} as label` : `select ${id}, ${text}`;
  });
  const { id, outs } = await jobGroup.create(
    await checked({ resourceName: `source-${vendor}`, connection: connections[vendor], steps: [{ name: "rows", sql: selects.join(" union all ") }], output: { table: uniqueName("pub_source") } }),
  );
  return { id, outs, source: sourceOf(outs) };
}
