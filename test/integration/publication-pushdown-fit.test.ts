import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { pairs, pushdownMatrix, sourceJob, sql, tableExists, uniqueName, type Vendor } from "./job-group-fixtures";

/** Whether the action fits what exists, judged in check and again when publishing; adopt. */

// Every registered vendor with a push-down profile in its fixture (suites collect asynchronously).
describe("every registered vendor", async () => {
  const { scratch, connections, VENDORS, SCHEMAS } = await pushdownMatrix("publication-fit");
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  describe.each(VENDORS)("publication action fit on %s", (vendor: Vendor) => {
    const schema = SCHEMAS[vendor];
    let job: Awaited<ReturnType<typeof sourceJob>>;
    const tables: string[] = [];

    beforeAll(async () => {
      job = await sourceJob(connections, vendor, [
        [1, "one"],
        [2, "two"],
      ]);
    });

    afterAll(async () => {
      for (const table of tables) await sql(connections, vendor, `drop table if exists ${schema}.${table}`);
      await jobGroup.remove(job.id, job.outs);
    });

    async function existing(): Promise<string> {
      const table = uniqueName("fit_existing");
      tables.push(table);
      await sql(connections, vendor, `create table ${schema}.${table} (id integer, label varchar(20))`);
      await sql(connections, vendor, `insert into ${schema}.${table} values (7, 'theirs')`);
      return table;
    }

    function inputs(table: string, action: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
      return {
        resourceName: `fit-${vendor}`,
        source: job.source,
        connection: job.outs.connection,
        path: [schema],
        table,
        action,
        ...(action === "upsert" ? { keys: ["id"] } : {}),
        ...extra,
      };
    }

    it.each(["create", "createAndLoad", "dropAndLoad"])(
      "%s on a table it did not create fails with the adopt hint and leaves it alone; with adopt: true check passes",
      async (action) => {
        const table = await existing();
        const { failures } = await publication.check({}, inputs(table, action));
        expect(failures?.[0].reason).toMatch(new RegExp(`${schema}\\.${table} already exists.*set adopt: true`));
        await expect(publication.create(inputs(table, action))).rejects.toThrow(
          /already exists.*adopt: true.*the target table is as it was before/,
        );
        expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual([[7, "theirs"]]);
        expect((await publication.check({}, inputs(table, action, { adopt: true }))).failures ?? []).toEqual([]);
      },
    );

    it.each(["load", "truncateAndLoad", "upsert"])("%s on a missing table fails naming the table, and creates nothing", async (action) => {
      const table = uniqueName("fit_missing");
      const { failures } = await publication.check({}, inputs(table, action));
      expect(failures?.[0].reason).toMatch(new RegExp(`action ${action} needs the table ${schema}\\.${table}, which does not exist`));
      await expect(publication.create(inputs(table, action))).rejects.toThrow(new RegExp(`${schema}\\.${table}, which does not exist`));
      expect(await tableExists(connections, vendor, schema, table)).toBe(false);
    });

    it("adopt: true takes an existing table over with create, and destroy keeps it (it was not created here)", async () => {
      const table = await existing();
      const checked = await publication.check({}, inputs(table, "create", { adopt: true }));
      expect(checked.failures ?? []).toEqual([]);
      const { id, outs } = await publication.create(checked.inputs);
      expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual([
        [1, "one"],
        [2, "two"],
      ]);
      expect(outs.createdTable).toBe(false);
      await publication.remove(id, outs);
      expect(await tableExists(connections, vendor, schema, table)).toBe(true);
    });

    it("create again on the table it created itself republishes it (no adopt needed)", async () => {
      const table = uniqueName("fit_own");
      tables.push(table);
      const first = await publication.create((await publication.check({}, inputs(table, "create"))).inputs);
      const again = await publication.check(first.outs, inputs(table, "create", { source: { ...job.source, runId: "run-2" } }));
      expect(again.failures ?? []).toEqual([]);
      const { outs } = await publication.update(first.id, first.outs, again.inputs);
      expect(outs.publishedRunId).toBe("run-2");
      expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual([
        [1, "one"],
        [2, "two"],
      ]);
    });

    it("a source column missing from the target fails naming it", async () => {
      const table = uniqueName("fit_columns");
      tables.push(table);
      await sql(connections, vendor, `create table ${schema}.${table} (id integer)`);
      const { failures } = await publication.check({}, inputs(table, "load"));
      expect(failures?.[0].reason).toMatch(/column "label" of the source does not exist/);
    });

    it("an upsert key that is not a source column fails naming it", async () => {
      const table = await existing();
      const { failures } = await publication.check({}, inputs(table, "upsert", { keys: ["id", "nope"] }));
      expect(failures?.[0].reason).toMatch(/upsert key "nope" is not a column of the source/);
    });
  });
});
