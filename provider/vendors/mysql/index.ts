import type { Vendor } from "../vendor";
import { mysqlDialect } from "./dialect";
import { classifyMysqlError, openSession, type MysqlTarget } from "./driver";
import { openDataSession } from "./session";

export const mysqlVendor: Vendor<MysqlTarget["configuration"], MysqlTarget["credentials"]> = {
  dialectName: "mysql",
  canStream: true,
  dialect: mysqlDialect,
  open: openSession,
  openData: openDataSession,
  classify: classifyMysqlError,
  // A MySQL "schema" is a database; jobs write into the connection's own unless told otherwise.
  defaultJobPath: (configuration) => [configuration.database ?? "dataplane"],
};
