import { randomUUID } from "node:crypto";
import { PassThrough, Readable } from "node:stream";
import { onAbort } from "../../core/deadline";
import { encodeCopyRows, type TextRow } from "../../core/transfer/copy-text";
import { decodingInput } from "../../core/transfer/decoding-input";
import type { EndpointRequest, TextSink, TextSource, VendorTransfer } from "../../core/transfer/endpoints";
import { abortable, createClient, type BigqueryTarget } from "./client";
import { bigqueryDialect } from "./dialect";
import { ndjsonWriter } from "./load-rows";
import { createJobRunner, request, responseFailure, type JobResource } from "./query-jobs";
import { canonicalText } from "./values";

const { quoteIdentifier, qualifiedName } = bigqueryDialect;
const PAGE_ROWS = 20_000;
/** Characters of NDJSON handed to the upload at once. */
const UPLOAD_CHUNK_CHARACTERS = 64 * 1024;

/**
 * Streams the table out page by page (getQueryResults with maxResults and pageToken): the
 * next page is fetched only when the last was taken, and each value becomes canonical text.
 */
async function openSource({ target, table, columns, signal }: EndpointRequest): Promise<TextSource> {
  const bigqueryTarget = target as BigqueryTarget;
  const client = await createClient(bigqueryTarget);
  const runner = createJobRunner(client, bigqueryTarget.configuration);
  const controller = new AbortController();
  onAbort(signal, () => controller.abort(signal.reason));
  onAbort(controller.signal, () => void runner.cancelAll());
  const job = await runner.insert(
    `select ${columns.map((column) => quoteIdentifier(column.name)).join(", ")} from ${qualifiedName(table)}`,
    [],
    controller.signal,
  );
  const jobId = job.jobReference?.jobId ?? "";
  async function* pages(): AsyncGenerator<Buffer> {
    let pageToken: string | undefined;
    do {
      const page = await runner.page(jobId, controller.signal, { maxResults: PAGE_ROWS, pageToken });
      const fields = page.schema?.fields ?? [];
      const rows: TextRow[] = (page.rows ?? []).map((row) => fields.map((field, index) => canonicalText(field, row.f[index]?.v)));
      if (rows.length > 0) yield Buffer.from(encodeCopyRows(rows));
      pageToken = page.pageToken;
    } while (pageToken);
  }
  return {
    stream: Readable.from(pages(), { objectMode: false }),
    close: async () => undefined,
    destroy: () => controller.abort(new Error("the transfer was stopped")),
  };
}

/** Waits for a load job to finish; a failed job has loaded nothing (load jobs are all-or-nothing). */
async function awaitJob(
  client: Awaited<ReturnType<typeof createClient>>,
  job: JobResource,
  location: string,
  signal: AbortSignal,
): Promise<JobResource> {
  let current = job;
  while (current.status?.state !== "DONE") {
    await new Promise((resolve) => setTimeout(resolve, 500));
    current = await request<JobResource>(client, signal, { uri: `/jobs/${job.jobReference?.jobId}`, qs: { location } });
  }
  const failure = current.status?.errorResult;
  if (failure)
    throw Object.assign(new Error(failure.message ?? "the BigQuery load job failed"), { errors: current.status?.errors ?? [failure] });
  return current;
}

/**
 * One load job (NEWLINE_DELIMITED_JSON), its rows uploaded as they arrive in one multipart
 * request. A load job commits all its rows or none; with emptyFirst it is WRITE_TRUNCATE,
 * replacing the rows in the same job. The upload goes through fetch with the client's auth
 * headers rather than the client's createWriteStream, whose request cannot be aborted:
 * aborting here destroys the socket at once, so no half-sent upload lingers.
 */
async function openSink({ target, table, columns, signal, emptyFirst }: EndpointRequest): Promise<TextSink> {
  const bigqueryTarget = target as BigqueryTarget;
  const { configuration } = bigqueryTarget;
  const client = await createClient(bigqueryTarget);
  const dataset = table.path[table.path.length - 1];
  const projectId = table.path.length > 1 ? table.path[table.path.length - 2] : configuration.projectId;
  const jobId = `dataplane_load_${randomUUID().replace(/-/g, "")}`;
  const metadata = {
    jobReference: { projectId: configuration.projectId, jobId, location: configuration.location },
    configuration: {
      jobTimeoutMs: String(configuration.queryTimeoutMilliseconds),
      load: {
        destinationTable: { projectId, datasetId: dataset, tableId: table.table },
        sourceFormat: "NEWLINE_DELIMITED_JSON",
        writeDisposition: emptyFirst ? "WRITE_TRUNCATE" : "WRITE_APPEND",
        createDisposition: "CREATE_NEVER",
      },
    },
  };
  const url = `${client.apiEndpoint}/upload/bigquery/v2/projects/${configuration.projectId}/jobs?uploadType=multipart`;
  const headers = new Headers(await abortable(signal, client.authClient.getRequestHeaders(url)));
  const boundary = `dataplane_${randomUUID()}`;
  headers.set("content-type", `multipart/related; boundary=${boundary}`);

  const controller = new AbortController();
  const cancelJob = (): void => {
    void request(client, AbortSignal.timeout(10_000), {
      method: "POST",
      uri: `/jobs/${jobId}/cancel`,
      qs: { location: configuration.location },
    }).catch(() => undefined);
  };
  onAbort(signal, () => {
    controller.abort(signal.reason);
    cancelJob();
  });
  const body = new PassThrough();
  body.write(
    `--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify(metadata)}\r\n--${boundary}\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const uploaded = fetch(url, {
    method: "POST",
    headers,
    body: Readable.toWeb(body) as ReadableStream,
    duplex: "half",
    signal: controller.signal,
  } as RequestInit).then(async (response) => {
    if (!response.ok) throw await responseFailure(response);
    return (await response.json()) as JobResource;
  });
  uploaded.catch(() => undefined);

  const toLine = ndjsonWriter(columns);
  let lines = "";
  let loadedRows: number | undefined;
  // Lines go to the upload a few tens of kilobytes at a time; a full upload buffer holds the source back.
  const send = (): Promise<void> | undefined => {
    const written = body.write(lines);
    lines = "";
    return written ? undefined : new Promise<void>((resolve) => body.once("drain", () => resolve()));
  };
  const { input, finished: decoded } = decodingInput(columns.length, {
    row: (row) => {
      lines += toLine(row);
      return lines.length >= UPLOAD_CHUNK_CHARACTERS ? send() : undefined;
    },
    end: async () => {
      body.end(`${lines}\r\n--${boundary}--\r\n`);
      const job = await awaitJob(client, await uploaded, configuration.location, signal);
      const outputRows = (job.statistics as { load?: { outputRows?: string } } | undefined)?.load?.outputRows;
      loadedRows = outputRows === undefined ? undefined : Number(outputRows);
    },
  });
  // A failed upload (refused, connection lost) fails the writer at once.
  uploaded.catch((error: Error) => input.destroy(error));
  const finished = decoded.then((rowCount) => loadedRows ?? rowCount);
  finished.catch(() => undefined);
  return {
    input,
    finished,
    close: async () => undefined,
    destroy: () => {
      controller.abort(new Error("the transfer was stopped"));
      body.destroy();
      cancelJob();
    },
  };
}

export const bigqueryTransfer: VendorTransfer = {
  // Publications load a staging table and apply it with one DML transaction: the emulator
  // ignores WRITE_TRUNCATE on uploads, so a straight-in truncateAndLoad is unverified (see the report).
  loadsStraightIn: false,
  openSource,
  openSink,
};
