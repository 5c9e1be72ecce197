import type { Client } from "pg";
import { splitTableName, type TableName } from "../../core/table-patterns";
import type { RequiredPrivilege } from "../../core/vendor-contract";

/** One round trip that proves the session works and learns what the connection reports. */
export const PROBE_SQL = `select current_setting('server_version') as server_version,
  coalesce(has_schema_privilege(current_schema(), 'CREATE'), false) as can_persist`;

const TABLES_SQL = `select table_schema as schema, table_name as name
  from information_schema.tables
  where table_schema not in ('pg_catalog', 'information_schema')
    and table_schema not like 'pg\\_toast%' and table_schema not like 'pg\\_temp%'`;

const SCHEMA_PRIVILEGE_SQL = `select case when exists (select 1 from pg_namespace where nspname = $1)
  then has_schema_privilege($1, 'CREATE') else false end as granted`;

/** Catalog lookups and quote_ident only: Redshift, which shares this code, has neither to_regclass nor format. */
const TABLE_PRIVILEGE_SQL = `select case when exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = $1 and c.relname = $2)
  then has_table_privilege(quote_ident($1) || '.' || quote_ident($2), $3) else false end as granted`;

export async function listTables(client: Client): Promise<TableName[]> {
  const result = await client.query<TableName>(TABLES_SQL);
  return result.rows;
}

export async function hasPrivilege(client: Client, required: RequiredPrivilege): Promise<boolean> {
  if (required.privilege === "createTable") {
    const result = await client.query<{ granted: boolean }>(SCHEMA_PRIVILEGE_SQL, [required.schema]);
    return result.rows[0]?.granted === true;
  }
  const [schema, table] = splitTableName(required.table, "public");
  const result = await client.query<{ granted: boolean }>(TABLE_PRIVILEGE_SQL, [schema, table, required.privilege.toUpperCase()]);
  return result.rows[0]?.granted === true;
}
