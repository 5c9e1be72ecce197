import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { checked, pairs, pushdownMatrix, sql, tableExists, uniqueName } from "./job-group-fixtures";

/** JobGroup create: the materialised result, bound parameters, jobs, jobGraph and profile. */

const HOSTILE = "it's \\'); drop table victims; --";

// Every registered vendor with a push-down profile in its fixture (suites collect asynchronously).
describe("every registered vendor", async () => {
  const { scratch, connections, VENDORS, SCHEMAS, JOB_SCHEMAS, PROFILES } = await pushdownMatrix("job-run");
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  describe.each(VENDORS)("JobGroup create on %s", (vendor) => {
    it("materialises the rows, binding a hostile value as data", async () => {
      const source = uniqueName("run_src");
      const qualified = `${SCHEMAS[vendor]}.${source}`;
      const output = uniqueName("run_out");
      await sql(connections, vendor, `create table ${qualified} (id integer, label varchar(60))`);
      await sql(connections, vendor, `insert into ${qualified} values (1, 'plain'), (2, null), (3, 'other')`);
      await sql(connections, vendor, `insert into ${qualified} values (4, ${PROFILES[vendor].textLiteral(HOSTILE)})`);
      try {
        const inputs = await checked({
          resourceName: `run-${vendor}`,
          connection: connections[vendor],
          steps: [
            { name: "result", sql: `select id, label from ${qualified} where label = :wanted or label = :plain or id = :missing_id` },
          ],
          runParameters: { wanted: HOSTILE, plain: "plain", missing_id: 99 },
          output: { table: output },
          overrides: { profiler: true },
        });
        const started = performance.now();
        const { id, outs } = await jobGroup.create(inputs);
        const elapsed = performance.now() - started;
        try {
          const table = `${JOB_SCHEMAS[vendor]}.${output}`;
          expect(await pairs(connections, vendor, table)).toEqual([
            [1, "plain"],
            [4, HOSTILE],
          ]);
          // The value was compared, not executed: the source is still there, whole.
          expect(await pairs(connections, vendor, qualified)).toHaveLength(4);

          expect(id).toMatch(/^job-/);
          expect(outs).toMatchObject({ jobGroupId: id, status: "COMPLETE", runId: expect.any(String), driftReason: "" });
          expect(outs.result).toMatchObject({
            connectionId: connections[vendor].connectionId,
            path: [JOB_SCHEMAS[vendor]],
            table: output,
            rowCount: 2,
          });
          expect((outs.result as { columns: Array<{ name: string }> }).columns.map((column) => column.name)).toEqual(["id", "label"]);

          const jobs = outs.jobs as Array<{ id: string; stage: string; status: string; rowCount: number; durationMilliseconds: number }>;
          expect(jobs.map((job) => job.stage)).toEqual(["query", "profile"]);
          expect(jobs[0]).toMatchObject({ status: "COMPLETE", rowCount: 2 });
          // Each stage's duration is a whole number of milliseconds (each rounded) within the create that ran it.
          for (const job of jobs)
            expect(
              Number.isInteger(job.durationMilliseconds) && job.durationMilliseconds >= 0,
              `${job.stage}: ${job.durationMilliseconds}`,
            ).toBe(true);
          expect(jobs.reduce((sum, job) => sum + job.durationMilliseconds, 0)).toBeLessThanOrEqual(Math.ceil(elapsed) + jobs.length);
          expect(outs.jobGraph).toEqual({
            vertices: jobs.map((job) => ({ id: job.id, stage: job.stage })),
            edges: [{ from: jobs[0].id, to: jobs[1].id }],
          });

          const profile = outs.profile as Array<{ name: string; nullCount: number; min: string | null; max: string | null }>;
          expect(profile).toEqual([
            { name: "id", nullCount: 0, min: "1", max: "4" },
            { name: "label", nullCount: 0, min: expect.any(String), max: expect.any(String) },
          ]);
          expect([profile[1].min, profile[1].max].sort()).toEqual([HOSTILE, "plain"].sort());
        } finally {
          await jobGroup.remove(id, outs);
        }
        expect(await tableExists(connections, vendor, JOB_SCHEMAS[vendor], output)).toBe(false);
      } finally {
        await sql(connections, vendor, `drop table ${qualified}`);
      }
    });

    it("counts nulls in the profile and reports no profile stage without the profiler", async () => {
      const output = uniqueName("run_nulls");
      const steps = [{ name: "result", sql: "select 1 as id, null as label union all select 2, 'b' union all select null, null" }];
      const base = { resourceName: `nulls-${vendor}`, connection: connections[vendor], steps, output: { table: output } };

      const withProfile = await jobGroup.create(await checked({ ...base, overrides: { profiler: true } }));
      try {
        expect(withProfile.outs.profile).toEqual([
          { name: "id", nullCount: 1, min: "1", max: "2" },
          { name: "label", nullCount: 2, min: "b", max: "b" },
        ]);
        const plain = await jobGroup.update(withProfile.id, withProfile.outs, await checked({ ...base, triggers: { run: 2 } }));
        expect((plain.outs.jobs as Array<{ stage: string }>).map((job) => job.stage)).toEqual(["query"]);
        expect(plain.outs).not.toHaveProperty("profile");
        expect((plain.outs.jobGraph as { edges: unknown[] }).edges).toEqual([]);
      } finally {
        await jobGroup.remove(withProfile.id, withProfile.outs);
      }
    });

    it("names the result table after the resource when output.table is omitted", async () => {
      const resourceName = `Daily-Revenue-${uniqueName(vendor)}`;
      const { id, outs } = await jobGroup.create(
        await checked({ resourceName, connection: connections[vendor], steps: [{ name: "result", sql: "select 1 as id" }] }),
      );
      try {
        const table = resourceName.toLowerCase().replace(/-/g, "_");
        expect(outs.result).toMatchObject({ path: [JOB_SCHEMAS[vendor]], table, rowCount: 1 });
        expect(await tableExists(connections, vendor, JOB_SCHEMAS[vendor], table)).toBe(true);
      } finally {
        await jobGroup.remove(id, outs);
      }
    });
  });
});
