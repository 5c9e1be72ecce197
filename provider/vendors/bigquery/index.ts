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
  failureHints: {
    unreachable: "check configuration.apiEndpoint (omitted: Google's), and that BigQuery is reachable from here",
    tls: "check the certificate configuration.apiEndpoint offers",
    authentication: "check credentials.serviceAccountKeyJson (omitted: the application-default credentials)",
    databaseMissing: "check configuration.projectId and configuration.dataset name a project and dataset that exist",
  },
  // Jobs write into the connection's dataset, or a `dataplane` dataset when none is named.
  defaultJobPath: (configuration) => [configuration.dataset ?? "dataplane"],
  load: async () => (await import("./runtime")).bigqueryRuntime,
});
