/**
 * A Redshift-shaped load against today's Postgres path, measured in the same run:
 *   Postgres → Postgres (another database) through COPY FROM STDIN (the reference), and
 *   Postgres → Redshift through the Redshift proxy: gzip CSV parts written to the S3 emulator,
 *   then one COPY FROM 's3://…' that the proxy serves by reading them back.
 * Both load the same table into the same PostgreSQL server, so the ratio is the cost of the S3
 * round trip (CSV encoding, gzip, upload, download, gunzip) on one machine; a real cluster reads
 * the parts in parallel across its slices, which this cannot show.
 * Run: `bash bench/run.sh publish-redshift` (BENCH_ROWS=1000000, BENCH_ROUNDS=3).
 */
import { transferTable } from "../provider/core/transfer";
import { vendors, transferSide } from "../provider/vendors/registry";
import { redshiftDdlType } from "../provider/vendors/redshift/types";
import {
  bulkFill,
  countRows,
  createTable,
  dropTable,
  execute,
  postgresEndpoint,
  WIDE_COLUMNS,
  wideRowsSql,
} from "../test/integration/transfer-fixtures";
import { withPostgres } from "../test/support/admin";
import { redshiftCredentials, s3Staging, startRedshiftServices } from "../test/support/redshift-services";
import { postgres as postgresService } from "../test/support/services";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TABLE = "bench_publish";
const REDSHIFT_TABLE = "bench_publish_redshift";
const TARGET_DATABASE = "dataplane_target";

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(work: () => Promise<number>): Promise<number> {
  const started = performance.now();
  const rows = await work();
  if (rows !== ROWS) throw new Error(`moved ${rows} rows, not ${ROWS}`);
  return (performance.now() - started) / 1000;
}

const rate = (seconds: number): string => `${(ROWS / seconds / 1e6).toFixed(2)} M rows/s`;

function line(label: string, seconds: number, referenceSeconds: number): void {
  const ratio = (referenceSeconds / seconds).toFixed(2);
  console.log(`  ${label.padEnd(52)} ${seconds.toFixed(2).padStart(6)} s  ${rate(seconds).padStart(16)}  ratio ${ratio}`);
}

async function main(): Promise<void> {
  const services = await startRedshiftServices();
  const source = postgresEndpoint("dataplane");
  const postgresTarget = postgresEndpoint(TARGET_DATABASE);
  const redshiftTarget = {
    configuration: vendors.redshift.configuration.parse({
      host: postgresService.host,
      port: services.services.proxyPort,
      database: TARGET_DATABASE,
      user: postgresService.user,
      s3: s3Staging(services.services.s3Endpoint, "bench"),
    }),
    credentials: vendors.redshift.credentials.parse(redshiftCredentials()),
  };
  const freshRedshiftTable = () =>
    withPostgres(async (client) => {
      const definitions = WIDE_COLUMNS.map((column) => `"${column.name}" ${redshiftDdlType(column.type)}`);
      await client.query(
        `drop table if exists public.${REDSHIFT_TABLE}; create table public.${REDSHIFT_TABLE} (${definitions.join(", ")})`,
      );
    }, TARGET_DATABASE);
  const sourceSide = async () => ({
    ...(await transferSide("postgres", source.target, { path: ["public"], table: TABLE })),
    columns: WIDE_COLUMNS,
  });
  try {
    console.log(`publish into Redshift, ${ROWS.toLocaleString("en")} rows of (bigint, text, numeric(12,2), timestamptz, boolean, text):`);
    await createTable(source, TABLE, WIDE_COLUMNS);
    await bulkFill(source, TABLE, wideRowsSql(ROWS));
    await execute(source, [`VACUUM ANALYZE ${TABLE}`]);
    const postgresTimes: number[] = [];
    const redshiftTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await createTable(postgresTarget, TABLE, WIDE_COLUMNS);
      postgresTimes.push(
        await timed(
          async () =>
            (
              await transferTable({
                source: await sourceSide(),
                destination: await transferSide("postgres", postgresTarget.target, { path: ["public"], table: TABLE }),
                signal: AbortSignal.timeout(600_000),
              })
            ).rowCount,
        ),
      );
      await freshRedshiftTable();
      redshiftTimes.push(
        await timed(
          async () =>
            (
              await transferTable({
                source: await sourceSide(),
                destination: await transferSide("redshift", redshiftTarget, { path: ["public"], table: REDSHIFT_TABLE }),
                signal: AbortSignal.timeout(600_000),
              })
            ).rowCount,
        ),
      );
      const landed = await withPostgres(
        async (client) => Number((await client.query(`select count(*) as n from public.${REDSHIFT_TABLE}`)).rows[0].n),
        TARGET_DATABASE,
      );
      if (landed !== ROWS || (await countRows(postgresTarget, TABLE)) !== ROWS) throw new Error("a load did not land every row");
    }
    const reference = median(postgresTimes);
    console.log(`median of ${ROUNDS}, ratio = Postgres path time / this path's time:`);
    line("Postgres → Postgres, COPY FROM STDIN (reference)", reference, reference);
    line("Postgres → Redshift proxy, S3 gzip CSV parts + COPY", median(redshiftTimes), reference);
  } finally {
    await dropTable(source, TABLE).catch(() => undefined);
    await dropTable(postgresTarget, TABLE).catch(() => undefined);
    await withPostgres((client) => client.query(`drop table if exists public.${REDSHIFT_TABLE}`), TARGET_DATABASE).catch(() => undefined);
    await services.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
