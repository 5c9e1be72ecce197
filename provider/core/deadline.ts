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

/** Calls `onAbort` when the signal aborts (or at once if it already has). */
export function onAbort(signal: AbortSignal, onAbort: () => void): void {
  if (signal.aborted) onAbort();
  else signal.addEventListener("abort", onAbort, { once: true });
}
