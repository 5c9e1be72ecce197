import { randomBytes } from "node:crypto";
import type { TableName } from "../../core/table-patterns";
import type { RequiredPrivilege } from "../../core/vendor-contract";
import { runQuery, TrinoQueryError, type TrinoTarget } from "./client";
import { trinoDialect } from "./dialect";
import { stringLiteral } from "./literals";

const { quoteIdentifier } = trinoDialect;

export const PROBE_SQL = "select version() as server_version, current_user as current_user_name";

/** Whether the configured schema exists; a missing catalog fails the query itself (CATALOG_NOT_FOUND). */
export function schemaProbeSql(catalog: string, schema: string): string {
  return `select count(*) as found from ${quoteIdentifier(catalog)}.information_schema.schemata where schema_name = ${stringLiteral(schema)}`;
}

/**
 * The connection's catalog when it names one; otherwise every catalog the user can see
 * (system.jdbc.tables spans catalogs), with each table under its schema's name.
 */
export function tablesSql(catalog: string | undefined): string {
  if (catalog !== undefined) {
    return `select table_schema as "schema", table_name as name from ${quoteIdentifier(catalog)}.information_schema.tables
      where table_schema <> 'information_schema'`;
  }
  return `select table_schem as "schema", table_cat as catalog, table_name as name from system.jdbc.tables
    where table_cat <> 'system' and table_schem <> 'information_schema'`;
}

export async function listTables(target: TrinoTarget, signal: AbortSignal): Promise<TableName[]> {
  const result = await runQuery(target, tablesSql(target.configuration.catalog), { signal });
  return result.rows.map((row) => ({ schema: String(row[0]), name: String(row[result.columns.length - 1]) }));
}

/** `schema.table` or `table` (in the connection's schema) as a quoted, qualified name. */
function quotedTable(qualified: string): string {
  return qualified.split(".").map(quoteIdentifier).join(".");
}

/**
 * Trino checks access control while analysing a statement, so validating (never running) a
 * statement that needs the privilege asks the engine's own access control, whatever plugin
 * (file, Ranger, OPA, …) it uses. A missing table or schema counts as not granted.
 */
export function privilegeProbeSql(required: RequiredPrivilege): string {
  switch (required.privilege) {
    case "select":
      return `explain (type validate) select * from ${quotedTable(required.table)} where false`;
    case "insert":
      return `explain (type validate) insert into ${quotedTable(required.table)} select * from ${quotedTable(required.table)} where false`;
    case "createTable": {
      const probeTable = `dataplane_privilege_probe_${randomBytes(6).toString("hex")}`;
      return `explain (type validate) create table ${quotedTable(required.schema)}.${quoteIdentifier(probeTable)} as select 1 as probe`;
    }
  }
}

const NOT_GRANTED = new Set([
  "PERMISSION_DENIED",
  "TABLE_NOT_FOUND",
  "SCHEMA_NOT_FOUND",
  "CATALOG_NOT_FOUND",
  "MISSING_TABLE",
  "MISSING_SCHEMA_NAME",
  "MISSING_CATALOG_NAME",
]);

export async function hasPrivilege(target: TrinoTarget, required: RequiredPrivilege, signal: AbortSignal): Promise<boolean> {
  try {
    await runQuery(target, privilegeProbeSql(required), { signal });
    return true;
  } catch (error) {
    if (error instanceof TrinoQueryError && NOT_GRANTED.has(error.errorName)) return false;
    throw error;
  }
}
