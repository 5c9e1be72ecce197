import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerComment } from "../../provider/core/ownership";
import * as publication from "../../provider/resources/publication";
import { uniqueName, withMysql, withPostgres } from "../support/admin";
import {
  checkFailures,
  engineInputs,
  postgresConnection,
  postgresRows,
  references,
  removeJob,
  runJob,
  type SourceJob,
  requireTrino,
} from "./trino-engine-support";

/**
 * README: "Preview proves the catalogs reach the right databases: the source catalog must see
 * the job's result table with its columns … `up` proves it before any row moves: Trino must …
 * count the source's rows as the job's database does."
 *
 * A hostile user names a source catalog that reaches another database holding a table of the
 * same schema, name and columns and the same number of rows (a stale copy, another
 * environment): nothing tells the two apart, and the target receives the other database's rows.
 * Each case reads the job's own rows and the target's rows by the databases' clients and
 * compares their checksums.
 */
const schema = uniqueName("hx_mover_src");
const otherDatabase = uniqueName("hx_mover_db");
const engineUser = uniqueName("hx_mover_user");
const jobs: SourceJob[] = [];
const JOB_ROWS = "select 1::integer as id, 'from the job'::text as label union all select 2, 'from the job too'";

beforeAll(async () => {
  await requireTrino();
  await withPostgres((client) => client.query(`create schema "${schema}"`));
  await withPostgres((client) => client.query(`create database "${otherDatabase}"`));
  await withPostgres((client) => client.query(`create schema "${schema}"`), otherDatabase);
  await withMysql((connection) => connection.query(`create database \`${schema}\``));
}, 120_000);

afterAll(async () => {
  for (const job of jobs) await removeJob(job);
  await withPostgres((client) => client.query(`drop schema if exists "${schema}" cascade`));
  await withPostgres((client) => client.query(`drop database if exists "${otherDatabase}" with (force)`));
  await withMysql((connection) => connection.query(`drop database if exists \`${schema}\``));
});

/** Publishes the job's result into a fresh Postgres table through Trino; returns check's failures, or the error, or "". */
async function publish(job: SourceJob, table: string, sourceCatalog: string): Promise<string> {
  const properties = engineInputs({
    name: `hostile-${table}`,
    source: job.source,
    connection: postgresConnection("pg-target"),
    schema,
    table,
    action: "create",
    engineUser,
    sourceCatalog,
    targetCatalog: "postgresql",
  });
  const failures = await checkFailures(properties);
  if (failures) return failures;
  try {
    await publication.create((await publication.check({}, properties)).inputs);
    return "";
  } catch (error) {
    return String(error);
  }
}

describe("a source catalog reaching another database's table of the same name, columns and row count", () => {
  it("is refused, or the target holds the job's rows (catalog mysql: MariaDB's database of the job's schema name)", async () => {
    const job = await runJob(references.postgres, schema, "result_a", JOB_ROWS);
    jobs.push(job);
    await withMysql(async (connection) => {
      await connection.query(`create table \`${schema}\`.result_a (id integer, label text)`);
      await connection.query(`insert into \`${schema}\`.result_a values (1, 'another database'), (2, 'another database too')`);
    });
    const jobRows = await postgresRows(schema, "result_a");

    const outcome = await publish(job, "published_a", "mysql");

    if (outcome) {
      expect(outcome).toMatch(/engine\.sourceCatalog: the table \S+ the engine's catalog \w+ reads records no run/);
      return;
    }
    const published = await postgresRows(schema, "published_a");
    // Fails today: published.rows are (1,"another database") and (2,"another database too").
    expect({ rows: published.rows, checksum: published.checksum }).toEqual({ rows: jobRows.rows, checksum: jobRows.checksum });
  }, 120_000);

  it("is refused, or the target holds the job's rows (job on another database of the same server than catalog postgresql)", async () => {
    // The job runs on another database of the suite's Postgres; catalog postgresql reaches the
    // suite's database, where a copy of the result table (same name, columns, row count) holds other rows.
    const job = await runJob(postgresConnection("pg-other", otherDatabase), schema, "result_b", JOB_ROWS);
    jobs.push(job);
    await withPostgres(async (client) => {
      await client.query(`create table "${schema}".result_b (id integer, label text)`);
      await client.query(`insert into "${schema}".result_b values (1, 'a stale copy'), (2, 'a stale copy too')`);
    });
    const jobRows = await postgresRows(schema, "result_b", otherDatabase);

    const outcome = await publish(job, "published_b", "postgresql");

    if (outcome) {
      expect(outcome).toMatch(/engine\.sourceCatalog: the table \S+ the engine's catalog \w+ reads records no run/);
      return;
    }
    const published = await postgresRows(schema, "published_b");
    // Fails today: published.rows are (1,"a stale copy") and (2,"a stale copy too").
    expect({ rows: published.rows, checksum: published.checksum }).toEqual({ rows: jobRows.rows, checksum: jobRows.checksum });
  }, 120_000);

  it("is refused at up too, before any row moves, when the copy records an earlier run of the same job", async () => {
    // A copy taken after an earlier run carries that run's comment: the owner matches, the run does not.
    const job = await runJob(postgresConnection("pg-other-c", otherDatabase), schema, "result_c", JOB_ROWS);
    jobs.push(job);
    const earlier = ownerComment({ project: "trino-engine", stack: "test", kind: "JobGroup", name: "hostile-result_c" }, "an-earlier-run");
    await withPostgres(async (client) => {
      await client.query(`create table "${schema}".result_c (id integer, label text)`);
      await client.query(`insert into "${schema}".result_c values (1, 'a stale copy'), (2, 'a stale copy too')`);
      await client.query(`comment on table "${schema}".result_c is '${earlier}'`);
    });
    const properties = engineInputs({
      name: "hostile-published_c",
      source: job.source,
      connection: postgresConnection("pg-target"),
      schema,
      table: "published_c",
      action: "create",
      engineUser,
      sourceCatalog: "postgresql",
      targetCatalog: "postgresql",
    });
    const refusal =
      /engine\.sourceCatalog: the table \S+ the engine's catalog postgresql reads records run an-earlier-run, where the job's result was written by run /;
    expect(await checkFailures(properties)).toMatch(refusal);
    // Up without the preview (inputs as check returns them): the same refusal, and no table made.
    await expect(publication.create((await publication.check({}, properties)).inputs)).rejects.toThrow(refusal);
    const tables = await withPostgres((client) =>
      client.query("select table_name from information_schema.tables where table_schema = $1 and table_name not like 'result_%'", [schema]),
    );
    expect(tables.rows).toEqual([]);
  }, 120_000);
});
