import type { VendorRuntime } from "../../core/vendor-contract";
import type { PostgresTarget } from "./connection";
import { classifyPostgresError, openSession } from "./driver";
import { openDataSession } from "./session";
import { postgresTransfer } from "./transfer";

export const postgresRuntime: VendorRuntime<PostgresTarget["configuration"], PostgresTarget["credentials"]> = {
  open: openSession,
  openData: (target, signal) => openDataSession(target, signal),
  classify: classifyPostgresError,
  transfer: postgresTransfer,
};
