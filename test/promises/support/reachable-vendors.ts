import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { VendorType } from "../../../provider/vendors/registry";
import { connectionReferences } from "../../support/admin";
import { postgres } from "../../support/services";
import { trinoConnection } from "../../support/trino-connection";
import { openDataSessionFor } from "../../support/data-session";

export type ConnectionReference = Record<string, unknown> & { type: VendorType };

/**
 * A connection per vendor whose real server (or in-process engine) the suite starts for
 * every run: Redshift through PostgreSQL, Trino with its memory connector. Each promise file
 * says why any other vendor of the registry is not in its matrix.
 */
export function reachableConnections(prefix: string): Partial<Record<VendorType, ConnectionReference>> {
  const scratch = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const references = connectionReferences(join(scratch, "promises.duckdb"));
  return {
    postgres: { ...references.postgres, connectionId: `${prefix}-pg` } as ConnectionReference,
    redshift: {
      connectionId: `${prefix}-redshift`,
      type: "redshift",
      configuration: { host: postgres.host, port: postgres.port, database: postgres.database, user: postgres.user },
      credentials: { password: postgres.password },
    },
    mysql: { ...references.mysql, connectionId: `${prefix}-maria` } as ConnectionReference,
    duckdb: { ...references.duckdb, connectionId: `${prefix}-duck` } as ConnectionReference,
    trino: { ...trinoConnection("promises"), connectionId: `${prefix}-trino` } as ConnectionReference,
  };
}

export async function runSql(connection: ConnectionReference, sql: string): Promise<Array<Record<string, unknown>>> {
  const session = await openDataSessionFor(connection);
  try {
    return await session.rows(sql);
  } finally {
    await session.close();
  }
}

export function qualified(connection: ConnectionReference, path: string[], table: string): string {
  const quote = connection.type === "mysql" ? "`" : '"';
  return [...path, table].map((name) => `${quote}${name}${quote}`).join(".");
}

/** A digest of every row of the table in a stable order: equal digests, equal contents. */
export async function checksum(connection: ConnectionReference, path: string[], table: string): Promise<string> {
  const rows = await runSql(connection, `select * from ${qualified(connection, path, table)}`);
  const lines = rows.map((row) => JSON.stringify(Object.values(row).map((value) => (value === null ? null : String(value))))).sort();
  return `${rows.length}:${createHash("sha256").update(lines.join("\n")).digest("hex")}`;
}

/** Names of the tables in the schema `path` names. */
export async function tablesIn(connection: ConnectionReference, path: string[]): Promise<string[]> {
  const schema = path[path.length - 1];
  const sql =
    connection.type === "duckdb"
      ? `select table_name from duckdb_tables() where schema_name = '${schema}'`
      : connection.type === "trino"
        ? `select table_name from ${path.length > 1 ? `"${path[0]}".` : ""}information_schema.tables where table_schema = '${schema}'`
        : `select table_name as table_name from information_schema.tables where table_schema = '${schema}'`;
  return (await runSql(connection, sql)).map((row) => String(row.table_name ?? row.TABLE_NAME));
}
