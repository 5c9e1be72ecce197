import { noCredentials } from "../../core/configuration-fields";
import { defineVendor } from "../../core/vendor-contract";
import { duckdbConfiguration, duckdbPathShape } from "./config";
import { duckdbDialect } from "./dialect";
import { duckdbColumnType, duckdbDdlType } from "./types";

/** DuckDB, embedded in the provider process: everything known without the driver; `load` brings the rest. */
export const duckdbVendor = defineVendor({
  dialectName: "duckdb",
  configuration: duckdbConfiguration,
  credentials: noCredentials,
  pathShape: duckdbPathShape,
  dialect: duckdbDialect,
  columnTypes: { toNative: duckdbDdlType, fromNative: duckdbColumnType },
  capabilities: { canStream: true, estimatesBytes: false, confirmsCancel: true },
  defaultJobPath: () => ["dataplane"],
  load: async () => (await import("./runtime")).duckdbRuntime,
});
