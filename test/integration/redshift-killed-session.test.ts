/**
 * A failed load leaves the target unchanged (and a failed publication drops its staging table).
 * While a large load into Redshift uploads its S3 parts, the user's DBA terminates the
 * provider's other session that names the target table (pg_terminate_backend — only sessions
 * whose statement names this test's own table). Whatever the publication then reports must be
 * true: if it fails saying "the target table is as it was before", the target's rows are the
 * ones before (checksum) and no staging table is left beside it; if it succeeds, the target
 * holds what the action makes of the source. (Before the fix, truncateAndLoad and load failed
 * with that sentence though the new rows were committed, and upsert left its staging table.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as publication from "../../provider/resources/publication";
import { uniqueName } from "../support/admin";
import { redshiftServices } from "../support/redshift-services";
import { keysUnder } from "../support/s3-emulator";
import { admin, checksum, postgresSource, publicationInputs, redshiftConnection } from "../support/redshift-publication-inputs";

const schema = uniqueName("hostile_rs_killed");
const prefix = `${schema}/loads`;
/** Enough rows that the upload takes seconds (several 64 MB parts). */
const ROWS = 1_200_000;

beforeAll(async () => {
  await admin(`create schema ${schema}`);
  await admin(`create table ${schema}.source as select g as id, repeat('x', 200) || g as body from generate_series(1, ${ROWS}) g`);
});
afterAll(async () => {
  await admin(`drop schema if exists ${schema} cascade`);
});

/** What the target holds when `action` succeeded. */
function expectedSql(action: string, before: string): string {
  if (action === "load") return `select * from ${before} union all select * from ${schema}.source`;
  if (action === "upsert")
    return `select * from ${before} where id not in (select id from ${schema}.source) union all select * from ${schema}.source`;
  return `select * from ${schema}.source`;
}

/** Terminates the sessions, other than the test's own, whose statement names `table`, once the load's first part is in S3. */
async function killSessionsNamingOnceUploading(table: string): Promise<Array<Record<string, unknown>>> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if ((await keysUnder(redshiftServices().s3Endpoint, prefix)).length > 0) {
      const killed = await admin(
        `select application_name, state, left(query, 80) as query, pg_terminate_backend(pid) as terminated from pg_stat_activity
           where pid <> pg_backend_pid() and datname = current_database() and position('${table}' in query) > 0`,
      );
      if (killed.length > 0) return killed;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no session naming ${table} was seen while the load uploaded its parts`);
}

describe("Redshift load whose other session is killed during the upload", () => {
  it.each(["truncateAndLoad", "load", "upsert"])(
    "%s: what the publication reports is what the target holds",
    async (action) => {
      const table = uniqueName("killed_target");
      const before = `${schema}.${table}_before`;
      await admin(`create table ${before} (id integer, body varchar(300))`);
      await admin(`insert into ${before} values (1, 'kept'), (-1, 'kept')`);
      await admin(`create table ${schema}.${table} (id integer, body varchar(300))`);
      await admin(`insert into ${schema}.${table} select * from ${before}`);

      const running = publication.create(
        publicationInputs(
          { connection: postgresSource, path: [schema], table: "source" },
          { connection: redshiftConnection(prefix), schema, table },
          action,
          action === "upsert" ? { keys: ["id"] } : {},
        ),
      );
      running.catch(() => undefined);
      const killed = await killSessionsNamingOnceUploading(table);
      const outcome = await running.then(
        () => "published",
        (error: Error) => error.message,
      );

      const target = await checksum(`select * from ${schema}.${table}`, "r.id, r.body");
      const staging = (
        await admin(`select tablename from pg_tables where schemaname = '${schema}' and tablename like '${table}\\_\\_%'`)
      ).map((row) => row.tablename);
      const context = `killed ${JSON.stringify(killed)}; outcome: ${outcome}`;
      if (outcome === "published") {
        expect(target, context).toEqual(await checksum(expectedSql(action, before), "r.id, r.body"));
      } else {
        expect(outcome).toContain("the target table is as it was before");
        expect({ target, staging }, context).toEqual({ target: await checksum(`select * from ${before}`, "r.id, r.body"), staging: [] });
      }
      expect(await keysUnder(redshiftServices().s3Endpoint, prefix)).toEqual([]);
    },
    240_000,
  );
});
