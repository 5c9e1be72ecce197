/**
 * A publication whose rows Trino moves (`engine`) against the same publication streamed
 * through the provider (today's path) and against Trino's own CTAS of the same rows, measured
 * in one run, for Postgres → MariaDB (catalog `mysql`) and Postgres → Postgres (catalog
 * `postgresql`). Each publish is `create` into a new table: the whole resource's work
 * (staging table, move, rename into place, ownership), where the CTAS only copies.
 * The streamed Postgres → Postgres publish names its target's host `localhost` (the same server),
 * so it does not count as the job's own database (which would push the work down as SQL).
 * Run: `bash bench/run.sh publish-trino-engine` (BENCH_ROWS, default 200000; BENCH_ROUNDS, default 3).
 */
import * as publication from "../provider/resources/publication";
import { withMysql, withPostgres } from "../test/support/admin";
import { mysql, postgres, trino } from "../test/support/services";
import { ensureTrino, trinoAdmin } from "../test/support/trino-server";
import { bulkFill, createTable, dropTable, postgresEndpoint, WIDE_COLUMNS, wideRowsSql } from "../test/integration/transfer-fixtures";

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SOURCE = "bench_engine_source";
const TARGET = "bench_engine_target";
const REFERENCE = "bench_engine_ctas";
const SCHEMA = "bench_engine";

const median = (values: number[]): number => [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)];

const sourceConnection = {
  connectionId: "bench-source",
  type: "postgres",
  configuration: { host: postgres.host, port: postgres.port, database: postgres.database, user: postgres.user },
  credentials: { password: postgres.password },
};
const engine = (targetCatalog: string) => ({
  connection: {
    connectionId: "bench-trino",
    type: "trino",
    configuration: { server: trino.server, user: "bench_engine" },
    credentials: {},
  },
  sourceCatalog: "postgresql",
  targetCatalog,
});

interface Target {
  label: string;
  catalog: string;
  connection: Record<string, unknown>;
  /** The streamed publish's connection: the same database, not taken for the job's own. */
  streamedConnection: Record<string, unknown>;
  path: string[];
  /** The CTAS's select list: MariaDB has no column type holding a zone, so Trino's connector refuses one (the publication stores UTC). */
  ctasColumns: string;
  drop(table: string): Promise<void>;
  count(table: string): Promise<number>;
}

const targets: Target[] = [
  {
    label: "Postgres → MariaDB",
    catalog: "mysql",
    connection: {
      connectionId: "bench-maria",
      type: "mysql",
      configuration: { host: mysql.host, port: mysql.port, database: SCHEMA, user: mysql.user },
      credentials: { password: mysql.password },
    },
    streamedConnection: {
      connectionId: "bench-maria",
      type: "mysql",
      configuration: { host: mysql.host, port: mysql.port, database: SCHEMA, user: mysql.user },
      credentials: { password: mysql.password },
    },
    path: [SCHEMA],
    ctasColumns: "id, customer, amount, cast(at_timezone(created_at, 'UTC') as timestamp(6)) as created_at, flag, note",
    drop: (table) => withMysql(async (connection) => void (await connection.query(`drop table if exists \`${SCHEMA}\`.\`${table}\``))),
    count: (table) =>
      withMysql(async (connection) => {
        const [rows] = await connection.query(`select count(*) as n from \`${SCHEMA}\`.\`${table}\``);
        return Number((rows as Array<{ n: number }>)[0].n);
      }),
  },
  {
    label: "Postgres → Postgres",
    catalog: "postgresql",
    connection: { ...sourceConnection, connectionId: "bench-pg-target" },
    streamedConnection: {
      ...sourceConnection,
      connectionId: "bench-pg-target",
      configuration: { ...sourceConnection.configuration, host: "localhost" },
    },
    path: [SCHEMA],
    ctasColumns: "*",
    drop: (table) => withPostgres(async (client) => void (await client.query(`drop table if exists "${SCHEMA}"."${table}"`))),
    count: (table) =>
      withPostgres(async (client) => Number((await client.query(`select count(*) as n from "${SCHEMA}"."${table}"`)).rows[0].n)),
  },
];

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

