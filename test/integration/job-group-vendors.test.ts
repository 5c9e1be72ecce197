import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import mysqlDriver from "mysql2/promise";
import { afterAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { connectionReferences } from "../support/admin";
import { mysql, postgres } from "../support/services";

/** The JobGroup resource on each vendor: preview, run, re-run rules, atomic replace, cancel, drift. */
type Vendor = "postgres" | "mysql" | "duckdb";
const suffix = randomBytes(3).toString("hex");
const scratch = mkdtempSync(join(tmpdir(), "job-group-"));

const connections = connectionReferences(join(scratch, "jobs.duckdb"));

const slowQueries: Record<Vendor, string> = {
  postgres: "select 1 as done from pg_sleep(30)",
  mysql: "select sleep(30) as done",
  duckdb: "select sum(hash(i)) as done from range(1000000000000) as t(i)",
};

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function inputs(vendor: Vendor, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceName: `job-${vendor}-${suffix}`,
    connection: connections[vendor],
    steps: [{ name: "result", sql: "select :country as country, 42 as amount union all select 'France', 7" }],
    runParameters: { country: "Germany" },
    output: { table: `job_${vendor}_${suffix}` },
    ...extra,
  };
}

async function checked(properties: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const result = await jobGroup.check(olds, properties);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs;
}

async function stillRunning(vendor: Vendor): Promise<number> {
  if (vendor === "postgres") {
    const client = new Client({ ...postgres });
    await client.connect();
    try {
      const result = await client.query("select count(*) as n from pg_stat_activity where query like '%pg_sleep(30)%' and pid <> pg_backend_pid()");
      return Number(result.rows[0].n);
    } finally {
      await client.end();
    }
  }
  if (vendor === "mysql") {
    const connection = await mysqlDriver.createConnection({ ...mysql });
    try {
      const [rows] = await connection.query("select count(*) as n from information_schema.processlist where info like 'select sleep(30)%'");
      return Number((rows as Array<{ n: number }>)[0].n);
    } finally {
      await connection.end();
    }
  }
  return 0;
}

describe.each<Vendor>(["postgres", "mysql", "duckdb"])("JobGroup on %s", (vendor) => {
  it("reports the result's columns at preview and names the step whose SQL fails", async () => {
    const preview = await checked(inputs(vendor));
    expect((preview.result as { columns: Array<{ name: string }> }).columns.map((column) => column.name)).toEqual(["country", "amount"]);

    const broken = await jobGroup.check({}, inputs(vendor, { steps: [{ name: "totals", sql: "select nope from missing_table_xyz" }] }));
    expect(broken.failures?.[0].reason).toMatch(/step "totals" failed/);
  });

  it("materialises the result with bound parameters, and a hostile value stays data", async () => {
    const hostile = "x'); drop table job_x; --";
    const { id, outs } = await jobGroup.create(await checked(inputs(vendor, { runParameters: { country: hostile }, overrides: { profiler: true } })));

    expect(outs.status).toBe("COMPLETE");
    expect(outs.result).toMatchObject({ table: `job_${vendor}_${suffix}`, rowCount: 2 });
    const jobs = outs.jobs as Array<{ stage: string; rowCount: number; durationMilliseconds: number }>;
    expect(jobs.map((job) => job.stage)).toEqual(["query", "profile"]);
    expect(jobs[0].rowCount).toBe(2);
    const profile = outs.profile as Array<{ name: string; nullCount: number; min: string; max: string }>;
    expect(profile.find((column) => column.name === "country")).toMatchObject({ nullCount: 0, min: "France", max: hostile });
    expect(profile.find((column) => column.name === "amount")).toMatchObject({ min: "7", max: "42" });
    await jobGroup.remove(id, outs);
  });

  it("re-runs for new steps, parameters or triggers, not for a new timeout, and replaces the result atomically", async () => {
    const first = await jobGroup.create(await checked(inputs(vendor)));
    const sameRun = await jobGroup.update(first.id, first.outs, await checked(inputs(vendor, { timeoutSeconds: 99 })));
    expect(sameRun.outs.runId).toBe(first.outs.runId);
    const rerun = await jobGroup.update(first.id, sameRun.outs, await checked(inputs(vendor, { triggers: { day: 2 } })));
    expect(rerun.outs.runId).not.toBe(first.outs.runId);

    // A failing re-run leaves the previous result exactly as it was.
    const failing = inputs(vendor, { steps: [{ name: "result", sql: "select 1 as country from missing_table_xyz" }] });
    await expect(jobGroup.update(first.id, rerun.outs, failing)).rejects.toThrow(/step "result" failed/);
    const drifted = await jobGroup.read(first.id, rerun.outs);
    expect(drifted.props.status).toBe("COMPLETE");
    expect((drifted.props.result as { rowCount: number }).rowCount).toBe(2);

    await jobGroup.remove(first.id, rerun.outs);
    const afterDelete = await jobGroup.read(first.id, rerun.outs);
    expect(afterDelete.props.status).toBe("DRIFTED");
    expect(afterDelete.props.driftReason).toMatch(/was dropped/);
    expect((await jobGroup.diff(first.id, afterDelete.props, await checked(inputs(vendor)))).changes).toBe(true);
  });

  it("cancels a job past timeoutSeconds in the database", async () => {
    const started = performance.now();
    await expect(jobGroup.create(inputs(vendor, { steps: [{ name: "slow", sql: slowQueries[vendor] }], timeoutSeconds: 2 }))).rejects.toThrow(/timed out.*cancelled in the database/);
    expect(performance.now() - started).toBeLessThan(4_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await stillRunning(vendor)).toBe(0);
    // The database is free again: an embedded one too, whose query ran in this very process.
    const next = performance.now();
    const { id, outs } = await jobGroup.create(await checked(inputs(vendor)));
    expect(performance.now() - next).toBeLessThan(2_000);
    await jobGroup.remove(id, outs);
  });
});
