import type { Vendor } from "../vendor";
import type { BigqueryTarget } from "./client";
import { bigqueryDialect } from "./dialect";
import { classifyBigqueryError, openSession } from "./driver";
import { openDataSession } from "./session";

export const bigqueryVendor: Vendor<BigqueryTarget["configuration"], BigqueryTarget["credentials"]> = {
  dialectName: "bigquery",
  canStream: true,
  dialect: bigqueryDialect,
  open: openSession,
  openData: openDataSession,
  classify: classifyBigqueryError,
  // Jobs write into the connection's dataset, or a `dataplane` dataset when none is named.
  defaultJobPath: (configuration) => [configuration.dataset ?? "dataplane"],
};
