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
