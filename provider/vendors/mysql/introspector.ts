import type { Connection } from "mysql2/promise";
import { splitTableName, type TableName } from "../../core/table-patterns";
import type { RequiredPrivilege } from "../../core/vendor-contract";

export const PROBE_SQL = "select version() as server_version, current_user() as current_user_name";

const TABLES_SQL = `select table_schema as \`schema\`, table_name as name
  from information_schema.tables
  where table_schema not in ('mysql', 'information_schema', 'performance_schema', 'sys')`;

/**
 * information_schema shows an administrator every user's grants, so each lookup is pinned to
 * the session's own grantee; schema grants may hold LIKE wildcards, hence `? like table_schema`.
 */
const PRIVILEGE_SQL = `select exists (
    select 1 from information_schema.user_privileges where grantee = ? and privilege_type = ?
    union all
    select 1 from information_schema.schema_privileges
      where grantee = ? and privilege_type = ? and ? like table_schema
    union all
    select 1 from information_schema.table_privileges
      where grantee = ? and privilege_type = ? and table_schema = ? and table_name = ?
  ) as granted`;

const PRIVILEGE_NAMES = { createTable: "CREATE", select: "SELECT", insert: "INSERT" } as const;

/** `user@host` as returned by current_user(), in information_schema's `'user'@'host'` form. */
export function granteeOf(currentUser: string): string {
  const at = currentUser.lastIndexOf("@");
  return `'${currentUser.slice(0, at)}'@'${currentUser.slice(at + 1)}'`;
}

export async function listTables(connection: Connection): Promise<TableName[]> {
  const [rows] = await connection.query(TABLES_SQL);
  return rows as TableName[];
}

export async function hasPrivilege(
  connection: Connection,
  grantee: string,
  required: RequiredPrivilege,
  defaultDatabase: string | undefined,
): Promise<boolean> {
  const name = PRIVILEGE_NAMES[required.privilege];
  const [schema, table] =
    required.privilege === "createTable" ? [required.schema, ""] : splitTableName(required.table, defaultDatabase ?? "");
  const [rows] = await connection.query(PRIVILEGE_SQL, [grantee, name, grantee, name, schema, grantee, name, schema, table]);
  return Number((rows as Array<{ granted: number }>)[0]?.granted) === 1;
}
