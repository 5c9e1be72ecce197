import { DataplaneError } from "./failures";

/**
 * Runs `work` with a deadline of our own: the Pulumi engine passes no timeout or
 * cancellation to dynamic providers. On expiry the signal aborts, so the work can
 * destroy its sockets, and the caller gets a `timedOut` failure at once.
 */
export async function withDeadline<T>(
  seconds: number,
  what: string,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new DataplaneError("timedOut", `${what} did not finish within ${seconds} s`);
      controller.abort(error);
      reject(error);
    }, seconds * 1000);
  });
  const running = work(controller.signal);
  // The losing promise may still reject later; that rejection is already accounted for.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
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
