/**
 * The Publication resource end to end (staging, transfer, atomic apply), against the
 * command-line references measured in the same run:
 *   Postgres → Postgres (another database), dropAndLoad and truncateAndLoad, vs
 *     `psql \copy … to stdout | psql \copy … from stdin`
 *   the same database (push-down), dropAndLoad and load, vs `INSERT INTO t2 SELECT * FROM t` in psql
 * Run: `bash bench/run.sh publish-publication` (BENCH_ROWS, default 1,000,000; BENCH_ROUNDS, default 3).
 */
import { execFileSync } from "node:child_process";
import * as publication from "../provider/resources/publication";
import { bulkFill, createTable, dropTable, postgresEndpoint, WIDE_COLUMNS, wideRowsSql } from "../test/integration/transfer-fixtures";
import { postgres } from "../test/support/services";

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SOURCE = "bench_publication_source";
const TARGET = "bench_publication_target";

const median = (values: number[]): number => [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)];

function psqlSeconds(database: string, ...commands: string[]): number {
  const started = performance.now();
  execFileSync(
    "psql",
    [
      "-X",
      "-q",
      "-h",
      postgres.host,
      "-p",
      String(postgres.port),
      "-U",
      postgres.user,
      "-d",
      database,
      ...commands.flatMap((command) => ["-c", command]),
    ],
    {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, PGPASSWORD: postgres.password },
    },
  );
  return (performance.now() - started) / 1000;
}

function pipeSeconds(): number {
  const psql = (database: string, command: string) =>
    `psql -X -q -h ${postgres.host} -p ${postgres.port} -U ${postgres.user} -d ${database} -c '${command}'`;
  const started = performance.now();
  execFileSync(
    "bash",
    [
      "-o",
      "pipefail",
      "-c",
      `${psql("dataplane", `\\copy ${SOURCE} to stdout`)} | ${psql("dataplane_target", `\\copy ${TARGET} from stdin`)}`,
    ],
    {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, PGPASSWORD: postgres.password },
    },
  );
  return (performance.now() - started) / 1000;
}

function connection(database: string) {
  return {
    connectionId: database,
    type: "postgres",
    configuration: { host: postgres.host, port: postgres.port, database, user: postgres.user },
    credentials: { password: postgres.password },
  };
}

async function publishSeconds(database: string, action: string): Promise<number> {
  const started = performance.now();
  await publication.create({
    resourceName: "bench",
    source: { connection: connection("dataplane"), result: { path: ["public"], table: SOURCE } },
    connection: connection(database),
    path: ["public"],
    table: TARGET,
    action,
    adopt: true,
  });
  return (performance.now() - started) / 1000;
}

async function compare(
  label: string,
  reference: () => Promise<number>,
  ours: () => Promise<number>,
  before: () => Promise<void>,
): Promise<void> {
  const referenceTimes: number[] = [];
  const ourTimes: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    await before();
    referenceTimes.push(await reference());
    await before();
    ourTimes.push(await ours());
  }
  const [referenceSeconds, ourSeconds] = [median(referenceTimes), median(ourTimes)];
  const rate = (seconds: number) => `${(ROWS / seconds / 1e6).toFixed(2)} M rows/s`;
  console.log(
    `${label}\n  reference ${rate(referenceSeconds)}, publication ${rate(ourSeconds)}, ratio ${(referenceSeconds / ourSeconds).toFixed(2)}`,
  );
}

async function main(): Promise<void> {
  const source = postgresEndpoint("dataplane");
  const other = postgresEndpoint("dataplane_target");
  await dropTable(source, SOURCE);
  await createTable(source, SOURCE, WIDE_COLUMNS);
  await bulkFill(source, SOURCE, wideRowsSql(ROWS));
  console.log(`${ROWS.toLocaleString("en-US")} rows, median of ${ROUNDS}`);
  const emptyTarget = (endpoint: typeof source) => async () => {
    await dropTable(endpoint, TARGET);
    await createTable(endpoint, TARGET, WIDE_COLUMNS);
  };
  for (const action of ["dropAndLoad", "truncateAndLoad"]) {
    await compare(
      `Postgres → Postgres (another database), ${action} (target ≥ 0.8)`,
      async () => pipeSeconds(),
      () => publishSeconds("dataplane_target", action),
      emptyTarget(other),
    );
  }
  for (const action of ["dropAndLoad", "load"]) {
    await compare(
      `same database, push-down ${action} (target: within 1.2×, ratio ≥ 0.83)`,
      async () => psqlSeconds("dataplane", `insert into ${TARGET} select * from ${SOURCE}`),
      () => publishSeconds("dataplane", action),
      emptyTarget(source),
    );
  }
  await dropTable(source, SOURCE);
  await dropTable(source, TARGET);
  await dropTable(other, TARGET);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
