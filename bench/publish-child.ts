/**
 * One transfer in a process of its own, so its peak RSS (VmHWM) is just the transfer's.
 * Prints one JSON line: {"rows", "seconds", "peakRssMb"}. Used by publish-transfer.ts.
 *   node -r ts-node/register/transpile-only bench/publish-child.ts '<json of transferTable options without signal>'
 */
import { readFileSync } from "node:fs";
import { transferBetween, type TransferBetweenOptions } from "../test/support/transfer-between";

function peakRssMb(): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
  return match ? Number(match[1]) / 1024 : process.memoryUsage.rss() / 1024 / 1024;
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2]) as Omit<TransferBetweenOptions, "signal">;
  const started = performance.now();
  const { rowCount } = await transferBetween({ ...options, signal: AbortSignal.timeout(3_600_000) });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ rows: rowCount, seconds, peakRssMb: peakRssMb() })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
