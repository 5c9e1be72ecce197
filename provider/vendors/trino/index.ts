import type { Vendor } from "../vendor";
import type { TrinoTarget } from "./client";
import { trinoDialect } from "./dialect";
import { classifyTrinoError, openSession } from "./driver";
import { openDataSession } from "./session";

export const trinoVendor: Vendor<TrinoTarget["configuration"], TrinoTarget["credentials"]> = {
  dialectName: "trino",
  canStream: true,
  dialect: trinoDialect,
  open: openSession,
  openData: openDataSession,
  classify: classifyTrinoError,
  // Jobs write into the connection's catalog, in its schema or else a schema of their own.
  defaultJobPath: (configuration) =>
    configuration.catalog === undefined ? [configuration.schema ?? "dataplane"] : [configuration.catalog, configuration.schema ?? "dataplane"],
};
