import type { VendorRuntime } from "../../core/vendor-contract";
import type { MysqlTarget } from "./connection";
import { classifyMysqlError, openSession } from "./driver";
import { openDataSession } from "./session";
import { mysqlTransfer } from "./transfer";

export const mysqlRuntime: VendorRuntime<MysqlTarget["configuration"], MysqlTarget["credentials"]> = {
  open: openSession,
  openData: openDataSession,
  classify: classifyMysqlError,
  transfer: mysqlTransfer,
};
