import { noCredentials } from "../../core/configuration-fields";
import { defineVendor } from "../../core/vendor-contract";
import { duckdbConfiguration, duckdbPathShape } from "./config";
import { duckdbDialect } from "./dialect";
import { duckdbColumnType, duckdbDdlType, duckdbDeclaredType } from "./types";

/** DuckDB, embedded in the provider process: everything known without the driver; `load` brings the rest. */
export const duckdbVendor = defineVendor({
  dialectName: "duckdb",
  configuration: duckdbConfiguration,
  credentials: noCredentials,
  pathShape: duckdbPathShape,
  dialect: duckdbDialect,
  columnTypes: { toNative: duckdbDdlType, fromNative: duckdbColumnType, declared: duckdbDeclaredType },
  capabilities: { canStream: true, estimatesBytes: false, confirmsCancel: true },
  failureHints: {
    databaseMissing: "check configuration.path names a database file that exists (relative to the Pulumi program), or :memory:",
    // DuckDB has no users: a refused write is a file opened read-only, or one the process may not write.
    privilegeMissing: "set configuration.readOnly to false where the connection must write, and check that the process may write the file",
    unreachable: "another process holds the database file open: DuckDB lets one process write a file at a time",
  },
  defaultJobPath: () => ["dataplane"],
  load: async () => (await import("./runtime")).duckdbRuntime,
});
