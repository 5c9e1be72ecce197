import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { startBigqueryEmulator, type BigqueryEmulator } from "../support/bigquery-emulator";
import { startCountingProxy } from "../support/bigquery-counting-proxy";
import { createDataset, dropTable, query, tableExists } from "../support/bigquery-admin";
import { uniqueName } from "../support/admin";

/**
 * JobGroup against a real BigQuery emulator: preview through the dry run (columns, bytes,
 * the byte limit), the result materialised through a staging table and CREATE OR REPLACE,
 * run parameters bound as positional parameters, drift, destroy, and the timeout's cancel.
 */
const HOSTILE = "it's \\'); drop table victims; --";

describe("JobGroup on BigQuery (emulator)", () => {
  let emulator: BigqueryEmulator;
  const source = uniqueName("job_src");

  const connection = (configuration: Record<string, unknown> = {}) => ({
    connectionId: "bq",
    type: "bigquery",
    configuration: emulator.configuration(configuration),
    credentials: {},
  });
  const job = (
    steps: Array<{ name: string; sql: string }>,
    extra: Record<string, unknown> = {},
    configuration: Record<string, unknown> = {},
  ) => ({
    resourceName: "bq-job",
    connection: connection(configuration),
    steps,
    output: { table: uniqueName("job_out") },
    ...extra,
  });
  const checked = async (news: Record<string, unknown>, olds: Record<string, unknown> = {}) => {
    const result = await jobGroup.check(olds, news);
    expect(result.failures ?? []).toEqual([]);
    return result.inputs;
  };
  const rowsOf = async (table: string) =>
    (await query(emulator, `select id, label from \`dataplane.${table}\` order by id`)).map((row) => [Number(String(row.id)), row.label]);

  beforeAll(async () => {
    emulator = await startBigqueryEmulator();
    await createDataset(emulator, "dataplane");
    await query(emulator, `create table dataplane.${source} (id INT64, label STRING)`);
    await query(
      emulator,
      `insert into dataplane.${source} (id, label) values (1, 'plain'), (2, null), (3, 'other'), (4, '${HOSTILE.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}')`,
    );
  }, 60_000);

  afterAll(async () => {
    await emulator?.stop();
  });

  it("previews the result's columns and bytes by a dry run, creating nothing", async () => {
    const news = job([
      { name: "result", sql: `select id, label, cast(2.5 as numeric) as amount, date '2026-01-02' as day from dataplane.${source}` },
    ]);
    const inputs = await checked(news);
    const result = inputs.result as { columns: Array<{ name: string; nativeType: string }>; totalBytesProcessed?: number; table: string };
    expect(result.columns.map((column) => [column.name, column.nativeType])).toEqual([
      ["id", "INTEGER"],
      ["label", "STRING"],
      ["amount", "NUMERIC"],
      ["day", "DATE"],
    ]);
    expect(result.totalBytesProcessed).toEqual(expect.any(Number));
    expect(await tableExists(emulator, "dataplane", (news.output as { table: string }).table)).toBe(false);
  });

  it("fails the preview when the dry run's bytes exceed configuration.maximumBytesBilled", async () => {
    const news = job([{ name: "result", sql: `select id, label from dataplane.${source}` }], {}, { maximumBytesBilled: 1 });
    const failed = await jobGroup.check({}, news);
    expect(failed.failures).toHaveLength(1);
    expect(failed.failures?.[0].reason).toMatch(
      /invalid configuration: .*would process \d+ bytes, more than configuration\.maximumBytesBilled \(1 bytes\)/,
    );
    const allowed = await jobGroup.check(
      {},
      job([{ name: "result", sql: `select id, label from dataplane.${source}` }], {}, { maximumBytesBilled: 1_000_000 }),
    );
    expect(allowed.failures ?? []).toEqual([]);
  });

  it("fails the preview naming the step for a missing table", async () => {
    const failed = await jobGroup.check({}, job([{ name: "orders_by_day", sql: `select id from dataplane.${source}_absent` }]));
    expect(failed.failures).toHaveLength(1);
    expect(failed.failures?.[0].reason).toMatch(/step "orders_by_day" failed/);
    expect(failed.failures?.[0].reason).toContain(`${source}_absent`);
  });

  it("a later step reading a table an earlier one creates: nothing runs at preview, and the job runs both", async () => {
    const setup = uniqueName("prepared");
    const steps = [
      { name: "prepare", sql: `create table dataplane.${setup} as select 1 as id, 'a' as label` },
      { name: "result", sql: `select id, label from dataplane.${setup}` },
    ];
    const preview = await jobGroup.check({}, job(steps));
    expect(preview.failures ?? []).toEqual([]);
    expect(await tableExists(emulator, "dataplane", setup)).toBe(false);
    const { id, outs } = await jobGroup.create(preview.inputs);
    try {
      expect(await rowsOf((preview.inputs.output as { table: string }).table)).toEqual([[1, "a"]]);
    } finally {
      await jobGroup.remove(id, outs);
      await dropTable(emulator, "dataplane", setup);
    }
  });

  it("materialises the rows, binding a hostile value as a parameter, and destroy drops the result", async () => {
    const inputs = await checked(
      job(
        [{ name: "result", sql: `select id, label from dataplane.${source} where label = :wanted or label = :plain or id = :missing_id` }],
        {
          runParameters: { wanted: HOSTILE, plain: "plain", missing_id: 99 },
        },
      ),
    );
    const output = (inputs.output as { table: string }).table;
    const { id, outs } = await jobGroup.create(inputs);
    try {
      expect(await rowsOf(output)).toEqual([
        [1, "plain"],
        [4, HOSTILE],
      ]);
      expect(outs).toMatchObject({ status: "COMPLETE", driftReason: "" });
      expect(outs.result).toMatchObject({ path: ["dataplane"], table: output, rowCount: 2 });
      // The staging table is gone once the result is in place.
      const [{ n }] = await query(
        emulator,
        `select count(*) as n from dataplane.INFORMATION_SCHEMA.TABLES where table_name like '%staging'`,
      ).catch(() => [{ n: 0 }]);
      expect(Number(String(n))).toBe(0);
    } finally {
      await jobGroup.remove(id, outs);
    }
    expect(await tableExists(emulator, "dataplane", output)).toBe(false);
  });

  it("reports drift when the result table is dropped, and the update materialises it again", async () => {
    const first = await checked(job([{ name: "result", sql: "select 1 as id, 'one' as label" }]));
    const output = (first.output as { table: string }).table;
    const { id, outs } = await jobGroup.create(first);
    let current: Record<string, unknown> = { ...outs };
    try {
      expect((await jobGroup.read(id, current)).props).toMatchObject({ status: "COMPLETE", driftReason: "" });
      await dropTable(emulator, "dataplane", output);
      const { props } = await jobGroup.read(id, current);
      expect(props.status).toBe("DRIFTED");
      expect(props.driftReason).toBe(`result table dataplane.${output} was dropped`);
      const second = await checked(job([{ name: "result", sql: "select 2 as id, 'two' as label union all select 3, 'three'" }]), first);
      const news = { ...second, output: first.output };
      expect((await jobGroup.diff(id, props, news)).changes).toBe(true);
      current = { ...(await jobGroup.update(id, props, news)).outs };
      expect(await rowsOf(output)).toEqual([
        [2, "two"],
        [3, "three"],
      ]);
    } finally {
      await jobGroup.remove(id, current);
    }
  });

  it("fails the job on its deadline and asks BigQuery to cancel the running job", async () => {
    const proxy = await startCountingProxy(emulator.apiEndpoint);
    try {
      const slow =
        "select count(*) as n from unnest(generate_array(1, 4000)) a, unnest(generate_array(1, 4000)) b, unnest(generate_array(1, 50)) c";
      const started = performance.now();
      await expect(
        jobGroup.create({ ...job([{ name: "slow", sql: slow }], { timeoutSeconds: 1 }, { apiEndpoint: proxy.apiEndpoint }) }),
      ).rejects.toThrow(/timed out.*cancelling the running statement in the database was not confirmed: BigQuery accepted jobs.cancel/);
      expect(performance.now() - started).toBeLessThan(2_500);
      // The cancel request follows the abort at once; it reaches the emulator a moment later.
      const cancelled = () => proxy.requests().filter((line) => /^POST \S*\/jobs\/dataplane_[0-9a-f]+\/cancel/.test(line));
      for (let waited = 0; cancelled().length === 0 && waited < 2_000; waited += 50)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(cancelled()).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });
});
