import * as pulumi from "@pulumi/pulumi";
import * as dataplane from "pulumi-dataplane";

/**
 * One connection, job and publication on a DuckDB file, each exporting every output it has,
 * nested fields one by one (a field the engine does not know yet must show as unknown at
 * preview, never as undefined). `variant` changes one input of each resource, so a preview
 * shows an update of all three. `databaseFile`, `reportSchema`, `reportTable` and `adoptReport`
 * let two stacks share one database file (destroy's schemas).
 */
const config = new pulumi.Config();
const variant = config.get("variant") ?? "first";
const changed = variant !== "first";

const warehouse = new dataplane.Connection("warehouse", {
  type: "duckdb",
  configuration: { path: config.get("databaseFile") ?? "warehouse.duckdb" },
  excludeAllTables: true,
  testTimeoutSeconds: changed ? 20 : 10,
});

const job = new dataplane.JobGroup("orders", {
  connection: warehouse,
  steps: [{ name: "orders", sql: "select n as order_id, n * 2 as amount from range(1, :rows + 1) as t(n)" }],
  runParameters: { rows: changed ? 7 : 5 },
  output: config.get("jobTable") ? { table: config.require("jobTable") } : undefined,
});

const report = new dataplane.Publication("report", {
  source: job,
  connection: warehouse,
  path: [config.get("reportSchema") ?? "main"],
  table: config.get("reportTable") ?? "orders_report",
  action: changed ? "truncateAndLoad" : "dropAndLoad",
  adopt: config.getBoolean("adoptReport") ?? false,
});

export const connectionId = warehouse.connectionId;
export const connectionType = warehouse.type;
export const connectionConfiguration = warehouse.configuration;
export const serverVersion = warehouse.serverVersion;
export const tables = warehouse.tables;
export const indexingStatus = warehouse.indexingStatus;
export const dialectName = warehouse.attributes.dialectName;
export const canPersist = warehouse.attributes.canPersist;
export const canStream = warehouse.attributes.canStream;
export const connectionStatus = warehouse.status;
export const connectionStatusMessage = warehouse.statusMessage;

export const jobGroupId = job.jobGroupId;
export const runId = job.runId;
export const jobStatus = job.status;
export const jobs = job.jobs;
export const jobGraphVertices = job.jobGraph.vertices;
export const jobGraphEdges = job.jobGraph.edges;
export const jobConnection = job.connection;
export const resultConnectionId = job.result.connectionId;
export const resultPath = job.result.path;
export const resultTable = job.result.table;
export const resultRowCount = job.result.rowCount;
export const resultColumns = job.result.columns;
export const jobDriftReason = job.driftReason;
// Not exported: result.totalBytesProcessed (only where the engine estimates bytes at preview)
// and profile (only with overrides.profiler): both are documented as absent otherwise.

export const publicationId = report.publicationId;
export const publicationStatus = report.status;
export const publishedRows = report.rowCount;
export const publishedRunId = report.publishedRunId;
export const publicationCreatedTable = report.createdTable;
export const targetColumns = report.targetColumns;
export const publicationMilliseconds = report.durationMilliseconds;
export const publicationDriftReason = report.driftReason;
