import * as pulumi from "@pulumi/pulumi";
import * as dataplane from "pulumi-dataplane";

/**
 * A Postgres job published into MariaDB with Trino moving the rows. The Trino connection is
 * https with a password given as the stack's secret config, as the target's and the source's.
 */
const config = new pulumi.Config();
const schema = config.require("schema");

const orders = new dataplane.Connection("orders-db", {
  type: "postgres",
  configuration: {
    host: config.require("pgHost"),
    port: config.require("pgPort"),
    database: config.require("pgDatabase"),
    user: config.require("pgUser"),
  },
  credentials: { password: config.requireSecret("pgPassword") },
  excludeAllTables: true,
});

const shop = new dataplane.Connection("shop-db", {
  type: "mysql",
  configuration: {
    host: config.require("mysqlHost"),
    port: config.require("mysqlPort"),
    database: config.require("mysqlDatabase"),
    user: config.require("mysqlUser"),
  },
  credentials: { password: config.requireSecret("mysqlPassword") },
  excludeAllTables: true,
});

const mover = new dataplane.Connection("mover", {
  type: "trino",
  configuration: { server: config.require("trinoServer"), user: config.require("trinoUser") },
  credentials: { password: config.requireSecret("trinoPassword") },
  excludeAllTables: true,
});

const job = new dataplane.JobGroup("orders", {
  connection: orders,
  steps: [{ name: "orders", sql: "select n as order_id, n * 2 as amount from generate_series(1, 5) as n" }],
  output: { path: [schema], table: "orders_result" },
});

new dataplane.Publication("report", {
  source: job,
  connection: shop,
  path: [schema],
  table: "orders_report",
  action: "create",
  engine: { connection: mover, sourceCatalog: "postgresql", targetCatalog: "mysql" },
});
