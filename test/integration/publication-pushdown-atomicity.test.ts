import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { checked, pairs, pushdownMatrix, sourceOf, sql, uniqueName, type Vendor } from "./job-group-fixtures";

/** A publication that fails while applying leaves the target exactly as it was; fixing the source repairs it. */

const BEFORE: Array<[number, string]> = [
  [7, "seven"],
  [8, "eight"],
];

// Every registered vendor with a push-down profile in its fixture (suites collect asynchronously).
describe("every registered vendor", async () => {
  const { scratch, connections, VENDORS, SCHEMAS, PROFILES } = await pushdownMatrix("publication-atomicity");
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  describe.each(VENDORS)("publication atomicity on %s", (vendor: Vendor) => {
    const schema = SCHEMAS[vendor];

    async function withTarget(columns: string, work: (table: string) => Promise<void>): Promise<void> {
      const table = uniqueName("atomic_target");
      await sql(connections, vendor, `create table ${schema}.${table} (${columns})`);
      await sql(
        connections,
        vendor,
        `insert into ${schema}.${table} values ${BEFORE.map(([id, label]) => `(${id}, '${label}')`).join(", ")}`,
      );
      try {
        await work(table);
      } finally {
        await sql(connections, vendor, `drop table if exists ${schema}.${table}`);
      }
    }

    const job = (sqlText: string) => ({
      resourceName: `atomic-source-${vendor}`,
      connection: connections[vendor],
      steps: [{ name: "rows", sql: sqlText }],
      output: { table: uniqueName("atomic_source") },
    });

    it.each([
      [
        "truncateAndLoad",
        "a CHECK constraint",
        "id integer, label varchar(20) check (label <> 'bad')",
        "select 1 as id, 'good' as label union all select 2, 'bad'",
      ],
      [
        "load",
        "a NOT NULL column",
        "id integer, label varchar(20) not null",
        "select 1 as id, 'good' as label union all select 2, cast(null as char(4))",
      ],
      [
        "upsert",
        "a CHECK constraint",
        "id integer, label varchar(20) check (label <> 'bad')",
        "select 7 as id, 'good' as label union all select 2, 'bad'",
      ],
    ])("%s violating %s changes nothing; after fixing the source it succeeds", async (action, _what, columns, violating) => {
      await withTarget(columns, async (table) => {
        const sourceInputs = job(violating.replace("cast(null as char(4))", PROFILES[vendor].nullText));
        const first = await jobGroup.create(await checked(sourceInputs));
        let outs = first.outs;
        try {
          const publish = (source: Record<string, unknown>) => ({
            resourceName: `atomic-${vendor}`,
            source,
            connection: outs.connection,
            path: [schema],
            table,
            action,
            ...(action === "upsert" ? { keys: ["id"] } : {}),
          });
          const check = await publication.check({}, publish(sourceOf(outs)));
          expect(check.failures ?? []).toEqual([]);
          await expect(publication.create(check.inputs)).rejects.toThrow(/the target table is as it was before/);
          expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual(BEFORE);

          // The job is fixed: its next run no longer yields the offending row.
          ({ outs } = await jobGroup.update(
            first.id,
            outs,
            await checked({ ...sourceInputs, steps: [{ name: "rows", sql: "select 1 as id, 'good' as label" }] }),
          ));
          const { outs: published } = await publication.create((await publication.check({}, publish(sourceOf(outs)))).inputs);
          expect(published.status).toBe("PUBLISHED");
          const expected: Record<string, Array<[number, string]>> = {
            truncateAndLoad: [[1, "good"]],
            load: [[1, "good"], ...BEFORE],
            upsert: [[1, "good"], ...BEFORE],
          };
          expect(await pairs(connections, vendor, `${schema}.${table}`)).toEqual(expected[action]);
        } finally {
          await jobGroup.remove(first.id, outs);
        }
      });
    });
  });
});
