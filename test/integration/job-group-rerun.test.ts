import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { checked, pairs, pushdownMatrix, tableExists, uniqueName } from "./job-group-fixtures";

/** JobGroup update: what re-runs the job, and the result table replaced atomically. */

const ONE_ROW = "select 1 as id, :label as label";
const TWO_ROWS = "select 10 as id, 'ten' as label union all select 20, 'twenty'";

// Every registered vendor with a push-down profile in its fixture (suites collect asynchronously).
describe("every registered vendor", async () => {
  const { scratch, connections, VENDORS, JOB_SCHEMAS, PROFILES } = await pushdownMatrix("job-rerun");
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  describe.each(VENDORS)("JobGroup re-runs on %s", (vendor) => {
    const schema = JOB_SCHEMAS[vendor];
    const job = (table: string, extra: Record<string, unknown> = {}) => ({
      resourceName: `rerun-${vendor}`,
      connection: connections[vendor],
      steps: [{ name: "result", sql: ONE_ROW }],
      runParameters: { label: "first" },
      output: { table },
      ...extra,
    });

    it("keeps the run for a new timeoutSeconds or profiler; re-runs for steps, parameters and triggers", async () => {
      const table = uniqueName("rerun");
      const first = await jobGroup.create(await checked(job(table)));
      let outs = first.outs;
      try {
        for (const change of [{ timeoutSeconds: 120 }, { overrides: { profiler: true } }]) {
          const { outs: kept } = await jobGroup.update(first.id, outs, await checked(job(table, change)));
          expect(kept.runId, JSON.stringify(change)).toBe(first.outs.runId);
          expect(kept.jobs).toEqual(first.outs.jobs);
          expect(kept).toMatchObject(change);
          outs = kept;
        }
        expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual([[1, "first"]]);

        const runIds = new Set([first.outs.runId]);
        const changes: Array<[Record<string, unknown>, Array<[number, string]>]> = [
          [{ runParameters: { label: "second" } }, [[1, "second"]]],
          [{ runParameters: { label: "second" }, triggers: { day: "2026-01-02" } }, [[1, "second"]]],
          [
            { steps: [{ name: "result", sql: TWO_ROWS }], runParameters: {}, triggers: { day: "2026-01-02" } },
            [
              [10, "ten"],
              [20, "twenty"],
            ],
          ],
        ];
        for (const [change, expected] of changes) {
          ({ outs } = await jobGroup.update(first.id, outs, await checked(job(table, change))));
          expect(runIds.has(outs.runId), JSON.stringify(change)).toBe(false);
          runIds.add(outs.runId);
          // The old rows are gone, the new ones there: the table was replaced, not appended to.
          expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual(expected);
          expect((outs.result as { rowCount: number }).rowCount).toBe(expected.length);
        }
      } finally {
        await jobGroup.remove(first.id, outs);
      }
    });

    it("a new output.table re-runs into it and drops the old table", async () => {
      const [oldTable, newTable] = [uniqueName("rerun_old"), uniqueName("rerun_new")];
      const first = await jobGroup.create(await checked(job(oldTable)));
      const { outs } = await jobGroup.update(first.id, first.outs, await checked(job(newTable)));
      try {
        expect(outs.runId).not.toBe(first.outs.runId);
        expect(outs.result).toMatchObject({ table: newTable });
        expect(await pairs(connections, vendor, `${schema}.${newTable}`)).toEqual([[1, "first"]]);
        expect(await tableExists(connections, vendor, schema, oldTable)).toBe(false);
      } finally {
        await jobGroup.remove(first.id, outs);
      }
    });

    it("a failing last step leaves the previous result exactly as it was", async () => {
      const table = uniqueName("rerun_atomic");
      const first = await jobGroup.create(await checked(job(table, { steps: [{ name: "result", sql: TWO_ROWS }], runParameters: {} })));
      try {
        const failing = job(table, {
          steps: [
            { name: "prepare", sql: "select 1 as ignored" },
            { name: "result", sql: "select 1 as id, 'x' as label from no_such_table_anywhere" },
          ],
          runParameters: {},
        });
        await expect(jobGroup.update(first.id, first.outs, failing)).rejects.toThrow(/step "result" failed.*no_such_table_anywhere/);
        expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual([
          [10, "ten"],
          [20, "twenty"],
        ]);
        const read = await jobGroup.read(first.id, first.outs);
        expect(read.props).toMatchObject({ status: "COMPLETE", driftReason: "" });

        // A statement that fails while rows are produced: the second row's label is no number.
        const cast = PROFILES[vendor].integerCast("label");
        const failsMidway = job(table, {
          steps: [
            { name: "result", sql: `select id, ${cast} as label from (select 10 as id, '1' as label union all select 20, 'b') as t` },
          ],
          runParameters: {},
        });
        await expect(jobGroup.update(first.id, first.outs, failsMidway)).rejects.toThrow(/step "result" failed/);
        expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual([
          [10, "ten"],
          [20, "twenty"],
        ]);
      } finally {
        await jobGroup.remove(first.id, first.outs);
      }
    });

    it("re-runs a result table whose name uses all 63 characters", async () => {
      const table = `${uniqueName("long")}_${"x".repeat(63)}`.slice(0, 63);
      const first = await jobGroup.create(await checked(job(table)));
      try {
        const { outs } = await jobGroup.update(first.id, first.outs, await checked(job(table, { runParameters: { label: "again" } })));
        expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual([[1, "again"]]);
        expect(outs.runId).not.toBe(first.outs.runId);
      } finally {
        await jobGroup.remove(first.id, first.outs);
      }
    });
  });
});
