import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysql } from "../support/services";
import { Workspace } from "../support/pulumi-workspace";
import { uniqueName, withMysql, withPostgres } from "./support/databases";
import {
  createMysqlOrdersTable,
  createPostgresOrders,
  insertPostgresOrders,
  readMysqlOrders,
  sampleOrders,
  type OrderRow,
} from "./support/orders";
import { mysqlStackConfig, postgresStackConfig, stackConfig } from "./support/stack-config";

describe("examples/postgres-to-mariadb with the real pulumi CLI", () => {
  const stack = new Workspace("examples/postgres-to-mariadb");
  const targetTable = uniqueName("e2e_maria_orders");
  let sourceTable: string;
  let otherSource: string | undefined;

  /** The totals job's rows, ordered, as [customer, orders, amount]. */
  const customerTotals = (table: string) =>
    withPostgres(async (client) =>
      (await client.query(`select customer, orders, amount from ${table} order by customer`)).rows.map((row) => [
        row.customer,
        Number(row.orders),
        String(row.amount),
      ]),
    );
  /** The totals job's CSV file (header dropped), as the same triples, ordered. */
  const totalsFile = () =>
    readFileSync(join(stack.directory, "customer-totals.csv"), "utf8")
      .trimEnd()
      .split("\n")
      .slice(1)
      .map((line) => line.split(","))
      .map(([customer, orders, amount]) => [customer, Number(orders), Number(amount).toFixed(2)])
      .sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));
  const expectedTotals = (rows: OrderRow[]) => {
    const totals = new Map<string, [number, number]>();
    for (const row of rows) {
      const [orders, cents] = totals.get(row.customer) ?? [0, 0];
      totals.set(row.customer, [orders + 1, cents + Math.round(Number(row.amount) * 100)]);
    }
    return [...totals.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([customer, [orders, cents]]) => [customer, orders, (cents / 100).toFixed(2)]);
  };

  beforeAll(async () => {
    sourceTable = await createPostgresOrders(sampleOrders(250));
    await createMysqlOrdersTable(targetTable);
    await stack.initStack(
      "dev",
      ...stackConfig(postgresStackConfig(), mysqlStackConfig(), { sourceTable, targetTable, action: "truncateAndLoad" }),
    );
  });

  afterAll(async () => {
    stack.dispose();
    await withPostgres((client) => client.query(`drop table if exists ${sourceTable}`));
    if (otherSource) await withPostgres((client) => client.query(`drop table if exists ${otherSource}`));
    await withMysql((connection) => connection.query(`drop table if exists \`${mysql.database}\`.\`${targetTable}\``));
  });

  it("publishes the job's rows into MariaDB with truncateAndLoad, values intact", async () => {
    const up = await stack.ok(["up", "--yes"]);

    expect(up.output).toMatch(/orders-to-maria: published 250 rows/);
    // Its preview (of a create): jobRowCount is unknown until the job runs, never undefined.
    expect(up.output).not.toContain("Undefined value");
    expect(await readMysqlOrders(targetTable)).toEqual(sampleOrders(250));
    const { totalsTable } = await stack.outputs();
    expect(await customerTotals(String(totalsTable))).toEqual(expectedTotals(sampleOrders(250)));
    expect(totalsFile()).toEqual(expectedTotals(sampleOrders(250)));
    await stack.ok(["preview", "--expect-no-changes"]);
  });

  it("upserts changed and new rows on order_id when the action becomes upsert", async () => {
    const changed = sampleOrders(300, 1);
    await insertPostgresOrders(sourceTable, changed);
    await stack.setConfig("action", "upsert");
    // A new parameter value runs the job again, so the publication has a new result to merge.
    await stack.setConfig("since", "2025-12-31T00:00:00Z");

    await stack.ok(["up", "--yes"]);

    expect(await readMysqlOrders(targetTable)).toEqual(changed);
  });

  it("re-runs the chained totals job when the first job's SQL changes, and neither job when nothing changes", async () => {
    const before = await stack.outputs();
    // Nothing changed: neither job runs again.
    await stack.ok(["preview", "--expect-no-changes"]);
    await stack.ok(["up", "--yes"]);
    const unchanged = await stack.outputs();
    expect([unchanged.jobRunId, unchanged.totalsRunId]).toEqual([before.jobRunId, before.totalsRunId]);

    // The first job's SQL changes (it reads another table): both run again.
    const rows = sampleOrders(120, 7);
    otherSource = await createPostgresOrders(rows);
    await stack.setConfig("sourceTable", otherSource);
    // Preview already tells: the totals job is updated too (its source's runId is unknown until up).
    const preview = await stack.ok(["preview"]);
    expect(preview.output).toMatch(/~ +pulumi-nodejs:dynamic\/dataplane:JobGroup +customer-totals +update/);
    expect(preview.output).not.toContain("Undefined value");
    expect(preview.output).not.toContain("testedConfigurationHash");
    const up = await stack.ok(["up", "--yes"]);

    const after = await stack.outputs();
    expect(after.jobRunId).not.toBe(before.jobRunId);
    expect(after.totalsRunId, up.output).not.toBe(before.totalsRunId);
    expect(await customerTotals(String(after.totalsTable))).toEqual(expectedTotals(rows));
    // The file the job wrote before (action create) was overwritten with the new totals.
    expect(totalsFile()).toEqual(expectedTotals(rows));
  });

  it("keeps a table it did not create on destroy", async () => {
    await stack.ok(["destroy", "--yes"]);

    expect((await readMysqlOrders(targetTable)).length).toBe(300);
  });
});
