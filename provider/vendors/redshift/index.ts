import { defineVendor } from "../../core/vendor-contract";
import { postgresVendor } from "../postgres";
import { redshiftConfiguration, redshiftCredentials, redshiftPathShape } from "./config";
import { redshiftDialect } from "./dialect";
import { redshiftDdlType, redshiftRefusedType } from "./types";

/**
 * Redshift: reached through the Postgres driver, with what Redshift does differently: loads
 * through S3 (or INSERTs), reads through a cursor, DELETE in place of TRUNCATE, and the column
 * types it can hold.
 */
export const redshiftVendor = defineVendor({
  ...postgresVendor,
  dialectName: "redshift",
  configuration: redshiftConfiguration,
  credentials: redshiftCredentials,
  pathShape: redshiftPathShape,
  dialect: redshiftDialect,
  columnTypes: { ...postgresVendor.columnTypes, toNative: redshiftDdlType, refuses: redshiftRefusedType },
  load: async () => (await import("./runtime")).redshiftRuntime,
});
