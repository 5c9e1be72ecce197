import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Workspace } from "../support/pulumi-workspace";
import { uniqueName, withPostgres } from "./support/databases";
import { createPostgresOrders, sampleOrders } from "./support/orders";
import { postgresStackConfig, stackConfig } from "./support/stack-config";

describe("examples/drift with the real pulumi CLI", () => {
  const stack = new Workspace("examples/drift");
  const reportTable = uniqueName("e2e_order_totals");
  let sourceTable: string;

  beforeAll(async () => {
    sourceTable = await createPostgresOrders(sampleOrders(120));
    await stack.initStack("dev", ...stackConfig(postgresStackConfig(), { sourceTable, reportTable }));
    await stack.ok(["up", "--yes"]);
  });

  afterAll(async () => {
    await stack.run(["destroy", "--yes"]);
    stack.dispose();
    await withPostgres((client) => client.query(`drop table if exists ${sourceTable}`));
  });

  async function reportRows(): Promise<number> {
    return withPostgres(async (client) => Number((await client.query(`select count(*) as n from public.${reportTable}`)).rows[0].n));
  }

  it("refreshes clean while nothing changed", async () => {
    expect(await reportRows()).toBe(17);
    await stack.ok(["preview", "--refresh", "--expect-no-changes"]);
  });

  it("names a published table dropped behind Pulumi's back, and up publishes it again", async () => {
    await withPostgres((client) => client.query(`drop table public.${reportTable}`));

    const preview = await stack.run(["preview", "--refresh", "--expect-no-changes"]);

    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain(`${reportTable} was dropped`);
    await stack.ok(["up", "--yes"]);
    expect(await reportRows()).toBe(17);
    await stack.ok(["preview", "--refresh", "--expect-no-changes"]);
  });

  it("names a published table emptied behind Pulumi's back", async () => {
    await withPostgres((client) => client.query(`truncate public.${reportTable}`));

    const preview = await stack.run(["preview", "--refresh", "--expect-no-changes"]);

    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain(`${reportTable} was emptied`);
    await stack.ok(["up", "--yes"]);
    expect(await reportRows()).toBe(17);
  });
});
