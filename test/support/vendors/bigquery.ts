import { rmSync } from "node:fs";
import { BigQuery } from "@google-cloud/bigquery";
import { PassThroughClient } from "google-auth-library";
import { adminClient, createDataset, createTable, dropTable, query } from "../bigquery-admin";
import { createBigqueryTable, readBigqueryRows } from "../bigquery-tables";
import { startBigqueryEmulator, type BigqueryEmulator } from "../bigquery-emulator";
import { NO_CHECK, NO_CONSTRAINTS } from "../atomic-tables";
import { checksum, LEDGER_ROWS, listFiles, openFolder } from "../preview-snapshot";
import type { Column } from "../../../provider/core/columns";
import { columnDdlType } from "../transfer-between";
import type { AtomicTarget, Place, PreviewTarget, VendorFixture } from "./fixture";

/**
 * The emulator's CREATE TABLE drops NOT NULL and NUMERIC's precision from the schema it keeps
 * (BigQuery keeps both): such a table is made through the tables API instead, as REQUIRED fields.
 */
async function createWithRequiredFields(place: Place, table: string, columns: readonly Column[]): Promise<void> {
  const { projectId, apiEndpoint } = place.connection.configuration as { projectId: string; apiEndpoint: string };
  const client = new BigQuery({ projectId, apiEndpoint, authClient: new PassThroughClient() as never, location: "US" });
  const fields = columns.map((column) => {
    const [, type, precision, scale] = /^(\w+)(?:\((\d+), (\d+)\))?$/.exec(columnDdlType("bigquery", column.type)) ?? [];
    return { name: column.name, type, ...(precision ? { precision, scale } : {}), mode: column.nullable ? "NULLABLE" : "REQUIRED" };
  });
  await client.dataset(place.path[place.path.length - 1]).createTable(table, { schema: { fields } });
}

/** BigQuery, as the goccy emulator each test file starts for itself (test/support/bigquery-emulator.ts). */
const backquote = (name: string): string => `\`${name}\``;

