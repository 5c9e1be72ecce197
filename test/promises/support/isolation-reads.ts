import { createHash } from "node:crypto";
import { openDataSessionFor } from "../../support/data-session";
import type { ConnectionReference, IsolationProfile } from "../../support/vendors";

/** Reads the isolation promise makes through a data session on the connection under test. */
export async function runSql(connection: ConnectionReference, sql: string): Promise<Array<Record<string, unknown>>> {
  const session = await openDataSessionFor(connection);
  try {
    return await session.rows(sql);
  } finally {
    await session.close();
  }
}

/** A digest of every row of the table in a stable order: equal digests, equal contents. */
export async function checksum(profile: IsolationProfile, connection: ConnectionReference, path: string[], table: string): Promise<string> {
  const rows = await runSql(connection, `select * from ${[...path, table].map(profile.quote).join(".")}`);
  const lines = rows.map((row) => JSON.stringify(Object.values(row).map((value) => (value === null ? null : String(value))))).sort();
  return `${rows.length}:${createHash("sha256").update(lines.join("\n")).digest("hex")}`;
}

/** Names of the tables in the schema `path` names. */
export async function tablesIn(profile: IsolationProfile, connection: ConnectionReference, path: string[]): Promise<string[]> {
  return (await runSql(connection, profile.tablesSql(path))).map((row) => String(row.table_name ?? row.TABLE_NAME));
}
