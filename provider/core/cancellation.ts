/**
 * Process-wide cancellation: one provider process serves every dynamic resource of a stack
 * (DESIGN.md rule 8), and when the engine stops it, every deadline in flight must abort, cancel
 * its statements in the database, drop its staging tables, and only then let the process end.
 *
 * What the engine sends (Pulumi 3.248 and 3.274, read in its source and measured with
 * test/e2e/ctrl-c.test.ts):
 * - the first Ctrl-C (or SIGTERM) of `pulumi up` calls the provider's Cancel RPC, which the
 *   Node SDK's dynamic provider server (@pulumi/pulumi/cmd/dynamic-provider) answers with an
 *   empty reply without telling the provider; the engine then waits for running operations;
 * - a second one makes the engine close its plugins: SIGINT to the plugin's process group,
 *   and SIGKILL 5 s later if the CLI is still running then (sdk/go/common/resource/plugin,
 *   plugin.go `kill`). The same SIGINT ends every provider process at the end of a run.
 * So SIGINT and SIGTERM are what can be observed: they cancel the process (see signals.ts).
 */
type Listener = (why: string) => void;

const listeners = new Set<Listener>();
let cancelledBecause: string | undefined;
let drainedWaiters: Array<() => void> = [];

export const processCancellation = {
  /**
   * Calls `listener` when the process is cancelled (at once if it already is). The returned
   * function unregisters it; a deadline calls it once its cleanups are done, so the process
   * knows when nothing is left to clean up.
   */
  listen(listener: Listener): () => void {
    if (cancelledBecause !== undefined) listener(cancelledBecause);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        for (const wake of drainedWaiters) wake();
        drainedWaiters = [];
      }
    };
  },

  /** Aborts every deadline in flight, and every one started from now on. */
  cancel(why: string): void {
    if (cancelledBecause !== undefined) return;
    cancelledBecause = why;
    for (const listener of [...listeners]) listener(why);
  },

  get cancelled(): boolean {
    return cancelledBecause !== undefined;
  },

  /** Resolves once no deadline is in flight (each has run and awaited its cleanups). */
  drained(): Promise<void> {
    if (listeners.size === 0) return Promise.resolve();
    return new Promise((resolve) => drainedWaiters.push(resolve));
  },
};
