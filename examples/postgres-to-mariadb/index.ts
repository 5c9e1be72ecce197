import * as pulumi from "@pulumi/pulumi";
import * as dataplane from "pulumi-dataplane";

/**
 * Recent orders selected on Postgres and published into the shop's MariaDB, and per-customer
 * totals computed from them by a second job that names the first in `sources`. The action is
 * stack configuration: `truncateAndLoad` replaces the table's rows, `upsert` merges on
 * order_id. With `trinoServer` set, Trino moves the published rows (the publication's
 * `engine`): its catalogs reach both databases, and no row passes through the provider.
 */
const config = new pulumi.Config();

const orders = new dataplane.Connection("orders-db", {
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

const shop = new dataplane.Connection("shop-db", {
  type: "mysql",
  configuration: {
    host: config.get("mysqlHost") ?? "127.0.0.1",
    port: config.get("mysqlPort") ?? "3306",
    database: config.require("mysqlDatabase"),
    user: config.require("mysqlUser"),
  },
  credentials: { password: config.requireSecret("mysqlPassword") },
  excludeAllTables: true,
});

const recentOrders = new dataplane.JobGroup("recent-orders", {
  connection: orders,
  steps: [
    {
      name: "recent",
      sql: `select order_id, customer, amount, ordered_at, paid, note
            from ${config.get("sourceTable") ?? "public.orders"}
            where ordered_at >= :since::timestamptz`,
    },
  ],
  runParameters: { since: config.get("since") ?? "2026-01-01T00:00:00Z" },
});

// A second job reads the first one's result table. `sources` names it: this job runs after
// it, and again whenever it runs again, so the totals never lag behind the orders.
const customerTotals = new dataplane.JobGroup("customer-totals", {
  connection: orders,
  steps: [
    {
      name: "totals",
      sql: pulumi.interpolate`select customer, count(*) as orders, sum(amount) as amount
            from "${recentOrders.result.path[0]}"."${recentOrders.result.table}"
            group by customer`,
    },
  ],
  sources: [recentOrders],
  // Written beside the program with the default action `create`: a re-run overwrites the
  // file this job wrote before, after the new totals are in place.
  overrides: { writeSettings: [{ path: config.get("totalsFile") ?? "customer-totals.csv" }] },
});

const action = (config.get("action") ?? "truncateAndLoad") as dataplane.PublicationAction;

const trinoServer = config.get("trinoServer");
const mover = trinoServer
  ? new dataplane.Connection("mover", {
      type: "trino",
      configuration: { server: trinoServer, user: config.get("trinoUser") ?? "dataplane" },
      excludeAllTables: true,
    })
  : undefined;

const published = new dataplane.Publication("orders-to-maria", {
  source: recentOrders,
  connection: shop,
  path: [config.require("mysqlDatabase")],
  table: config.get("targetTable") ?? "orders",
  action,
  keys: action === "upsert" ? ["order_id"] : undefined,
  engine: mover && {
    connection: mover,
    sourceCatalog: config.get("trinoSourceCatalog") ?? "postgresql",
    targetCatalog: config.get("trinoTargetCatalog") ?? "mysql",
  },
});

export const jobRowCount = recentOrders.result.rowCount;
export const jobRunId = recentOrders.runId;
export const totalsRunId = customerTotals.runId;
export const totalsTable = pulumi.interpolate`${customerTotals.result.path[0]}.${customerTotals.result.table}`;
export const publishedRows = published.rowCount;
export const publicationStatus = published.status;
