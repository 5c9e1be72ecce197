import * as pulumi from "@pulumi/pulumi";
import * as dataplane from "pulumi-dataplane";

/** A JobGroup whose first step is whatever SQL the test sets (`hostileSql`), as a pasted script would be. */
const config = new pulumi.Config();

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

new dataplane.JobGroup("ledger-cleanup", {
  connection: warehouse,
  steps: [
    { name: "cleanup", sql: config.require("hostileSql") },
    { name: "result", sql: `select count(*) as remaining from ${config.require("ledger")}` },
  ],
  output: { path: [config.require("schema")], table: "cleanup_result" },
});
