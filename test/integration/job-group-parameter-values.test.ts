import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { checked, pushdownMatrix, sql, uniqueName } from "./job-group-fixtures";

/**
 * Values on the way in, on the real engines: array slices stay slices (a parameter may be a
 * bound), and an integer beyond 2^53 passed as a string arrives exactly.
 */
// The registered vendors whose push-down profile has arrays (suites collect asynchronously).
describe("every registered vendor with arrays", async () => {
  const { scratch, connections, VENDORS, JOB_SCHEMAS, PROFILES } = await pushdownMatrix("job-parameter-values");
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  describe.each(VENDORS.filter((vendor) => PROFILES[vendor].arrayLiteral))("parameter values on %s", (vendor) => {
    const schema = JOB_SCHEMAS[vendor];
    const array = PROFILES[vendor].arrayLiteral!([10, 20, 30, 40, 50]);
    const asText = (expression: string) => `array_to_string(${expression}, ',')`;

    it("runs slices a[2:n], a[lo:hi], a[:hi] and a[(:lo):(:hi)] as slices, with the parameters bound", async () => {
      const table = uniqueName("slices");
      const query = `with t as (select ${array} as a, 2 as lo, 4 as hi, 3 as n)
        select ${asText("a[2:n]")} as fixed, ${asText("a[lo:hi]")} as named, ${asText("a[:hi]")} as open,
               ${asText("a[(:lo):(:hi)]")} as bound, :tag as tag from t`;
      const { id, outs } = await jobGroup.create(
        await checked({
          resourceName: `slices-${vendor}`,
          connection: connections[vendor],
          steps: [{ name: "slices", sql: query }],
          runParameters: { lo: 3, hi: 5, tag: "x:y" },
          output: { table },
        }),
      );
      try {
        const rows = await sql(connections, vendor, `select fixed, named, open, bound, tag from ${schema}.${table}`);
        expect(rows).toEqual([{ fixed: "20,30", named: "20,30,40", open: "10,20,30,40", bound: "30,40,50", tag: "x:y" }]);
      } finally {
        await jobGroup.remove(id, outs);
      }
    });

    it("carries 12345678901234567890123 exactly when passed as a string", async () => {
      const table = uniqueName("big_number");
      const { id, outs } = await jobGroup.create(
        await checked({
          resourceName: `big-${vendor}`,
          connection: connections[vendor],
          steps: [{ name: "big", sql: "select cast(cast(:n as decimal(38, 0)) as varchar) as n" }],
          runParameters: { n: "12345678901234567890123" },
          output: { table },
        }),
      );
      try {
        expect(await sql(connections, vendor, `select n from ${schema}.${table}`)).toEqual([{ n: "12345678901234567890123" }]);
      } finally {
        await jobGroup.remove(id, outs);
      }
    });
  });
});
