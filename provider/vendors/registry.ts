import type { ConnectionTarget, Vendor } from "../core/vendor-contract";
import type { TableReference } from "../core/columns";
import type { TransferSide } from "../core/transfer";
import { bigqueryVendor } from "./bigquery";
import { duckdbVendor } from "./duckdb";
import { motherduckVendor } from "./motherduck";
import { mysqlVendor } from "./mysql";
import { postgresVendor } from "./postgres";
import { redshiftVendor } from "./redshift";
import { snowflakeVendor } from "./snowflake";
import { trinoVendor } from "./trino";

/**
 * Every database this package supports, one line each. Descriptors are driver-free; a driver
 * loads only when a resource of its type needs it (`loadVendor`). The Connection schema, the
 * sdk's ConnectionArgs and the tests' vendor matrix all derive from this record.
 */
export const vendors = {
  postgres: postgresVendor,
  redshift: redshiftVendor,
  mysql: mysqlVendor,
  duckdb: duckdbVendor,
  snowflake: snowflakeVendor,
  bigquery: bigqueryVendor,
  trino: trinoVendor,
  motherduck: motherduckVendor,
};

/** The engine that writes job files for databases that cannot write files themselves. */
export const scratchFileEngine: VendorType = "duckdb";

export type Vendors = typeof vendors;
export type VendorType = keyof Vendors;
export const VENDOR_TYPES = Object.keys(vendors) as VendorType[];

export function isVendorType(type: unknown): type is VendorType {
  return typeof type === "string" && Object.hasOwn(vendors, type);
}

/** A vendor's descriptor with its runtime loaded (its driver imported on first use). */
export async function loadVendor(type: VendorType): Promise<Vendor> {
  const descriptor = vendors[type];
  return { ...descriptor, ...(await descriptor.load()) } as Vendor;
}

/** One side of a transfer (core/transfer) on a vendor of this type. */
export async function transferSide(type: VendorType, target: ConnectionTarget, table: TableReference): Promise<TransferSide> {
  return { name: type, runtime: await vendors[type].load(), target, table };
}
