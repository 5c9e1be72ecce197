import * as pulumi from "@pulumi/pulumi";
import * as dataplane from "pulumi-dataplane";

/**
 * Warehouses wired together, every address and secret from stack configuration:
 *
 * - revenue per region is aggregated on Trino (`:min_amount` is bound, never spliced into SQL),
 * - published into PostgreSQL and into Snowflake,
 * - a small job runs on Snowflake itself, and one on BigQuery whose preview reports the
 *   bytes it would process (`maximumBytesBilled` fails a preview that would read more).
 */
const config = new pulumi.Config();

const trino = new dataplane.Connection("trino", {
  type: "trino",
  configuration: {
    server: config.require("trinoServer"),
    catalog: "memory",
    schema: config.require("trinoSchema"),
    user: config.require("trinoUser"),
  },
  excludeAllTables: true,
});

const postgres = new dataplane.Connection("postgres", {
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

const snowflake = new dataplane.Connection("snowflake", {
  type: "snowflake",
  configuration: {
    // Omit host/port/protocol for a real account: <account>.snowflakecomputing.com over https.
    host: config.get("snowflakeHost"),
    port: config.get("snowflakePort"),
    protocol: config.get("snowflakeProtocol") as "http" | "https" | undefined,
    account: config.require("snowflakeAccount"),
    username: config.require("snowflakeUser"),
    database: config.require("snowflakeDatabase"),
    schema: "PUBLIC",
  },
  credentials: { password: config.requireSecret("snowflakePassword") },
  excludeAllTables: true,
});

const bigquery = new dataplane.Connection("bigquery", {
  type: "bigquery",
  configuration: {
    projectId: config.require("bigqueryProject"),
    dataset: config.require("bigqueryDataset"),
    apiEndpoint: config.get("bigqueryEndpoint"),
    maximumBytesBilled: config.getNumber("bigqueryMaximumBytesBilled") ?? 1_000_000_000,
  },
  excludeAllTables: true,
});

// Trino: revenue per region, materialised as memory.<trinoSchema>.revenue_by_region.
const revenue = new dataplane.JobGroup("revenue-by-region", {
  connection: trino,
  steps: [
    {
      name: "revenue",
      sql: `select region, count(*) as order_count, sum(amount) as revenue
            from ${config.get("trinoOrdersTable") ?? "orders"}
            where amount >= :min_amount
            group by region`,
    },
  ],
  runParameters: { min_amount: config.getNumber("minAmount") ?? 10 },
});

// The same result, published into PostgreSQL and into Snowflake (streamed through staging tables).
const revenueInPostgres = new dataplane.Publication("revenue-to-postgres", {
  source: revenue,
  connection: postgres,
  path: ["public"],
  table: config.get("pgTable") ?? "regional_revenue",
  action: "createAndLoad",
});

const revenueInSnowflake = new dataplane.Publication("revenue-to-snowflake", {
  source: revenue,
  connection: snowflake,
  path: ["PUBLIC"],
  table: config.get("snowflakeTable") ?? "regional_revenue",
  action: "createAndLoad",
});

// Snowflake: a job of its own, on its own engine.
const targets = new dataplane.JobGroup("revenue-targets", {
  connection: snowflake,
  steps: [{ name: "targets", sql: `select :region as "region", 500::number(12,2) as "target"` }],
  runParameters: { region: config.get("targetRegion") ?? "EMEA" },
});

// BigQuery: clicks per region; the preview's dry run reports result.totalBytesProcessed.
const clicks = new dataplane.JobGroup("clicks-by-region", {
  connection: bigquery,
  steps: [
    {
      name: "clicks",
      sql: `select region, sum(clicks) as clicks
            from ${config.require("bigqueryDataset")}.events
            where clicks >= :min_clicks
            group by region`,
    },
  ],
  runParameters: { min_clicks: config.getNumber("minClicks") ?? 1 },
});

// Known at preview: the Trino job's SQL is compiled on the live server. Read field by field:
// the result as a whole is known only after up (its row count is unknown until the job runs).
export const revenueColumns = pulumi
  .output(revenue.result.columns)
  .apply((columns) => columns?.map((column) => `${column.name} ${column.nativeType}`));
export const postgresRows = revenueInPostgres.rowCount;
export const snowflakeRows = revenueInSnowflake.rowCount;
export const targetsTable = pulumi.all([targets.result.path, targets.result.table]).apply(([path, table]) => `${path.join(".")}.${table}`);
export const clicksTable = pulumi.all([clicks.result.path, clicks.result.table]).apply(([path, table]) => `${path.join(".")}.${table}`);
