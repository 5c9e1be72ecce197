/**
 * Publication's bulk path against the command-line references, measured in the same run:
 *   Postgres → Postgres (another database) vs `psql \copy to stdout | psql \copy from stdin`
 *   Postgres → MariaDB vs `psql \copy to stdout | mariadb LOAD DATA LOCAL INFILE '/dev/stdin'`
 *   DuckDB → Postgres and Postgres → DuckDB, against the Postgres reference
 * Each transfer runs in a child process (bench/publish-child.ts) that reports its peak RSS.
 * Run: `bash bench/run.sh publish-transfer` (BENCH_ROWS=10000000 for 10M rows).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDataSql } from "../provider/vendors/mysql/transfer";
import { releaseInstance } from "../provider/vendors/duckdb/handles";
import {
  bulkFill,
  countRows,
  createTable,
  dropTable,
  duckdbEndpoint,
  execute,
  mysqlEndpoint,
  postgresEndpoint,
  tableOf,
  WIDE_COLUMNS,
  wideRowsSql,
  type Endpoint,
} from "../test/integration/transfer-fixtures";
import { mysql as mysqlService, postgres as postgresService } from "../test/support/services";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
/** Reference and transfer alternate this many times; the median of each is compared. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Alternates reference and ours ROUNDS times; returns the medians and our highest peak RSS. */
async function alternate(
  reference: () => Promise<number>,
  ours: () => Promise<ChildResult>,
): Promise<{ reference: number; ours: number; peakRssMb: number }> {
  const referenceTimes: number[] = [];
  const ourTimes: number[] = [];
  let peakRssMb = 0;
  for (let round = 0; round < ROUNDS; round++) {
    referenceTimes.push(await reference());
    const result = await ours();
    ourTimes.push(result.seconds);
    peakRssMb = Math.max(peakRssMb, result.peakRssMb);
  }
  return { reference: median(referenceTimes), ours: median(ourTimes), peakRssMb };
}
const TABLE = "bench_publish";
const source = postgresEndpoint("dataplane");
const postgresTarget = postgresEndpoint("dataplane_target");
const mariaTarget = mysqlEndpoint();

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

function psql(database: string, ...commands: string[]): string {
  const options = commands.map((command) => `-c ${shellQuote(command)}`).join(" ");
  return `psql -X -q -h ${postgresService.host} -p ${postgresService.port} -U ${postgresService.user} -d ${database} ${options}`;
}

function timeShell(script: string): number {
  const started = performance.now();
  execFileSync("bash", ["-o", "pipefail", "-c", script], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, PGPASSWORD: postgresService.password, MYSQL_PWD: mysqlService.password },
  });
  return (performance.now() - started) / 1000;
}

interface ChildResult {
  rows: number;
  seconds: number;
  peakRssMb: number;
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

async function fresh(endpoint: Endpoint): Promise<void> {
  await createTable(endpoint, TABLE, WIDE_COLUMNS);
}

const rate = (seconds: number): string => `${(ROWS / seconds / 1e6).toFixed(2)} M rows/s`;

function line(label: string, seconds: number, referenceSeconds: number, peakRssMb?: number): void {
  const ratio = (referenceSeconds / seconds).toFixed(2);
  const rss = peakRssMb === undefined ? "" : `, peak RSS ${peakRssMb.toFixed(0)} MB`;
  console.log(`  ${label.padEnd(44)} ${seconds.toFixed(2).padStart(6)} s  ${rate(seconds).padStart(16)}  ratio ${ratio}${rss}`);
}

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), "dataplane-bench-"));
  const duckdb = duckdbEndpoint(join(directory, "bench.duckdb"));
  try {
    console.log(`publish transfer, ${ROWS.toLocaleString("en")} rows of (bigint, text, numeric(12,2), timestamptz, boolean, text):`);
    await fresh(source);
    await bulkFill(source, TABLE, wideRowsSql(ROWS));
    await execute(source, [`VACUUM ANALYZE ${TABLE}`]);

    // Postgres → Postgres, another database.
    const pg = await alternate(
      async () => {
        await fresh(postgresTarget);
        const seconds = timeShell(
          `${psql("dataplane", `\\copy ${TABLE} to stdout`)} | ${psql("dataplane_target", `\\copy ${TABLE} from stdin`)}`,
        );
        if ((await countRows(postgresTarget, TABLE)) !== ROWS) throw new Error("the psql reference did not copy every row");
        return seconds;
      },
      async () => {
        await fresh(postgresTarget);
        return transferInChild(source, postgresTarget);
      },
    );
    console.log(`Postgres → Postgres (another database), median of ${ROUNDS}, ratio = reference time / our time (target >= 0.8):`);
    line("psql \\copy | psql \\copy (reference)", pg.reference, pg.reference);
    line("transferTable", pg.ours, pg.reference, pg.peakRssMb);

    // Postgres → MariaDB: the reference runs the same LOAD DATA statement (same SET conversions).
    const loadData = loadDataSql({ path: [mysqlService.database], table: TABLE }, WIDE_COLUMNS).replace(
      "'dataplane-transfer'",
      "'/dev/stdin'",
    );
    const mariadb = `mariadb -h ${mysqlService.host} -P ${mysqlService.port} -u ${mysqlService.user} --local-infile=1 ${mysqlService.database} -e ${shellQuote(`SET time_zone = '+00:00'; ${loadData}`)}`;
    const maria = await alternate(
      async () => {
        await fresh(mariaTarget);
        const seconds = timeShell(`${psql("dataplane", "set time zone 'UTC'", `\\copy ${TABLE} to stdout`)} | ${mariadb}`);
        if ((await countRows(mariaTarget, TABLE)) !== ROWS) throw new Error("the mariadb reference did not load every row");
        return seconds;
      },
      async () => {
        await fresh(mariaTarget);
        return transferInChild(source, mariaTarget);
      },
    );
    console.log(`Postgres → MariaDB, median of ${ROUNDS}, ratio = reference time / our time (target >= 0.8):`);
    line("psql \\copy | mariadb LOAD DATA (reference)", maria.reference, maria.reference);
    line("transferTable", maria.ours, maria.reference, maria.peakRssMb);

    // DuckDB, both directions, against the Postgres reference. The child opens the file:
    // this process must let go of it first (one process per DuckDB file).
    await fresh(duckdb);
    await releaseInstance(duckdb.target.configuration as { path: string; readOnly: boolean });
    const pgToDuck = transferInChild(source, duckdb);
    await fresh(postgresTarget);
    const duckToPg = transferInChild(duckdb, postgresTarget);
    console.log("DuckDB, one run each, ratio against the Postgres → Postgres reference:");
    line("Postgres → DuckDB (appender)", pgToDuck.seconds, pg.reference, pgToDuck.peakRssMb);
    line("DuckDB → Postgres (streaming result)", duckToPg.seconds, pg.reference, duckToPg.peakRssMb);
  } finally {
    await dropTable(source, TABLE).catch(() => undefined);
    await dropTable(postgresTarget, TABLE).catch(() => undefined);
    await dropTable(mariaTarget, TABLE).catch(() => undefined);
    await releaseInstance(duckdb.target.configuration as { path: string; readOnly: boolean });
    rmSync(directory, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
