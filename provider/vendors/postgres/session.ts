import type { Client } from "pg";
import { onAbort } from "../../core/deadline";
import { withoutTrailingSemicolons } from "../../core/sql-text";
import type { DataSession, DescribedQuery, ResultColumn } from "../vendor";
import { copyGrants, describeDependents } from "./dependents";
import { postgresDialect } from "./dialect";
import { clientConfig, type PostgresTarget } from "./driver";

const TYPE_NAMES_SQL = "select format_type(oid, typmod) as name from unnest($1::oid[], $2::int[]) as t(oid, typmod)";

const TABLE_COLUMNS_SQL = `select attname as name, format_type(atttypid, atttypmod) as native_type
  from pg_attribute where attrelid = to_regclass($1) and attnum > 0 and not attisdropped order by attnum`;

async function connect(target: PostgresTarget, applicationName: string, signal?: AbortSignal): Promise<Client> {
  const { Client } = await import("pg");
  const client: Client = new Client({ ...clientConfig(target), application_name: applicationName });
  // Errors after connect (server killed) must not crash the provider process.
  client.on("error", () => undefined);
  if (signal) onAbort(signal, () => (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy());
  await client.connect();
  await client.query("set time zone 'UTC'");
  return client;
}

export async function openDataSession(target: PostgresTarget, signal: AbortSignal): Promise<DataSession> {
  const client = await connect(target, "pulumi-dataplane-job", signal);
  const processId = (client as unknown as { processID: number }).processID;
  const rows = async <Row>(sql: string, parameters: readonly unknown[] = []) => (await client.query(sql, [...parameters])).rows as Row[];
  return {
    dialect: postgresDialect,
    execute: async (sql, parameters = []) => (await client.query(sql, [...parameters])).rowCount ?? 0,
    rows: async <Row>(sql: string, parameters: readonly unknown[] = []) =>
      (await client.query(sql, [...parameters])).rows as Row[],
    describe: async (sql, parameters): Promise<DescribedQuery> => {
      const result = await client.query(`select * from (\n${withoutTrailingSemicolons(sql)}\n) as dataplane_described limit 0`, [...parameters]);
      const names = await client.query<{ name: string }>(TYPE_NAMES_SQL, [
        result.fields.map((field) => field.dataTypeID),
        result.fields.map((field) => field.dataTypeModifier),
      ]);
      return { columns: result.fields.map((field, index): ResultColumn => ({ name: field.name, nativeType: names.rows[index].name })) };
    },
    describeTable: async (table) => {
      const result = await client.query<{ name: string; native_type: string }>(TABLE_COLUMNS_SQL, [
        postgresDialect.qualifiedName(table),
      ]);
      return result.rows.length === 0 ? undefined : result.rows.map((row) => ({ name: row.name, nativeType: row.native_type }));
    },
    describeDependents: (table) => describeDependents(rows, table),
    copyGrants: (from, to) => copyGrants(rows, from, to),
    // A second connection asks the server to cancel: abandoning the socket would leave the query running.
    cancel: async () => {
      const canceller = await connect(target, "pulumi-dataplane-cancel");
      try {
        await canceller.query("select pg_cancel_backend($1)", [processId]);
      } finally {
        await canceller.end().catch(() => undefined);
      }
    },
    close: () => client.end().catch(() => undefined),
  };
}
