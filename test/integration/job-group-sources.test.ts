import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { UNKNOWN_VALUE } from "../../provider/core/unknown-values";
import { checked, pushdownMatrix, sql, uniqueName } from "./job-group-fixtures";

/**
 * A job that reads another job's result names it in `sources`: a new run of the source
 * (a new runId) re-runs the reader, so its result never goes stale; an unchanged source
 * re-runs nothing.
 */

/** What the sdk passes for `sources: [job]`. */
function sourceOfJob(outs: Record<string, unknown>): Record<string, unknown> {
  const result = outs.result as { path: string[]; table: string };
  return { jobGroupId: outs.jobGroupId, runId: outs.runId, path: result.path, table: result.table };
}

// Every registered vendor with a push-down profile in its fixture (suites collect asynchronously).
describe("every registered vendor", async () => {
  const { scratch, connections, VENDORS, JOB_SCHEMAS } = await pushdownMatrix("job-sources");
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  describe.each(VENDORS)("JobGroup sources on %s", (vendor) => {
    const schema = JOB_SCHEMAS[vendor];
    const firstTable = uniqueName("chain_first");
    const secondTable = uniqueName("chain_second");
    const first = (rows: number) => ({
      resourceName: `chain-first-${vendor}`,
      connection: connections[vendor],
      steps: [{ name: "numbers", sql: Array.from({ length: rows }, (_, index) => `select ${index + 1} as n`).join(" union all ") }],
      output: { table: firstTable },
    });
    const second = (sources: Array<Record<string, unknown>>) => ({
      resourceName: `chain-second-${vendor}`,
      connection: connections[vendor],
      steps: [{ name: "total", sql: `select count(*) as numbers, sum(n) as total from ${schema}.${firstTable}` }],
      output: { table: secondTable },
      sources,
    });
    const totals = async () =>
      (await sql(connections, vendor, `select numbers, total from ${schema}.${secondTable}`)).map((row) => [
        Number(row.numbers),
        Number(row.total),
      ]);

    it("re-runs the reader when its source runs again, and neither when nothing changes", async () => {
      const a = await jobGroup.create(await checked(first(3)));
      let aOuts = a.outs;
      const b = await jobGroup.create(await checked(second([sourceOfJob(aOuts)])));
      let bOuts = b.outs;
      try {
        expect(await totals()).toEqual([[3, 6]]);
        expect(bOuts.sources).toEqual([sourceOfJob(aOuts)]);

        // Nothing changed: no diff, no re-run.
        const unchanged = await checked(second([sourceOfJob(aOuts)]), bOuts);
        expect((await jobGroup.diff(b.id, bOuts, unchanged)).changes).toBe(false);
        expect((await jobGroup.update(b.id, bOuts, unchanged)).outs.runId).toBe(bOuts.runId);

        // The first job's SQL changes: it runs again (new runId). At preview its runId is unknown.
        aOuts = (await jobGroup.update(a.id, aOuts, await checked(first(4), aOuts))).outs;
        expect(aOuts.runId).not.toBe(a.outs.runId);
        const preview = await jobGroup.check(bOuts, second([{ ...sourceOfJob(aOuts), runId: UNKNOWN_VALUE }]));
        expect(preview.failures ?? []).toEqual([]);
        expect((await jobGroup.diff(b.id, bOuts, preview.inputs)).changes).toBe(true);

        const next = await checked(second([sourceOfJob(aOuts)]), bOuts);
        expect((await jobGroup.diff(b.id, bOuts, next)).changes).toBe(true);
        const rerun = (await jobGroup.update(b.id, bOuts, next)).outs;
        expect(rerun.runId).not.toBe(bOuts.runId);
        expect(await totals()).toEqual([[4, 10]]);
        bOuts = rerun;
      } finally {
        await jobGroup.remove(b.id, bOuts);
        await jobGroup.remove(a.id, aOuts);
      }
    });

    it("state written before sources existed compares equal: no re-run after an upgrade", async () => {
      const a = await jobGroup.create(await checked(first(2)));
      try {
        const { sources: _sources, ...older } = a.outs;
        const news = await checked(first(2), older);
        expect((await jobGroup.diff(a.id, older, news)).changes).toBe(false);
        expect((await jobGroup.update(a.id, older, news)).outs.runId).toBe(a.outs.runId);
      } finally {
        await jobGroup.remove(a.id, a.outs);
      }
    });

    it("names the property when a source has no runId", async () => {
      const { failures } = await jobGroup.check({}, second([{ path: [schema], table: firstTable }]));
      expect(failures).toEqual([{ property: "sources[0].runId", reason: expect.stringMatching(/runId/) }]);
    });
  });
});
