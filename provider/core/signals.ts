import { processCancellation } from "./cancellation";

/**
 * How long the process waits for deadlines in flight to cancel their statements and drop
 * their staging tables after SIGINT/SIGTERM. The engine sends SIGKILL 5 s after SIGINT when
 * the CLI still runs then, so the process exits before that on its own.
 */
export const EXIT_GRACE_MILLISECONDS = 4_500;

const EXIT_CODES: Record<"SIGINT" | "SIGTERM", number> = { SIGINT: 130, SIGTERM: 143 };

let installed = false;

/**
 * Inside the dynamic provider process, SIGINT and SIGTERM cancel the process (core/cancellation)
 * instead of ending it at once: Node's default would leave the running statement running in
 * the database (a server notices a vanished client only when it next writes to it) and a
 * staging table behind. The process exits once every deadline has cleaned up, or after
 * EXIT_GRACE_MILLISECONDS.
 */
export function exitCleanlyOnSignals(): void {
  if (installed) return;
  installed = true;
  // After the CLI has gone, our stdout is a broken pipe: a progress line must not throw.
  process.stdout.on("error", () => undefined);
  process.stderr.on("error", () => undefined);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      processCancellation.cancel(`the Pulumi engine stopped the provider (${signal}: Ctrl-C pressed twice, or the run ended)`);
      const grace = setTimeout(() => process.exit(EXIT_CODES[signal]), EXIT_GRACE_MILLISECONDS);
      void processCancellation.drained().then(() => {
        clearTimeout(grace);
        process.exit(EXIT_CODES[signal]);
      });
    });
  }
}

/**
 * The Node SDK runs dynamic providers as `node …/@pulumi/pulumi/cmd/dynamic-provider <engine>`;
 * the script's path, or undefined in any other process (a program, a test).
 */
export function dynamicProviderScript(): string | undefined {
  const script = process.argv[1] ?? "";
  return /[\\/]cmd[\\/]dynamic-provider([\\/]index\.js)?$/.test(script) ? script : undefined;
}
