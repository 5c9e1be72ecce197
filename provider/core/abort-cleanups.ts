import type { TableReference } from "./columns";
import { afterAbort, CLEANUP_SECONDS } from "./deadline";
import { dropTableIfExists } from "./schema-objects";
import type { DataSession } from "./vendor-contract";

/** Opens a fresh session for a cleanup, its sockets bounded by `signal`. */
export type SessionOpener = (signal: AbortSignal) => Promise<DataSession>;

/**
 * Runs `work` on a session whose running statement, if `signal` aborts (deadline, engine
 * cancellation), is cancelled in the database and confirmed gone before the deadline reports.
 */
export async function withCancellableSession<T>(
  open: SessionOpener,
  signal: AbortSignal,
  work: (session: DataSession) => Promise<T>,
): Promise<T> {
  const session = await open(signal);
  const stop = afterAbort(signal, {
    what: "cancelling the running statement in the database",
    run: async () => {
      await session.cancel();
      return "the running statement was cancelled in the database, which shows it no longer running";
    },
  });
  try {
    return await work(session);
  } finally {
    stop();
    await session.close();
  }
}

/**
 * Makes sure `table` (a staging table) is dropped if `signal` aborts while it exists: the
 * aborted session's socket is gone, so a fresh session drops it. Where tables take locks the
 * drop waits for the lock the aborted load held, so it also proves that load ended. Returns a
 * function to call once the table is gone or renamed into place.
 */
export function dropTableOnAbort(open: SessionOpener, signal: AbortSignal, table: TableReference): () => void {
  const name = `${table.path.join(".")}.${table.table}`;
  return afterAbort(signal, {
    what: `dropping the staging table ${name}`,
    run: async () => {
      const session = await open(AbortSignal.timeout(CLEANUP_SECONDS * 1000));
      try {
        await dropTableIfExists(session, table);
      } finally {
        await session.close();
      }
      return `the staging table ${name} was dropped`;
    },
  });
}
