import { defineVendor } from "../../core/vendor-contract";
import { trinoConfiguration, trinoCredentials, trinoPathShape } from "./config";
import { trinoDialect } from "./dialect";
import { trinoRowMover } from "./mover";
import { trinoDdlType, trinoNativeType } from "./types";

/** Trino: everything known without the driver; `load` brings the rest. */
export const trinoVendor = defineVendor({
  dialectName: "trino",
  configuration: trinoConfiguration,
  credentials: trinoCredentials,
  pathShape: trinoPathShape,
  dialect: trinoDialect,
  columnTypes: { toNative: trinoDdlType, fromNative: trinoNativeType },
  capabilities: { canStream: true, estimatesBytes: false, confirmsCancel: true },
  // Its connectors read and write other databases: a publication may name it as its `engine`.
  rowMover: trinoRowMover,
  failureHints: {
    unreachable: "check configuration.server (the coordinator's URL), and that Trino is running and accepts connections",
    tls: "check the https address in configuration.server and the certificate it offers",
    authentication: "check configuration.user and credentials.password (sent over https only)",
    databaseMissing: "check configuration.catalog and configuration.schema name a catalog and schema that exist",
  },
  // Jobs write into the connection's catalog, in its schema or else a schema of their own.
  defaultJobPath: (configuration) =>
    configuration.catalog === undefined
      ? [configuration.schema ?? "dataplane"]
      : [configuration.catalog, configuration.schema ?? "dataplane"],
  load: async () => (await import("./runtime")).trinoRuntime,
});
