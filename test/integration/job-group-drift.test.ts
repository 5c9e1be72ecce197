import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { checked, pairs, pushdownMatrix, sql, tableExists, uniqueName } from "./job-group-fixtures";

/** JobGroup read (refresh) and delete: drift of the result table, and a re-run that repairs it. */

const ALTER: Record<string, (table: string) => string> = {
  postgres: (table) => `alter table ${table} alter column label type varchar(5)`,
  mysql: (table) => `alter table ${table} modify label varchar(5)`,
  duckdb: (table) => `alter table ${table} add column extra integer`,
  // Redshift changes a column's type only to widen a VARCHAR: a column added is its drift.
  redshift: (table) => `alter table ${table} add column extra integer`,
};

// Every registered vendor with a push-down profile in its fixture (suites collect asynchronously).
describe("every registered vendor", async () => {
  const { scratch, connections, VENDORS, JOB_SCHEMAS } = await pushdownMatrix("job-drift");
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  describe.each(VENDORS)("JobGroup drift on %s", (vendor) => {
    const schema = JOB_SCHEMAS[vendor];
    const job = (table: string) => ({
      resourceName: `drift-${vendor}`,
      connection: connections[vendor],
      steps: [{ name: "result", sql: "select 1 as id, 'one' as label" }],
      output: { table },
    });

    it("an untouched result reads COMPLETE and diffs without changes", async () => {
      const table = uniqueName("drift_clean");
      const inputs = await checked(job(table));
      const { id, outs } = await jobGroup.create(inputs);
      try {
        const { props } = await jobGroup.read(id, outs);
        expect(props).toMatchObject({ status: "COMPLETE", driftReason: "" });
        expect((await jobGroup.diff(id, props, await checked(job(table), inputs))).changes).toBe(false);
      } finally {
        await jobGroup.remove(id, outs);
      }
    });

    it("a dropped result table is DRIFTED, diff reports changes, and the next update runs again", async () => {
      const table = uniqueName("drift_dropped");
      const inputs = await checked(job(table));
      const { id, outs } = await jobGroup.create(inputs);
      await sql(connections, vendor, `drop table ${schema}.${table}`);
      const { props } = await jobGroup.read(id, outs);
      expect(props.status).toBe("DRIFTED");
      expect(props.driftReason).toBe(`result table ${schema}.${table} was dropped`);
      const news = await checked(job(table), inputs);
      expect((await jobGroup.diff(id, props, news)).changes).toBe(true);

      const repaired = await jobGroup.update(id, props, news);
      try {
        expect(repaired.outs.runId).not.toBe(outs.runId);
        expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual([[1, "one"]]);
        expect((await jobGroup.read(id, repaired.outs)).props.status).toBe("COMPLETE");
      } finally {
        await jobGroup.remove(id, repaired.outs);
      }
    });

    it("an altered column is DRIFTED and diff reports changes", async () => {
      const table = uniqueName("drift_altered");
      const inputs = await checked(job(table));
      const { id, outs } = await jobGroup.create(inputs);
      try {
        await sql(connections, vendor, ALTER[vendor](`${schema}.${table}`));
        const { props } = await jobGroup.read(id, outs);
        expect(props.status).toBe("DRIFTED");
        expect(props.driftReason).toBe(`result table ${schema}.${table} has different columns`);
        expect((await jobGroup.diff(id, props, await checked(job(table), inputs))).changes).toBe(true);
      } finally {
        await jobGroup.remove(id, outs);
      }
    });

    it("delete drops the result table, and deleting again is harmless", async () => {
      const table = uniqueName("drift_deleted");
      const { id, outs } = await jobGroup.create(await checked(job(table)));
      expect(await tableExists(connections, vendor, schema, table)).toBe(true);
      await jobGroup.remove(id, outs);
      expect(await tableExists(connections, vendor, schema, table)).toBe(false);
      await expect(jobGroup.remove(id, outs)).resolves.toBeUndefined();
    });
  });
});
