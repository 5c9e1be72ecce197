import type { Client, QueryConfig, QueryResult } from "pg";
import { pollUntil } from "../../core/poll";
import { withoutTrailingSemicolons } from "../../core/sql-text";
import type { TableReference } from "../../core/columns";
import type { DataSession, DescribedQuery, ResultColumn } from "../../core/vendor-contract";
import { DataplaneError } from "../../core/failures";
import { copyGrants, describeDependents } from "./dependents";
import { postgresDialect } from "./dialect";
import { postgresPreview } from "./preview-statements";
import { postgresNativeType } from "./types";
import { connect, type PostgresTarget } from "./connection";

const TYPE_NAMES_SQL = "select format_type(oid, typmod) as name from unnest($1::oid[], $2::int[]) as t(oid, typmod)";

/** A table's columns in order; to_regclass resolves a bare name through the search path, as statements do. */
const TABLE_COLUMNS_SQL = `select attname as name, format_type(atttypid, atttypmod) as native_type, not attnotnull as nullable
  from pg_attribute where attrelid = to_regclass($1) and attnum > 0 and not attisdropped order by attnum`;

/** A query and its parameters. */
export interface CatalogQuery {
  text: string;
  values: unknown[];
}

/**
 * How a session reads the catalog. Postgres's own queries by default; a database speaking the
 * protocol without every function (no arrays, no to_regclass) passes its own.
 */
export interface SessionCatalog {
  /** One row with a `name` column per (type oid, modifier) pair, in order. */
  typeNames(types: Array<{ oid: number; modifier: number }>): CatalogQuery;
  /** A table's columns in order, as rows of `name`, `native_type`, `nullable`; none when it does not exist. */
  tableColumns(table: TableReference): CatalogQuery;
}

const postgresCatalog: SessionCatalog = {
  typeNames: (types) => ({ text: TYPE_NAMES_SQL, values: [types.map((type) => type.oid), types.map((type) => type.modifier)] }),
  tableColumns: (table) => ({ text: TABLE_COLUMNS_SQL, values: [postgresDialect.qualifiedName(table)] }),
};

/** Job statements see times in UTC whatever the server's default. */
const SESSION_SETTINGS = "set time zone 'UTC'";

/** Returns once backend `processId` is gone or idle: its statement no longer runs in the server. */
function untilStatementGone(client: Client, processId: number): Promise<void> {
  return pollUntil(async () => {
    const { rows } = await client.query<{ state: string | null }>("select state from pg_stat_activity where pid = $1", [processId]);
    return rows.length === 0 || rows[0].state === "idle" || rows[0].state === "idle in transaction (aborted)";
  }, `the statement still runs in pg_stat_activity (pid ${processId})`);
}

/**
 * A second connection asks the server to cancel backend `processId`'s statement: abandoning
 * the socket would leave the query running. Then it watches pg_stat_activity until the
 * backend runs nothing.
 */
export async function cancelBackend(target: PostgresTarget, processId: number): Promise<void> {
  const canceller = await connect(target, undefined, { applicationName: "pulumi-dataplane-cancel" });
  try {
    await canceller.query("select pg_cancel_backend($1)", [processId]);
    await untilStatementGone(canceller, processId);
  } finally {
    await canceller.end().catch(() => undefined);
  }
}

export async function openDataSession(
  target: PostgresTarget,
  signal: AbortSignal,
  catalog: SessionCatalog = postgresCatalog,
): Promise<DataSession> {
  const client = await connect(target, signal, { applicationName: "pulumi-dataplane-job", settings: SESSION_SETTINGS });
  const processId = (client as unknown as { processID: number }).processID;
  // The extended protocol runs exactly one statement: text smuggling a second one (`…; commit`)
  // fails instead of running, where the simple protocol would run every statement in it.
  // (@types/pg does not list queryMode yet; pg reads it from the query config.)
  const query = (text: string, parameters: readonly unknown[]): Promise<QueryResult> =>
    client.query({ text, values: [...parameters], queryMode: "extended" } as QueryConfig);
  const rows = async <Row>(sql: string, parameters: readonly unknown[] = []) => (await query(sql, parameters)).rows as Row[];
  return {
    dialect: postgresDialect,
    execute: async (sql, parameters = []) => (await query(sql, parameters)).rowCount ?? 0,
    rows: async <Row>(sql: string, parameters: readonly unknown[] = []) => (await query(sql, parameters)).rows as Row[],
    rehearse: async (sql, parameters) => {
      const preview = postgresPreview(sql);
      if ("refuse" in preview) throw new DataplaneError("sqlError", preview.refuse);
      if (!preview.run) return "notRun";
      await query(sql, parameters);
      return "ran";
    },
    describe: async (sql, parameters): Promise<DescribedQuery> => {
      const result = await query(`select * from (\n${withoutTrailingSemicolons(sql)}\n) as dataplane_described limit 0`, parameters);
      const types = result.fields.map((field) => ({ oid: field.dataTypeID, modifier: field.dataTypeModifier }));
      const typeNames = catalog.typeNames(types);
      const names = types.length === 0 ? { rows: [] } : await client.query<{ name: string }>(typeNames.text, typeNames.values);
      return { columns: result.fields.map((field, index): ResultColumn => ({ name: field.name, nativeType: names.rows[index].name })) };
    },
    describeTable: async (table) => {
      const columns = catalog.tableColumns(table);
      const result = await client.query<{ name: string; native_type: string; nullable: boolean }>(columns.text, columns.values);
      if (result.rows.length === 0) return undefined;
      return result.rows.map((row) => ({
        name: row.name,
        nativeType: row.native_type,
        type: postgresNativeType(row.native_type),
        nullable: row.nullable,
      }));
    },
    describeDependents: (table) => describeDependents(rows, table),
    copyGrants: (from, to) => copyGrants(rows, from, to),
    cancel: () => cancelBackend(target, processId),
    close: () => client.end().catch(() => undefined),
  };
}
