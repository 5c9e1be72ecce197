import type { Vendor } from "../vendor";
import { classifyPostgresError, openSession, type PostgresTarget } from "./driver";

export const postgresVendor: Vendor<PostgresTarget["configuration"], PostgresTarget["credentials"]> = {
  dialectName: "postgres",
  canStream: true,
  open: openSession,
  classify: classifyPostgresError,
};
