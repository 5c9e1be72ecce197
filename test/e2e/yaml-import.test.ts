import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysql } from "../support/services";
import { Workspace } from "../support/pulumi-workspace";
import { uniqueName, withMysql, withPostgres } from "./support/databases";
import { createMysqlOrdersTable, createPostgresOrders, readMysqlOrders, sampleOrders } from "./support/orders";
import { mysqlStackConfig, postgresStackConfig, stackConfig } from "./support/stack-config";
import { pointAtRepositoryPlugin } from "./support/yaml-program";

/*
 * `pulumi import` through the package: an existing MariaDB table and the MariaDB connection are
 * imported into a stack of examples/yaml-postgres-to-mariadb by id alone, the CLI writes the
 * YAML for them, and the next up publishes into the imported table in place (an update, never a
 * create) and keeps it on destroy.
 */
describe("pulumi import of a publication's existing target table and of its connection", () => {
  const stack = new Workspace("examples/yaml-postgres-to-mariadb");
  const targetTable = uniqueName("yaml_imported_orders");
  let sourceTable: string;

  beforeAll(async () => {
    pointAtRepositoryPlugin(stack);
    sourceTable = await createPostgresOrders(sampleOrders(40));
    await createMysqlOrdersTable(targetTable);
    // Rows someone else wrote before the table came under Pulumi.
    await withMysql((connection) =>
      connection.query(
        `insert into \`${mysql.database}\`.\`${targetTable}\` (order_id, customer, amount, ordered_at, paid, note) values (9001, 'before', 1.00, '2025-01-01 00:00:00', 1, null)`,
      ),
    );
    await stack.initStack("dev", ...stackConfig(postgresStackConfig(), mysqlStackConfig(), { sourceTable, targetTable }));
  });

  afterAll(async () => {
    stack.dispose();
    await withPostgres((client) => client.query(`drop table if exists ${sourceTable}`));
    await withMysql((connection) => connection.query(`drop table if exists \`${mysql.database}\`.\`${targetTable}\``));
  });

  it("imports the table by schema.table and the connection by type:{configuration}, and writes their YAML", async () => {
    const connectionId = `mysql:${JSON.stringify({ host: mysql.host, port: mysql.port, database: mysql.database, user: mysql.user })}`;
    await stack.ok(["import", "dataplane:index:Connection", "shop-db", connectionId, "--yes", "--out", "shop-db.yaml"]);
    await stack.ok([
      "import",
      "dataplane:index:Publication",
      "orders-to-maria",
      `${mysql.database}.${targetTable}`,
      "--yes",
      "--out",
      "orders.yaml",
    ]);

    const generated = readFileSync(join(stack.directory, "orders.yaml"), "utf8");
    expect(generated).toContain("type: dataplane:Publication");
    expect(generated).toContain(targetTable);
    expect(readFileSync(join(stack.directory, "shop-db.yaml"), "utf8")).toContain("type: dataplane:Connection");
    const imported = await stack.resourceOutputs("orders-to-maria");
    expect(imported).toMatchObject({ status: "IMPORTED", table: targetTable, path: [mysql.database], createdTable: false });
    // Importing read nothing into the table, and changed nothing in it.
    expect((await readMysqlOrders(targetTable)).map((row) => row.order_id)).toEqual([9001]);
  }, 300_000);

  it("the next up updates both in place, publishing the job's rows into the imported table", async () => {
    const up = await stack.ok(["up", "--yes"]);
    expect(up.output).toMatch(/~ +dataplane:index:Publication +orders-to-maria +updated?/);
    expect(up.output).toMatch(/~ +dataplane:index:Connection +shop-db +updated?/);
    expect(up.output).not.toMatch(/\+ +dataplane:index:Publication/);
    expect(await readMysqlOrders(targetTable)).toEqual(sampleOrders(40));
    expect((await stack.resourceOutputs("shop-db")).status).toBe("OK");
    await stack.ok(["preview", "--expect-no-changes"]);
  }, 300_000);

  it("destroy keeps the imported table and its rows", async () => {
    await stack.ok(["destroy", "--yes"]);
    expect(await readMysqlOrders(targetTable)).toEqual(sampleOrders(40));
  }, 300_000);
});
