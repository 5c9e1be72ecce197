/**
 * Run by transfer-faults.test.ts in a child process: starts Postgres → MariaDB and
 * Postgres → Postgres transfers, aborts them mid-way and returns. If any socket, timer
 * or query survived the abort, this process would not exit by itself.
 */
import { transferTable } from "../../provider/core/transfer";
import { createTable, dropTable, mysqlEndpoint, postgresEndpoint, tableOf, WIDE_COLUMNS } from "./transfer-fixtures";

const TABLE = "transfer_faults_child";

async function main(): Promise<void> {
  const sourceTable = process.argv[2];
  const source = postgresEndpoint("dataplane");
  const destinations = [mysqlEndpoint(), postgresEndpoint("dataplane_target")];
  for (const destination of destinations) await createTable(destination, TABLE, WIDE_COLUMNS);
  const controller = new AbortController();
  const runs = destinations.map((destination) =>
    transferTable({
      source: { type: "postgres", target: source.target, table: tableOf(source, sourceTable), columns: WIDE_COLUMNS },
      destination: { type: destination.type, target: destination.target, table: tableOf(destination, TABLE) },
      signal: controller.signal,
    }),
  );
  setTimeout(() => controller.abort(new Error("child abort")), 700);
  const outcomes = await Promise.allSettled(runs);
  for (const destination of destinations) await dropTable(destination, TABLE);
  process.stdout.write(outcomes.map((outcome) => outcome.status).join(",") + "\n");
}

main().catch((error) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
