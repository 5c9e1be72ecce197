import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { trinoConnection } from "../support/trino-connection";
import { ensureTrino, trinoAdmin } from "../support/trino-server";

/**
 * The JobGroup resource on Trino (memory catalog): preview compiles each step without
 * running it, runs with bound parameters, atomic replace, cancel in the coordinator, drift.
 */
const suffix = randomBytes(3).toString("hex");
const schema = `jobs_${suffix}`;
const connection = trinoConnection(schema);
/** Long enough to outlive any timeout here; the marker finds it in system.runtime.queries. */
const SLOW_QUERY = `select count(*) as done /* slow_${suffix} */ from unnest(sequence(1, 10000)) a(x)
  cross join unnest(sequence(1, 10000)) b(y) cross join unnest(sequence(1, 10000)) c(z)`;

function inputs(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceName: `job-trino-${suffix}`,
    connection,
    steps: [{ name: "result", sql: "select :country as country, 42 as amount union all select 'France', 7" }],
    runParameters: { country: "Germany" },
    output: { table: `job_trino_${suffix}` },
    ...extra,
  };
}

async function checked(properties: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const result = await jobGroup.check(olds, properties);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs;
}

async function tables(): Promise<string[]> {
  const rows = await trinoAdmin<{ table_name: string }>(
    `select table_name from memory.information_schema.tables where table_schema = '${schema}' order by 1`,
  );
  return rows.map((row) => row.table_name);
}

async function stillRunning(marker: string): Promise<number> {
  const [row] = await trinoAdmin<{ n: number }>(
    `select count(*) as n from system.runtime.queries where state not in ('FINISHED', 'FAILED') and query like '%${marker}%' and query not like '%system.runtime.queries%'`,
  );
  return Number(row.n);
}

