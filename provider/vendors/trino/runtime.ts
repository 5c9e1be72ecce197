import type { VendorRuntime } from "../../core/vendor-contract";
import type { TrinoTarget } from "./client";
import { classifyTrinoError, openSession } from "./driver";
import { openDataSession } from "./session";
import { trinoTransfer } from "./transfer";

export const trinoRuntime: VendorRuntime<TrinoTarget["configuration"], TrinoTarget["credentials"]> = {
  open: openSession,
  openData: openDataSession,
  classify: classifyTrinoError,
  transfer: trinoTransfer,
};
