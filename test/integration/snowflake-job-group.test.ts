import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { startFakeSnowflake, type FakeSnowflake } from "../support/snowflake-server";

/**
 * The JobGroup resource on Snowflake (fakesnow on loopback): preview by describe-only
 * compilation, the run materialised through a staging table, re-run rules, atomic replace,
 * drift and delete. Jobs write to the PUBLIC schema of the connection's database unless told.
 */
const suffix = randomBytes(3).toString("hex");
let server: FakeSnowflake;

beforeAll(async () => {
  server = await startFakeSnowflake("JOBS_DB");
});
afterAll(async () => {
  await server?.close();
});

function connectionReference(): Record<string, unknown> {
  return { connectionId: "snow", type: "snowflake", configuration: server.configuration(), credentials: { password: "any-pw" } };
}

function inputs(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceName: `job-snowflake-${suffix}`,
    connection: connectionReference(),
    steps: [{ name: "result", sql: "select :country as country, 42 as amount union all select 'France', 7" }],
    runParameters: { country: "Germany" },
    output: { table: `job_snowflake_${suffix}` },
    ...extra,
  };
}

async function checked(properties: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const result = await jobGroup.check(olds, properties);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs;
}

async function tables(): Promise<string[]> {
  return server.admin(async (client) =>
    (
      await client.query<{ NAME: string }>(
        "select table_name as name from information_schema.tables where table_schema = 'PUBLIC' order by 1",
      )
    ).map((row) => row.NAME),
  );
}

describe("JobGroup on snowflake", () => {
  it("reports the result's columns at preview without running the job, and names the step whose SQL fails", async () => {
    const before = await tables();
    const preview = await checked(
      inputs({ steps: [{ name: "result", sql: 'select :country as "country", 42::number(10,0) as "amount", current_date as "day"' }] }),
    );
    const columns = (preview.result as { columns: Array<{ name: string; nativeType: string }> }).columns;
    expect(columns.map((column) => [column.name, column.nativeType])).toEqual([
      ["country", "VARCHAR"],
      ["amount", "NUMBER(10,0)"],
      ["day", "DATE"],
    ]);
    expect(await tables()).toEqual(before);

    const broken = await jobGroup.check({}, inputs({ steps: [{ name: "totals", sql: "select nope from missing_table_xyz" }] }));
    expect(broken.failures?.[0].reason).toMatch(/step "totals" failed/);
  });

  it("compiles only at preview: a setup step creating a table runs nothing, and the job then runs both steps", async () => {
    const helper = `helper_${suffix}`;
    const steps = [
      { name: "setup", sql: `create or replace table PUBLIC."${helper}" as select 5 as "n"` },
      { name: "result", sql: `select "n" * 2 as "doubled" from PUBLIC."${helper}"` },
    ];
    const preview = await jobGroup.check({}, inputs({ steps, output: { table: `job_two_steps_${suffix}` } }));
    expect(preview.failures ?? []).toEqual([]);
    expect(await tables()).not.toContain(helper);

    const { id, outs } = await jobGroup.create(preview.inputs);
    expect(outs.result).toMatchObject({ rowCount: 1 });
    const rows = await server.admin((client) =>
      client.query<{ doubled: number }>(`select "doubled" from PUBLIC."job_two_steps_${suffix}"`),
    );
    expect(rows).toEqual([{ doubled: 10 }]);
    await jobGroup.remove(id, outs);
    await server.admin((client) => client.query(`drop table if exists PUBLIC."${helper}"`));
  });

  it("materialises the result with bound parameters, and a hostile value stays data", async () => {
    const hostile = "x'); drop table job_x; -- $$ :country";
    const { id, outs } = await jobGroup.create(
      await checked(inputs({ runParameters: { country: hostile }, overrides: { profiler: true } })),
    );

    expect(outs.status).toBe("COMPLETE");
    expect(outs.result).toMatchObject({ table: `job_snowflake_${suffix}`, rowCount: 2 });
    const rows = await server.admin((client) =>
      client.query<{ COUNTRY: string; AMOUNT: number }>(`select country, amount from PUBLIC."job_snowflake_${suffix}" order by amount`),
    );
    expect(rows).toEqual([
      { COUNTRY: "France", AMOUNT: 7 },
      { COUNTRY: hostile, AMOUNT: 42 },
    ]);
    const profile = outs.profile as Array<{ name: string; nullCount: number; min: string; max: string }>;
    expect(profile.find((column) => column.name === "AMOUNT")).toMatchObject({ min: "7", max: "42", nullCount: 0 });
    await jobGroup.remove(id, outs);
    expect(await tables()).not.toContain(`job_snowflake_${suffix}`);
  });

  it("re-runs for new steps or triggers, not for a new timeout; a failing re-run leaves the result; drift and delete", async () => {
    const first = await jobGroup.create(await checked(inputs()));
    const sameRun = await jobGroup.update(first.id, first.outs, await checked(inputs({ timeoutSeconds: 99 })));
    expect(sameRun.outs.runId).toBe(first.outs.runId);
    const rerun = await jobGroup.update(first.id, sameRun.outs, await checked(inputs({ triggers: { day: 2 } })));
    expect(rerun.outs.runId).not.toBe(first.outs.runId);
    expect((await tables()).filter((name) => name.startsWith(`job_snowflake_${suffix}`))).toEqual([`job_snowflake_${suffix}`]);

    const failing = inputs({ steps: [{ name: "result", sql: "select 1 as country from missing_table_xyz" }] });
    await expect(jobGroup.update(first.id, rerun.outs, failing)).rejects.toThrow(/step "result" failed/);
    const unchanged = await jobGroup.read(first.id, rerun.outs);
    expect(unchanged.props.status).toBe("COMPLETE");
    expect((unchanged.props.result as { rowCount: number }).rowCount).toBe(2);

    await server.admin((client) => client.query(`alter table PUBLIC."job_snowflake_${suffix}" add column extra int`));
    const altered = await jobGroup.read(first.id, rerun.outs);
    expect(altered.props.status).toBe("DRIFTED");

    await jobGroup.remove(first.id, rerun.outs);
    const afterDelete = await jobGroup.read(first.id, rerun.outs);
    expect(afterDelete.props.status).toBe("DRIFTED");
    expect(afterDelete.props.driftReason).toMatch(/was dropped/);
    await jobGroup.remove(first.id, rerun.outs);
  });
});

describe("JobGroup timeout on snowflake", () => {
  it("a job past timeoutSeconds fails within the deadline and asks Snowflake to abort the query", async () => {
    const abortsBefore = await server.aborts();
    const started = performance.now();
    const slow = "select sum(hash(seq8())) as done from table(generator(rowcount => 150000000))";
    await expect(jobGroup.create(inputs({ steps: [{ name: "slow", sql: slow }], timeoutSeconds: 2 }))).rejects.toThrow(
      /timed out.*cancelling the running statement in the database was not confirmed: Snowflake acknowledged the abort request; whether the statement stopped is not checked/,
    );
    expect(performance.now() - started).toBeLessThan(4_000);
    // fakesnow acknowledges the abort without stopping its query: only the request is verified here.
    await expect.poll(() => server.aborts(), { timeout: 2_000, interval: 50 }).toBeGreaterThan(abortsBefore);
  });
});
