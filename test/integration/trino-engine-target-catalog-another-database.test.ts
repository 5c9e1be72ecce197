import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as publication from "../../provider/resources/publication";
import { uniqueName, withPostgres } from "../support/admin";
import {
  checkFailures,
  engineInputs,
  postgresConnection,
  postgresRows,
  postgresTables,
  references,
  removeJob,
  runJob,
  type SourceJob,
  requireTrino,
} from "./trino-engine-support";

/**
 * README: "the target catalog must list the same tables in the target's schema as the target
 * connection does … Equal lists cannot tell two copies of one database apart and preview creates
 * nothing, so `up` proves it before any row moves: Trino must see the staging table the target
 * connection has just created".
 *
 * A hostile user's target is another database of the suite's Postgres server, whose schema of
 * the target's name holds the same table list as the one catalog postgresql reaches (two copies
 * of one database). Preview cannot tell them apart (the README says so); every action, `load`
 * straight into the table included, must then refuse at `up` naming engine.targetCatalog and
 * leave both copies' rows as they were (checksums). This holds today.
 */
const jobSchema = uniqueName("hx_mover_job");
const schema = uniqueName("hx_mover_copy");
const otherDatabase = uniqueName("hx_mover_db");
const engineUser = uniqueName("hx_mover_user");
let source: SourceJob;

beforeAll(async () => {
  await requireTrino();
  await withPostgres((client) => client.query(`create database "${otherDatabase}"`));
  await withPostgres((client) => client.query(`create schema "${jobSchema}"`));
  for (const database of [undefined, otherDatabase]) {
    await withPostgres(async (client) => {
      await client.query(`create schema "${schema}"`);
      for (const table of ["copied_load", "copied_upsert", "copied_truncateandload", "copied_dropandload"]) {
        await client.query(`create table "${schema}".${table} (id integer primary key, label text)`);
        await client.query(`insert into "${schema}".${table} values (9, $1)`, [database ?? "the catalog's database"]);
      }
    }, database);
  }
  source = await runJob(references.postgres, jobSchema, "source_rows", "select 1::integer as id, 'moved'::text as label");
}, 120_000);

afterAll(async () => {
  await removeJob(source);
  await withPostgres((client) => client.query(`drop schema if exists "${jobSchema}" cascade`));
  await withPostgres((client) => client.query(`drop schema if exists "${schema}" cascade`));
  await withPostgres((client) => client.query(`drop database if exists "${otherDatabase}" with (force)`));
});

describe.each(["load", "upsert", "truncateAndLoad", "dropAndLoad"])(
  "%s into a copy of the catalog's database on the same server",
  (action) => {
    it("is refused at up naming engine.targetCatalog, both copies as they were", async () => {
      const table = `copied_${action.toLowerCase()}`;
      const properties = engineInputs({
        name: `hostile-${table}`,
        source: source.source,
        connection: postgresConnection("pg-copy", otherDatabase),
        schema,
        table,
        action,
        engineUser,
        sourceCatalog: "postgresql",
        targetCatalog: "postgresql",
        extra: { adopt: action === "dropAndLoad", ...(action === "upsert" ? { keys: ["id"] } : {}) },
      });
      const target = await postgresRows(schema, table, otherDatabase);
      const reached = await postgresRows(schema, table);
      expect(await postgresTables(schema, otherDatabase)).toEqual(await postgresTables(schema));
      // Preview cannot tell the copies apart (documented); up must.
      expect(await checkFailures(properties)).toBe("");
      await expect(publication.create((await publication.check({}, properties)).inputs)).rejects.toThrow(
        /engine\.targetCatalog: the engine's catalog postgresql does not see the table .* it reaches another database/,
      );
      expect((await postgresRows(schema, table, otherDatabase)).checksum).toBe(target.checksum);
      expect((await postgresRows(schema, table)).checksum).toBe(reached.checksum);
      expect((await postgresTables(schema, otherDatabase)).filter((name) => name.startsWith(`${table}__`))).toEqual([]);
    }, 60_000);
  },
);
