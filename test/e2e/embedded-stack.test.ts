import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, describe, expect, it } from "vitest";
import { REPOSITORY_ROOT, Workspace } from "../support/pulumi-workspace";

/** Revenue per country computed from the shipped CSV by plain TypeScript, to compare against. */
function expectedRevenue(): Map<string, { orders: number; revenue: number }> {
  const [, ...lines] = readFileSync(join(REPOSITORY_ROOT, "data/orders.csv"), "utf8").trim().split("\n");
  const totals = new Map<string, { orders: number; revenue: number }>();
  for (const line of lines) {
    const [, , country, , amount] = line.split(",");
    const entry = totals.get(country) ?? { orders: 0, revenue: 0 };
    entry.orders += 1;
    entry.revenue += Math.round(Number(amount) * 100);
    totals.set(country, entry);
  }
  return totals;
}

async function readReport(databaseFile: string): Promise<Array<{ country: string; orders: number; revenue: number }>> {
  const instance = await DuckDBInstance.create(databaseFile, { access_mode: "READ_ONLY" });
  try {
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll("select country, orders, revenue from main.revenue_report order by country");
    connection.closeSync();
    return (reader.getRowObjectsJS() as Array<{ country: string; orders: bigint; revenue: number }>).map((row) => ({
      country: row.country,
      orders: Number(row.orders),
      revenue: Math.round(Number(row.revenue) * 100),
    }));
  } finally {
    instance.closeSync();
  }
}

describe("the embedded-default stack (DuckDB, no server)", () => {
  const stack = new Workspace(".");
  afterAll(() => stack.dispose());

  it("runs the job over the shipped CSV and publishes its result", async () => {
    await stack.initStack("dev", {});

    const up = await stack.ok(["up", "--yes"]);

    expect(up.output).toContain("warehouse: connected (DuckDB");
    expect(up.output).toMatch(/revenue-report: published 6 rows into main\.revenue_report/);
    const outputs = await stack.outputs();
    expect(outputs.jobStatus).toBe("COMPLETE");
    // Named after the resource, plus a digest of project and stack: two stacks never share it.
    expect(outputs.result).toMatchObject({
      path: ["dataplane"],
      table: expect.stringMatching(/^revenue_by_country_[0-9a-f]{8}$/),
      rowCount: 6,
    });
    expect(outputs.publishedRows).toBe(6);
    const expected = expectedRevenue();
    const report = await readReport(join(stack.directory, "warehouse.duckdb"));
    expect(report.map((row) => row.country)).toEqual([...expected.keys()].sort());
    for (const row of report) expect({ orders: row.orders, revenue: row.revenue }).toEqual(expected.get(row.country));
  });

  it("previews no changes, refreshes clean and destroys", async () => {
    await stack.ok(["preview", "--expect-no-changes"]);
    await stack.ok(["preview", "--refresh", "--expect-no-changes"]);
    await stack.ok(["destroy", "--yes"]);
    expect((await stack.stackExport()).resources.filter((resource) => resource.type.includes("dataplane"))).toEqual([]);
  });
});
