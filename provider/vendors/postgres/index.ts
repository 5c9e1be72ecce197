import { defineVendor } from "../../core/vendor-contract";
import { passwordCredentials, serverFailureHints } from "../../core/configuration-fields";
import { postgresConfiguration, postgresPathShape } from "./config";
import { postgresDialect } from "./dialect";
import { postgresDdlType, postgresDeclaredType, postgresNativeType } from "./types";

/** Postgres: everything known without the driver; `load` brings the rest. */
export const postgresVendor = defineVendor({
  dialectName: "postgres",
  configuration: postgresConfiguration,
  credentials: passwordCredentials,
  pathShape: postgresPathShape,
  dialect: postgresDialect,
  columnTypes: { toNative: postgresDdlType, fromNative: postgresNativeType, declared: postgresDeclaredType },
  capabilities: { canStream: true, estimatesBytes: false, confirmsCancel: true },
  failureHints: serverFailureHints,
  defaultJobPath: () => ["dataplane"],
  load: async () => (await import("./runtime")).postgresRuntime,
});
