import { splitTableName, type TableName } from "../../core/table-patterns";
import type { RequiredPrivilege } from "../../core/vendor-contract";

/** One round trip that proves the session works; current_database() is null when the configured database does not exist. */
export const PROBE_SQL = "select current_version() as server_version, current_database() as database_name, current_schema() as schema_name";

/**
 * Snowflake's information_schema lists only what the session's role may use, so it serves for
 * indexing and, approximately, for privileges (Snowflake has no has_privilege function).
 */
export const TABLES_SQL = `select table_schema as "schema", table_name as "name" from information_schema.tables
  where table_schema <> 'INFORMATION_SCHEMA' and table_type = 'BASE TABLE'`;

const SCHEMA_SQL = 'select count(*) as "found" from information_schema.schemata where schema_name = ?';

/**
 * A table the role may use at all is listed; which privilege it holds is not told apart
 * (information_schema.table_privileges shows direct grants only, and the emulator lacks it).
 */
const TABLE_VISIBLE_SQL = `select count(*) as "found" from information_schema.tables where table_schema = ? and table_name = ?`;

export type Query = <Row>(sql: string, binds?: unknown[]) => Promise<Row[]>;

export async function listTables(query: Query): Promise<TableName[]> {
  return query<TableName>(TABLES_SQL);
}

export async function hasPrivilege(query: Query, required: RequiredPrivilege, defaultSchema: string): Promise<boolean> {
  if (required.privilege === "createTable") {
    const rows = await query<{ found: number | string }>(SCHEMA_SQL, [required.schema]);
    return Number(rows[0]?.found ?? 0) > 0;
  }
  const [schema, table] = splitTableName(required.table, defaultSchema);
  const rows = await query<{ found: number | string }>(TABLE_VISIBLE_SQL, [schema, table]);
  return Number(rows[0]?.found ?? 0) > 0;
}
