import { defineVendor } from "../../core/vendor-contract";
import { passwordCredentials } from "../../core/configuration-fields";
import { mysqlConfiguration, mysqlPathShape } from "./config";
import { mysqlDialect } from "./dialect";
import { mysqlDdlType, mysqlNativeType } from "./types";

/** MySQL and MariaDB: everything known without the driver; `load` brings the rest. */
export const mysqlVendor = defineVendor({
  dialectName: "mysql",
  configuration: mysqlConfiguration,
  credentials: passwordCredentials,
  pathShape: mysqlPathShape,
  dialect: mysqlDialect,
  columnTypes: { toNative: mysqlDdlType, fromNative: mysqlNativeType },
  capabilities: { canStream: true, estimatesBytes: false, confirmsCancel: true },
  failureHints: {
    unreachable: "check configuration.host and configuration.port, and that the server is running and accepts connections",
    tls: "check configuration.ssl against what the server offers (certificate, CA, or TLS off)",
    authentication: "check configuration.user and credentials.password",
    databaseMissing: "check configuration.database names a database that exists",
  },
  // A MySQL "schema" is a database; jobs write into the connection's own unless told otherwise.
  defaultJobPath: (configuration) => [configuration.database ?? "dataplane"],
  load: async () => (await import("./runtime")).mysqlRuntime,
});
