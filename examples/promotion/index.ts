import * as pulumi from "@pulumi/pulumi";
import * as dataplane from "pulumi-dataplane";

/**
 * The same program on every stack; only stack configuration differs (Pulumi.dev.yaml,
 * Pulumi.prod.yaml: database, user, and the password as a secret). A change to the job is
 * reviewed in the dev preview, then shows the same diff in the prod preview.
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

const summary = new dataplane.JobGroup("daily-summary", {
  connection: warehouse,
  steps: [
    {
      name: "summary",
      sql: `select customer, count(*) as orders, sum(amount) as revenue
            from ${config.get("sourceTable") ?? "public.orders"}
            where amount >= :minimumAmount
            group by customer`,
    },
  ],
  runParameters: { minimumAmount: config.getNumber("minimumAmount") ?? 0 },
});

const report = new dataplane.Publication("summary-report", {
  source: summary,
  connection: warehouse,
  path: ["public"],
  table: config.get("reportTable") ?? "customer_summary",
  action: "dropAndLoad",
});

export const reportRows = report.rowCount;
