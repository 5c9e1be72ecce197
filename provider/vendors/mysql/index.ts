import { defineVendor } from "../../core/vendor-contract";
import { passwordCredentials, serverFailureHints } from "../../core/configuration-fields";
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
  failureHints: serverFailureHints,
  // A MySQL "schema" is a database; jobs write into the connection's own unless told otherwise.
  defaultJobPath: (configuration) => [configuration.database ?? "dataplane"],
  load: async () => (await import("./runtime")).mysqlRuntime,
});
