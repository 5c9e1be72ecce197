import { defineVendor } from "../../core/vendor-contract";
import { snowflakeConfiguration, snowflakeCredentials, snowflakePathShape } from "./config";
import { snowflakeDialect } from "./dialect";
import { snowflakeDdlType, snowflakeNativeType } from "./types";

/** Snowflake: everything known without the driver; `load` brings the rest. */
export const snowflakeVendor = defineVendor({
  dialectName: "snowflake",
  configuration: snowflakeConfiguration,
  credentials: snowflakeCredentials,
  pathShape: snowflakePathShape,
  dialect: snowflakeDialect,
  columnTypes: { toNative: snowflakeDdlType, fromNative: snowflakeNativeType },
  capabilities: { canStream: true, estimatesBytes: false, confirmsCancel: false },
  // Jobs write into the connection's schema, within its database.
  defaultJobPath: (configuration) => [configuration.schema ?? "PUBLIC"],
  load: async () => (await import("./runtime")).snowflakeRuntime,
});
