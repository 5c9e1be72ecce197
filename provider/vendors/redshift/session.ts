import type { DataSession } from "../../core/vendor-contract";
import type { PostgresTarget } from "../postgres/connection";
import { openDataSession } from "../postgres/session";
import { redshiftDialect } from "./dialect";

/** Postgres's data session, speaking Redshift's dialect. */
export async function openRedshiftDataSession(target: PostgresTarget, signal: AbortSignal): Promise<DataSession> {
  return { ...(await openDataSession(target, signal)), dialect: redshiftDialect };
}
