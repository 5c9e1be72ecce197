import { randomUUID } from "node:crypto";
import type { BigQuery } from "@google-cloud/bigquery";
import { abortable } from "./client";
import type { BigqueryConfiguration } from "./config";
import type { SchemaField } from "./values";

/** The REST job resource, as far as the session reads it. */
export interface JobResource {
  jobReference?: { jobId?: string; location?: string };
  status?: { state?: string; errorResult?: { reason?: string; message?: string }; errors?: Array<{ reason?: string; message?: string }> };
  statistics?: {
    totalBytesProcessed?: string;
    query?: { totalBytesProcessed?: string; schema?: { fields?: SchemaField[] }; statementType?: string; numDmlAffectedRows?: string };
  };
}

/** The REST getQueryResults response. */
export interface QueryResults {
  jobComplete?: boolean;
  schema?: { fields?: SchemaField[] };
  rows?: Array<{ f: Array<{ v: unknown }> }>;
  pageToken?: string;
  totalRows?: string;
  numDmlAffectedRows?: string;
}

type Parameter = string | number | boolean | null;

/**
 * No single request waits longer: getQueryResults and jobs.query long-poll for 10 s at most,
 * and a job's own deadline is jobTimeoutMs.
 */
const REQUEST_DEADLINE_MILLISECONDS = 120_000;

/**
 * A positional query parameter with its type spelled out: BigQuery cannot infer a NULL's,
 * so a NULL goes as a STRING (compare it with other types through CAST in the SQL).
 */
export function queryParameter(value: unknown): object {
  const parameter = value as Parameter;
  if (parameter === null || parameter === undefined) return { parameterType: { type: "STRING" }, parameterValue: {} };
  if (typeof parameter === "boolean") return { parameterType: { type: "BOOL" }, parameterValue: { value: String(parameter) } };
  if (typeof parameter === "number") {
    return { parameterType: { type: Number.isInteger(parameter) ? "INT64" : "FLOAT64" }, parameterValue: { value: String(parameter) } };
  }
  return { parameterType: { type: "STRING" }, parameterValue: { value: String(parameter) } };
}

/** What every query job carries: standard SQL, the byte limit, the job's own deadline. */
export function queryConfiguration(
  configuration: BigqueryConfiguration,
  sql: string,
  parameters: readonly unknown[],
  dryRun = false,
): object {
  return {
    dryRun,
    jobTimeoutMs: String(configuration.queryTimeoutMilliseconds),
    query: {
      query: sql,
      useLegacySql: false,
      ...(parameters.length > 0 ? { parameterMode: "POSITIONAL", queryParameters: parameters.map(queryParameter) } : {}),
      ...(configuration.maximumBytesBilled !== undefined ? { maximumBytesBilled: String(configuration.maximumBytesBilled) } : {}),
    },
  };
}

/** BigQuery's answer to a failed request (`{ error: { code, message, errors } }`) as an error shaped like the client's ApiError. */
export async function responseFailure(response: Response): Promise<Error> {
  const text = await response.text().catch(() => "");
  let error: { code?: number; message?: string; errors?: unknown[] } = {};
  try {
    error = (JSON.parse(text) as { error?: typeof error }).error ?? {};
  } catch {
    // Not JSON: the status says enough.
  }
  return Object.assign(new Error(error.message ?? `BigQuery answered HTTP ${response.status}`), {
    code: error.code ?? response.status,
    errors: error.errors ?? [],
  });
}

/**
 * A REST call with the client's auth headers, through fetch: aborting the signal destroys the
 * socket at once (the client's own requests cannot be aborted, only abandoned), and every
 * call has its own deadline besides.
 */
export async function request<T>(
  client: BigQuery,
  signal: AbortSignal,
  options: { method?: string; uri: string; qs?: Record<string, unknown>; json?: object },
): Promise<T> {
  const url = new URL(`${client.baseUrl}/projects/${client.projectId}${options.uri}`);
  for (const [key, value] of Object.entries(options.qs ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
  const headers = new Headers(await abortable(signal, client.authClient.getRequestHeaders(url.toString())));
  if (options.json) headers.set("content-type", "application/json");
  const response = await fetch(url, {
    method: options.method ?? "GET",
    headers,
    body: options.json ? JSON.stringify(options.json) : undefined,
    signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_DEADLINE_MILLISECONDS)]),
  });
  if (!response.ok) throw await responseFailure(response);
  return (await response.json()) as T;
}

