import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysql, postgres } from "../support/services";
import { Workspace } from "../support/pulumi-workspace";
import { uniqueName, withMysql, withPostgres } from "./support/databases";
import { createMysqlOrdersTable, createPostgresOrders, insertPostgresOrders, readMysqlOrders, sampleOrders } from "./support/orders";

describe("examples/postgres-to-mariadb with the real pulumi CLI", () => {
  const stack = new Workspace("examples/postgres-to-mariadb");
  const targetTable = uniqueName("e2e_maria_orders");
  let sourceTable: string;

  beforeAll(async () => {
    sourceTable = await createPostgresOrders(sampleOrders(250));
    await createMysqlOrdersTable(targetTable);
    await stack.initStack(
      "dev",
      {
        pgHost: postgres.host,
        pgPort: String(postgres.port),
        pgDatabase: postgres.database,
        pgUser: postgres.user,
        mysqlHost: mysql.host,
        mysqlPort: String(mysql.port),
        mysqlDatabase: mysql.database,
        mysqlUser: mysql.user,
        sourceTable,
        targetTable,
        action: "truncateAndLoad",
      },
      { pgPassword: postgres.password, mysqlPassword: mysql.password },
    );
  });

  afterAll(async () => {
    stack.dispose();
    await withPostgres((client) => client.query(`drop table if exists ${sourceTable}`));
    await withMysql((connection) => connection.query(`drop table if exists \`${mysql.database}\`.\`${targetTable}\``));
  });

  it("publishes the job's rows into MariaDB with truncateAndLoad, values intact", async () => {
    const up = await stack.ok(["up", "--yes"]);

    expect(up.output).toMatch(/orders-to-maria: published 250 rows/);
    expect(await readMysqlOrders(targetTable)).toEqual(sampleOrders(250));
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

  it("keeps a table it did not create on destroy", async () => {
    await stack.ok(["destroy", "--yes"]);

    expect((await readMysqlOrders(targetTable)).length).toBe(300);
  });
});
