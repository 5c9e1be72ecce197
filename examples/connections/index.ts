import * as pulumi from "@pulumi/pulumi";
import * as dataplane from "pulumi-dataplane";

/**
 * Two connections whose settings come from stack configuration, so the same program runs on
 * dev and prod stacks. Passwords are stack secrets: `pulumi config set --secret pgPassword …`.
 */
const config = new pulumi.Config();
const testTimeoutSeconds = config.getNumber("testTimeoutSeconds") ?? 10;

const warehouse = new dataplane.Connection("warehouse", {
  type: "postgres",
  configuration: {
    host: config.get("pgHost") ?? "127.0.0.1",
    port: config.get("pgPort") ?? "5432",
    database: config.get("pgDatabase") ?? "postgres",
    user: config.require("pgUser"),
  },
  credentials: { password: config.requireSecret("pgPassword") },
  includeTables: config.getObject<string[]>("pgIncludeTables") ?? ["public.*"],
  requirePrivileges: [{ privilege: "createTable", schema: "public" }],
  dryRun: (config.get("dryRun") as "error" | "warn" | "off" | undefined) ?? "error",
  testTimeoutSeconds,
});

const shop = new dataplane.Connection("shop", {
  type: "mysql",
  configuration: {
    host: config.get("mysqlHost") ?? "127.0.0.1",
    port: config.get("mysqlPort") ?? "3306",
    database: config.require("mysqlDatabase"),
    user: config.require("mysqlUser"),
  },
  credentials: { password: config.requireSecret("mysqlPassword") },
  dryRun: (config.get("dryRun") as "error" | "warn" | "off" | undefined) ?? "error",
  testTimeoutSeconds,
});

export const warehouseStatus = warehouse.status;
export const warehouseTables = warehouse.tables;
export const warehouseServerVersion = warehouse.serverVersion;
export const shopStatus = shop.status;
export const shopTables = shop.tables;
