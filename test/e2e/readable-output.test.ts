import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UNKNOWN_VALUE } from "../../provider/core/unknown-values";
import { Workspace } from "../support/pulumi-workspace";

/** What a user must never read in a preview: a provider's internal key, or an output that is undefined rather than unknown. */
function expectReadable(output: string): void {
  expect(output).not.toContain("testedConfigurationHash");
  expect(output).not.toContain("__createdTable");
  expect(output).not.toContain("__preview");
  expect(output).not.toContain("Undefined value");
}

/** The stack output `name` as preview --diff prints it. */
function shownOutput(output: string, name: string): string | undefined {
  return output.match(new RegExp(`^\\s*[-+~]?\\s*${name}\\s*:\\s*(.*)$`, "m"))?.[1];
}

describe("output a user reads (test/e2e/programs/readable-output: a DuckDB connection, job and publication)", () => {
  const stack = new Workspace("test/e2e/programs/readable-output");

  beforeAll(async () => {
    await stack.initStack("dev", {});
  });
  afterAll(() => stack.dispose());

  it("a first preview shows what only up learns as unknown, with no internal key and no undefined output", async () => {
    const preview = await stack.ok(["preview", "--diff"]);
    expectReadable(preview.output);
    expect(shownOutput(preview.output, "resultRowCount")).toBe("[unknown]");
    expect(shownOutput(preview.output, "resultConnectionId")).toBe("[unknown]");
    // Known at preview, read field by field: the SQL was compiled.
    expect(preview.output).toMatch(/resultColumns\s*: \[\s*\[0\]: \{\s*name\s*: "order_id"/);
  }, 120_000);

  it("up stores no unknown value; an unchanged preview keeps every known output", async () => {
    const up = await stack.ok(["up", "--yes"]);
    expect(up.output).not.toContain("Undefined value");
    expect((await stack.stackExport()).text).not.toContain(UNKNOWN_VALUE);
    expect(await stack.outputs()).toMatchObject({ resultRowCount: 5, publishedRows: 5, resultConnectionId: expect.any(String) });

    const unchanged = await stack.ok(["preview", "--diff", "--expect-no-changes"]);
    expectReadable(unchanged.output);
    expect(unchanged.output).not.toContain("[unknown]");
  }, 180_000);

  it("a changed input of each resource: the diff shows that change and no internal key", async () => {
    await stack.setConfig("variant", "second");
    const preview = await stack.ok(["preview", "--diff"]);
    expectReadable(preview.output);
    expect(preview.output).toMatch(/~ testTimeoutSeconds\s*: 10 => 20/);
    expect(preview.output).toMatch(/~ rows: 5 => 7/);
    expect(preview.output).toMatch(/~ action\s*: "dropAndLoad" => "truncateAndLoad"/);
    expect(preview.output).toMatch(/~ pulumi-nodejs:dynamic\/dataplane:Connection: \(update\)/);
    expect(preview.output).toMatch(/~ pulumi-nodejs:dynamic\/dataplane:JobGroup: \(update\)/);
    expect(preview.output).toMatch(/~ pulumi-nodejs:dynamic\/dataplane:Publication: \(update\)/);
    // The row count the job will have is unknown until it runs: shown so, not as removed.
    expect(preview.output).toMatch(/\+ rowCount\s*: \[unknown\]/);
    expect(preview.output).not.toMatch(/- (rowCount|resultRowCount)\s*:/);
    // The publication still sees the job's result, field by field (only the row count unknown).
    expect(preview.output).not.toMatch(/\+ result\s*: \[unknown\]/);

    await stack.ok(["up", "--yes"]);
    expect((await stack.stackExport()).text).not.toContain(UNKNOWN_VALUE);
    expect(await stack.outputs()).toMatchObject({ resultRowCount: 7, publishedRows: 7 });
  }, 240_000);

  it("state of an earlier version (the hash under its old name) previews no change, and up leaves the old name behind", async () => {
    const exported = JSON.parse((await stack.ok(["stack", "export"])).stdout) as {
      deployment: { resources: Array<{ type: string; inputs?: Record<string, unknown> }> };
    };
    let rewritten = 0;
    for (const resource of exported.deployment.resources) {
      const inputs = resource.inputs;
      if (!inputs || !("__testedConfigurationHash" in inputs)) continue;
      inputs.testedConfigurationHash = inputs.__testedConfigurationHash;
      delete inputs.__testedConfigurationHash;
      if ("__createdTable" in inputs) {
        inputs.createdTable = inputs.__createdTable;
        delete inputs.__createdTable;
      }
      rewritten += 1;
    }
    expect(rewritten).toBe(3);
    const file = join(stack.directory, "earlier-state.json");
    writeFileSync(file, JSON.stringify(exported));
    await stack.ok(["stack", "import", "--file", file]);

    const preview = await stack.ok(["preview", "--diff", "--expect-no-changes"]);
    expectReadable(preview.output);
    await stack.ok(["up", "--yes"]);
    const state = (await stack.stackExport()).text;
    expect(state).not.toMatch(/"testedConfigurationHash"/);
    expect(state).not.toMatch(/"createdTable": true,\s*"path"/); // not among inputs (outputs keep createdTable)
    expect(state).toContain('"__testedConfigurationHash"');
  }, 240_000);
});

describe("destroy of two stacks sharing one DuckDB file and its default dataplane schema", () => {
  const folder = mkdtempSync(join(tmpdir(), "dataplane-shared-"));
  const databaseFile = join(folder, "shared.duckdb");
  const alpha = new Workspace("test/e2e/programs/readable-output");
  const beta = new Workspace("test/e2e/programs/readable-output");

  /** The administrator's view of the shared file, between pulumi commands (one process may open it at a time). */
  async function onFile<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const instance = await DuckDBInstance.create(databaseFile);
    const connection = await instance.connect();
    try {
      return await work(connection);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }
  const tables = () =>
    onFile(async (connection) =>
      (await connection.runAndReadAll("select schema_name || '.' || table_name as name from duckdb_tables() order by 1"))
        .getRowObjectsJS()
        .map((row) => String(row.name)),
    );
  const schemas = () =>
    onFile(async (connection) =>
      (await connection.runAndReadAll("select schema_name from duckdb_schemas() where database_name = current_database()"))
        .getRowObjectsJS()
        .map((row) => String(row.schema_name)),
    );

  afterAll(() => {
    alpha.dispose();
    beta.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it("destroying one keeps the schema and the other's table; the stack that did not create the schema never drops it; an adopted table stays", async () => {
    await alpha.initStack("alpha", { databaseFile, reportTable: "report_alpha" });
    await alpha.ok(["up", "--yes", "--skip-preview"]);
    // Someone else's schema and table, which the second stack's publication adopts.
    await onFile(async (connection) => {
      await connection.run("create schema shared_reports");
      await connection.run("create table shared_reports.adopted (order_id bigint, amount bigint)");
    });
    await beta.initStack("beta", { databaseFile, reportSchema: "shared_reports", reportTable: "adopted", adoptReport: "true" });
    await beta.ok(["up", "--yes", "--skip-preview"]);
    const alphaTable = String((await alpha.outputs()).resultTable);
    const betaTable = String((await beta.outputs()).resultTable);
    expect((await alpha.resourceOutputs("orders")).createdSchema).toEqual(["dataplane"]);
    expect((await beta.resourceOutputs("orders")).createdSchema).toBeUndefined();

    const destroyAlpha = await alpha.ok(["destroy", "--yes", "--skip-preview"]);
    expect(destroyAlpha.output).toContain(`orders: dropped table dataplane.${alphaTable}`);
    expect(destroyAlpha.output).toContain("report: dropped table main.report_alpha");
    expect(destroyAlpha.output).toContain("orders: kept schema dataplane: it still holds tables or other objects");
    expect(await tables()).toEqual([`dataplane.${betaTable}`, "shared_reports.adopted"]);

    const destroyBeta = await beta.ok(["destroy", "--yes", "--skip-preview"]);
    expect(destroyBeta.output).toContain(`orders: dropped table dataplane.${betaTable}`);
    expect(destroyBeta.output).not.toMatch(/(dropped|kept) schema/);
    expect(destroyBeta.output).not.toContain("dropped table shared_reports.adopted");
    expect(destroyBeta.output).toContain("report: kept table shared_reports.adopted: this publication did not create it");
    expect(await tables()).toEqual(["shared_reports.adopted"]);
    expect(await schemas()).toEqual(expect.arrayContaining(["dataplane", "shared_reports", "main"]));
  }, 300_000);

  it("pulumi up --replace of the job and the publication keeps both tables; destroy then drops them", async () => {
    const file = join(folder, "replaced.duckdb");
    const replaced = new Workspace("test/e2e/programs/readable-output");
    try {
      await replaced.initStack("dev", { databaseFile: file });
      await replaced.ok(["up", "--yes", "--skip-preview"]);
      const table = String((await replaced.outputs()).resultTable);
      const urns = (await replaced.stackExport()).resources
        .map((resource) => resource.urn)
        .filter((urn) => /dataplane:(JobGroup|Publication)::/.test(urn));
      expect(urns).toHaveLength(2);
      const up = await replaced.ok(["up", "--yes", "--skip-preview", ...urns.flatMap((urn) => ["--replace", urn])]);
      expect(up.output).toContain(`orders: kept dataplane.${table}: a later run of this resource wrote it (its replacement)`);
      expect(up.output).toContain("report: kept main.orders_report: this resource's replacement published into it");
      const inFile = async () => {
        const instance = await DuckDBInstance.create(file);
        const connection = await instance.connect();
        try {
          return (await connection.runAndReadAll("select schema_name || '.' || table_name as name from duckdb_tables() order by 1"))
            .getRowObjectsJS()
            .map((row) => String(row.name));
        } finally {
          connection.closeSync();
          instance.closeSync();
        }
      };
      expect(await inFile()).toEqual([`dataplane.${table}`, "main.orders_report"]);
      await replaced.ok(["preview", "--refresh", "--expect-no-changes"]);
      const destroy = await replaced.ok(["destroy", "--yes", "--skip-preview"]);
      expect(destroy.output).toContain(`orders: dropped table dataplane.${table}`);
      expect(destroy.output).toContain("report: dropped table main.orders_report");
      expect(await inFile()).toEqual([]);
    } finally {
      replaced.dispose();
    }
  }, 300_000);

  it("a stack alone in a new file: destroy drops its table and the dataplane schema it created", async () => {
    const alone = new Workspace("test/e2e/programs/readable-output");
    try {
      await alone.initStack("dev", {});
      await alone.ok(["up", "--yes", "--skip-preview"]);
      const table = String((await alone.outputs()).resultTable);
      const destroy = await alone.ok(["destroy", "--yes", "--skip-preview"]);
      expect(destroy.output).toContain(`orders: dropped table dataplane.${table}`);
      expect(destroy.output).toContain("orders: dropped schema dataplane (this resource created it; it is empty now)");
      const instance = await DuckDBInstance.create(join(alone.directory, "warehouse.duckdb"), { access_mode: "READ_ONLY" });
      const connection = await instance.connect();
      const left = (
        await connection.runAndReadAll("select schema_name from duckdb_schemas() where schema_name = 'dataplane'")
      ).getRowObjectsJS();
      connection.closeSync();
      instance.closeSync();
      expect(left).toEqual([]);
    } finally {
      alone.dispose();
    }
  }, 300_000);
});
