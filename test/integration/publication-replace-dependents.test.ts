import { rmSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { pairs, pushdownMatrix, sourceJob, sql, uniqueName, type Vendor } from "./job-group-fixtures";
import { captureStderr, type StderrCapture } from "../support/capture-stderr";

/**
 * Defect 14 of issue 8: another team adds a column, an index or a grant to a published table.
 * Preview names exactly what the next replacing publish removes (and which grants survive);
 * Postgres copies grants to the replacement in the same transaction, MySQL keeps them by name;
 * a column added to a table an action only loads into is not drift and is kept.
 */

// Every registered vendor with a push-down profile in its fixture (suites collect asynchronously).
describe("every registered vendor", async () => {
  const { scratch, connections, VENDORS, SCHEMAS, PROFILES } = await pushdownMatrix("publication-dependents");
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  describe.each(VENDORS)("what a replacing publish removes on %s", (vendor: Vendor) => {
    const schema = SCHEMAS[vendor];
    const reader = uniqueName("reader");
    /** How another team grants SELECT on this vendor; absent where the database has no users. */
    const grantee = PROFILES[vendor].reader;
    let job: Awaited<ReturnType<typeof sourceJob>>;
    let stderr: StderrCapture;
    const tables: string[] = [];

    beforeAll(async () => {
      job = await sourceJob(connections, vendor, [
        [1, "one"],
        [2, "two"],
      ]);
      for (const statement of grantee?.create(reader) ?? []) await sql(connections, vendor, statement);
      stderr = captureStderr();
    });
    afterEach(() => stderr.clear());
    afterAll(async () => {
      stderr?.restore();
      for (const table of tables) await sql(connections, vendor, `drop table if exists ${schema}.${table}`);
      for (const statement of grantee?.drop(reader) ?? []) await sql(connections, vendor, statement);
      await jobGroup.remove(job.id, job.outs);
    });

    const program = (table: string, action: string) => ({
      resourceName: `dependents-${vendor}`,
      source: job.source,
      connection: job.outs.connection,
      path: [schema],
      table,
      action,
    });

    async function published(
      action: string,
    ): Promise<{ id: string; inputs: Record<string, unknown>; outs: Record<string, unknown>; table: string }> {
      const table = uniqueName("dependents");
      tables.push(table);
      const checked = await publication.check({}, program(table, action));
      expect(checked.failures ?? []).toEqual([]);
      return { ...(await publication.create(checked.inputs)), inputs: checked.inputs, table };
    }

    it("dropAndLoad: preview names the added column and index it removes and the grants it keeps; up keeps the grants", async () => {
      const { id, inputs, outs, table } = await published("dropAndLoad");
      const qualified = `${schema}.${table}`;
      await sql(connections, vendor, `alter table ${qualified} add column extra integer`);
      // Where the database has no catalog of indexes and grants to read, preview says so instead of naming them.
      const notRead = PROFILES[vendor].dependentsNotRead;
      if (!notRead) await sql(connections, vendor, `create index ${table}_by_label on ${qualified} (label)`);
      if (grantee) await sql(connections, vendor, grantee.grant(reader, qualified));

      const read = await publication.read(id, outs);
      expect(read.props).toMatchObject({
        status: "DRIFTED",
        driftReason: `target table ${qualified} has different columns: column "extra" added`,
      });
      expect(stderr.text()).toContain(`the next up replaces the table (dropAndLoad) and removes the added column "extra"`);

      stderr.clear();
      const preview = await publication.check(read.inputs ?? inputs, program(table, "dropAndLoad"));
      expect(preview.failures ?? []).toEqual([]);
      const grants = grantee ? `; grants (${grantee.label(reader)}) are ${grantee.afterReplace}` : "";
      const removed = notRead
        ? `column "extra"; indexes and grants on it are not read on this database, and any there are removed too`
        : `column "extra", index "${table}_by_label"${grants}`;
      expect(stderr.text()).toContain(
        `warning: up replaces ${qualified} (dropAndLoad): it removes ${removed}; to keep them, publish with truncateAndLoad or upsert instead`,
      );

      await publication.update(id, read.props, preview.inputs);
      expect(await pairs(connections, vendor, qualified)).toEqual([
        [1, "one"],
        [2, "two"],
      ]);
      if (grantee) expect(await sql(connections, vendor, grantee.holds(reader, schema, table))).toHaveLength(1);
    });

    it("truncateAndLoad: a column another team added is not drift, and stays", async () => {
      const { id, outs, table } = await published("createAndLoad");
      const switched = await publication.check(
        { ...program(table, "createAndLoad"), createdTable: true },
        program(table, "truncateAndLoad"),
      );
      const { outs: loaded } = await publication.update(id, outs, switched.inputs);
      await sql(connections, vendor, `alter table ${schema}.${table} add column extra integer`);

      const read = await publication.read(id, loaded);

      expect(read.props).toMatchObject({ status: "PUBLISHED", driftReason: "" });
      expect(read.inputs).toBeUndefined();
      expect(stderr.text()).toContain(
        `target table ${schema}.${table} has column "extra" the publication does not write; truncateAndLoad keeps them`,
      );
      expect((await sql(connections, vendor, `select extra from ${schema}.${table}`)).length).toBe(2);
    });
  });
});
