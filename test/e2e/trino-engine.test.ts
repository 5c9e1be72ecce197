import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysql, postgres, trino } from "../support/services";
import { Workspace } from "../support/pulumi-workspace";
import { ensureTrino, trinoMoved } from "../support/trino-server";
import { uniqueName, withMysql, withPostgres } from "./support/databases";
import { createMysqlOrdersTable, createPostgresOrders, readMysqlOrders, sampleOrders } from "./support/orders";

/**
 * examples/postgres-to-mariadb with `trinoServer` set: the sdk's Publication passes `engine`,
 * Trino moves the rows (its query log shows the INSERT), the published values are intact, and
 * an unchanged program previews no changes.
 */
describe("examples/postgres-to-mariadb with Trino moving the rows, with the real pulumi CLI", () => {
  const stack = new Workspace("examples/postgres-to-mariadb");
  const targetTable = uniqueName("e2e_moved_orders");
  const trinoUser = uniqueName("e2e_mover");
  let sourceTable: string;

  beforeAll(async () => {
    await ensureTrino();
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
        trinoServer: trino.server,
        trinoUser,
      },
      { pgPassword: postgres.password, mysqlPassword: mysql.password },
    );
  }, 300_000);

  afterAll(async () => {
    await stack.ok(["destroy", "--yes"]).catch(() => undefined);
    stack.dispose();
    await withPostgres((client) => client.query(`drop table if exists ${sourceTable}`));
    await withMysql((connection) => connection.query(`drop table if exists \`${mysql.database}\`.\`${targetTable}\``));
  });

  it("publishes the job's rows through Trino, values intact, and previews no changes after", async () => {
    const up = await stack.ok(["up", "--yes"]);
    expect(up.output).toMatch(/orders-to-maria: the engine moved 250 rows/);
    expect(up.output).toMatch(/orders-to-maria: published 250 rows/);
    expect(await trinoMoved(trinoUser, targetTable)).toBe(true);
    expect(await readMysqlOrders(targetTable)).toEqual(sampleOrders(250));
    await stack.ok(["preview", "--expect-no-changes"]);
  });
});
