import type { Vendor } from "../vendor";
import { classifyDuckdbError, openSession, type DuckdbTarget } from "./driver";
import { releaseInstance } from "./handles";

export const duckdbVendor: Vendor<DuckdbTarget["configuration"], DuckdbTarget["credentials"]> = {
  dialectName: "duckdb",
  canStream: true,
  open: (target) => openSession(target),
  classify: classifyDuckdbError,
  release: releaseInstance,
};
