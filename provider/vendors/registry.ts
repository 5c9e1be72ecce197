import type { Vendor } from "./vendor";

export const VENDOR_TYPES = ["postgres", "redshift", "mysql", "duckdb", "snowflake", "bigquery", "trino"] as const;
export type VendorType = (typeof VENDOR_TYPES)[number];

/** One lazy line per vendor: a driver loads only when a resource of its type needs it. */
export const vendors: Record<VendorType, () => Promise<Vendor>> = {
  postgres: async () => (await import("./postgres")).postgresVendor,
  redshift: async () => (await import("./redshift")).redshiftVendor,
  mysql: async () => (await import("./mysql")).mysqlVendor,
  duckdb: async () => (await import("./duckdb")).duckdbVendor,
  snowflake: async () => (await import("./snowflake")).snowflakeVendor,
  bigquery: async () => (await import("./bigquery")).bigqueryVendor,
  trino: async () => (await import("./trino")).trinoVendor,
};
