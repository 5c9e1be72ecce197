import type { Vendor } from "../vendor";
import { duckdbDialect } from "./dialect";
import { classifyDuckdbError, openSession, type DuckdbTarget } from "./driver";
import { releaseInstance } from "./handles";
import { openDataSession } from "./session";

export const duckdbVendor: Vendor<DuckdbTarget["configuration"], DuckdbTarget["credentials"]> = {
  dialectName: "duckdb",
  canStream: true,
  dialect: duckdbDialect,
  open: (target, _signal, options) => openSession(target, options),
  openData: (target, _signal, options) => openDataSession(target, options),
  classify: classifyDuckdbError,
  defaultJobPath: () => ["dataplane"],
  release: releaseInstance,
};
