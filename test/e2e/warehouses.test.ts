import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgres, trino } from "../support/services";
import { Workspace } from "../support/pulumi-workspace";
import { ensureTrino, queryCount, trinoAdmin } from "../support/trino-server";
import { startFakeSnowflake, type FakeSnowflake } from "../support/snowflake-server";
import { startBigqueryEmulator, type BigqueryEmulator } from "../support/bigquery-emulator";
import { startCountingProxy } from "../support/bigquery-counting-proxy";
import { createDataset, query as bigqueryQuery, tableExists as bigqueryTableExists } from "../support/bigquery-admin";
import { defaultResultTable } from "../../provider/core/stack-identity";
import { createPostgresDatabase, dropPostgresDatabase, postgresSessionCount, withPostgres } from "./support/databases";

/**
 * examples/warehouses driven by the real pulumi CLI: Trino (the suite's server), fakesnow and
 * the BigQuery emulator (one each for this file), and the suite's PostgreSQL.
 */
const suffix = randomBytes(3).toString("hex");
const trinoSchema = `wh_${suffix}`;
const trinoUser = `wh_user_${suffix}`;
const pgTable = `regional_revenue_${suffix}`;
const snowflakeTable = `regional_revenue_${suffix}`;
const snowflakePassword = `sf-secret-${randomBytes(9).toString("hex")}`;

/** Orders in Trino; the job keeps amounts >= 10 (its bound run parameter). */
const ORDERS = [
  ["EMEA", "5.00"],
  ["EMEA", "20.00"],
  ["EMEA", "30.50"],
  ["APAC", "15.00"],
  ["AMER", "100.00"],
  ["AMER", "9.99"],
];
const EXPECTED_REVENUE = [
  { region: "AMER", order_count: 1, revenue: "100.00" },
  { region: "APAC", order_count: 1, revenue: "15.00" },
  { region: "EMEA", order_count: 2, revenue: "50.50" },
];

function revenueRows(rows: Array<Record<string, unknown>>): Array<{ region: string; order_count: number; revenue: string }> {
  return rows
    .map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key.toLowerCase(), value])))
    .map((row) => ({ region: String(row.region), order_count: Number(row.order_count), revenue: Number(row.revenue).toFixed(2) }))
    .sort((a, b) => a.region.localeCompare(b.region));
}

/** The Snowflake job's default result: its name plus a digest of project, stack and name. */
const TARGETS_TABLE = /^revenue_targets_[0-9a-f]{8}$/;
/** The BigQuery job's default result, named as the provider names it for this project and stack. */
const CLICKS_TABLE = defaultResultTable("clicks-by-region", { project: "dataplane-warehouses", stack: "dev" });