/** A job that finished with an error, as an error the classifier reads like an ApiError. */
function jobFailure(job: JobResource): Error | undefined {
  const result = job.status?.errorResult;
  if (!result) return undefined;
  return Object.assign(new Error(result.message ?? "the BigQuery job failed"), { errors: job.status?.errors ?? [result] });
}

/** The query jobs of one session: run, page, and cancel in BigQuery whatever still runs. */
export interface JobRunner {
  /** Inserts a query job (the id is ours, so it can be cancelled before the insert returns). */
  insert(sql: string, parameters: readonly unknown[], signal: AbortSignal, dryRun?: boolean): Promise<JobResource>;
  /** One page of a job's results, waiting (in slices) until the job completes. */
  page(jobId: string, signal: AbortSignal, options: { maxResults: number; pageToken?: string }): Promise<QueryResults>;
  /** Runs a statement to completion: its first page (no rows unless asked for). */
  run(
    sql: string,
    parameters: readonly unknown[],
    signal: AbortSignal,
    maxResults?: number,
  ): Promise<{ jobId: string; results: QueryResults }>;
  /**
   * Runs a multi-statement script through jobs.query and waits for it. BigQuery rolls a
   * failed transaction back either way; the emulator only does so on this path (a script
   * inserted through jobs.insert keeps the statements before the failing one).
   */
  runScript(sql: string, signal: AbortSignal): Promise<void>;
  /** Asks BigQuery to cancel every job of the session still running (the engine's own cancel). */
  cancelAll(): Promise<void>;
}

export function createJobRunner(client: BigQuery, configuration: BigqueryConfiguration): JobRunner {
  const running = new Set<string>();

  const insert: JobRunner["insert"] = async (sql, parameters, signal, dryRun = false) => {
    const jobId = `dataplane_${randomUUID().replace(/-/g, "")}`;
    if (!dryRun) running.add(jobId);
    try {
      const job = await request<JobResource>(client, signal, {
        method: "POST",
        uri: "/jobs",
        json: {
          jobReference: { projectId: configuration.projectId, jobId, location: configuration.location },
          configuration: queryConfiguration(configuration, sql, parameters, dryRun),
        },
      });
      const failure = jobFailure(job);
      if (failure) throw failure;
      return job;
    } catch (error) {
      running.delete(jobId);
      throw error;
    }
  };

  const page: JobRunner["page"] = async (jobId, signal, options) => {
    for (;;) {
      const results = await request<QueryResults>(client, signal, {
        uri: `/queries/${jobId}`,
        qs: {
          location: configuration.location,
          maxResults: options.maxResults,
          timeoutMs: 10_000,
          "formatOptions.useInt64Timestamp": true,
          ...(options.pageToken ? { pageToken: options.pageToken } : {}),
        },
      });
      if (results.jobComplete !== false) {
        running.delete(jobId);
        return results;
      }
    }
  };

  const cancel = (jobId: string): Promise<void> =>
    request(client, AbortSignal.timeout(10_000), {
      method: "POST",
      uri: `/jobs/${jobId}/cancel`,
      qs: { location: configuration.location },
    }).then(
      () => undefined,
      () => undefined,
    );

  const runScript: JobRunner["runScript"] = async (sql, signal) => {
    const {
      dryRun: _dryRun,
      jobTimeoutMs,
      query,
    } = queryConfiguration(configuration, sql, []) as { dryRun: boolean; jobTimeoutMs: string; query: object };
    // jobs.query names the job in its answer: aborted before that, the job is cancelled once named.
    const answer = request<QueryResults & { jobReference?: { jobId?: string } }>(
      client,
      AbortSignal.timeout(configuration.queryTimeoutMilliseconds),
      {
        method: "POST",
        uri: "/queries",
        json: { ...query, jobTimeoutMs, location: configuration.location, timeoutMs: 10_000, maxResults: 0, requestId: randomUUID() },
      },
    );
    answer.then(
      (response) => {
        if (signal.aborted && response.jobReference?.jobId) void cancel(response.jobReference.jobId);
      },
      () => undefined,
    );
    const response = await abortable(signal, answer);
    const jobId = response.jobReference?.jobId;
    if (response.jobComplete === false && jobId) {
      running.add(jobId);
      await page(jobId, signal, { maxResults: 0 });
    }
  };

  return {
    insert,
    page,
    runScript,
    run: async (sql, parameters, signal, maxResults = 0) => {
      const job = await insert(sql, parameters, signal);
      const jobId = job.jobReference?.jobId ?? "";
      return { jobId, results: await page(jobId, signal, { maxResults }) };
    },
    cancelAll: async () => {
      const ids = [...running];
      running.clear();
      await Promise.all(ids.map(cancel));
    },
  };
}
