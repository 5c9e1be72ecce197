import type { TableReference } from "./columns";
import { abortable, abortReason } from "./deadline";
import { shortDigest } from "./ownership";
import type { DataSession } from "./vendor-contract";

/** Writers of one table queued within this process (resources of one stack run concurrently). */
const processQueues = new Map<string, Promise<void>>();

const RETRY_MILLISECONDS = 250;

function isTrue(value: unknown): boolean {
  return value === true || value === 1 || value === "1" || value === "t";
}

async function inProcessTurn(key: string, signal: AbortSignal): Promise<() => void> {
  const previous = processQueues.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const queued = previous.then(() => mine);
  processQueues.set(key, queued);
  await abortable(signal, previous).catch((error: unknown) => {
    // Leaving the queue: whoever waits behind this turn waits for the one before it instead.
    void previous.then(release, release);
    throw error;
  });
  return () => {
    release();
    if (processQueues.get(key) === queued) processQueues.delete(key);
  };
}

/**
 * Runs `work` as the only writer of `table`: within this process by a queue, and across
 * processes (two stacks, two projects) by the database's own session lock where it has one,
 * which the server releases when a killed writer's session ends. `onWait` is told once when
 * another writer holds the table. Databases without such locks are listed in the README.
 */
export async function withTableLock<T>(
  session: DataSession,
  table: TableReference,
  signal: AbortSignal,
  onWait: () => void,
  work: () => Promise<T>,
): Promise<T> {
  const { dialect } = session;
  const key = shortDigest("dataplane table lock", dialect.qualifiedName(table)) + shortDigest("second half", dialect.qualifiedName(table));
  const leaveQueue = await inProcessTurn(key, signal);
  const locks = dialect.writerLocks;
  try {
    if (locks === undefined || locks === "embedded") return await work();
    let told = false;
    for (;;) {
      const [row] = await session.rows<{ locked: unknown }>(locks.tryLock(key));
      if (isTrue(row?.locked)) break;
      if (!told) {
        told = true;
        onWait();
      }
      await abortable(signal, new Promise((resolve) => setTimeout(resolve, RETRY_MILLISECONDS)), abortReason(signal));
    }
    try {
      return await work();
    } finally {
      await session.rows(locks.unlock(key)).catch(() => undefined);
    }
  } finally {
    leaveQueue();
  }
}
