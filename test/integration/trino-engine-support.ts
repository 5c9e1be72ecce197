import { createHash } from "node:crypto";
import { expect } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { connectionReferences, withMysql, withPostgres } from "../support/admin";
import { trinoConnection } from "../support/trino-connection";
import { trinoAdmin } from "../support/trino-server";

/**
 * What a hostile user of a Trino-moved publication (`engine`) needs: connections as the sdk
 * hands them over, a Postgres job, the publication's inputs, and each database's rows read by
 * its own client and reduced to a checksum, so a test shows the target before and after.
 */
export const references = connectionReferences("/nonexistent.duckdb");

/** A Trino connection for `user` (the suite's Trino takes a user name alone over http). */
export function engineConnection(user: string): Record<string, unknown> {
  return { ...trinoConnection("unused", user), configuration: { server: trinoConnection("x").configuration.server, user } };
}

/** The suite's Postgres connection, on another database of the same server when `database` is given. */
export function postgresConnection(connectionId: string, database?: string): Record<string, unknown> {
  const base = references.postgres;
  return { ...base, connectionId, configuration: { ...base.configuration, ...(database ? { database } : {}) } };
}

export function mariadbConnection(connectionId: string): Record<string, unknown> {
  return { ...references.mysql, connectionId };
}

export interface SourceJob {
  id: string;
  outs: Record<string, unknown>;
  /** The publication's `source` input. */
  source: Record<string, unknown>;
}

/** Runs a job whose result is `sql`, written to `schema`.`table` on `connection`. */
export async function runJob(connection: Record<string, unknown>, schema: string, table: string, sql: string): Promise<SourceJob> {
  const checked = await jobGroup.check(
    {},
    {
      resourceName: `hostile-${table}`,
      // A stack, as the sdk gives one: the job then stamps its result table with its run, which
      // the engine's source catalog must read back.
      pulumiStack: { project: "trino-engine", stack: "test" },
      connection,
      steps: [{ name: "rows", sql }],
      output: { path: [schema], table },
    },
  );
  expect(checked.failures ?? []).toEqual([]);
  const job = await jobGroup.create(checked.inputs);
  return {
    id: job.id,
    outs: job.outs,
    source: { jobGroupId: job.id, runId: job.outs.runId, connection: job.outs.connection, result: job.outs.result },
  };
}

export async function removeJob(job: SourceJob | undefined): Promise<void> {
  if (job) await jobGroup.remove(job.id, job.outs).catch(() => undefined);
}

/** A publication's inputs with Trino moving its rows. */
export function engineInputs(options: {
  name: string;
  source: Record<string, unknown>;
  connection: Record<string, unknown>;
  schema: string;
  table: string;
  action: string;
  engineUser: string;
  sourceCatalog: string;
  targetCatalog: string;
  extra?: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    resourceName: options.name,
    source: options.source,
    connection: options.connection,
    path: [options.schema],
    table: options.table,
    action: options.action,
    engine: {
      connection: engineConnection(options.engineUser),
      sourceCatalog: options.sourceCatalog,
      targetCatalog: options.targetCatalog,
    },
    ...(options.extra ?? {}),
  };
}

/** check's failures joined, or "" when it passed. */
export async function checkFailures(properties: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<string> {
  const result = await publication.check(olds, properties);
  return (result.failures ?? []).map((failure) => `${failure.property}: ${failure.reason}`).join("\n");
}

export async function checked(properties: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const result = await publication.check(olds, properties);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs;
}

export interface Snapshot {
  rows: string[];
  checksum: string;
}

function snapshot(rows: string[]): Snapshot {
  const sorted = [...rows].sort();
  return { rows: sorted, checksum: createHash("sha256").update(sorted.join("\n")).digest("hex").slice(0, 16) };
}

/** A Postgres table's rows as text (each row's own text form), sorted, with their checksum. */
export async function postgresRows(schema: string, table: string, database?: string): Promise<Snapshot> {
  const rows = await withPostgres(async (client) => {
    const result = await client.query(`select t::text as line from "${schema}"."${table}" t`);
    return result.rows.map((row: { line: string }) => row.line);
  }, database);
  return snapshot(rows);
}

/** A MariaDB table's rows, each column cast to text, sorted, with their checksum. */
export async function mariadbRows(schema: string, table: string): Promise<Snapshot> {
  const rows = await withMysql(async (connection) => {
    const [result] = await connection.query({ sql: `select * from \`${schema}\`.\`${table}\``, rowsAsArray: true, dateStrings: true });
    return (result as unknown[][]).map((row) => row.map((value) => (value === null ? "\\N" : String(value))).join("|"));
  });
  return snapshot(rows);
}

export async function postgresTables(schema: string, database?: string): Promise<string[]> {
  return withPostgres(async (client) => {
    const { rows } = await client.query("select table_name as name from information_schema.tables where table_schema = $1 order by 1", [
      schema,
    ]);
    return rows.map((row: { name: string }) => row.name);
  }, database);
}

export async function mariadbTables(schema: string): Promise<string[]> {
  return withMysql(async (connection) => {
    const [rows] = await connection.query("select table_name as name from information_schema.tables where table_schema = ? order by 1", [
      schema,
    ]);
    return (rows as Array<{ name: string }>).map((row) => row.name);
  });
}

/**
 * Fails loudly unless the suite's Trino answers. Not scripts/services/trino.sh: run by several
 * files at once, that script (before its lock) could read a catalog file another copy was
 * rewriting and restart the shared server under everyone's queries ("fetch failed").
 */
export async function requireTrino(): Promise<void> {
  try {
    await trinoAdmin("select 1");
  } catch (error) {
    throw new Error(`the suite's Trino does not answer (start it with scripts/services/trino.sh): ${String(error)}`);
  }
}
