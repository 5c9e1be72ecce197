import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { connectionReferences, uniqueName, withPostgres } from "../support/admin";
import { startBigqueryEmulator, type BigqueryEmulator } from "../support/bigquery-emulator";
import { createDataset, query, tableExists } from "../support/bigquery-admin";

/**
 * Publications into and out of BigQuery (the emulator): the actions changing an existing
 * table with a Postgres job as the source (load job into a staging table, then one DML
 * transaction), the push-down path with the source on BigQuery itself, out of BigQuery into
 * Postgres (result pages streamed as COPY text), and a failed publication leaving the target
 * as it was. Not here, because the emulator cannot run them: create/dropAndLoad from another
 * database (ALTER TABLE RENAME), replacing an existing table (CREATE OR REPLACE TABLE fails in
 * its catalog), upsert (its correlated DELETE … WHERE EXISTS deletes every row).
 */
describe("publications with BigQuery (emulator)", () => {
  let emulator: BigqueryEmulator;
  const scratch = mkdtempSync(join(tmpdir(), "bigquery-publication-"));
  const connections = connectionReferences(join(scratch, "publications.duckdb"));
  const jobs: Array<{ id: string; outs: Record<string, unknown> }> = [];
  let postgresSource: Record<string, unknown>;
  let bigquerySource: Record<string, unknown>;

  const bigquery = () => ({ connectionId: "bq", type: "bigquery", configuration: emulator.configuration(), credentials: {} });

  async function sourceJob(connection: Record<string, unknown>, sql: string): Promise<Record<string, unknown>> {
    const checked = await jobGroup.check(
      {},
      { resourceName: "source", connection, steps: [{ name: "rows", sql }], output: { table: uniqueName("pub_source") } },
    );
    expect(checked.failures ?? []).toEqual([]);
    const created = await jobGroup.create(checked.inputs);
    const outs: Record<string, unknown> = { ...created.outs };
    jobs.push({ id: created.id, outs });
    return { jobGroupId: created.id, runId: outs.runId, connection: outs.connection, result: outs.result };
  }

  async function rows(table: string): Promise<Array<[number, string]>> {
    const found = await query(emulator, `select id, label from dataplane.${table} order by id, label`);
    return found.map((row) => [Number(String(row.id)), String(row.label)]);
  }

  beforeAll(async () => {
    emulator = await startBigqueryEmulator();
    await createDataset(emulator, "dataplane");
    postgresSource = await sourceJob(connections.postgres, "select 1 as id, 'one'::text as label union all select 2, 'two'");
    bigquerySource = await sourceJob(bigquery(), "select 1 as id, 'one' as label union all select 2, 'two'");
  }, 60_000);

  afterAll(async () => {
    for (const job of jobs) await jobGroup.remove(job.id, job.outs).catch(() => undefined);
    await emulator?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const publish = (source: Record<string, unknown>, table: string, action: string, extra: Record<string, unknown> = {}) => ({
    resourceName: "publish-bq",
    source,
    connection: bigquery(),
    path: ["dataplane"],
    table,
    action,
    ...(action === "upsert" ? { keys: ["id"] } : {}),
    ...extra,
  });

  /** The actions that change an existing table: one DML transaction each (load job into staging first, when the source is elsewhere). */
  async function changeExisting(source: Record<string, unknown>, table: string): Promise<void> {
    await publication.create(publish(source, table, "load"));
    expect(await rows(table)).toEqual([
      [1, "one"],
      [1, "one"],
      [2, "two"],
      [2, "two"],
    ]);

    await publication.create(publish(source, table, "truncateAndLoad"));
    expect(await rows(table)).toEqual([
      [1, "one"],
      [2, "two"],
    ]);

    // upsert is left out: the emulator's DELETE … WHERE EXISTS (correlated) deletes every row.
    await publication.create(publish(source, table, "createAndLoad", { adopt: true }));
    expect(await rows(table)).toEqual([
      [1, "one"],
      [1, "one"],
      [2, "two"],
      [2, "two"],
    ]);
  }

  it("into BigQuery from Postgres (load job): load, truncateAndLoad, createAndLoad into an existing table", async () => {
    const table = uniqueName("published");
    await query(emulator, `create table dataplane.${table} (id INT64, label STRING)`);
    await query(emulator, `insert into dataplane.${table} (id, label) values (1, 'one'), (2, 'two')`);
    const checked = await publication.check({}, publish(postgresSource, table, "load"));
    expect(checked.failures ?? []).toEqual([]);
    await changeExisting(postgresSource, table);
  });

  it("within BigQuery (push-down): create, then every action changing the table, and delete drops it", async () => {
    const table = uniqueName("pushed");
    const checked = await publication.check({}, publish(bigquerySource, table, "create"));
    expect(checked.failures ?? []).toEqual([]);
    const created = await publication.create(checked.inputs);
    expect(created.outs.createdTable).toBe(true);
    expect(await rows(table)).toEqual([
      [1, "one"],
      [2, "two"],
    ]);
    await changeExisting(bigquerySource, table);
    await publication.remove(created.id, created.outs);
    expect(await tableExists(emulator, "dataplane", table)).toBe(false);
  });

  it("publishes out of BigQuery into Postgres, streaming the result pages", async () => {
    const table = uniqueName("from_bq");
    const { id, outs } = await publication.create({
      resourceName: "bq-to-pg",
      source: bigquerySource,
      connection: connections.postgres,
      path: ["public"],
      table,
      action: "create",
    });
    try {
      expect(outs.rowCount).toBe(2);
      const found = await withPostgres(async (client) => (await client.query(`select id, label from public.${table} order by id`)).rows);
      expect(found.map((row) => [Number(row.id), row.label])).toEqual([
        [1, "one"],
        [2, "two"],
      ]);
    } finally {
      await publication.remove(id, outs);
    }
  });

  it("a truncateAndLoad failing after its DELETE leaves the target as it was (one transaction)", async () => {
    const table = uniqueName("atomic");
    await query(emulator, `create table dataplane.${table} (id INT64, label STRING NOT NULL)`);
    await query(emulator, `insert into dataplane.${table} (id, label) values (1, 'kept'), (9, 'kept too')`);
    // The second row's NULL label breaks the target's NOT NULL: the INSERT after the DELETE fails.
    const broken = await sourceJob(connections.postgres, "select 1 as id, 'new'::text as label union all select 2, null::text");
    await expect(
      publication.create({
        resourceName: "atomic",
        source: broken,
        connection: bigquery(),
        path: ["dataplane"],
        table,
        action: "truncateAndLoad",
      }),
    ).rejects.toThrow(/the target table is as it was before/);
    expect(await rows(table)).toEqual([
      [1, "kept"],
      [9, "kept too"],
    ]);
  });
});
