/**
 * Loads into and out of Trino (memory connector) against Trino's own path for the same rows,
 * measured in the same run: Trino's PostgreSQL connector reading the source table inside the
 * engine (`CREATE TABLE memory… AS SELECT * FROM postgresql…`, no client in between) is the
 * reference for both directions. Trino has no bulk-load API over its client protocol, so
 * rows going in travel as batched INSERTs; out, they stream as result pages.
 * Each transfer runs in a child process (bench/publish-child.ts) that reports its peak RSS.
 * Run: `bash bench/run.sh publish-trino` (BENCH_ROWS, default 200000; BENCH_ROUNDS, default 3).
 */
import { spawnSync } from "node:child_process";
import { ensureTrino, trinoAdmin } from "../test/support/trino-server";
import { createTrinoTable, dropTrinoTable, trinoEndpoint } from "../test/support/trino-tables";
import {
  bulkFill,
  countRows,
  createTable,
  dropTable,
  execute,
  postgresEndpoint,
  tableOf,
  WIDE_COLUMNS,
  wideRowsSql,
  type Endpoint,
} from "../test/integration/transfer-fixtures";

const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TABLE = "bench_trino";
const SCHEMA = "bench_trino";
const source = postgresEndpoint("dataplane");
const trino = trinoEndpoint(SCHEMA);
const postgresTarget = postgresEndpoint("dataplane_target");

interface ChildResult {
  rows: number;
  seconds: number;
  peakRssMb: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

function transferInChild(from: Endpoint, to: Endpoint): ChildResult {
  const options = {
    source: { type: from.type, target: from.target, table: tableOf(from, TABLE), columns: WIDE_COLUMNS },
    destination: { type: to.type, target: to.target, table: tableOf(to, TABLE) },
  };
  const child = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "bench/publish-child.ts", JSON.stringify(options)], {
    encoding: "utf8",
  });
  if (child.status !== 0) throw new Error(`transfer ${from.type} → ${to.type} failed: ${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split("\n").pop() as string) as ChildResult;
  if (result.rows !== ROWS) throw new Error(`transfer ${from.type} → ${to.type} moved ${result.rows} rows, not ${ROWS}`);
  return result;
}

/** Trino's own load of the same rows: its PostgreSQL connector reads the source inside the engine. */
async function reference(): Promise<number> {
  await trinoAdmin(`drop table if exists memory.${SCHEMA}.${TABLE}`);
  const started = performance.now();
  await trinoAdmin(`create table memory.${SCHEMA}.${TABLE} as select * from postgresql.public.${TABLE}`);
  const seconds = (performance.now() - started) / 1000;
  const [{ n }] = await trinoAdmin<{ n: number }>(`select count(*) as n from memory.${SCHEMA}.${TABLE}`);
  if (Number(n) !== ROWS) throw new Error("the Trino reference did not copy every row");
  return seconds;
}

const rate = (seconds: number): string => `${(ROWS / seconds / 1e3).toFixed(0)} k rows/s`;

function line(label: string, seconds: number, referenceSeconds: number, peakRssMb?: number): void {
  const ratio = (referenceSeconds / seconds).toFixed(2);
  const rss = peakRssMb === undefined ? "" : `, peak RSS ${peakRssMb.toFixed(0)} MB`;
  console.log(`  ${label.padEnd(48)} ${seconds.toFixed(2).padStart(6)} s  ${rate(seconds).padStart(14)}  ratio ${ratio}${rss}`);
}

async function main(): Promise<void> {
  await ensureTrino();
  await trinoAdmin(`create schema if not exists memory.${SCHEMA}`);
  try {
    console.log(
      `publish into and out of Trino, ${ROWS.toLocaleString("en")} rows of (bigint, text, numeric(12,2), timestamptz, boolean, text):`,
    );
    await createTable(source, TABLE, WIDE_COLUMNS);
    await bulkFill(source, TABLE, wideRowsSql(ROWS));
    await execute(source, [`VACUUM ANALYZE ${TABLE}`]);

    const references: number[] = [];
    const into: ChildResult[] = [];
    const outOf: ChildResult[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      references.push(await reference());
      await createTrinoTable(trino, TABLE, WIDE_COLUMNS);
      into.push(transferInChild(source, trino));
      await createTable(postgresTarget, TABLE, WIDE_COLUMNS);
      outOf.push(transferInChild(trino, postgresTarget));
      if ((await countRows(postgresTarget, TABLE)) !== ROWS) throw new Error("Trino → Postgres did not copy every row");
    }
    const referenceSeconds = median(references);
    const intoSeconds = median(into.map((result) => result.seconds));
    const outSeconds = median(outOf.map((result) => result.seconds));
    console.log(`median of ${ROUNDS}, ratio = reference time / our time:`);
    line("Trino's PostgreSQL connector, CTAS (reference)", referenceSeconds, referenceSeconds);
    line("Postgres → Trino (batched INSERTs)", intoSeconds, referenceSeconds, Math.max(...into.map((result) => result.peakRssMb)));
    line("Trino → Postgres (result pages, COPY)", outSeconds, referenceSeconds, Math.max(...outOf.map((result) => result.peakRssMb)));
  } finally {
    await dropTable(source, TABLE).catch(() => undefined);
    await dropTable(postgresTarget, TABLE).catch(() => undefined);
    await dropTrinoTable(trino, TABLE).catch(() => undefined);
    await trinoAdmin(`drop schema if exists memory.${SCHEMA}`).catch(() => undefined);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
