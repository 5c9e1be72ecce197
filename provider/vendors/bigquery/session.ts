import type { TableReference } from "../../core/columns";
import { onAbort } from "../../core/deadline";
import { DataplaneError } from "../../core/failures";
import { leadingWords, requireOneStatement } from "../../core/sql-statements";
import type { DataSession, DescribedQuery, ResultColumn } from "../../core/vendor-contract";
import { abortable, createClient, type BigqueryTarget } from "./client";
import type { BigqueryConfiguration } from "./config";
import { bigqueryDialect } from "./dialect";
import { createJobRunner, type JobRunner, type QueryResults } from "./query-jobs";
import { bigqueryNativeType, fieldTypeName } from "./types";
import { plainValue, type SchemaField } from "./values";
import type { BigQuery } from "@google-cloud/bigquery";

const PAGE_ROWS = 10_000;
const DML = /^\s*(insert|update|delete|merge|truncate)\b/i;
const QUERY = /^\s*(\(\s*)*(select|with)\b/i;

export function resultColumns(fields: readonly SchemaField[] | undefined): ResultColumn[] {
  return (fields ?? []).map((field) => {
    const nativeType = fieldTypeName(field);
    return { name: field.name, nativeType, type: bigqueryNativeType(nativeType) };
  });
}

/** The preview's failure when the planner's estimate breaks the configured byte limit. */
export function bytesLimitError(bytes: number, limit: number): DataplaneError {
  return new DataplaneError(
    "invalidConfiguration",
    `the dry run says the query would process ${bytes} bytes, more than configuration.maximumBytesBilled (${limit} bytes), so BigQuery would refuse the job: raise configuration.maximumBytesBilled or make the query read less (fewer columns, partition filters)`,
  );
}

function rowsOf(results: QueryResults): Array<Record<string, unknown>> {
  const fields = results.schema?.fields ?? [];
  return (results.rows ?? []).map((row) =>
    Object.fromEntries(fields.map((field, index) => [field.name, plainValue(field, row.f[index]?.v)])),
  );
}

/** Datasets are created through the datasets API, in the connection's location (CREATE SCHEMA would need a query job, which the emulator cannot run). */
async function createDataset(
  client: BigQuery,
  configuration: BigqueryConfiguration,
  projectId: string | undefined,
  dataset: string,
  signal: AbortSignal,
): Promise<boolean> {
  const reference = client.dataset(dataset, projectId ? { projectId } : {});
  const [exists] = await abortable(signal, reference.exists());
  if (exists) return false;
  try {
    await abortable(signal, reference.create({ location: configuration.location }));
    return true;
  } catch (error) {
    // Created meanwhile by someone else: what was asked for holds, and it is theirs.
    if ((error as { code?: number }).code !== 409) throw error;
    return false;
  }
}

async function datasetExists(client: BigQuery, projectId: string | undefined, dataset: string, signal: AbortSignal): Promise<boolean> {
  const [exists] = await abortable(signal, client.dataset(dataset, projectId ? { projectId } : {}).exists());
  return exists;
}

/** Deletes a dataset only when it holds no table (delete without deleteContents refuses one that does). */
async function dropDatasetIfEmpty(client: BigQuery, projectId: string | undefined, dataset: string, signal: AbortSignal): Promise<boolean> {
  const reference = client.dataset(dataset, projectId ? { projectId } : {});
  const [tables] = await abortable(signal, reference.getTables({ maxResults: 1 }));
  if (tables.length > 0) return false;
  try {
    await abortable(signal, reference.delete({ force: false }));
  } catch (error) {
    if ((error as { code?: number }).code === 404) return true;
    // Not empty after all (a routine, a model): it stays.
    if ((error as { code?: number }).code === 400) return false;
    throw error;
  }
  return true;
}

/** DROP TABLE IF EXISTS through the tables API: the emulator fails the statement when the table is missing. */
async function dropTableIfExists(
  client: BigQuery,
  projectId: string | undefined,
  dataset: string,
  table: string,
  signal: AbortSignal,
): Promise<void> {
  try {
    await abortable(
      signal,
      client
        .dataset(dataset, projectId ? { projectId } : {})
        .table(table)
        .delete(),
    );
  } catch (error) {
    if ((error as { code?: number }).code !== 404) throw error;
  }
}

/**
 * DROP is not sent to the dry run: it would tell little (no columns, no bytes), and the
 * emulator the project is tested against applies a dry-run DROP to its catalog, which a
 * preview must never do. It is judged when the job runs.
 */
function leftToTheJob(sql: string): boolean {
  return leadingWords(sql, bigqueryDialect.placeholders, 1)[0] === "drop";
}

async function describe(
  runner: JobRunner,
  configuration: BigqueryConfiguration,
  sql: string,
  parameters: readonly unknown[],
  signal: AbortSignal,
): Promise<DescribedQuery | undefined> {
  if (leftToTheJob(sql)) return undefined;
  // A dry run compiles the statement and estimates its bytes without running it, at no cost.
  const job = await runner.insert(sql, parameters, signal, true);
  const statistics = job.statistics ?? {};
  const bytesText = statistics.query?.totalBytesProcessed ?? statistics.totalBytesProcessed;
  const totalBytesProcessed = bytesText === undefined ? undefined : Number(bytesText);
  if (
    configuration.maximumBytesBilled !== undefined &&
    totalBytesProcessed !== undefined &&
    totalBytesProcessed > configuration.maximumBytesBilled
  ) {
    throw bytesLimitError(totalBytesProcessed, configuration.maximumBytesBilled);
  }
  let fields = statistics.query?.schema?.fields;
  if (fields === undefined && QUERY.test(sql)) {
    // The emulator's dry run reports no schema: an empty result of the same query tells it.
    const { results } = await runner.run(`select * from (\n${sql}\n) limit 0`, parameters, signal);
    fields = results.schema?.fields;
  }
  return { columns: resultColumns(fields), ...(totalBytesProcessed !== undefined ? { totalBytesProcessed } : {}) };
}

async function describeTable(client: BigQuery, table: TableReference, signal: AbortSignal): Promise<ResultColumn[] | undefined> {
  const [dataset, projectId] = [table.path[table.path.length - 1], table.path.length > 1 ? table.path[table.path.length - 2] : undefined];
  try {
    const [metadata] = await abortable(
      signal,
      client
        .dataset(dataset, projectId ? { projectId } : {})
        .table(table.table)
        .getMetadata(),
    );
    const fields = ((metadata as { schema?: { fields?: SchemaField[] } }).schema?.fields ?? []) as SchemaField[];
    return fields.map((field) => {
      const nativeType = fieldTypeName(field);
      // A REQUIRED field holds no NULL; NULLABLE and REPEATED (an empty array) fields may be empty.
      return { name: field.name, nativeType, type: bigqueryNativeType(nativeType), nullable: field.mode?.toUpperCase() !== "REQUIRED" };
    });
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}

export async function openDataSession(target: BigqueryTarget, signal: AbortSignal): Promise<DataSession> {
  const { configuration } = target;
  const client = await createClient(target);
  const runner = createJobRunner(client, configuration);
  // Aborting (deadline, failure elsewhere) cancels the running jobs in BigQuery, not only our wait.
  onAbort(signal, () => void runner.cancelAll());

  // BigQuery runs a text of several statements as a script: one statement per call, so a smuggled second one fails.
  const one = (sql: string) => requireOneStatement(sql, bigqueryDialect.placeholders);
  const execute = async (sql: string, parameters: readonly unknown[] = []): Promise<number> => {
    const { results } = await runner.run(one(sql), parameters, signal);
    return Number(results.numDmlAffectedRows ?? 0);
  };

  return {
    dialect: bigqueryDialect,
    execute,
    rows: async <Row>(sql: string, parameters: readonly unknown[] = []) => {
      const { jobId, results } = await runner.run(one(sql), parameters, signal, PAGE_ROWS);
      const rows = rowsOf(results);
      let pageToken = results.pageToken;
      while (pageToken) {
        const next = await runner.page(jobId, signal, { maxResults: PAGE_ROWS, pageToken });
        rows.push(...rowsOf({ ...next, schema: next.schema ?? results.schema }));
        pageToken = next.pageToken;
      }
      return rows as Row[];
    },
    describe: (sql, parameters) => describe(runner, configuration, one(sql), parameters, signal),
    createSchema: (path) =>
      createDataset(client, configuration, path.length > 1 ? path[path.length - 2] : undefined, path[path.length - 1], signal),
    schemaExists: (path) => datasetExists(client, path.length > 1 ? path[path.length - 2] : undefined, path[path.length - 1], signal),
    dropSchemaIfEmpty: (path) =>
      dropDatasetIfEmpty(client, path.length > 1 ? path[path.length - 2] : undefined, path[path.length - 1], signal),
    dropTableIfExists: (table) =>
      dropTableIfExists(
        client,
        table.path.length > 1 ? table.path[table.path.length - 2] : undefined,
        table.path[table.path.length - 1],
        table.table,
        signal,
      ),
    describeTable: (table) => describeTable(client, table, signal),
    /**
     * DML statements run as one multi-statement transaction (BigQuery rolls it back when a
     * statement fails). DDL is not allowed inside a transaction; such statements run one by
     * one, each atomic on its own (CREATE OR REPLACE swaps a table at once).
     */
    runAtomically: async ({ statements }) => {
      if (statements.every((statement) => DML.test(statement))) {
        await runner.runScript(
          `begin transaction;\n${statements.map((statement) => `${statement};`).join("\n")}\ncommit transaction;`,
          signal,
        );
        return;
      }
      for (const statement of statements) await execute(statement);
    },
    // jobs.cancel is asynchronous in BigQuery (the emulator ignores it): not reported as confirmed.
    cancel: async () => {
      await runner.cancelAll();
      throw new Error("BigQuery accepted jobs.cancel, which stops a job asynchronously; whether it stopped is not checked");
    },
    close: async () => undefined,
  };
}
