import type { Vendor } from "../vendor";
import { postgresVendor } from "../postgres";

/** Redshift is reached through the Postgres driver; it reports its own dialect name. */
export const redshiftVendor: Vendor = { ...postgresVendor, dialectName: "redshift" };