describe("JobGroup on Trino", () => {
  beforeAll(async () => {
    await ensureTrino();
    await trinoAdmin(`create schema memory.${schema}`);
  }, 300_000);

  afterAll(async () => {
    for (const table of await tables()) await trinoAdmin(`drop table memory.${schema}."${table}"`);
    await trinoAdmin(`drop schema if exists memory.${schema}`);
  });

  it("reports the result's columns at preview without running any step, and names the step whose SQL fails", async () => {
    const preview = await checked(
      inputs({
        steps: [
          { name: "setup", sql: `create table memory.${schema}.preview_side_effect as select 1 as x` },
          {
            name: "result",
            sql: "select :country as country, 42 as amount, cast(1.5 as decimal(10,2)) as price union all select 'France', 7, cast(2 as decimal(10,2))",
          },
        ],
      }),
    );
    const columns = (preview.result as { columns: Array<{ name: string; nativeType: string; type?: unknown }> }).columns;
    expect(columns.map((column) => column.name)).toEqual(["country", "amount", "price"]);
    // Written as information_schema writes them, so preview and the run report the same columns.
    expect(columns[1]).toEqual({ name: "amount", nativeType: "integer" });
    expect(columns[2]).toEqual({ name: "price", nativeType: "decimal(10,2)" });
    // Compiled, never run: the setup step's table does not exist.
    expect(await tables()).not.toContain("preview_side_effect");

    const broken = await jobGroup.check({}, inputs({ steps: [{ name: "totals", sql: "select nope from missing_table_xyz" }] }));
    expect(broken.failures?.[0].reason).toMatch(/step "totals" failed.*does not exist/);
    const mistyped = await jobGroup.check({}, inputs({ steps: [{ name: "totals", sql: "select 1 + 'a' as broken" }] }));
    expect(mistyped.failures?.[0].reason).toMatch(/step "totals" failed/);
  });

  it("knows a result reading a table an earlier step creates only once the job runs", async () => {
    const preview = await checked(
      inputs({
        steps: [
          { name: "setup", sql: `create table memory.${schema}.later_${suffix} as select 5 as x` },
          { name: "result", sql: `select x from memory.${schema}.later_${suffix}` },
        ],
      }),
    );
    expect((preview.result as { columns?: unknown }).columns).toBeUndefined();
  });

  it("materialises the result with bound parameters, and a hostile value stays data", async () => {
    const hostile = "x'); drop table job_x; -- \\ ' \" #";
    const { id, outs } = await jobGroup.create(
      await checked(inputs({ runParameters: { country: hostile }, overrides: { profiler: true } })),
    );

    expect(outs.status).toBe("COMPLETE");
    expect(outs.result).toMatchObject({ table: `job_trino_${suffix}`, rowCount: 2 });
    const profile = outs.profile as Array<{ name: string; nullCount: number; min: string; max: string }>;
    expect(profile.find((column) => column.name === "country")).toMatchObject({ nullCount: 0, min: "France", max: hostile });
    expect(profile.find((column) => column.name === "amount")).toMatchObject({ min: "7", max: "42" });
    const rows = await trinoAdmin<{ country: string }>(`select country from memory.${schema}.job_trino_${suffix} order by amount`);
    expect(rows.map((row) => row.country)).toEqual(["France", hostile]);
    await jobGroup.remove(id, outs);
    expect(await tables()).not.toContain(`job_trino_${suffix}`);
  });

  it("binds numbers, booleans and nulls with their types", async () => {
    const { id, outs } = await jobGroup.create(
      await checked(
        inputs({
          steps: [
            {
              name: "result",
              sql: "select :whole + 1 as whole, :fraction * 2 as fraction, :flag as flag, coalesce(:nothing, 'none') as nothing",
            },
          ],
          runParameters: { whole: 9007199254740991, fraction: 0.25, flag: true, nothing: null },
          output: { table: `typed_${suffix}` },
        }),
      ),
    );
    const [row] = await trinoAdmin<Record<string, unknown>>(
      `select cast(whole as varchar) as whole, fraction, flag, nothing from memory.${schema}.typed_${suffix}`,
    );
    expect(row).toEqual({ whole: "9007199254740992", fraction: 0.5, flag: true, nothing: "none" });
    await jobGroup.remove(id, outs);
  });

  it("re-runs for new steps, replaces the result, and a failing re-run leaves the previous result", async () => {
    const first = await jobGroup.create(await checked(inputs()));
    const sameRun = await jobGroup.update(first.id, first.outs, await checked(inputs({ timeoutSeconds: 99 })));
    expect(sameRun.outs.runId).toBe(first.outs.runId);
    const rerun = await jobGroup.update(
      first.id,
      sameRun.outs,
      await checked(inputs({ steps: [{ name: "result", sql: "select 'Spain' as country, 1 as amount" }], triggers: { day: 2 } })),
    );
    expect(rerun.outs.runId).not.toBe(first.outs.runId);
    expect(await trinoAdmin(`select country from memory.${schema}.job_trino_${suffix}`)).toEqual([{ country: "Spain" }]);
    // Only the result is left: no staging or retired table.
    expect(await tables()).toEqual([`job_trino_${suffix}`]);

    const failing = inputs({ steps: [{ name: "result", sql: "select 1 as country from missing_table_xyz" }] });
    await expect(jobGroup.update(first.id, rerun.outs, failing)).rejects.toThrow(/step "result" failed/);
    const drifted = await jobGroup.read(first.id, rerun.outs);
    expect(drifted.props.status).toBe("COMPLETE");
    expect((drifted.props.result as { rowCount: number }).rowCount).toBe(1);

    await jobGroup.remove(first.id, rerun.outs);
    const afterDelete = await jobGroup.read(first.id, rerun.outs);
    expect(afterDelete.props.status).toBe("DRIFTED");
    expect(afterDelete.props.driftReason).toMatch(/was dropped/);
    expect((await jobGroup.diff(first.id, afterDelete.props, await checked(inputs()))).changes).toBe(true);
  });

  it("cancels a job past timeoutSeconds in the coordinator", async () => {
    const started = performance.now();
    await expect(jobGroup.create(inputs({ steps: [{ name: "slow", sql: SLOW_QUERY }], timeoutSeconds: 2 }))).rejects.toThrow(
      /timed out.*cancelled in the database/,
    );
    expect(performance.now() - started).toBeLessThan(4_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await stillRunning(`slow_${suffix}`)).toBe(0);
    const [killed] = await trinoAdmin<{ state: string; error_code: string }>(
      `select state, error_code from system.runtime.queries where query like 'create table%slow_${suffix}%' and query not like '%system.runtime.queries%'`,
    );
    expect(killed).toMatchObject({ state: "FAILED", error_code: "USER_CANCELED" });
  }, 30_000);
});
