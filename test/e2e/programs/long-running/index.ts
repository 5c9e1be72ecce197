import * as pulumi from "@pulumi/pulumi";
import * as dataplane from "pulumi-dataplane";

/**
 * `mode: job`: a Postgres job whose step sleeps `sleepSeconds` (its SQL carries `marker`, so
 * the test finds it in pg_stat_activity). `mode: publication`: a job of `rows` rows published
 * into MariaDB through a staging table, long enough to interrupt mid-load.
 */
const config = new pulumi.Config();
const mode = config.require("mode");

const warehouse = new dataplane.Connection("warehouse", {
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

const job = new dataplane.JobGroup("long-job", {
  connection: warehouse,
  steps: [
    mode === "job"
      ? { name: "slow", sql: `select 1 as ${config.require("marker")} from pg_sleep(${config.require("sleepSeconds")})` }
      : {
          name: "rows",
          sql: `select n as id, md5(n::text) as label, now() as loaded_at from generate_series(1, ${config.require("rows")}) as n`,
        },
  ],
  output: { table: config.require("jobTable") },
  timeoutSeconds: 600,
});

if (mode === "publication") {
  const shop = new dataplane.Connection("shop", {
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
  new dataplane.Publication("long-load", {
    source: job,
    connection: shop,
    path: [config.require("mysqlDatabase")],
    table: config.require("targetTable"),
    action: "dropAndLoad",
    timeoutSeconds: 600,
  });
}

export const status = job.status;
