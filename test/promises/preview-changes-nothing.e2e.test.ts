import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName, withPostgres } from "../support/admin";
import { Workspace } from "../support/pulumi-workspace";
import { checksum } from "../support/preview-snapshot";
import { postgresStackConfig, stackConfig } from "../e2e/support/stack-config";

/**
 * Promise: preview changes nothing, through the real Pulumi CLI. A program whose JobGroup step
 * is a pasted script with its own transaction control (`begin; delete …; commit;`) is
 * previewed on Postgres: the preview fails naming the step, and the table's rows (md5 over
 * all rows) are exactly as before. On main this preview deleted 90 of the 100 rows.
 */
describe("pulumi preview of a step with its own COMMIT, on Postgres", () => {
  const stack = new Workspace("test/promises/programs/hostile-step");
  const schema = uniqueName("promise_e2e");
  const ledger = `${schema}.ledger`;

  const ledgerChecksum = () => withPostgres(async (client) => checksum((await client.query(`select * from ${ledger}`)).rows));

  beforeAll(async () => {
    await withPostgres(async (client) => {
      await client.query(`create schema ${schema}`);
      await client.query(`create table ${ledger} as select x, 'entry ' || x as note from generate_series(1, 100) as x`);
    });
    await stack.initStack(
      "dev",
      ...stackConfig(postgresStackConfig(), { schema, ledger, hostileSql: `begin; delete from ${ledger} where x > 10; commit;` }),
    );
  }, 300_000);

  afterAll(async () => {
    stack.dispose();
    await withPostgres((client) => client.query(`drop schema if exists ${schema} cascade`));
  });

  it("fails naming the step, and leaves every row as it was", async () => {
    const before = await ledgerChecksum();

    const preview = await stack.run(["preview"]);

    expect(preview.code, preview.output).not.toBe(0);
    expect(preview.output).toContain("steps[0].sql");
    expect(preview.output).toMatch(/BEGIN is transaction control/);
    expect(await ledgerChecksum()).toBe(before);
    const [{ rows }] = await withPostgres(async (client) => [(await client.query(`select count(*)::int as rows from ${ledger}`)).rows[0]]);
    expect(rows).toBe(100);
  }, 300_000);
});
