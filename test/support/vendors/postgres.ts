import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { uniqueName, withPostgres } from "../admin";
import { FULL_TABLE, literal, TARGET_PG_DATABASE } from "../atomic-tables";
import { checksum, LEDGER_ROWS, listFiles, openFolder } from "../preview-snapshot";
import { redshiftCredentials, redshiftServices, s3Staging } from "../redshift-services";
import { postgres } from "../services";
import { postgresEndpoint } from "../../integration/transfer-fixtures";
import type { AtomicTarget, ConnectionReference, LeastPrivilegedUser, PreviewTarget, VendorFixture } from "./fixture";

/**
 * PostgreSQL, the server scripts/setup.sh starts. Redshift speaks its protocol, so its fixture
 * (redshift.ts) is this one under another type, reached through the Redshift proxy
 * (redshift-proxy.ts), which refuses what Redshift refuses.
 */
export type PostgresFamily = "postgres" | "redshift";

const doubleQuote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** A connection to the suite's PostgreSQL; Redshift's goes through the Redshift proxy and stages its loads in the S3 emulator. */
function connection(type: PostgresFamily, connectionId: string, database = postgres.database): ConnectionReference {
  if (type === "redshift") {
    const { proxyPort, s3Endpoint } = redshiftServices();
    return {
      connectionId,
      type,
      configuration: { host: postgres.host, port: proxyPort, database, user: postgres.user, s3: s3Staging(s3Endpoint) },
      credentials: redshiftCredentials(),
    };
  }
  return {
    connectionId,
    type,
    configuration: { host: postgres.host, port: postgres.port, database, user: postgres.user },
    credentials: { password: postgres.password },
  };
}

async function running(marker: string): Promise<number> {
  return withPostgres(async (client) => {
    const { rows } = await client.query(
      "select count(*) as n from pg_stat_activity where state = 'active' and backend_type = 'client backend' and query like $1 and pid <> pg_backend_pid()",
      [`%${marker}%`],
    );
    return Number(rows[0].n);
  });
}

async function tablesLike(prefix: string): Promise<string[]> {
  return withPostgres(async (client) => {
    const { rows } = await client.query<{ name: string }>(
      "select table_name as name from information_schema.tables where table_schema = 'public' and table_name like $1",
      [`${prefix}%`],
    );
    return rows.map((row) => row.name);
  });
}

/** Terminates the COPY loading `table` (or its staging table) once it has taken rows. */
async function killLoad(table: string): Promise<boolean> {
  return withPostgres(async (client) => {
    const result = await client.query(
      `select pg_terminate_backend(a.pid) from pg_stat_activity a join pg_stat_progress_copy p using (pid)
         where a.application_name = 'pulumi-dataplane-load' and position(${literal(table)} in a.query) > 0 and p.tuples_processed > 0`,
    );
    return result.rows.length > 0;
  }, TARGET_PG_DATABASE);
}

async function settled(table: string): Promise<boolean> {
  return withPostgres(async (client) => {
    const result = await client.query(
      `select 1 from pg_stat_activity where application_name like 'pulumi-dataplane%' and state <> 'idle' and position(${literal(table)} in query) > 0`,
    );
    return result.rows.length === 0;
  }, TARGET_PG_DATABASE);
}

