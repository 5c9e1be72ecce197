import type { ConnectionTarget } from "../../core/vendor-contract";
import type { TrinoConfiguration, TrinoCredentials } from "./config";

/**
 * Trino's client protocol over plain HTTP: POST /v1/statement, then GET each nextUri until
 * there is none; DELETE on the nextUri cancels the query in the coordinator. It is small,
 * and doing it here keeps every request on our AbortSignal (fetch aborts the socket).
 */
export interface TrinoColumn {
  name: string;
  type: string;
}

export interface TrinoErrorInfo {
  message: string;
  errorCode?: number;
  errorName?: string;
  errorType?: string;
}

/** A query the coordinator reported as failed, with its error name (TABLE_NOT_FOUND, …). */
export class TrinoQueryError extends Error {
  readonly errorName: string;
  readonly errorType: string;
  constructor(info: TrinoErrorInfo) {
    super(info.message);
    this.name = "TrinoQueryError";
    this.errorName = info.errorName ?? "UNKNOWN";
    this.errorType = info.errorType ?? "UNKNOWN";
  }
}

/** A response the coordinator sent with an HTTP status other than 200. */
export class TrinoHttpError extends Error {
  constructor(readonly status: number) {
    super(`the Trino coordinator answered HTTP ${status}`);
    this.name = "TrinoHttpError";
  }
}

interface QueryResults {
  id: string;
  nextUri?: string;
  columns?: TrinoColumn[];
  data?: unknown[][];
  error?: TrinoErrorInfo;
  updateType?: string;
  updateCount?: number;
  /** The coordinator's statistics of the query so far. */
  stats?: { processedRows?: number; progressPercentage?: number };
}

export type TrinoTarget = ConnectionTarget<TrinoConfiguration, TrinoCredentials>;

export interface QueryOptions {
  signal: AbortSignal;
  /** Prepared statements sent with the request: name → SQL text. */
  prepared?: Record<string, string>;
  /**
   * Let the submission (the POST) finish even when `signal` aborts, bounded by its own
   * SUBMIT_SECONDS: once the coordinator has a query it runs it, and only the id in the answer
   * lets a session cancel it. Later requests still end with the signal.
   */
  finishSubmission?: boolean;
}

/** One query on its way: pages are fetched one at a time, only when asked for. */
export interface RunningQuery {
  /** The coordinator's query id (system.runtime.queries). */
  readonly id: string;
  /** Each page of rows as it arrives; columns are known once the first page with them came. */
  pages(): AsyncGenerator<unknown[][]>;
  readonly columns: TrinoColumn[] | undefined;
  readonly updateCount: number | undefined;
  /** The coordinator's statistics from the latest answer: rows its sources processed, and its percentage. */
  readonly stats: QueryResults["stats"];
  /** DELETE on the current nextUri: the coordinator kills the query. Never throws. */
  cancel(): Promise<void>;
}

const CANCEL_SECONDS = 10;
const SUBMIT_SECONDS = 5;
/** The protocol asks clients to retry 502/503/504 after a short pause. */
const RETRY_STATUSES = new Set([502, 503, 504]);
const MAX_RETRIES = 20;

function headersFor({ configuration, credentials }: TrinoTarget, prepared: Record<string, string> = {}): Record<string, string> {
  const headers: Record<string, string> = {
    "X-Trino-User": configuration.user,
    "X-Trino-Source": "pulumi-dataplane",
    // Sessions run in UTC so timestamps cross between databases unshifted.
    "X-Trino-Time-Zone": "UTC",
  };
  if (configuration.catalog !== undefined) headers["X-Trino-Catalog"] = configuration.catalog;
  if (configuration.schema !== undefined) headers["X-Trino-Schema"] = configuration.schema;
  if (credentials.password !== undefined) {
    headers.Authorization = `Basic ${Buffer.from(`${configuration.user}:${credentials.password}`).toString("base64")}`;
  }
  const statements = Object.entries(prepared).map(([name, sql]) => `${name}=${encodeURIComponent(sql)}`);
  if (statements.length > 0) headers["X-Trino-Prepared-Statement"] = statements.join(",");
  return headers;
}

