/**
 * Dynamic providers cannot reach `pulumi.log`; the CLI shows what they write to stderr,
 * but without the resource's name, so every line carries it.
 */
type ReportSink = (resourceName: string | undefined, message: string) => void;

let reportSink: ReportSink = (resourceName, message) => process.stderr.write(`${resourceName ?? "dataplane"}: ${message}\n`);

/**
 * Where report lines go. By default stderr, which the engine prints for the dynamic provider;
 * it hides a package plugin's stderr, so the plugin sends them to the engine's log instead.
 */
export function sendReportsTo(sink: ReportSink): void {
  reportSink = sink;
}

export function reportLine(resourceName: string | undefined, message: string): void {
  reportSink(resourceName, message);
}

export function warnLine(resourceName: string | undefined, message: string): void {
  reportLine(resourceName, `warning: ${message}`);
}

/**
 * How often long jobs and loads report: DATAPLANE_PROGRESS_SECONDS (default 5), read when a
 * report starts. A value that is not a positive number is ignored rather than failing a run.
 */
export function progressIntervalMilliseconds(): number {
  const seconds = Number(process.env.DATAPLANE_PROGRESS_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 5000;
}

/** Reports `describe()` every few seconds until the returned function is called. */
export function startHeartbeat(
  resourceName: string | undefined,
  describe: () => string,
  intervalMilliseconds = progressIntervalMilliseconds(),
): () => void {
  const timer = setInterval(() => reportLine(resourceName, describe()), intervalMilliseconds);
  timer.unref();
  return () => clearInterval(timer);
}

export function formatCount(count: number): string {
  return count.toLocaleString("en-US");
}

/**
 * A running job's report: elapsed time and, where the engine reports the statement's progress
 * (DataSession.progress), the rows it processed, their rate and its percentage (never ours:
 * left out when the engine gives none or one outside 0–100).
 */
export function describeRunning(seconds: number, progress: { percentage?: number; processedRows?: number } | undefined): string {
  const parts = [`running, ${seconds.toFixed(0)} s`];
  if (progress?.processedRows !== undefined && progress.processedRows > 0) {
    const rate = formatCount(Math.round(progress.processedRows / Math.max(seconds, 0.001)));
    parts.push(`${formatCount(progress.processedRows)} rows processed (${rate} rows/s)`);
  }
  if (progress?.percentage !== undefined && progress.percentage >= 0 && progress.percentage <= 100) {
    parts.push(`${Math.floor(progress.percentage)}% by the engine's progress`);
  }
  return parts.join(", ");
}

/**
 * A job's progress as the user reads it: never backwards. A job runs more than its step (a
 * rename, a count), and the engine reports each statement on its own, so the statement after
 * the step would report its own few rows ("3 rows processed" after millions). The report keeps
 * the largest rows processed and percentage seen so far.
 */
export function steadyProgress(
  read: () => { percentage?: number; processedRows?: number } | undefined,
): () => { percentage?: number; processedRows?: number } | undefined {
  let processedRows: number | undefined;
  let percentage: number | undefined;
  return () => {
    const current = read();
    if (current?.processedRows !== undefined) processedRows = Math.max(processedRows ?? 0, current.processedRows);
    if (current?.percentage !== undefined) percentage = Math.max(percentage ?? 0, current.percentage);
    if (processedRows === undefined && percentage === undefined) return undefined;
    return { ...(processedRows !== undefined ? { processedRows } : {}), ...(percentage !== undefined ? { percentage } : {}) };
  };
}

/**
 * How far a load or a job is: rows so far and rows per second, and "of M rows (P%)" where the
 * total is a count, not an estimate. The percentage is rounded down (100% only once every row
 * is in) and left out when the rows outgrow the total (the source changed after it was
 * counted): never a guess.
 */
export function describeProgress(progress: { rows: number; seconds: number; totalRows?: number }): string {
  const { rows, seconds, totalRows } = progress;
  const rate = `${formatCount(Math.round(rows / Math.max(seconds, 0.001)))} rows/s`;
  if (totalRows === undefined || totalRows <= 0 || rows > totalRows) return `${formatCount(rows)} rows, ${rate}`;
  const percentage = Math.floor((rows / totalRows) * 100);
  return `${formatCount(rows)} of ${formatCount(totalRows)} rows (${percentage}%), ${rate}`;
}
