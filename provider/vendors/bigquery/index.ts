import { defineVendor } from "../../core/vendor-contract";
import { bigqueryConfiguration, bigqueryCredentials, bigqueryPathShape } from "./config";
import { bigqueryDialect } from "./dialect";
import { bigqueryDdlType, bigqueryNativeType } from "./types";

/** BigQuery: everything known without the driver; `load` brings the rest. */
export const bigqueryVendor = defineVendor({
  dialectName: "bigquery",
  configuration: bigqueryConfiguration,
  credentials: bigqueryCredentials,
  pathShape: bigqueryPathShape,
  dialect: bigqueryDialect,
  columnTypes: { toNative: bigqueryDdlType, fromNative: bigqueryNativeType },
  capabilities: { canStream: true, estimatesBytes: true, confirmsCancel: false },
  // Jobs write into the connection's dataset, or a `dataplane` dataset when none is named.
  defaultJobPath: (configuration) => [configuration.dataset ?? "dataplane"],
  load: async () => (await import("./runtime")).bigqueryRuntime,
});
