import * as dataplane from "pulumi-dataplane";

/**
 * The embedded-default stack: a DuckDB database file beside this program, tested live during
 * preview and indexed on create, with no server to run.
 */
const warehouse = new dataplane.Connection("warehouse", {
  type: "duckdb",
  configuration: { path: "warehouse.duckdb" },
  includeTables: ["main.*"],
});

export const connectionId = warehouse.connectionId;
export const serverVersion = warehouse.serverVersion;
export const indexingStatus = warehouse.indexingStatus;
export const tables = warehouse.tables;
export const attributes = warehouse.attributes;
