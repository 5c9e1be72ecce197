import * as pulumi from "@pulumi/pulumi";
import * as dataplane from "pulumi-dataplane";

/**
 * Rotating a password: `ALTER ROLE … PASSWORD …`, then `pulumi config set --secret pgPassword …`
 * and `pulumi up`. The connection is updated in place (and its new password tested); the job
 * and the publication on it keep their runs: a credential is not part of what they compute.
 */
const config = new pulumi.Config();
const schema = config.get("schema") ?? "public";

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

const daily = new dataplane.JobGroup("daily-numbers", {
  connection: warehouse,
  steps: [{ name: "numbers", sql: "select n, n * n as square from generate_series(1, 10) as n" }],
  output: { path: [schema], table: config.get("resultTable") ?? "daily_numbers" },
});

const report = new dataplane.Publication("numbers-report", {
  source: daily,
  connection: warehouse,
  path: [schema],
  table: config.get("reportTable") ?? "numbers_report",
  action: "dropAndLoad",
});

export const runId = daily.runId;
export const publishedRunId = report.publishedRunId;
