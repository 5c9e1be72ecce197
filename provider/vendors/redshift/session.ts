import { DataplaneError } from "../../core/failures";
import { leadingWords } from "../../core/sql-statements";
import type { DataSession } from "../../core/vendor-contract";
import type { PostgresTarget } from "../postgres/connection";
import { openDataSession } from "../postgres/session";
import { redshiftCatalog } from "./catalog";
import { redshiftDialect } from "./dialect";

/**
 * Postgres's data session, speaking Redshift's dialect and reading Redshift's catalog. A job runs its steps in one transaction
 * (rolled back at preview): Redshift's TRUNCATE would commit it, so at preview a rehearsal
 * refuses it, naming DELETE as the fix, instead of running it for real.
 */
export async function openRedshiftDataSession(target: PostgresTarget, signal: AbortSignal): Promise<DataSession> {
  const session = await openDataSession(target, signal, redshiftCatalog);
  const rehearse = session.rehearse;
  return {
    ...session,
    dialect: redshiftDialect,
    // Redshift has no aclexplode to read grants by, and no indexes: preview says what it did not read.
    describeDependents: undefined,
    copyGrants: undefined,
    rehearse: async (sql, parameters) => {
      if (leadingWords(sql, redshiftDialect.placeholders, 1)[0] === "truncate") {
        throw new DataplaneError(
          "sqlError",
          "TRUNCATE commits the open transaction on Redshift, and a job runs its steps in one (rolled back at preview, committed by up): use DELETE FROM instead",
        );
      }
      return rehearse ? rehearse(sql, parameters) : "notRun";
    },
  };
}
