import { CLEANUP_SECONDS } from "./deadline";

/**
 * Asks `done` every 50 ms until it answers true; throws `stillWhat` after CLEANUP_SECONDS, so a
 * confirmation never polls on after the deadline waiting for it has reported.
 */
export async function pollUntil(done: () => Promise<boolean>, stillWhat: string): Promise<void> {
  const until = performance.now() + CLEANUP_SECONDS * 1000;
  while (!(await done())) {
    if (performance.now() > until) throw new Error(`${stillWhat} after ${CLEANUP_SECONDS} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