/** Basic authentication over http would send the password in the clear; Trino refuses it too. */
export function assertSafeCredentials({ configuration, credentials }: TrinoTarget): void {
  if (credentials.password !== undefined && !configuration.server.startsWith("https:")) {
    throw new TrinoConfigurationError(
      "credentials.password needs an https:// configuration.server (Trino accepts passwords only over TLS)",
    );
  }
}

export class TrinoConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TrinoConfigurationError";
  }
}

async function request(url: string, init: RequestInit, signal: AbortSignal): Promise<QueryResults> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(url, { ...init, signal });
    if (RETRY_STATUSES.has(response.status) && attempt < MAX_RETRIES) {
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, 50 + attempt * 50));
      signal.throwIfAborted();
      continue;
    }
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new TrinoHttpError(response.status);
    }
    return (await response.json()) as QueryResults;
  }
}

/** Starts a query; rows come from pages(), which follows nextUri one page at a time. */
export async function startQuery(target: TrinoTarget, sql: string, options: QueryOptions): Promise<RunningQuery> {
  assertSafeCredentials(target);
  const headers = headersFor(target, options.prepared);
  const submitSignal = options.finishSubmission ? AbortSignal.timeout(SUBMIT_SECONDS * 1000) : options.signal;
  let current = await request(`${target.configuration.server}/v1/statement`, { method: "POST", headers, body: sql }, submitSignal);
  let columns: TrinoColumn[] | undefined;
  let updateCount: number | undefined;
  let finished = false;

  const take = (results: QueryResults): unknown[][] => {
    if (results.error) throw new TrinoQueryError(results.error);
    if (results.columns) columns = results.columns;
    if (results.updateCount !== undefined) updateCount = results.updateCount;
    if (!results.nextUri) finished = true;
    return results.data ?? [];
  };

  async function* pages(): AsyncGenerator<unknown[][]> {
    let data = take(current);
    for (;;) {
      if (data.length > 0) yield data;
      if (finished || !current.nextUri) return;
      current = await request(current.nextUri, { method: "GET", headers }, options.signal);
      data = take(current);
    }
  }

  return {
    id: current.id,
    pages,
    get columns() {
      return columns;
    },
    get updateCount() {
      return updateCount;
    },
    get stats() {
      return current.stats;
    },
    cancel: async () => {
      const nextUri = current.nextUri;
      if (finished || !nextUri) return;
      finished = true;
      // A signal of its own: the query's signal is usually the one that just aborted.
      await fetch(nextUri, { method: "DELETE", headers, signal: AbortSignal.timeout(CANCEL_SECONDS * 1000) })
        .then((response) => response.body?.cancel())
        .catch(() => undefined);
    },
  };
}

export interface QueryResult {
  columns: TrinoColumn[];
  rows: unknown[][];
  updateCount: number | undefined;
}

/**
 * Runs a query to its end and keeps its rows (small results: probes, metadata). The query
 * is registered with `track` while it runs so a session can cancel it in the coordinator.
 */
export async function runQuery(
  target: TrinoTarget,
  sql: string,
  options: QueryOptions & { track?: (query: Promise<RunningQuery> | undefined) => void },
): Promise<QueryResult> {
  const starting = startQuery(target, sql, options);
  options.track?.(starting);
  let query: RunningQuery;
  try {
    query = await starting;
  } catch (error) {
    options.track?.(undefined);
    throw error;
  }
  const rows: unknown[][] = [];
  try {
    for await (const page of query.pages()) rows.push(...page);
  } catch (error) {
    if (options.signal.aborted) await query.cancel();
    throw error;
  } finally {
    options.track?.(undefined);
  }
  return { columns: query.columns ?? [], rows, updateCount: query.updateCount };
}

/** Rows as objects keyed by column name, like the other drivers return them. */
export function rowObjects<Row>(result: QueryResult): Row[] {
  return result.rows.map((row) => Object.fromEntries(result.columns.map((column, index) => [column.name, row[index]])) as Row);
}
