import { afterAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { uniqueName, withPostgres } from "../support/admin";
import { postgres } from "../support/services";
import { captureStderr } from "../support/capture-stderr";

/**
 * The catalog query that decides a created schema is empty sees tables, views and routines;
 * what it does not see (an enum type here) is still protected by DROP SCHEMA ... RESTRICT:
 * the schema stays, the destroy says why and still succeeds. (Postgres: the database whose
 * RESTRICT this shows; the promise test covers every vendor's ordinary cases.)
 */
describe("destroy keeps a created schema the database refuses to drop", () => {
  const schema = uniqueName("dp_refused");
  afterAll(() => withPostgres((client) => client.query(`drop schema if exists ${schema} cascade`)));

  it("an enum type left in it: kept, with the database's reason, and the table still dropped", async () => {
    const connection = {
      connectionId: "pg",
      type: "postgres",
      configuration: { host: postgres.host, port: postgres.port, database: postgres.database, user: postgres.user },
      credentials: { password: postgres.password },
    };
    const table = uniqueName("refused");
    const checked = await jobGroup.check(
      {},
      { resourceName: "refused", connection, steps: [{ name: "one", sql: "select 1 as id" }], output: { path: [schema], table } },
    );
    expect(checked.failures ?? []).toEqual([]);
    const job = await jobGroup.create(checked.inputs);
    expect(job.outs.createdSchema).toEqual([schema]);
    await withPostgres((client) => client.query(`create type ${schema}.mood as enum ('calm')`));

    const stderr = captureStderr();
    try {
      await jobGroup.remove(job.id, job.outs);
    } finally {
      stderr.restore();
    }

    expect(stderr.text()).toContain(`refused: dropped table ${schema}.${table}`);
    expect(stderr.text()).toMatch(new RegExp(`refused: kept schema ${schema}: the database refused to drop it \\(.*depend`));
    const left = await withPostgres((client) => client.query("select 1 from pg_namespace where nspname = $1", [schema]));
    expect(left.rowCount).toBe(1);
  });
});
