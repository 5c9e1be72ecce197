import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { pairs, pushdownMatrix, sourceJob, sql, uniqueName, type Vendor } from "./job-group-fixtures";

/** Every publication action, source and target on the same connection (pushed down as SQL). */

const SOURCE_ROWS: Array<[number, string]> = [
  [1, "one"],
  [2, "two"],
  [3, "three"],
];

// Every registered vendor with a push-down profile in its fixture (suites collect asynchronously).
describe("every registered vendor", async () => {
  const { scratch, connections, VENDORS, SCHEMAS } = await pushdownMatrix("publication-actions");
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  describe.each(VENDORS)("publication actions on %s", (vendor: Vendor) => {
    const schema = SCHEMAS[vendor];
    let job: Awaited<ReturnType<typeof sourceJob>>;
    const tables: string[] = [];

    beforeAll(async () => {
      job = await sourceJob(connections, vendor, SOURCE_ROWS);
    });

    afterAll(async () => {
      for (const table of tables) await sql(connections, vendor, `drop table if exists ${schema}.${table}`);
      await jobGroup.remove(job.id, job.outs);
    });

    /** A fresh target name; with `rows`, the table exists already, made by someone else. */
    async function target(rows?: Array<[number, string]>): Promise<string> {
      const table = uniqueName("pub_target");
      tables.push(table);
      if (rows) {
        await sql(connections, vendor, `create table ${schema}.${table} (id integer, label varchar(20))`);
        if (rows.length)
          await sql(
            connections,
            vendor,
            `insert into ${schema}.${table} values ${rows.map(([id, label]) => `(${id}, '${label}')`).join(", ")}`,
          );
      }
      return table;
    }

    function inputs(table: string, action: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
      return {
        resourceName: `publish-${vendor}`,
        source: job.source,
        connection: job.outs.connection,
        path: [schema],
        table,
        action,
        ...extra,
      };
    }

    async function publish(table: string, action: string, extra: Record<string, unknown> = {}) {
      const checked = await publication.check({}, inputs(table, action, extra));
      expect(checked.failures ?? []).toEqual([]);
      return publication.create(checked.inputs);
    }

    it("create makes the table from the source rows", async () => {
      const table = await target();
      const { id, outs } = await publish(table, "create");
      expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual(SOURCE_ROWS);
      expect(outs).toMatchObject({
        publicationId: id,
        status: "PUBLISHED",
        rowCount: 3,
        createdTable: true,
        publishedRunId: job.outs.runId,
        driftReason: "",
      });
      expect((outs.targetColumns as Array<{ name: string }>).map((column) => column.name)).toEqual(["id", "label"]);
    });

    it("load appends to an existing table", async () => {
      const table = await target([[9, "nine"]]);
      const { outs } = await publish(table, "load");
      expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual([...SOURCE_ROWS, [9, "nine"]]);
      expect(outs.createdTable).toBe(false);
    });

    it("createAndLoad creates a missing table, then appends on the next run", async () => {
      const table = await target();
      const first = await publish(table, "createAndLoad");
      expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual(SOURCE_ROWS);
      expect(first.outs.createdTable).toBe(true);
      // A new run of the source publishes again, into the table it created.
      const { outs } = await publication.update(
        first.id,
        first.outs,
        inputs(table, "createAndLoad", { source: { ...job.source, runId: "next-run" } }),
      );
      expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual([
        [1, "one"],
        [1, "one"],
        [2, "two"],
        [2, "two"],
        [3, "three"],
        [3, "three"],
      ]);
      expect(outs.createdTable).toBe(true);
      expect(outs.publishedRunId).toBe("next-run");
    });

    it("truncateAndLoad replaces every row of an existing table", async () => {
      const table = await target([
        [9, "nine"],
        [10, "ten"],
      ]);
      await publish(table, "truncateAndLoad");
      expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual(SOURCE_ROWS);
    });

    it("dropAndLoad replaces an adopted table, columns included", async () => {
      const table = await target();
      await sql(connections, vendor, `create table ${schema}.${table} (other integer)`);
      await sql(connections, vendor, `insert into ${schema}.${table} values (5)`);
      const { outs } = await publish(table, "dropAndLoad", { adopt: true });
      expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual(SOURCE_ROWS);
      expect((outs.targetColumns as Array<{ name: string }>).map((column) => column.name)).toEqual(["id", "label"]);
    });

    it("upsert replaces rows matching the keys and adds the others", async () => {
      const table = await target([
        [1, "old one"],
        [9, "nine"],
      ]);
      await publish(table, "upsert", { keys: ["id"] });
      expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual([...SOURCE_ROWS, [9, "nine"]]);
    });

    it("an update with unchanged inputs publishes nothing again", async () => {
      const table = await target([]);
      const first = await publish(table, "load");
      const { outs } = await publication.update(first.id, first.outs, inputs(table, "load", { timeoutSeconds: 60 }));
      expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual(SOURCE_ROWS);
      expect(outs.timeoutSeconds).toBe(60);
    });
  });
});
