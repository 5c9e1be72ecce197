import type { Vendor } from "../vendor";
import { classifyMysqlError, openSession, type MysqlTarget } from "./driver";

export const mysqlVendor: Vendor<MysqlTarget["configuration"], MysqlTarget["credentials"]> = {
  dialectName: "mysql",
  canStream: true,
  open: openSession,
  classify: classifyMysqlError,
};
