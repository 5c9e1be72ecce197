import type { VendorRuntime } from "../../core/vendor-contract";
import { classifyDuckdbError, openSession, type DuckdbTarget } from "./driver";
import { duckdbFileWriter, duckdbScratch } from "./files";
import { releaseInstance } from "./handles";
import { openDataSession } from "./session";
import { duckdbTransfer } from "./transfer";

export const duckdbRuntime: VendorRuntime<DuckdbTarget["configuration"], DuckdbTarget["credentials"]> = {
  open: (target, _signal, options) => openSession(target, options),
  openData: (target, _signal, options) => openDataSession(target, options),
  classify: classifyDuckdbError,
  transfer: duckdbTransfer,
  files: duckdbFileWriter,
  scratch: duckdbScratch,
  release: releaseInstance,
};
