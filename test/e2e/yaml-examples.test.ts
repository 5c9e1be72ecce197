import { createHash } from "node:crypto";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysql, postgres } from "../support/services";
import { Workspace } from "../support/pulumi-workspace";
import { uniqueName, withMysql, withPostgres } from "./support/databases";
import { createMysqlOrdersTable, createPostgresOrders, readMysqlOrders, sampleOrders } from "./support/orders";
import { mysqlStackConfig, postgresStackConfig, stackConfig } from "./support/stack-config";
import { copyData, pointAtRepositoryPlugin } from "./support/yaml-program";

/*
 * The same resources as a Pulumi package: Pulumi YAML programs (examples/yaml-*) run by the real
 * CLI and pulumi-language-yaml, through the dataplane plugin (bin/pulumi-resource-dataplane) and
 * its schema. No dynamic provider is involved: the types are dataplane:index:*.
 */

async function duckdbRows(file: string, sql: string): Promise<unknown[][]> {
  const instance = await DuckDBInstance.create(file, { access_mode: "READ_ONLY" });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowsJS();
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

const checksum = (rows: unknown[]) =>
  createHash("sha256")
    .update(JSON.stringify(rows, (_key, value) => (typeof value === "bigint" ? String(value) : value)))
    .digest("hex");

describe("examples/yaml-embedded: the embedded DuckDB pipeline in Pulumi YAML", () => {
  const stack = new Workspace("examples/yaml-embedded");

  beforeAll(async () => {
    pointAtRepositoryPlugin(stack);
    copyData(stack);
    await stack.initStack("dev", {});
  });
  afterAll(() => stack.dispose());

  it("previews, publishes, stays unchanged, refreshes and destroys through the package", async () => {
    const preview = await stack.ok(["preview"]);
    expect(preview.output).toMatch(/\+ +dataplane:index:Connection +warehouse +create/);
    expect(preview.output).not.toContain("pulumi-nodejs:dynamic");

    const up = await stack.ok(["up", "--yes"]);
    // The provider's report lines reach the engine's log, attached to their resource.
    expect(up.output).toMatch(/dataplane:index:Publication +revenue-report .*published 6 rows into main\.revenue_report/);
    const outputs = await stack.outputs();
    expect(outputs.jobStatus).toBe("COMPLETE");
    expect(outputs.publishedRows).toBe(6);
    const database = join(stack.directory, "warehouse.duckdb");
    const published = await duckdbRows(database, "select * from main.revenue_report order by country");
    const result = outputs.result as { path: string[]; table: string };
    const jobResult = await duckdbRows(database, `select * from "${result.path[0]}"."${result.table}" order by country`);
    expect(published).toHaveLength(6);
    expect(checksum(published)).toBe(checksum(jobResult));

    await stack.ok(["preview", "--expect-no-changes"]);
    await stack.ok(["refresh", "--yes", "--expect-no-changes"]);
    const destroy = await stack.ok(["destroy", "--yes"]);
    expect(destroy.output).toMatch(/4 deleted/);
    expect(destroy.output).toContain("dropped table main.revenue_report");
    expect(
      await duckdbRows(database, "select count(*)::integer from information_schema.tables where table_name = 'revenue_report'"),
    ).toEqual([[0]]);
  }, 300_000);
});

describe("examples/yaml-postgres-to-mariadb: Postgres to MariaDB in Pulumi YAML", () => {
  const stack = new Workspace("examples/yaml-postgres-to-mariadb");
  const targetTable = uniqueName("yaml_maria_orders");
  let sourceTable: string;

  beforeAll(async () => {
    pointAtRepositoryPlugin(stack);
    sourceTable = await createPostgresOrders(sampleOrders(250));
    await createMysqlOrdersTable(targetTable);
    await stack.initStack("dev", ...stackConfig(postgresStackConfig(), mysqlStackConfig(), { sourceTable, targetTable }));
  });

  afterAll(async () => {
    stack.dispose();
    await withPostgres((client) => client.query(`drop table if exists ${sourceTable}`));
    await withMysql((connection) => connection.query(`drop table if exists \`${mysql.database}\`.\`${targetTable}\``));
  });

  it("preview fails on a wrong password, naming the connection and never the password", async () => {
    const wrong = "yaml-wrong-password-canary";
    await stack.setConfig("pgPassword", wrong, true);
    const preview = await stack.run(["preview"]);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(/orders-db/);
    expect(preview.output).toMatch(/authentication|password/i);
    expect(preview.output).not.toContain(wrong);
    await stack.setConfig("pgPassword", postgres.password, true);
  }, 180_000);

  it("publishes the rows into MariaDB with values intact, and state holds no password in plain text", async () => {
    await stack.ok(["up", "--yes"]);
    expect(await readMysqlOrders(targetTable)).toEqual(sampleOrders(250));
    const outputs = await stack.outputs();
    expect([outputs.jobRows, outputs.publishedRows, outputs.publicationStatus]).toEqual([250, 250, "PUBLISHED"]);
    const state = (await stack.stackExport()).text;
    expect(state).not.toContain(postgres.password);
    expect(state).not.toContain(mysql.password);
    expect(state).toContain("ciphertext");
    await stack.ok(["preview", "--expect-no-changes"]);
  }, 300_000);

  it("a refresh finds the target emptied behind its back, and up repairs it", async () => {
    await withMysql((connection) => connection.query(`delete from \`${mysql.database}\`.\`${targetTable}\``));
    await stack.ok(["refresh", "--yes"]);
    expect((await stack.resourceOutputs("orders-to-maria")).status).toBe("DRIFTED");
    await stack.ok(["up", "--yes"]);
    expect(await readMysqlOrders(targetTable)).toEqual(sampleOrders(250));
    expect((await stack.resourceOutputs("orders-to-maria")).status).toBe("PUBLISHED");
  }, 300_000);

  it("destroy keeps the table it did not create, with its rows", async () => {
    await stack.ok(["destroy", "--yes"]);
    expect(await readMysqlOrders(targetTable)).toEqual(sampleOrders(250));
  }, 300_000);
});