async function previewTarget(type: PostgresFamily): Promise<PreviewTarget> {
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
  return {
    connection: connection(type, type),
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

function atomicTarget(type: PostgresFamily): AtomicTarget {
  return {
    start: async () => undefined,
    stop: async () => undefined,
    connection: () => connection(type, `${type}-target`, TARGET_PG_DATABASE),
    path: () => ["public"],
    createTableSql: (qualified, q) => FULL_TABLE(qualified, q),
    excludedFaults: {},
    engineCatalog: {
      excluded: `the atomic target is the database ${TARGET_PG_DATABASE}, and the suite's Trino reaches only the job's database (catalog postgresql); Postgres → Postgres through Trino is proven in test/integration/trino-engine-publication.test.ts`,
    },
    excludedActions: {},
    killLoad,
    settled,
    killRows: 200_000,
    // Redshift is reached through the same server and code as postgres: one SIGKILL trial repeats what postgres proves.
    providerKillTrials: type === "postgres" ? 2 : 1,
  };
}

async function leastPrivilegedUser(): Promise<LeastPrivilegedUser> {
  const schema = uniqueName("least");
  const user = uniqueName("least_role");
  const password = `pw-${randomBytes(9).toString("hex")}`;
  const admin = (sql: string) => withPostgres(async (client) => (await client.query(sql)).rows);
  await admin(`create schema ${schema}`);
  await admin(`create role ${user} login password '${password}'`);
  // On an existing schema only: no CREATE on the database (so no CREATE SCHEMA).
  await admin(`grant usage, create on schema ${schema} to ${user}`);
  return {
    admin,
    schema,
    connection: {
      connectionId: "pg-least",
      type: "postgres",
      configuration: { host: postgres.host, port: postgres.port, database: postgres.database, user },
      credentials: { password },
    },
    qualified: (table) => `${schema}.${table}`,
    tableGrants: { load: "insert", truncateAndLoad: "insert, truncate", upsert: "select, insert, delete" },
    grantOnTable: (grants, table) => `grant ${grants} on ${schema}.${table} to ${user}`,
    drop: async () => {
      await admin(`drop schema ${schema} cascade`);
      await admin(`drop owned by ${user}`);
      await admin(`drop role ${user}`);
    },
  };
}

export function postgresFamily(type: PostgresFamily): VendorFixture {
  return {
    type,
    sample: { configuration: { host: "127.0.0.1", port: 1, database: "shop", user: "app" }, credentials: { password: "pw" } },
    placeEngineCatalog:
      type === "postgres"
        ? "postgresql"
        : {
            excluded:
              "Trino reaches the server as Postgres through its postgresql catalog, which is no Redshift: moving into Redshift is proven on postgres",
          },
    place: async () => ({
      connection: connection(type, "pg"),
      path: ["public"],
      quote: doubleQuote,
      qualified: (table) => `public.${doubleQuote(table)}`,
      admin: (sql) => withPostgres(async (client) => (await client.query(sql)).rows),
      informationSchema: "information_schema",
      textType: "varchar(40)",
      close: async () => undefined,
    }),
    previewTarget: () => previewTarget(type),
    atomicTarget: () => atomicTarget(type),
    cancellation: {
      start: async () => ({
        connection: connection(type, type === "postgres" ? "pg" : type),
        slowQuery: (marker) => `select 1 as ${marker} from pg_sleep(30)`,
        running,
        listsStatements: true,
        publishPath: ["public"],
        tablesLike,
        close: async () => undefined,
      }),
    },
    pushdown:
      type === "postgres"
        ? {
            connection: () => connection(type, "pg"),
            schema: "public",
            jobSchema: "dataplane",
            admin: (_connection, sql) => withPostgres(async (client) => (await client.query(sql)).rows),
            tableExistsSql: (schema, table) =>
              `select 1 from information_schema.tables where table_schema = '${schema}' and table_name = '${table}'`,
            textLiteral: (text) => `'${text.replace(/'/g, "''")}'`,
            nullText: "cast(null as varchar(20))",
            integerCast: (expression) => `cast(${expression} as integer)`,
            typedSelect: {
              sql: "select 1::integer as id, 'x'::text as label, 2.5::numeric(10,2) as amount, date '2026-01-02' as day",
              nativeTypes: ["integer", "text", "numeric(10,2)", "date"],
            },
            reader: {
              create: (name) => [`create role ${name}`],
              grant: (name, table) => `grant select on ${table} to ${name}`,
              holds: (name, schema, table) =>
                `select 1 from information_schema.role_table_grants where grantee = '${name}' and table_schema = '${schema}' and table_name = '${table}' and privilege_type = 'SELECT'`,
              drop: (name) => [`drop owned by ${name}`, `drop role ${name}`],
              label: (name) => `${name}: SELECT`,
              afterReplace: "copied to the new table",
            },
            arrayLiteral: (items) => `array[${items.join(", ")}]`,
          }
        : { excluded: "replaced in redshift.ts" },
    transfer:
      type === "postgres"
        ? { endpoint: (_scratch, role) => postgresEndpoint(role === "source" ? postgres.database : TARGET_PG_DATABASE) }
        : { excluded: "replaced in redshift.ts" },
    warehouse: {
      excluded:
        type === "postgres"
          ? "not a warehouse peer: it is the warehouse files' source, and its transfers with each warehouse run in that warehouse's own round trip"
          : "Redshift is reached through the Redshift proxy in front of the suite's PostgreSQL, not as a warehouse peer of its own",
    },
    leastPrivilege: type === "postgres" ? { start: leastPrivilegedUser } : { excluded: "replaced in redshift.ts" },
    isolation: {
      connection: (prefix) => connection(type, `${prefix}-${type === "postgres" ? "pg" : type}`),
      numbersSql: (first, count) =>
        `select g::bigint as id, 'row-' || g as label from generate_series(${first}, ${first + count - 1}) as t(g)`,
      tablesSql: (path) => `select table_name as table_name from information_schema.tables where table_schema = '${path[path.length - 1]}'`,
      quote: doubleQuote,
    },
  };
}

export const fixture = postgresFamily("postgres");
