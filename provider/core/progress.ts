/**
 * Dynamic providers cannot reach `pulumi.log`; the CLI shows what they write to stderr,
 * but without the resource's name, so every line carries it.
 */
export function reportLine(resourceName: string | undefined, message: string): void {
  process.stderr.write(`${resourceName ?? "dataplane"}: ${message}\n`);
}

export function warnLine(resourceName: string | undefined, message: string): void {
  reportLine(resourceName, `warning: ${message}`);
}

/** Reports `describe()` every few seconds until the returned function is called. */
export function startHeartbeat(resourceName: string | undefined, describe: () => string, intervalMilliseconds = 5000): () => void {
  const timer = setInterval(() => reportLine(resourceName, describe()), intervalMilliseconds);
  timer.unref();
  return () => clearInterval(timer);
}

export function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}