describe("examples/warehouses with the real pulumi CLI", () => {
  const stack = new Workspace("examples/warehouses");
  let pgDatabase: string;
  let snowflake: FakeSnowflake;
  let emulator: BigqueryEmulator;
  let bigqueryProxy: Awaited<ReturnType<typeof startCountingProxy>>;

  async function postgresRevenue(): Promise<Array<Record<string, unknown>>> {
    return withPostgres(
      async (client) => (await client.query(`select region, order_count, revenue from public.${pgTable}`)).rows,
      pgDatabase,
    );
  }

  async function postgresTableExists(): Promise<boolean> {
    return withPostgres(
      async (client) => (await client.query(`select to_regclass('public.${pgTable}') as found`)).rows[0].found !== null,
      pgDatabase,
    );
  }

  async function snowflakeTables(): Promise<string[]> {
    const rows = await snowflake.admin((client) =>
      client.query<Record<string, unknown>>(`select table_name from information_schema.tables where table_schema = 'PUBLIC'`),
    );
    return rows.map((row) => String(Object.values(row)[0]));
  }

  async function trinoTables(): Promise<string[]> {
    const rows = await trinoAdmin<{ table_name: string }>(
      `select table_name from memory.information_schema.tables where table_schema = '${trinoSchema}' order by 1`,
    );
    return rows.map((row) => row.table_name);
  }

  beforeAll(async () => {
    await ensureTrino();
    await trinoAdmin(`create schema memory.${trinoSchema}`);
    await trinoAdmin(`create table memory.${trinoSchema}.orders (region varchar, amount decimal(12,2))`);
    await trinoAdmin(
      `insert into memory.${trinoSchema}.orders values ${ORDERS.map(([region, amount]) => `('${region}', ${amount})`).join(", ")}`,
    );

    pgDatabase = await createPostgresDatabase();
    snowflake = await startFakeSnowflake("WAREHOUSES");

    emulator = await startBigqueryEmulator("dataplane-test", "analytics");
    await createDataset(emulator, "analytics");
    await bigqueryQuery(emulator, "create table analytics.events (region STRING, clicks INT64)");
    await bigqueryQuery(
      emulator,
      "insert into analytics.events (region, clicks) values ('EMEA', 3), ('EMEA', 4), ('APAC', 0), ('AMER', 2)",
    );
    // Every request of the provider to BigQuery passes through this counter.
    bigqueryProxy = await startCountingProxy(emulator.apiEndpoint);

    await stack.initStack(
      "dev",
      {
        trinoServer: trino.server,
        trinoSchema,
        trinoUser,
        pgHost: postgres.host,
        pgPort: String(postgres.port),
        pgDatabase,
        pgUser: postgres.user,
        pgTable,
        snowflakeHost: "127.0.0.1",
        snowflakePort: String(snowflake.port),
        snowflakeProtocol: "http",
        snowflakeAccount: "dataplane-test",
        snowflakeUser: "tester",
        snowflakeDatabase: "WAREHOUSES",
        snowflakeTable,
        bigqueryProject: emulator.projectId,
        bigqueryDataset: "analytics",
        bigqueryEndpoint: bigqueryProxy.apiEndpoint,
      },
      { pgPassword: postgres.password, snowflakePassword },
    );
  }, 300_000);

  afterAll(async () => {
    stack.dispose();
    await bigqueryProxy?.close();
    await emulator?.stop();
    await snowflake?.close();
    if (pgDatabase) await dropPostgresDatabase(pgDatabase);
    for (const table of await trinoTables().catch(() => [])) await trinoAdmin(`drop table memory.${trinoSchema}."${table}"`);
    await trinoAdmin(`drop schema if exists memory.${trinoSchema}`).catch(() => undefined);
  });

  it("fails the preview naming the Trino step when its table is missing, and creates nothing", async () => {
    await stack.setConfig("trinoOrdersTable", "missing_orders");
    try {
      const preview = await stack.run(["preview"]);

      expect(preview.code).not.toBe(0);
      expect(preview.output).toMatch(/revenue-by-region/);
      expect(preview.output).toMatch(/step "revenue" failed/);
      expect(preview.output).toMatch(/missing_orders/);
      expect(preview.output).not.toContain(snowflakePassword);
    } finally {
      await stack.ok(["config", "rm", "trinoOrdersTable"]);
    }
    expect((await stack.stackExport()).resources.filter((resource) => resource.type.includes("dataplane"))).toEqual([]);
  });

  it("fails the preview when the BigQuery dry run would process more than maximumBytesBilled", async () => {
    await stack.setConfig("bigqueryMaximumBytesBilled", "5");
    try {
      const preview = await stack.run(["preview"]);

      expect(preview.code).not.toBe(0);
      expect(preview.output).toMatch(/clicks-by-region[\s\S]*step "clicks" failed/);
      expect(preview.output).toMatch(/would process \d+ bytes, more than configuration\.maximumBytesBilled \(5 bytes\)/);
    } finally {
      await stack.ok(["config", "rm", "bigqueryMaximumBytesBilled"]);
    }
    expect((await stack.stackExport()).resources.filter((resource) => resource.type.includes("dataplane"))).toEqual([]);
  });

  it("previews every resource with live checks passing, result columns and BigQuery bytes known, nothing created", async () => {
    const preview = await stack.ok(["preview"]);

    for (const [type, name] of [
      ["Connection", "trino"],
      ["Connection", "postgres"],
      ["Connection", "snowflake"],
      ["Connection", "bigquery"],
      ["JobGroup", "revenue-by-region"],
      ["JobGroup", "revenue-targets"],
      ["JobGroup", "clicks-by-region"],
      ["Publication", "revenue-to-postgres"],
      ["Publication", "revenue-to-snowflake"],
    ]) {
      expect(preview.output).toMatch(new RegExp(`\\+\\s+pulumi-nodejs:dynamic/dataplane:${type}\\s+${name}\\s+create`));
    }
    expect(preview.output).toMatch(/\+ 10 to create/);
    expect(preview.output).not.toMatch(/error:/);
    // The Trino job's columns come from compiling its SQL on the live server.
    expect(preview.output).toMatch(
      /revenueColumns\s*:\s*\[\s*\[0\]: "region varchar"\s*\[1\]: "order_count bigint"\s*\[2\]: "revenue decimal\(38,\s*2\)"/,
    );
    expect(preview.output).toMatch(/clicks-by-region: the job would process [\d,]+ bytes/);
    // The plan itself carries the BigQuery dry run's bytes in the job's result.
    const plan = JSON.parse((await stack.ok(["preview", "--json"])).stdout) as {
      steps: Array<{ urn: string; newState?: { inputs?: Record<string, unknown>; outputs?: Record<string, unknown> } }>;
    };
    const clicksStep = plan.steps.find((step) => step.urn.endsWith("::clicks-by-region"));
    const planned = (clicksStep?.newState?.outputs?.result ?? clicksStep?.newState?.inputs?.result) as {
      totalBytesProcessed?: number;
      columns?: Array<{ name: string }>;
    };
    expect(planned.totalBytesProcessed).toBeGreaterThan(0);
    expect(planned.columns?.map((column) => column.name)).toEqual(["region", "clicks"]);
    // Compiled and checked, never run.
    expect(await trinoTables()).toEqual(["orders"]);
    expect(await postgresTableExists()).toBe(false);
    expect(await snowflakeTables()).not.toContain(snowflakeTable);
    expect((await snowflakeTables()).filter((name) => TARGETS_TABLE.test(name))).toEqual([]);
    expect(await bigqueryTableExists(emulator, "analytics", CLICKS_TABLE)).toBe(false);
  });

  it("creates everything on up; the published rows are in Postgres and Snowflake", async () => {
    const up = await stack.ok(["up", "--yes"]);

    expect(up.output).toMatch(/\+ 10 created/);
    expect(revenueRows(await postgresRevenue())).toEqual(EXPECTED_REVENUE);
    const inSnowflake = await snowflake.admin((client) =>
      client.query<Record<string, unknown>>(`select * from PUBLIC."${snowflakeTable}"`),
    );
    expect(revenueRows(inSnowflake)).toEqual(EXPECTED_REVENUE);
    // What destroy must remove, seen here first (so its absence later means something).
    expect(await snowflakeTables()).toEqual(expect.arrayContaining([snowflakeTable, expect.stringMatching(TARGETS_TABLE)]));
    const targetsTable = (await snowflakeTables()).find((name) => TARGETS_TABLE.test(name));
    expect(await postgresTableExists()).toBe(true);
    expect(await trinoTables()).toEqual(["orders", expect.stringMatching(/^revenue_by_region_[0-9a-f]{8}$/)]);
    const trinoResult = (await trinoTables()).find((name) => name.startsWith("revenue_by_region_"));
    expect(await bigqueryTableExists(emulator, "analytics", CLICKS_TABLE)).toBe(true);
    const jobResult = await trinoAdmin(`select * from memory.${trinoSchema}.${trinoResult}`);
    expect(revenueRows(jobResult)).toEqual(EXPECTED_REVENUE);
    const clicks = await bigqueryQuery(emulator, `select region, clicks from analytics.${CLICKS_TABLE} order by region`);
    expect(clicks.map((row) => [row.region, Number(String(row.clicks))])).toEqual([
      ["AMER", 2],
      ["EMEA", 7],
    ]);
    const targets = await snowflake.admin((client) =>
      client.query<Record<string, unknown>>(`select "region", "target" from PUBLIC.${targetsTable}`),
    );
    expect(targets.map((row) => [row.region, Number(row.target)])).toEqual([["EMEA", 500]]);
    const outputs = await stack.outputs();
    expect(outputs).toMatchObject({
      postgresRows: 3,
      snowflakeRows: 3,
      targetsTable: `PUBLIC.${targetsTable}`,
      clicksTable: `analytics.${CLICKS_TABLE}`,
    });
    expect(up.output).not.toMatch(/warning:/);
  });

  it("previews no changes a second time without a call to any database", async () => {
    const postgresBefore = await postgresSessionCount(pgDatabase);
    const trinoBefore = await queryCount(trinoUser);
    const snowflakeBefore = await snowflake.logins();
    const bigqueryBefore = bigqueryProxy.count();

    const preview = await stack.ok(["preview", "--expect-no-changes"]);

    expect(preview.output).not.toMatch(/~\s+update|\+\s+create|replace/);
    // Each Postgres reading opens two sessions of its own; the provider none.
    expect((await postgresSessionCount(pgDatabase)) - postgresBefore).toBe(2);
    expect(trinoBefore).toBeGreaterThan(0);
    expect(await queryCount(trinoUser)).toBe(trinoBefore);
    expect(snowflakeBefore).toBeGreaterThan(0);
    expect(await snowflake.logins()).toBe(snowflakeBefore);
    expect(bigqueryBefore).toBeGreaterThan(0);
    expect(bigqueryProxy.count()).toBe(bigqueryBefore);
  });

  it("keeps the Snowflake password out of the exported state in plaintext", async () => {
    const exported = await stack.stackExport();

    expect(exported.resources.filter((resource) => resource.type.startsWith("pulumi-nodejs:dynamic"))).toHaveLength(9);
    expect(exported.text).not.toContain(snowflakePassword);
    const connection = exported.resources.find((resource) => resource.urn.endsWith("::snowflake"));
    expect(JSON.stringify(connection?.outputs?.credentials)).toContain("ciphertext");
  });

  it("drops the published and materialised tables on destroy", async () => {
    await stack.ok(["destroy", "--yes"]);

    expect(await postgresTableExists()).toBe(false);
    expect(await snowflakeTables()).not.toContain(snowflakeTable);
    expect(await trinoTables()).toEqual(["orders"]);
    expect(await bigqueryTableExists(emulator, "analytics", CLICKS_TABLE)).toBe(false);
    expect((await snowflakeTables()).filter((name) => TARGETS_TABLE.test(name))).toEqual([]);
  });
});
