import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgres } from "../support/services";
import { Workspace } from "../support/pulumi-workspace";
import { uniqueName, withPostgres } from "./support/databases";
import { createPostgresOrders, sampleOrders } from "./support/orders";
import { postgresStackConfig, stackConfig } from "./support/stack-config";

/**
 * Defect 3 of issue 8 with the real CLI: a publication creates its table (createAndLoad), is
 * switched to truncateAndLoad, and someone drops the table. `preview --refresh
 * --expect-no-changes` fails naming the drift; `up --refresh` creates the table again.
 */
describe("drift repair whatever the action, with the real pulumi CLI", () => {
  const stack = new Workspace("examples/drift");
  const reportTable = uniqueName("e2e_repair_totals");
  let sourceTable: string;

  async function md5(sql: string): Promise<string> {
    const rows = await withPostgres(async (client) => (await client.query(sql)).rows as Array<{ customer: string; total: string }>);
    return `${rows.length}:${createHash("md5")
      .update(rows.map((row) => `${row.customer}\t${row.total}`).join("\n"))
      .digest("hex")}`;
  }
  const report = () => md5(`select customer, total::text as total from public.${reportTable} order by customer`);
  const expected = () => md5(`select customer, sum(amount)::text as total from ${sourceTable} group by customer order by customer`);

  beforeAll(async () => {
    sourceTable = await createPostgresOrders(sampleOrders(120));
    await stack.initStack("dev", ...stackConfig(postgresStackConfig(), { sourceTable, reportTable, action: "createAndLoad" }));
    await stack.ok(["up", "--yes"]);
    await stack.setConfig("action", "truncateAndLoad");
    await stack.ok(["up", "--yes"]);
  });

  afterAll(async () => {
    await stack.run(["destroy", "--yes"]);
    stack.dispose();
    await withPostgres((client) => client.query(`drop table if exists ${sourceTable}`));
  });

  it("names the dropped table at preview and creates it again on up --refresh", async () => {
    expect(await report()).toBe(await expected());
    await withPostgres((client) => client.query(`drop table public.${reportTable}`));

    // A refresh that finds drift hands the engine new inputs (so the next check tests live): they stay secret.
    await stack.ok(["refresh", "--yes"]);
    expect((await stack.stackExport()).text).not.toContain(postgres.password);

    const preview = await stack.run(["preview", "--refresh", "--expect-no-changes"]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain(`target table public.${reportTable} was dropped; the next up creates it again and publishes`);
    expect(preview.output).toContain(`the table public.${reportTable} is missing; this publication created it, so up creates it again`);

    await stack.ok(["up", "--yes", "--refresh"]);
    expect(await report()).toBe(await expected());
    await stack.ok(["preview", "--refresh", "--expect-no-changes"]);
  });
});
