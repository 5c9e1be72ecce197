/**
 * The promise says a Redshift `upsert` uses MERGE. A user upserts into a Redshift
 * table another team extended with a `note` column the publication does not write (the README:
 * `upsert` keeps such a column). A MERGE (`WHEN MATCHED THEN UPDATE SET` the published columns)
 * leaves the team's notes on matched rows as they were; what is sent instead deletes every
 * matched row and inserts it again, so the notes of matched rows are gone.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as publication from "../../provider/resources/publication";
import { uniqueName } from "../support/admin";
import { redshiftServices } from "../support/redshift-services";
import { keysUnder } from "../support/s3-emulator";
import { admin, checksum, postgresSource, publicationInputs, redshiftConnection } from "../support/redshift-publication-inputs";

const schema = uniqueName("hostile_rs_merge");
const prefix = `${schema}/loads`;

/** Statements the provider sends to the Redshift proxy, read off the pg driver (nothing is changed). */
function recordStatementsTo(port: number): { statements: string[]; stop(): void } {
  const statements: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string } | undefined;
    const text = typeof config === "string" ? config : config?.text;
    if (this.port === port && typeof text === "string") statements.push(text);
    return (original as (...values: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return { statements, stop: () => (pg.Client.prototype.query = original) };
}

beforeAll(async () => {
  await admin(`create schema ${schema}`);
});
afterAll(async () => {
  await admin(`drop schema if exists ${schema} cascade`);
});

describe("Redshift upsert into a table with a column the publication does not write", () => {
  // 1,500 rows from Postgres go through S3 parts and COPY into a staging table; 10 go as
  // INSERTs; a source on the same Redshift connection is pushed down as SQL.
  it.each([
    { path: "10 rows from Postgres (INSERTs)", rows: 10, sameDatabase: false },
    { path: "1,500 rows from Postgres (S3 parts and COPY)", rows: 1500, sameDatabase: false },
    { path: "10 rows on the same Redshift connection (pushed down)", rows: 10, sameDatabase: true },
  ])("$path: matched rows keep the other team's notes (MERGE updates only published columns)", async ({ rows, sameDatabase }) => {
    const source = uniqueName("merge_source");
    const table = uniqueName("merge_target");
    await admin(`create table ${schema}.${source} as select g as id, 'new ' || g as name from generate_series(1, ${rows}) g`);
    await admin(`create table ${schema}.${table} (id integer, name varchar(100), note varchar(100))`);
    // Rows 1–5 are matched by the source; -1 is not.
    await admin(`insert into ${schema}.${table} select g, 'old', 'team note ' || g from generate_series(-1, 5) g where g <> 0`);
    const notesBefore = await checksum(`select id, note from ${schema}.${table}`, "r.id");

    const recorder = recordStatementsTo(redshiftServices().proxyPort);
    try {
      await publication.create(
        publicationInputs(
          { connection: sameDatabase ? redshiftConnection(prefix) : postgresSource, path: [schema], table: source },
          { connection: redshiftConnection(prefix), schema, table },
          "upsert",
          { keys: ["id"] },
        ),
      );
    } finally {
      recorder.stop();
    }

    // The published column took the source's values, and every source row is there.
    expect(await checksum(`select id, name from ${schema}.${table} where id > 0`, "r.id")).toEqual(
      await checksum(`select id, name from ${schema}.${source}`, "r.id"),
    );
    expect(await keysUnder(redshiftServices().s3Endpoint, prefix)).toEqual([]);
    // The other team's notes on rows -1 and 1–5 are as they were.
    expect({
      notes: await checksum(`select id, note from ${schema}.${table} where id <= 5`, "r.id"),
      mergeSent: recorder.statements.some((statement) => /^\s*merge\s+into\b/i.test(statement)),
    }).toEqual({ notes: notesBefore, mergeSent: true });
  });
});

describe("Redshift upsert from a source whose keys repeat", () => {
  // A key repeated among matched rows (MERGE would fail on it) and among new rows (MERGE would
  // insert it twice): either way the whole upsert is refused, naming keys, and nothing changes.
  it.each([
    { path: "from Postgres (INSERTs)", rows: 10, sameDatabase: false, repeated: 3 },
    { path: "from Postgres (S3 parts and COPY)", rows: 1500, sameDatabase: false, repeated: 3 },
    { path: "pushed down on the same Redshift connection", rows: 10, sameDatabase: true, repeated: 3 },
    { path: "from Postgres, the repeated key new to the target", rows: 10, sameDatabase: false, repeated: 9 },
  ])("$path: refused naming keys, the target unchanged", async ({ rows, sameDatabase, repeated }) => {
    const source = uniqueName("dup_source");
    const table = uniqueName("dup_target");
    await admin(
      `create table ${schema}.${source} as select g as id, 'new ' || g as name from generate_series(1, ${rows}) g union all select ${repeated}, 'again'`,
    );
    await admin(`create table ${schema}.${table} (id integer, name varchar(100), note varchar(100))`);
    await admin(`insert into ${schema}.${table} select g, 'old', 'team note ' || g from generate_series(-1, 5) g where g <> 0`);
    const before = await checksum(`select * from ${schema}.${table}`, "r.id");

    const failure = await publication
      .create(
        publicationInputs(
          { connection: sameDatabase ? redshiftConnection(prefix) : postgresSource, path: [schema], table: source },
          { connection: redshiftConnection(prefix), schema, table },
          "upsert",
          { keys: ["id"] },
        ),
      )
      .then(
        () => "published",
        (error: Error) => error.message,
      );

    expect(failure).toContain(`keys ("id")`);
    expect(failure).toContain(`id = ${repeated}`);
    expect(await checksum(`select * from ${schema}.${table}`, "r.id")).toEqual(before);
    expect(await keysUnder(redshiftServices().s3Endpoint, prefix)).toEqual([]);
  });
});
