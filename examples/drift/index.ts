import * as pulumi from "@pulumi/pulumi";
import * as dataplane from "pulumi-dataplane";

/**
 * A scheduled `pulumi preview --refresh --expect-no-changes` catches a published table that
 * was dropped, truncated or altered outside Pulumi; `pulumi up` publishes it again.
 */
const config = new pulumi.Config();

const warehouse = new dataplane.Connection("warehouse", {
  type: "postgres",
  configuration: {
    host: config.get("pgHost") ?? "127.0.0.1",
    port: config.get("pgPort") ?? "5432",
    database: config.require("pgDatabase"),
    user: config.require("pgUser"),
  },
  credentials: { password: config.requireSecret("pgPassword") },
  excludeAllTables: true,
});

const totals = new dataplane.JobGroup("order-totals", {
  connection: warehouse,
  steps: [
    { name: "totals", sql: `select customer, sum(amount) as total from ${config.get("sourceTable") ?? "public.orders"} group by customer` },
  ],
});

new dataplane.Publication("totals-report", {
  source: totals,
  connection: warehouse,
  path: ["public"],
  table: config.get("reportTable") ?? "order_totals",
  // Whatever the action, a table this publication created and someone dropped is created again.
  action: (config.get("action") ?? "dropAndLoad") as dataplane.PublicationAction,
});
