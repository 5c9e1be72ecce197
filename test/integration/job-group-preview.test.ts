import { existsSync, rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { checked, pushdownMatrix, sql, tableExists, uniqueName } from "./job-group-fixtures";

/** JobGroup check (preview): result columns and types, failures naming the step, multi-step jobs. */

// Every registered vendor with a push-down profile in its fixture (suites collect asynchronously).
describe("every registered vendor", async () => {
  const { scratch, connections, VENDORS, SCHEMAS, PROFILES } = await pushdownMatrix("job-preview");
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  describe.each(VENDORS)("JobGroup preview on %s", (vendor) => {
    const job = (steps: Array<{ name: string; sql: string }>, extra: Record<string, unknown> = {}) => ({
      resourceName: `preview-${vendor}`,
      connection: connections[vendor],
      steps,
      output: { table: uniqueName(`preview_${vendor}`) },
      ...extra,
    });

    it("reports the result's columns with their native types", async () => {
      const inputs = await checked(job([{ name: "result", sql: PROFILES[vendor].typedSelect.sql }]));
      const result = inputs.result as { columns: Array<{ name: string; nativeType: string }> };
      expect(result.columns.map((column) => column.name)).toEqual(["id", "label", "amount", "day"]);
      expect(result.columns.map((column) => column.nativeType)).toEqual(PROFILES[vendor].typedSelect.nativeTypes);
      expect(inputs.__testedConfigurationHash).toEqual(expect.any(String));
    });

    it("binds run parameters at preview", async () => {
      const inputs = await checked(job([{ name: "result", sql: "select :country as country" }], { runParameters: { country: "DE" } }));
      expect((inputs.result as { columns: Array<{ name: string }> }).columns.map((column) => column.name)).toEqual(["country"]);
    });

    it("fails naming the step for a missing table and for a missing column", async () => {
      const table = uniqueName("preview_src");
      await sql(connections, vendor, `create table ${SCHEMAS[vendor]}.${table} (id integer)`);
      try {
        const missingTable = await jobGroup.check(
          {},
          job([{ name: "orders_by_day", sql: `select id from ${SCHEMAS[vendor]}.${table}_absent` }]),
        );
        expect(missingTable.failures).toHaveLength(1);
        expect(missingTable.failures?.[0].reason).toMatch(/step "orders_by_day" failed/);
        expect(missingTable.failures?.[0].reason).toContain(`${table}_absent`);

        const missingColumn = await jobGroup.check(
          {},
          job([{ name: "totals", sql: `select id, no_such_column from ${SCHEMAS[vendor]}.${table}` }]),
        );
        expect(missingColumn.failures?.[0].reason).toMatch(/step "totals" failed/);
        expect(missingColumn.failures?.[0].reason).toContain("no_such_column");
      } finally {
        await sql(connections, vendor, `drop table ${SCHEMAS[vendor]}.${table}`);
      }
    });

    it("a later step reading a table an earlier one creates: columns (rolled back) or deferred on MySQL", async () => {
      const setup = uniqueName("preview_setup");
      const qualified = `${SCHEMAS[vendor]}.${setup}`;
      const result = await jobGroup.check(
        {},
        job([
          { name: "prepare", sql: `create table ${qualified} as select 1 as id, 'a' as label` },
          { name: "result", sql: `select id, label from ${qualified}` },
        ]),
      );
      expect(result.failures ?? []).toEqual([]);
      const columns = (result.inputs.result as { columns?: Array<{ name: string }> }).columns;
      if (vendor === "mysql") {
        expect(columns).toBeUndefined();
      } else {
        expect(columns?.map((column) => column.name)).toEqual(["id", "label"]);
      }
      // Nothing a preview runs stays behind.
      expect(await tableExists(connections, vendor, SCHEMAS[vendor], setup)).toBe(false);
    });

    it("still fails a later step's own error on MySQL when earlier steps are only compiled", async () => {
      const result = await jobGroup.check(
        {},
        job([
          { name: "prepare", sql: "select 1 as id" },
          { name: "result", sql: "select 1 as id from" },
        ]),
      );
      expect(result.failures?.[0].reason).toMatch(/step "result" failed/);
    });

    it("a chain of steps, each reading the table the one before creates, previews without failing", async () => {
      const [first, second] = [uniqueName("preview_first"), uniqueName("preview_second")];
      const result = await jobGroup.check(
        {},
        job([
          { name: "first", sql: `create table ${SCHEMAS[vendor]}.${first} as select 1 as id` },
          { name: "second", sql: `create table ${SCHEMAS[vendor]}.${second} as select id from ${SCHEMAS[vendor]}.${first}` },
          { name: "result", sql: `select id from ${SCHEMAS[vendor]}.${second}` },
        ]),
      );
      expect(result.failures ?? []).toEqual([]);
      expect(await tableExists(connections, vendor, SCHEMAS[vendor], first)).toBe(false);
    });

    it("a chain whose second step reads what the first creates still fails a syntax error in its result step", async () => {
      const [first, second] = [uniqueName("preview_first"), uniqueName("preview_second")];
      const result = await jobGroup.check(
        {},
        job([
          { name: "first", sql: `create table ${SCHEMAS[vendor]}.${first} as select 1 as id` },
          { name: "second", sql: `create table ${SCHEMAS[vendor]}.${second} as select id from ${SCHEMAS[vendor]}.${first}` },
          { name: "result", sql: `select id from` },
        ]),
      );
      expect(result.failures?.[0]?.reason ?? "preview reported no failure").toMatch(/step "result" failed/);
    });

    it("fails a missing table in the result step when no earlier step could create it (earlier steps only read)", async () => {
      const absent = `${SCHEMAS[vendor]}.${uniqueName("preview_typo")}`;
      const result = await jobGroup.check(
        {},
        job([
          { name: "look", sql: "select 1 as id" },
          { name: "result", sql: `select id from ${absent}` },
        ]),
      );
      expect(result.failures?.[0]?.reason ?? "preview reported no failure").toMatch(/table missing: step "result" failed/);
    });
  });

  describe("JobGroup preview on postgres: SQL that only looks like a parameter", () => {
    it("escape strings, nested comments and dollar quotes reach the server unchanged", async () => {
      const inputs = await checked({
        connection: connections.postgres,
        steps: [{ name: "result", sql: "select E'it\\'s :x' as escaped, /* a /* :x */ :x */ $q$ :x $q$ as quoted, :x::text as bound" }],
        runParameters: { x: "value" },
        output: { table: uniqueName("preview_scan") },
      });
      expect((inputs.result as { columns: Array<{ name: string }> }).columns.map((column) => column.name)).toEqual([
        "escaped",
        "quoted",
        "bound",
      ]);
    });
  });

  describe("JobGroup preview on duckdb: statements preview leaves to the job", () => {
    it("an ATTACH is only compiled (no file appears), and a result reading the attached database is known after the run", async () => {
      const attached = `${scratch}/attached_${uniqueName("db")}.duckdb`;
      const result = await jobGroup.check(
        {},
        {
          resourceName: "preview-attach",
          connection: connections.duckdb,
          steps: [
            { name: "attach", sql: `attach '${attached}' as other_db` },
            { name: "result", sql: "select * from other_db.main.orders" },
          ],
          output: { table: uniqueName("preview_attach") },
        },
      );
      expect(result.failures ?? []).toEqual([]);
      expect((result.inputs.result as { columns?: unknown }).columns).toBeUndefined();
      expect(existsSync(attached)).toBe(false);
    });
  });
});
