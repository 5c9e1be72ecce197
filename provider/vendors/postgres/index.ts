import { defineVendor } from "../../core/vendor-contract";
import { passwordCredentials } from "../../core/configuration-fields";
import { postgresConfiguration, postgresPathShape } from "./config";
import { postgresDialect } from "./dialect";
import { postgresDdlType, postgresNativeType } from "./types";

/** Postgres: everything known without the driver; `load` brings the rest. */
export const postgresVendor = defineVendor({
  dialectName: "postgres",
  configuration: postgresConfiguration,
  credentials: passwordCredentials,
  pathShape: postgresPathShape,
  dialect: postgresDialect,
  columnTypes: { toNative: postgresDdlType, fromNative: postgresNativeType },
  capabilities: { canStream: true, estimatesBytes: false, confirmsCancel: true },
  failureHints: {
    unreachable: "check configuration.host and configuration.port, and that the server is running and accepts connections",
    tls: "check configuration.ssl against what the server offers (certificate, CA, or TLS off)",
    authentication: "check configuration.user and credentials.password",
    databaseMissing: "check configuration.database names a database that exists",
  },
  defaultJobPath: () => ["dataplane"],
  load: async () => (await import("./runtime")).postgresRuntime,
});
