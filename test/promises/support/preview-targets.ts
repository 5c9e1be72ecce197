import { createHash } from "node:crypto";
import { chmodSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { VendorType } from "../../../provider/vendors/registry";
import { connectionReferences, uniqueName, withMysql, withPostgres } from "../../support/admin";
import { startBigqueryEmulator } from "../../support/bigquery-emulator";
import { adminClient, createTable as createBigqueryTable, query as bigqueryQuery } from "../../support/bigquery-admin";
import { mysql } from "../../support/services";
import { startFakeSnowflake } from "../../support/snowflake-server";
import { trinoConnection } from "../../support/trino-connection";
import { ensureTrino, trinoAdmin } from "../../support/trino-server";
import { openDataSessionFor } from "../../support/data-session";

/**
 * One database per vendor, arranged for the "preview changes nothing" promise: a schema of the
 * test's own holding a 100-row `ledger` and a `victim` table, a local folder hostile SQL may
 * try to write into, and a snapshot of everything a preview could change (every table's rows
 * as an md5 over all ordered rows, the schemas and tables that exist, the folder's files).
 */
export interface Snapshot {
  tables: Record<string, string>;
  schemas: string[];
  files: string[];
}

export interface HostileStep {
  name: string;
  sql: string;
}

export interface PreviewTarget {
  connection: Record<string, unknown>;
  /** Where the job's result would go (inside the test's own schema). */
  outputPath: string[];
  /** Qualified names for hostile SQL. */
  ledger: string;
  victim: string;
  schema: string;
  /** A schema name that must not come to exist. */
  newSchema: string;
  /** A qualified table name that must not come to exist. */
  newTable: string;
  integerType: string;
  folder: string;
  /** Hostile statements only this vendor speaks. */
  extraHostile: HostileStep[];
  snapshot(): Promise<Snapshot>;
  close(): Promise<void>;
}

export function checksum(rows: Array<Record<string, unknown>>): string {
  const lines = rows.map((row) => JSON.stringify(Object.entries(row).map(([key, value]) => [key.toLowerCase(), value === null || value === undefined ? null : String(value)])));
  return createHash("md5").update(lines.sort().join("\n")).digest("hex");
}

function listFiles(folder: string): string[] {
  return (readdirSync(folder, { recursive: true }) as string[]).map(String).sort();
}

/** A folder anyone may write into, so a database server's own process could write there too. */
function openFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), `${prefix}-`));
  chmodSync(folder, 0o777);
  return folder;
}

const LEDGER_ROWS = Array.from({ length: 100 }, (_, index) => `(${index + 1}, 'entry ${index + 1}')`).join(", ");

