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
  failureHints: {
    unreachable:
      "check configuration.account (or configuration.accessUrl, or configuration.host and configuration.port), and that Snowflake is reachable from here",
    tls: "check configuration.protocol and the certificate the address in configuration.accessUrl or configuration.host offers",
    authentication:
      "check configuration.username and credentials.password (or credentials.privateKey and credentials.privateKeyPassphrase)",
    databaseMissing:
      "check configuration.database (and configuration.schema, configuration.warehouse) names what exists and the role may use",
  },
  // Jobs write into the connection's schema, within its database.
  defaultJobPath: (configuration) => [configuration.schema ?? "PUBLIC"],
  load: async () => (await import("./runtime")).snowflakeRuntime,
});
