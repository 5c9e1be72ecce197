import type { VendorType } from "../../provider/vendors/registry";

/**
 * One valid connection reference per vendor, as a Connection's outputs pass it on: enough for
 * checks that fail before any network call. A `Record<VendorType, …>`, so a vendor added to the
 * registry fails to compile here until it has one, and every promise test iterating the
 * registry covers it. No server is named that a test would reach: those checks fail first.
 */
export const SAMPLE_CONNECTIONS: Record<VendorType, { type: VendorType; configuration: Record<string, unknown>; credentials: Record<string, unknown> }> = {
  postgres: { type: "postgres", configuration: { host: "127.0.0.1", port: 1, database: "shop", user: "app" }, credentials: { password: "pw" } },
  redshift: { type: "redshift", configuration: { host: "127.0.0.1", port: 1, database: "shop", user: "app" }, credentials: { password: "pw" } },
  mysql: { type: "mysql", configuration: { host: "127.0.0.1", port: 1, database: "shop", user: "app" }, credentials: { password: "pw" } },
  duckdb: { type: "duckdb", configuration: { path: ":memory:" }, credentials: {} },
  snowflake: { type: "snowflake", configuration: { account: "xy12345", username: "app", database: "SHOP", accessUrl: "http://127.0.0.1:1" }, credentials: { password: "pw" } },
  bigquery: { type: "bigquery", configuration: { projectId: "my-project-123", apiEndpoint: "http://127.0.0.1:1" }, credentials: {} },
  trino: { type: "trino", configuration: { server: "http://127.0.0.1:1", catalog: "memory", user: "app" }, credentials: {} },
};