async function postgresTarget(type: "postgres" | "redshift"): Promise<PreviewTarget> {
  const schema = uniqueName(`promise_${type}`);
  const folder = openFolder(`preview-promise-${type}`);
  const largeObject = await withPostgres(async (client) => {
    await client.query(`create schema ${schema}`);
    await client.query(`create table ${schema}.ledger (x integer primary key, note text)`);
    await client.query(`insert into ${schema}.ledger values ${LEDGER_ROWS}`);
    await client.query(`create table ${schema}.victim as select x from ${schema}.ledger where x <= 5`);
    // A procedure and a function that commit on their own: CALL and DO must not end the preview's transaction.
    await client.query(`create procedure ${schema}.wipe() language plpgsql as $$ begin delete from ${schema}.ledger; commit; end $$`);
    // A large object for lo_export to write out as a server file.
    return Number((await client.query("select lo_from_bytea(0, 'written by preview') as oid")).rows[0].oid);
  });
  const { postgres } = connectionReferences(join(folder, "unused.duckdb"));
  return {
    connection: { ...postgres, type, connectionId: type },
    outputPath: [schema],
    ledger: `${schema}.ledger`,
    victim: `${schema}.victim`,
    schema,
    newSchema: `${schema}_new`,
    newTable: `${schema}.created`,
    integerType: "integer",
    folder,
    extraHostile: [
      { name: "copy_to_file", sql: `copy ${schema}.ledger to '${folder}/copied.csv'` },
      { name: "copy_query_to_file", sql: `copy (select * from ${schema}.ledger) to '${folder}/query.csv' with (format csv)` },
      { name: "copy_to_program", sql: `copy (select 1) to program 'touch ${folder}/program-ran'` },
      { name: "copy_from_program", sql: `copy ${schema}.victim (x) from program 'touch ${folder}/program-read; echo 1000'` },
      { name: "do_commit", sql: `do $$ begin delete from ${schema}.ledger; commit; end $$` },
      { name: "do_copy_to_file", sql: `do $$ begin execute 'copy (select 1) to ''${folder}/from-do.csv'''; end $$` },
      { name: "call_commit", sql: `call ${schema}.wipe()` },
      { name: "vacuum", sql: `vacuum ${schema}.ledger` },
      { name: "index_concurrently", sql: `create index concurrently ${schema.slice(0, 40)}_ix on ${schema}.ledger (note)` },
      { name: "create_database", sql: `create database ${schema}_db` },
      { name: "drop_schema", sql: `drop schema ${schema} cascade` },
      { name: "lo_export", sql: `select lo_export(${largeObject}, '${folder}/large-object.bin') as exported` },
      { name: "comment_and_grant", sql: `comment on table ${schema}.ledger is 'changed by preview'` },
    ],
    snapshot: () =>
      withPostgres(async (client) => {
        const tables = await client.query<{ name: string }>(
          "select table_name as name from information_schema.tables where table_schema = $1 order by 1",
          [schema],
        );
        const rows: Record<string, string> = {};
        for (const { name } of tables.rows) rows[name] = checksum((await client.query(`select * from ${schema}."${name}"`)).rows);
        const schemas = await client.query<{ name: string }>(
          "select nspname as name from pg_namespace where nspname like $1 union all select datname from pg_database where datname like $1 order by 1",
          [`${schema}%`],
        );
        const comment = await client.query(`select obj_description('${schema}.ledger'::regclass) as comment`);
        rows["ledger comment"] = String(comment.rows[0].comment);
        return { tables: rows, schemas: schemas.rows.map((row) => row.name), files: listFiles(folder) };
      }),
    close: async () => {
      await withPostgres(async (client) => {
        await client.query(`drop schema if exists ${schema} cascade`);
        await client.query(`select lo_unlink(${largeObject})`);
      });
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function mysqlTarget(): Promise<PreviewTarget> {
  // The test database is shared by every test: names carry a unique prefix instead of a schema of their own.
  const prefix = uniqueName("promise_mysql");
  const database = mysql.database;
  const folder = openFolder("preview-promise-mysql");
  await withMysql(async (connection) => {
    await connection.query(`create table ${database}.${prefix}_ledger (x integer primary key, note text)`);
    await connection.query(`insert into ${database}.${prefix}_ledger values ${LEDGER_ROWS}`);
    await connection.query(`create table ${database}.${prefix}_victim as select x from ${database}.${prefix}_ledger where x <= 5`);
    await connection.query(`create procedure ${database}.${prefix}_wipe() begin delete from ${database}.${prefix}_ledger; commit; end`);
  });
  const { mysql: connection } = connectionReferences(join(folder, "unused.duckdb"));
  return {
    connection,
    outputPath: [database],
    ledger: `${database}.${prefix}_ledger`,
    victim: `${database}.${prefix}_victim`,
    schema: database,
    newSchema: `${prefix}_new`,
    newTable: `${database}.${prefix}_created`,
    integerType: "integer",
    folder,
    extraHostile: [
      { name: "call_commit", sql: `call ${database}.${prefix}_wipe()` },
      { name: "into_outfile", sql: `select * from ${database}.${prefix}_ledger into outfile '${folder}/outfile.txt'` },
      { name: "lock_tables", sql: `lock tables ${database}.${prefix}_ledger write` },
      { name: "rename_table", sql: `rename table ${database}.${prefix}_ledger to ${database}.${prefix}_renamed` },
    ],
    snapshot: () =>
      withMysql(async (session) => {
        const [tables] = await session.query(
          "select table_name as name from information_schema.tables where table_schema = ? and table_name like ? order by 1",
          [database, `${prefix}%`],
        );
        const rows: Record<string, string> = {};
        for (const { name } of tables as Array<{ name: string }>) {
          rows[name] = checksum((await session.query(`select * from ${database}.\`${name}\``))[0] as Array<Record<string, unknown>>);
        }
        const [schemas] = await session.query("select schema_name as name from information_schema.schemata where schema_name like ?", [`${prefix}%`]);
        return { tables: rows, schemas: (schemas as Array<{ name: string }>).map((row) => row.name), files: listFiles(folder) };
      }),
    close: async () => {
      await withMysql(async (session) => {
        for (const suffix of ["ledger", "victim", "created", "renamed"]) await session.query(`drop table if exists ${database}.${prefix}_${suffix}`);
        await session.query(`drop procedure if exists ${database}.${prefix}_wipe`);
        await session.query(`drop database if exists ${prefix}_new`);
      });
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function duckdbTarget(): Promise<PreviewTarget> {
  const folder = openFolder("preview-promise-duckdb");
  const file = join(folder, "warehouse.duckdb");
  const { duckdb: connection } = connectionReferences(file);
  const schema = "promise";
  const run = async <T>(work: (session: Awaited<ReturnType<typeof openDataSessionFor>>) => Promise<T>): Promise<T> => {
    const session = await openDataSessionFor(connection);
    try {
      return await work(session);
    } finally {
      await session.close();
    }
  };
  await run(async (session) => {
    await session.execute(`create schema ${schema}`);
    await session.execute(`create table ${schema}.ledger (x integer primary key, note varchar)`);
    await session.execute(`insert into ${schema}.ledger values ${LEDGER_ROWS}`);
    await session.execute(`create table ${schema}.victim as select x from ${schema}.ledger where x <= 5`);
    await session.execute("checkpoint");
  });
  return {
    connection,
    outputPath: [schema],
    ledger: `${schema}.ledger`,
    victim: `${schema}.victim`,
    schema,
    newSchema: `${schema}_new`,
    newTable: `${schema}.created`,
    integerType: "integer",
    folder,
    extraHostile: [
      { name: "copy_to_file", sql: `copy ${schema}.ledger to '${folder}/copied.csv'` },
      { name: "copy_query_to_parquet", sql: `copy (select * from ${schema}.ledger) to '${folder}/copied.parquet' (format parquet)` },
      { name: "attach", sql: `attach '${folder}/attached.duckdb' as attached_db` },
      { name: "export_database", sql: `export database '${folder}/exported'` },
      { name: "copy_from_database", sql: `copy from database warehouse to memory` },
      { name: "checkpoint", sql: "checkpoint" },
      { name: "vacuum", sql: "vacuum" },
      { name: "detach", sql: "detach warehouse" },
      { name: "create_sequence", sql: `create sequence ${schema}.created_sequence` },
      { name: "create_macro", sql: `create macro ${schema}.created_macro(a) as a` },
      { name: "set_and_use", sql: "use memory" },
      { name: "prepare", sql: `prepare hostile as delete from ${schema}.ledger` },
    ],
    snapshot: () =>
      run(async (session) => {
        const tables = await session.rows<{ name: string }>(
          "select table_name as name from duckdb_tables() where database_name = current_database() and schema_name = $1 order by 1",
          [schema],
        );
        const rows: Record<string, string> = {};
        for (const { name } of tables) rows[name] = checksum(await session.rows(`select * from ${schema}."${name}"`));
        const schemas = await session.rows<{ name: string }>("select schema_name as name from duckdb_schemas() order by 1");
        const databases = await session.rows<{ name: string }>("select database_name as name from duckdb_databases() order by 1");
        const sequences = await session.rows<{ name: string }>("select sequence_name as name from duckdb_sequences() order by 1");
        return {
          tables: rows,
          schemas: [...schemas, ...databases, ...sequences].map((row) => row.name),
          files: listFiles(folder).filter((name) => !name.endsWith(".wal")),
        };
      }),
    close: async () => {
      const { vendors } = await import("../../../provider/vendors/registry");
      await (await vendors.duckdb.load()).release?.(connection.configuration as never);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function trinoTarget(): Promise<PreviewTarget> {
  await ensureTrino();
  const schema = uniqueName("promise_trino");
  const folder = openFolder("preview-promise-trino");
  await trinoAdmin(`create schema memory.${schema}`);
  await trinoAdmin(`create table memory.${schema}.ledger (x integer, note varchar)`);
  await trinoAdmin(`insert into memory.${schema}.ledger values ${LEDGER_ROWS}`);
  await trinoAdmin(`create table memory.${schema}.victim as select x from memory.${schema}.ledger where x <= 5`);
  return {
    connection: trinoConnection(schema),
    outputPath: [schema],
    ledger: `memory.${schema}.ledger`,
    victim: `memory.${schema}.victim`,
    schema: `memory.${schema}`,
    newSchema: `memory.${schema}_new`,
    newTable: `memory.${schema}.created`,
    integerType: "integer",
    folder,
    extraHostile: [
      { name: "execute_immediate_insert", sql: `execute immediate 'insert into memory.${schema}.ledger values (2000, ''smuggled'')'` },
      { name: "execute_immediate_drop", sql: `execute immediate 'drop table memory.${schema}.victim'` },
      { name: "drop_schema", sql: `drop schema memory.${schema} cascade` },
      { name: "set_session", sql: "set session query_max_run_time = '1s'" },
    ],
    snapshot: async () => {
      const tables = await trinoAdmin<{ name: string }>(`select table_name as name from memory.information_schema.tables where table_schema = '${schema}' order by 1`);
      const rows: Record<string, string> = {};
      for (const { name } of tables) rows[name] = checksum(await trinoAdmin(`select * from memory.${schema}."${name}"`));
      const schemas = await trinoAdmin<{ name: string }>(`select schema_name as name from memory.information_schema.schemata where schema_name like '${schema}%'`);
      return { tables: rows, schemas: schemas.map((row) => row.name).sort(), files: listFiles(folder) };
    },
    close: async () => {
      for (const table of ["ledger", "victim", "created"]) await trinoAdmin(`drop table if exists memory.${schema}.${table}`);
      await trinoAdmin(`drop schema if exists memory.${schema}`);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function snowflakeTarget(): Promise<PreviewTarget> {
  const database = uniqueName("PROMISE").toUpperCase();
  const server = await startFakeSnowflake(database);
  const folder = openFolder("preview-promise-snowflake");
  await server.admin(async (client) => {
    await client.query("create table PUBLIC.LEDGER (X integer, NOTE varchar)");
    await client.query(`insert into PUBLIC.LEDGER values ${LEDGER_ROWS}`);
    await client.query("create table PUBLIC.VICTIM as select X from PUBLIC.LEDGER where X <= 5");
  });
  return {
    connection: { connectionId: "snow", type: "snowflake", configuration: server.configuration(), credentials: { password: "any-pw" } },
    outputPath: ["PUBLIC"],
    ledger: "PUBLIC.LEDGER",
    victim: "PUBLIC.VICTIM",
    schema: "PUBLIC",
    newSchema: "PROMISE_NEW",
    newTable: "PUBLIC.CREATED",
    integerType: "integer",
    folder,
    extraHostile: [
      { name: "execute_immediate", sql: "execute immediate 'delete from PUBLIC.LEDGER'" },
      { name: "script_block", sql: "begin delete from PUBLIC.LEDGER; end" },
      { name: "copy_into_stage", sql: "copy into @~/preview from PUBLIC.LEDGER" },
    ],
    snapshot: () =>
      server.admin(async (client) => {
        const tables = await client.query<{ NAME: string }>("select table_name as name from information_schema.tables where table_schema = 'PUBLIC' order by 1");
        const rows: Record<string, string> = {};
        for (const { NAME } of tables) rows[NAME] = checksum(await client.query(`select * from PUBLIC."${NAME}"`));
        const schemas = await client.query<{ NAME: string }>("select schema_name as name from information_schema.schemata order by 1");
        return { tables: rows, schemas: schemas.map((row) => row.NAME), files: listFiles(folder) };
      }),
    close: async () => {
      await server.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function bigqueryTarget(): Promise<PreviewTarget> {
  const emulator = await startBigqueryEmulator();
  const dataset = emulator.dataset;
  const folder = openFolder("preview-promise-bigquery");
  // Tables through the tables API, rows through a query, as the other BigQuery tests arrange them.
  await createBigqueryTable(emulator, dataset, "ledger", [{ name: "x", type: "INT64" }, { name: "note", type: "STRING" }]);
  await createBigqueryTable(emulator, dataset, "victim", [{ name: "x", type: "INT64" }]);
  await bigqueryQuery(emulator, `insert into \`${dataset}.ledger\` (x, note) values ${LEDGER_ROWS}`);
  await bigqueryQuery(emulator, `insert into \`${dataset}.victim\` (x) values (1), (2), (3), (4), (5)`);
  return {
    connection: { connectionId: "bq", type: "bigquery", configuration: emulator.configuration(), credentials: {} },
    outputPath: [dataset],
    ledger: `\`${dataset}.ledger\``,
    victim: `\`${dataset}.victim\``,
    schema: dataset,
    newSchema: `${dataset}_new`,
    newTable: `\`${dataset}.created\``,
    integerType: "INT64",
    folder,
    extraHostile: [
      { name: "execute_immediate", sql: `execute immediate "delete from \`${dataset}.ledger\` where true"` },
      { name: "script_block", sql: `begin delete from \`${dataset}.ledger\` where true; end` },
      { name: "begin_transaction", sql: `begin transaction` },
    ],
    snapshot: async () => {
      const [tables] = await adminClient(emulator).dataset(dataset).getTables();
      const rows: Record<string, string> = {};
      for (const table of tables) rows[String(table.id)] = checksum(await bigqueryQuery(emulator, `select * from \`${dataset}.${table.id}\``));
      const [datasets] = await adminClient(emulator).getDatasets();
      return { tables: rows, schemas: datasets.map((entry) => String(entry.id)).sort(), files: listFiles(folder) };
    },
    close: async () => {
      await emulator.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Every vendor of the registry has a target: the compiler names one that lacks it. */
export const PREVIEW_TARGETS: Record<VendorType, () => Promise<PreviewTarget>> = {
  postgres: () => postgresTarget("postgres"),
  redshift: () => postgresTarget("redshift"),
  mysql: mysqlTarget,
  duckdb: duckdbTarget,
  trino: trinoTarget,
  snowflake: snowflakeTarget,
  bigquery: bigqueryTarget,
};
