import type { VendorRuntime } from "../../core/vendor-contract";
import type { DuckdbConfiguration } from "./config";
import { engineRuntime } from "./engine-runtime";
import { duckdbScratch } from "./files";
import { duckdbEngineTarget } from "./handles";

/** DuckDB's own files: the engine with no instance options, and the scratch engine for other databases' result files. */
export const duckdbRuntime: VendorRuntime<DuckdbConfiguration, Record<string, never>> = {
  ...engineRuntime<DuckdbConfiguration, Record<string, never>>({
    database: duckdbEngineTarget,
    options: () => ({}),
  }),
  scratch: duckdbScratch,
};
