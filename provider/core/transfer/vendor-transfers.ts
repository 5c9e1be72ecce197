import type { VendorType } from "../../vendors/registry";
import type { VendorTransfer } from "./endpoints";

/** One lazy line per vendor, like vendors/registry.ts: a driver loads only when a transfer needs it. */
export const vendorTransfers: Record<VendorType, () => Promise<VendorTransfer>> = {
  postgres: async () => (await import("../../vendors/postgres/transfer")).postgresTransfer,
  // Redshift speaks the Postgres protocol; tested here through Postgres.
  redshift: async () => (await import("../../vendors/postgres/transfer")).postgresTransfer,
  mysql: async () => (await import("../../vendors/mysql/transfer")).mysqlTransfer,
  duckdb: async () => (await import("../../vendors/duckdb/transfer")).duckdbTransfer,
  bigquery: async () => (await import("../../vendors/bigquery/transfer")).bigqueryTransfer,
  trino: async () => (await import("../../vendors/trino/transfer")).trinoTransfer,
  snowflake: async () => (await import("../../vendors/snowflake/transfer")).snowflakeTransfer,
};
