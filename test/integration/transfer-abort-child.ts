/**
 * Run by transfer-faults.test.ts in a child process: starts Postgres → MariaDB and
 * Postgres → Postgres transfers, aborts them mid-way, then opens every connection the
 * Postgres and MariaDB vendors make with a signal that is already aborted (what happens when
 * an abort lands while a busy machine still loads a driver), and returns. If any socket,
 * timer or query survived, this process would not exit by itself.
 */
import { transferBetween } from "../support/transfer-between";
import { loadVendor } from "../../provider/vendors/registry";
import { createTable, dropTable, mysqlEndpoint, postgresEndpoint, tableOf, WIDE_COLUMNS, type Endpoint } from "./transfer-fixtures";

const TABLE = "transfer_faults_child";

/** Every way the vendor opens a connection, each given an already-aborted signal. */
function openedWhenAborted(endpoint: Endpoint): Array<Promise<unknown>> {
  const signal = AbortSignal.abort(new Error("aborted before connecting"));
  const request = { target: endpoint.target, table: tableOf(endpoint, TABLE), columns: WIDE_COLUMNS, signal };
  const vendor = loadVendor(endpoint.type);
  return [
    vendor.then((side) => side.transfer.openSource(request)),
    vendor.then((side) => side.transfer.openSink(request)),
    vendor.then((side) => side.open(endpoint.target as never, signal)),
    vendor.then((side) => side.openData(endpoint.target as never, signal)),
  ];
}

async function main(): Promise<void> {
  const sourceTable = process.argv[2];
  const source = postgresEndpoint("dataplane");
  const destinations = [mysqlEndpoint(), postgresEndpoint("dataplane_target")];
  for (const destination of destinations) await createTable(destination, TABLE, WIDE_COLUMNS);
  const controller = new AbortController();
  const runs = destinations.map((destination) =>
    transferBetween({
      source: { type: "postgres", target: source.target, table: tableOf(source, sourceTable), columns: WIDE_COLUMNS },
      destination: { type: destination.type, target: destination.target, table: tableOf(destination, TABLE) },
      signal: controller.signal,
    }),
  );
  setTimeout(() => controller.abort(new Error("child abort")), 700);
  const outcomes = await Promise.allSettled(runs);
  const early = await Promise.allSettled(destinations.flatMap(openedWhenAborted));
  for (const destination of destinations) await dropTable(destination, TABLE);
  process.stdout.write(`${outcomes.map((outcome) => outcome.status).join(",")}\n`);
  process.stdout.write(`${early.map((outcome) => outcome.status).join(",")}\n`);
  // When the work ended, so the parent can tell a hang at exit from a slow start (compiling
  // the sources on a loaded machine).
  process.stdout.write(`finished at ${Date.now()}\n`);
}

main().catch((error) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
