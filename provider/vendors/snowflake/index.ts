import type { Vendor } from "../vendor";
import { snowflakeDialect } from "./dialect";
import { classifySnowflakeError, openSession, type SnowflakeTarget } from "./driver";
import { openDataSession } from "./session";

export const snowflakeVendor: Vendor<SnowflakeTarget["configuration"], SnowflakeTarget["credentials"]> = {
  dialectName: "snowflake",
  canStream: true,
  dialect: snowflakeDialect,
  open: openSession,
  openData: openDataSession,
  classify: classifySnowflakeError,
  // Jobs write into the connection's schema, within its database.
  defaultJobPath: (configuration) => [configuration.schema ?? "PUBLIC"],
};
