import { processCancellation } from "./cancellation";
import { DataplaneError } from "./failures";

/** How long a deadline waits, after aborting, for its cleanups to confirm their work. */
export const CLEANUP_SECONDS = 10;

/**
 * Work that must be finished after an abort before the caller hears of the failure:
 * cancelling a statement in the database and confirming it gone, dropping a staging table.
 * `what` names it for the message when it fails or outlasts CLEANUP_SECONDS; `run` resolves
 * with a sentence saying what was done.
 */
export interface AbortCleanup {
  what: string;
  run: () => Promise<string>;
}

/** A deadline's signal and the cleanups registered on it; started ones are awaited. */
interface Scope {
  registered: Set<AbortCleanup>;
  started: Array<Promise<string>>;
}

const scopes = new WeakMap<AbortSignal, Scope>();

/** Settles with the cleanup's sentence, its failure, or its outlasting CLEANUP_SECONDS: never rejects. */
function startCleanup(cleanup: AbortCleanup): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(
      () => resolve(`${cleanup.what} could not be confirmed within ${CLEANUP_SECONDS} s: it may still be going on in the database`),
      CLEANUP_SECONDS * 1000,
    );
  });
  const done = Promise.resolve()
    .then(cleanup.run)
    .catch((error: unknown) => `${cleanup.what} was not confirmed: ${error instanceof Error ? error.message : String(error)}`);
  return Promise.race([done, late]).finally(() => clearTimeout(timer));
}

/**
 * Registers work to do when `signal` aborts; the deadline that owns the signal waits for it
 * (at most CLEANUP_SECONDS) before it reports the failure, and reports its sentence. Returns
 * a function that unregisters it once the work it guards is over. On a signal no deadline
 * owns, the cleanup still runs on abort, unawaited.
 */
export function afterAbort(signal: AbortSignal, cleanup: AbortCleanup): () => void {
  const scope = scopes.get(signal);
  if (!scope) {
    const run = (): void => void startCleanup(cleanup);
    onAbort(signal, run);
    return () => signal.removeEventListener("abort", run);
  }
  if (signal.aborted) {
    scope.started.push(startCleanup(cleanup));
    return () => undefined;
  }
  scope.registered.add(cleanup);
  return () => scope.registered.delete(cleanup);
}

/**
 * Runs `work` with a deadline of our own: the Pulumi engine passes no timeout to dynamic
 * providers. On expiry, or when the engine cancels the whole provider process
 * (core/cancellation), the signal aborts so the work destroys its sockets; then every cleanup
 * registered with afterAbort (cancel in the database, drop staging) runs and is awaited, and
 * the caller gets a failure whose message says what each one confirmed, or that it could not.
 */
export async function withDeadline<T>(seconds: number, what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const scope: Scope = { registered: new Set(), started: [] };
  scopes.set(controller.signal, scope);
  let aborted!: () => void;
  const abortedNow = new Promise<undefined>((resolve) => (aborted = () => resolve(undefined)));
  const abort = (reason: DataplaneError): void => {
    if (controller.signal.aborted) return;
    controller.abort(reason);
    // Started at the moment of the abort: the work may unregister them as it fails.
    for (const cleanup of scope.registered) scope.started.push(startCleanup(cleanup));
    scope.registered.clear();
    aborted();
  };
  const timer = setTimeout(() => abort(new DataplaneError("timedOut", `${what} did not finish within ${seconds} s`)), seconds * 1000);
  const stopListening = processCancellation.listen((why) => abort(new DataplaneError("cancelled", `${what} was stopped: ${why}`)));
  const running = work(controller.signal);
  // The losing promise may still reject later; that rejection is already accounted for.
  running.catch(() => undefined);
  try {
    const finished = await Promise.race([running.then((value) => ({ value })), abortedNow]);
    if (finished) return finished.value;
    const reason = controller.signal.reason as DataplaneError;
    const sentences = await Promise.all(scope.started);
    throw sentences.length === 0 ? reason : new DataplaneError(reason.kind, [reason.detail, ...sentences].join("; "));
  } finally {
    clearTimeout(timer);
    stopListening();
  }
}

/** The signal's reason when it is an error (a deadline's DataplaneError, a caller's reason), else `fallback`. */
export function abortReason(signal: AbortSignal, fallback: Error = new Error("the operation was aborted")): Error {
  return signal.reason instanceof Error ? signal.reason : fallback;
}

/**
 * Settles with `work`, or rejects at once with the abort reason when the signal aborts: for
 * driver calls that cannot be aborted themselves (or call back only after retrying long).
 */
export function abortable<T>(signal: AbortSignal, work: Promise<T>, fallback?: Error): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(abortReason(signal, fallback));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortReason(signal, fallback));
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Calls `onAbort` when the signal aborts (or at once if it already has). */
export function onAbort(signal: AbortSignal, onAbort: () => void): void {
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
}