async function publishSeconds(target: Target, withEngine: boolean): Promise<number> {
  await target.drop(TARGET);
  const seconds = await timed(() =>
    publication.create({
      resourceName: "bench-engine",
      source: { connection: sourceConnection, result: { path: ["public"], table: SOURCE } },
      connection: withEngine ? target.connection : target.streamedConnection,
      path: target.path,
      table: TARGET,
      action: "create",
      ...(withEngine ? { engine: engine(target.catalog) } : {}),
    }),
  );
  if ((await target.count(TARGET)) !== ROWS) throw new Error(`${target.label}: the publication did not copy every row`);
  return seconds;
}

/** Trino's own copy of the same rows: CREATE TABLE … AS SELECT across its catalogs, no staging, no apply. */
async function ctasSeconds(target: Target): Promise<number> {
  await target.drop(REFERENCE);
  const seconds = await timed(() =>
    trinoAdmin(`create table ${target.catalog}.${SCHEMA}.${REFERENCE} as select ${target.ctasColumns} from postgresql.public.${SOURCE}`),
  );
  if ((await target.count(REFERENCE)) !== ROWS) throw new Error(`${target.label}: the CTAS did not copy every row`);
  return seconds;
}

const rate = (seconds: number): string => `${(ROWS / seconds / 1e3).toFixed(0)} k rows/s`;

async function main(): Promise<void> {
  await ensureTrino();
  const source = postgresEndpoint();
  await dropTable(source, SOURCE).catch(() => undefined);
  await createTable(source, SOURCE, WIDE_COLUMNS);
  await bulkFill(source, SOURCE, wideRowsSql(ROWS));
  await withPostgres((client) => client.query(`create schema if not exists "${SCHEMA}"`));
  await withMysql((connection) => connection.query(`create database if not exists \`${SCHEMA}\``));
  const lines: string[] = [];
  try {
    for (const target of targets) {
      const times = { ctas: [] as number[], engine: [] as number[], streamed: [] as number[] };
      for (let round = 0; round < ROUNDS; round++) {
        times.ctas.push(await ctasSeconds(target));
        times.engine.push(await publishSeconds(target, true));
        times.streamed.push(await publishSeconds(target, false));
      }
      const [ctas, moved, streamed] = [median(times.ctas), median(times.engine), median(times.streamed)];
      lines.push(
        `${target.label}:`,
        `  Trino CTAS (reference)               ${ctas.toFixed(2).padStart(6)} s  ${rate(ctas).padStart(14)}`,
        `  publication, Trino engine            ${moved.toFixed(2).padStart(6)} s  ${rate(moved).padStart(14)}  ratio to CTAS ${(ctas / moved).toFixed(2)}`,
        `  publication, streamed (today)        ${streamed.toFixed(2).padStart(6)} s  ${rate(streamed).padStart(14)}  ratio to CTAS ${(ctas / streamed).toFixed(2)}`,
        `  engine against streamed: ${(streamed / moved).toFixed(2)}× the speed`,
      );
    }
    console.log(
      `\npublish ${ROWS.toLocaleString("en")} rows of (bigint, text, numeric(12,2), timestamptz, boolean, text), median of ${ROUNDS}; ratio = reference time / our time:`,
    );
    for (const line of lines) console.log(line);
  } finally {
    for (const target of targets) {
      await target.drop(TARGET).catch(() => undefined);
      await target.drop(REFERENCE).catch(() => undefined);
    }
    await dropTable(source, SOURCE).catch(() => undefined);
    await withPostgres((client) => client.query(`drop schema if exists "${SCHEMA}" cascade`)).catch(() => undefined);
    await withMysql((connection) => connection.query(`drop database if exists \`${SCHEMA}\``)).catch(() => undefined);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
