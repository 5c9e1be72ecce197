import type { VendorRuntime } from "../../core/vendor-contract";
import type { BigqueryTarget } from "./client";
import { classifyBigqueryError, openSession } from "./driver";
import { openDataSession } from "./session";
import { bigqueryTransfer } from "./transfer";

export const bigqueryRuntime: VendorRuntime<BigqueryTarget["configuration"], BigqueryTarget["credentials"]> = {
  open: openSession,
  openData: openDataSession,
  classify: classifyBigqueryError,
  transfer: bigqueryTransfer,
};
