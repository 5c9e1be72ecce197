import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { pairs, pushdownMatrix, sourceJob, sql, tableExists, uniqueName, type Vendor } from "./job-group-fixtures";

/** Publication read (refresh) detects a dropped, emptied or altered target; delete keeps what it did not create. */

// Every registered vendor with a push-down profile in its fixture (suites collect asynchronously).
describe("every registered vendor", async () => {
  const { scratch, connections, VENDORS, SCHEMAS } = await pushdownMatrix("publication-drift");
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  describe.each(VENDORS)("publication drift and delete on %s", (vendor: Vendor) => {
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

    function inputs(table: string, action: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
      return {
        resourceName: `drift-${vendor}`,
        source: job.source,
        connection: job.outs.connection,
        path: [schema],
        table,
        action,
        ...extra,
      };
    }

    async function created(): Promise<{ id: string; outs: Record<string, unknown>; table: string }> {
      const table = uniqueName("drift_target");
      tables.push(table);
      const checked = await publication.check({}, inputs(table, "create"));
      expect(checked.failures ?? []).toEqual([]);
      return { ...(await publication.create(checked.inputs)), table };
    }

    it.each([
      ["dropped", (table: string) => `drop table ${table}`, "was dropped"],
      ["emptied", (table: string) => `delete from ${table}`, "was emptied"],
      ["altered", (table: string) => `alter table ${table} add column extra integer`, 'has different columns: column "extra" added'],
    ])("a %s target is DRIFTED, diff shows changes and update publishes again", async (_what, change, reason) => {
      const { id, outs, table } = await created();
      expect((await publication.read(id, outs)).props).toMatchObject({ status: "PUBLISHED", driftReason: "" });
      const news = async (olds: Record<string, unknown>) => {
        const checked = await publication.check(olds, inputs(table, "create"));
        expect(checked.failures ?? []).toEqual([]);
        return checked.inputs;
      };
      expect((await publication.diff(id, outs, await news(outs))).changes).toBe(false);

      await sql(connections, vendor, change(`${schema}.${table}`));
      const { props } = await publication.read(id, outs);
      expect(props.status).toBe("DRIFTED");
      expect(props.driftReason).toBe(`target table ${schema}.${table} ${reason}`);
      expect((await publication.diff(id, props, await news(props))).changes).toBe(true);

      const repaired = await publication.update(id, props, await news(props));
      expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual([
        [1, "one"],
        [2, "two"],
      ]);
      expect((await publication.read(id, repaired.outs)).props.status).toBe("PUBLISHED");
    });

    it("delete drops a table it created", async () => {
      const { id, outs, table } = await created();
      await publication.remove(id, outs);
      expect(await tableExists(connections, vendor, schema, table)).toBe(false);
    });

    it("delete keeps a table it only loaded into", async () => {
      const table = uniqueName("drift_theirs");
      tables.push(table);
      await sql(connections, vendor, `create table ${schema}.${table} (id integer, label varchar(20))`);
      const { id, outs } = await publication.create((await publication.check({}, inputs(table, "load"))).inputs);
      await publication.remove(id, outs);
      expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual([
        [1, "one"],
        [2, "two"],
      ]);
    });

    it("deleteBehavior overrides: keep keeps a created table, drop drops one it did not create", async () => {
      const kept = await created();
      const keep = await publication.update(kept.id, kept.outs, inputs(kept.table, "create", { deleteBehavior: "keep" }));
      await publication.remove(kept.id, keep.outs);
      expect(await tableExists(connections, vendor, schema, kept.table)).toBe(true);

      const table = uniqueName("drift_dropme");
      tables.push(table);
      await sql(connections, vendor, `create table ${schema}.${table} (id integer, label varchar(20))`);
      const { id, outs } = await publication.create(
        (await publication.check({}, inputs(table, "load", { deleteBehavior: "drop" }))).inputs,
      );
      await publication.remove(id, outs);
      expect(await tableExists(connections, vendor, schema, table)).toBe(false);
    });
  });
});