async function previewTarget(): Promise<PreviewTarget> {
  const emulator = await startBigqueryEmulator();
  const dataset = emulator.dataset;
  const folder = openFolder("preview-promise-bigquery");
  // Tables through the tables API, rows through a query, as the other BigQuery tests arrange them.
  await createTable(emulator, dataset, "ledger", [
    { name: "x", type: "INT64" },
    { name: "note", type: "STRING" },
  ]);
  await createTable(emulator, dataset, "victim", [{ name: "x", type: "INT64" }]);
  await query(emulator, `insert into \`${dataset}.ledger\` (x, note) values ${LEDGER_ROWS}`);
  await query(emulator, `insert into \`${dataset}.victim\` (x) values (1), (2), (3), (4), (5)`);
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
      for (const table of tables) rows[String(table.id)] = checksum(await query(emulator, `select * from \`${dataset}.${table.id}\``));
      const [datasets] = await adminClient(emulator).getDatasets();
      return { tables: rows, schemas: datasets.map((entry) => String(entry.id)).sort(), files: listFiles(folder) };
    },
    close: async () => {
      await emulator.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

const NO_RENAME = "the emulator cannot rename a table (ALTER TABLE RENAME), which a staging table needs to become the target";

function atomicTarget(): AtomicTarget {
  let emulator: BigqueryEmulator | undefined;
  return {
    start: async () => {
      emulator = await startBigqueryEmulator("atomic-test", "atomic");
      await createDataset(emulator, "atomic").catch(() => undefined);
    },
    stop: async () => emulator?.stop(),
    connection: () => ({ connectionId: "bq-target", type: "bigquery", configuration: emulator!.configuration(), credentials: {} }),
    path: () => ["atomic"],
    engineCatalog: {
      excluded: "the suite's Trino has no BigQuery catalog: its connector calls Google's service, which the emulator is not",
    },
    createTableSql: (qualified, q) => `create table ${qualified} (${q("id")} INT64, ${q("name")} STRING(8) NOT NULL, ${q("amount")} INT64)`,
    excludedFaults: {
      duplicateKey: NO_CONSTRAINTS("BigQuery"),
      checkViolation: NO_CHECK("BigQuery"),
      valueTooLong:
        "the emulator never enforces a STRING(n) length (it accepted 12 characters in STRING(8)); BigQuery does, failing the load job into the staging table",
      sourceKilled:
        "the 20,000-row source is read before a kill can land mid-read (every attempt came too late); kills of a source being read are proven on the server vendors",
      providerKilled:
        "the emulator takes the whole load job in one request, so the provider is never seen mid-load (every attempt came too late); the staging table makes it atomic as on the other vendors",
      targetKilled:
        "a load job runs inside the emulator's one process, which holds every table in memory: no loading connection of its own to kill",
    },
    excludedActions: {
      create: NO_RENAME,
      dropAndLoad: NO_RENAME,
      upsert: "the emulator's correlated DELETE … WHERE EXISTS deletes every row",
    },
    killRows: 20_000,
    providerKillTrials: 1,
  };
}

export const fixture: VendorFixture = {
  type: "bigquery",
  // INT64 and FLOAT64 only; uuid is kept as STRING.
  typeReadBack: {
    smallint: { kind: "bigint" },
    integer: { kind: "bigint" },
    real: { kind: "double" },
    uuid: { kind: "text" },
  },
  createTable: createWithRequiredFields,
  sample: { configuration: { projectId: "my-project-123", apiEndpoint: "http://127.0.0.1:1" }, credentials: {} },
  placeEngineCatalog: {
    excluded: "the suite's Trino has no BigQuery catalog: its connector calls Google's service, which the emulator is not",
  },
  place: async () => {
    const emulator = await startBigqueryEmulator();
    await createDataset(emulator, "dataplane");
    return {
      connection: { connectionId: "bq", type: "bigquery", configuration: emulator.configuration(), credentials: {} },
      path: ["dataplane"],
      quote: backquote,
      qualified: (table) => `dataplane.${backquote(table)}`,
      admin: (sql) => query(emulator, sql),
      informationSchema: "dataplane.INFORMATION_SCHEMA",
      textType: "string",
      integerType: "int64",
      schemaExists: async (path) =>
        (
          await adminClient(emulator)
            .dataset(path[path.length - 1])
            .exists()
        )[0],
      columnNames: async (table) => {
        const [metadata] = await adminClient(emulator).dataset("dataplane").table(table).getMetadata();
        return (metadata.schema.fields as Array<{ name: string }>).map((field) => field.name).sort();
      },
      close: () => emulator.stop(),
    };
  },
  previewTarget,
  atomicTarget,
  cancellation: {
    excluded:
      "the BigQuery emulator runs each job synchronously and ignores jobs.cancel: nothing here can show a job stopped (README, BigQuery note 17)",
  },
  pushdown: {
    excluded:
      "its jobs and publications are proven against the emulator in test/integration/bigquery-job-group.test.ts and bigquery-publication.test.ts, which start the emulator they need",
  },
  transfer: {
    excluded:
      "the round trips run from and to BigQuery against each vendor with a transfer profile in test/integration/bigquery-round-trip.test.ts and warehouse-round-trip.test.ts",
  },
  warehouse: {
    start: async () => {
      const emulator = await startBigqueryEmulator();
      await createDataset(emulator, "dataplane");
      return {
        type: "bigquery",
        connection: { connectionId: "bq", type: "bigquery", configuration: emulator.configuration(), credentials: {} },
        target: { configuration: emulator.configuration(), credentials: {} },
        path: ["dataplane"],
        table: (name) => ({ path: ["dataplane"], table: name }),
        create: (name, columns) => createBigqueryTable(emulator, "dataplane", name, columns),
        read: (name, columns) => readBigqueryRows(emulator, "dataplane", name, columns),
        drop: (name) => dropTable(emulator, "dataplane", name),
        alias: (name) => name,
        changesValues:
          "numbers inside JSON documents become strings; BYTES are stored as their base64 text; timestamps with zone outside 1677–2262 wrap (test/support/bigquery-tables.ts)",
        close: () => emulator.stop(),
      };
    },
  },
  leastPrivilege: { excluded: "the BigQuery emulator enforces no IAM: a least-privileged user cannot be shown here" },
  isolation: {
    excluded: "records no owner (the emulator keeps no table descriptions we could prove) and has no writer lock; the README says so",
  },
  // As in test/integration/bigquery-publication.test.ts: what the emulator cannot run.
  driftRepairExclusion: (action, change) => {
    if (change === "column renamed" || change === "column added")
      return "the BigQuery emulator cannot run ALTER TABLE (Statement not supported: AlterTableStatement)";
    if (action === "upsert") return "the BigQuery emulator's correlated DELETE … WHERE EXISTS deletes every row";
    if (action === "dropAndLoad")
      return "the BigQuery emulator cannot replace an existing table (CREATE OR REPLACE TABLE fails in its catalog)";
    if (action === "create" && change !== "dropped") return "republishing create replaces the table, which the BigQuery emulator cannot do";
    return undefined;
  },
};
