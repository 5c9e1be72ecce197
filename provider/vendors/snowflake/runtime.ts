import type { VendorRuntime } from "../../core/vendor-contract";
import { classifySnowflakeError, openSession, type SnowflakeTarget } from "./driver";
import { openDataSession } from "./session";
import { snowflakeTransfer } from "./transfer";

export const snowflakeRuntime: VendorRuntime<SnowflakeTarget["configuration"], SnowflakeTarget["credentials"]> = {
  open: openSession,
  openData: openDataSession,
  classify: classifySnowflakeError,
  transfer: snowflakeTransfer,
};
