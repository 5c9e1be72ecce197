import type { Vendor } from "../vendor";
import { postgresDialect } from "./dialect";
import { classifyPostgresError, openSession, type PostgresTarget } from "./driver";
import { openDataSession } from "./session";

export const postgresVendor: Vendor<PostgresTarget["configuration"], PostgresTarget["credentials"]> = {
  dialectName: "postgres",
  canStream: true,
  dialect: postgresDialect,
  open: openSession,
  openData: openDataSession,
  classify: classifyPostgresError,
  defaultJobPath: () => ["dataplane"],
};
