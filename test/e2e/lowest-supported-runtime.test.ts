import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mysql, postgres } from "../support/services";
import { REPOSITORY_ROOT, Workspace, type WorkspaceRuntime } from "../support/pulumi-workspace";
import { uniqueName, withMysql, withPostgres } from "./support/databases";
import { createMysqlOrdersTable, createPostgresOrders, sampleOrders } from "./support/orders";
import { mysqlStackConfig, postgresStackConfig, stackConfig } from "./support/stack-config";

/**
 * The low end of what package.json promises: `engines.node` and the lowest @pulumi/pulumi its
 * peer range admits, installed by `scripts/setup.sh lowest` (Node from the cache, the packages
 * of test/lowest-runtime). The rest of the suite runs on the newest of both.
 */
const packageJson = JSON.parse(readFileSync(join(REPOSITORY_ROOT, "package.json"), "utf8")) as {
  engines: { node: string };
  peerDependencies: Record<string, string>;
};
const lowestProject = join(REPOSITORY_ROOT, "test/lowest-runtime");
const nodeModules = join(lowestProject, "node_modules");

/** The lowest version a caret range such as ^3.248.0 admits. */
function lowestOf(range: string): string {
  const match = /^\^(\d+\.\d+\.\d+)$/.exec(range);
  if (!match) throw new Error(`peer range ${range} is not a caret range: teach this test its lowest version`);
  return match[1];
}

function runtime(): WorkspaceRuntime {
  const nodeDirectory = process.env.DATAPLANE_LOWEST_NODE_DIR;
  if (!nodeDirectory || !existsSync(join(nodeDirectory, "bin/node")) || !existsSync(join(nodeModules, ".dataplane-lock-hash"))) {
    throw new Error("the lowest runtime is not installed: run `bash scripts/setup.sh lowest` and `source scripts/env.sh`");
  }
  return { nodeModules, nodeBinDirectory: join(nodeDirectory, "bin") };
}

/** The package as npm would install it: its manifest and built files, beside the lowest SDK. */
function installPackage(): void {
  const target = join(nodeModules, "pulumi-dataplane");
  rmSync(target, { recursive: true, force: true });
  mkdirSync(join(target, "dist"), { recursive: true });
  cpSync(join(REPOSITORY_ROOT, "package.json"), join(target, "package.json"));
  for (const folder of ["sdk", "provider"])
    cpSync(join(REPOSITORY_ROOT, "dist", folder), join(target, "dist", folder), { recursive: true });
}

/** A program that also reports the Node and SDK it ran on. */
function reportingRuntime(stack: Workspace): void {
  appendFileSync(
    join(stack.directory, "index.ts"),
    `\nexport const runtime = { node: process.versions.node, sdk: require("@pulumi/pulumi/package.json").version };\n`,
  );
}

describe("the oldest supported runtime: Node 22 and the lowest @pulumi/pulumi of the peer range", () => {
  const expectedSdk = lowestOf(packageJson.peerDependencies["@pulumi/pulumi"]);
  const expectedNodeMajor = /^>=(\d+)$/.exec(packageJson.engines.node)?.[1];

  beforeAll(() => {
    runtime();
    installPackage();
  });

  it("installs what package.json promises at its low end", () => {
    const installed = JSON.parse(readFileSync(join(nodeModules, "@pulumi/pulumi/package.json"), "utf8")) as { version: string };
    expect(installed.version).toBe(expectedSdk);
    const lowestManifest = JSON.parse(readFileSync(join(lowestProject, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const { dependencies } = JSON.parse(readFileSync(join(REPOSITORY_ROOT, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    // The same runtime dependencies as the package: only the SDK differs.
    for (const [name, version] of Object.entries(dependencies)) expect(lowestManifest.dependencies[name], name).toBe(version);
    expect(expectedNodeMajor).toBeDefined();
    expect(process.env.DATAPLANE_LOWEST_NODE_DIR).toContain(`node-v${expectedNodeMajor}.`);
  });

  describe("the embedded-default stack", () => {
    const stack = new Workspace(".", runtime());
    afterAll(() => stack.dispose());

    it("previews, deploys, stays unchanged and destroys", async () => {
      reportingRuntime(stack);
      await stack.initStack("dev", {});
      const preview = await stack.ok(["preview"]);
      expect(preview.output).toMatch(/4 to create/);
      const up = await stack.ok(["up", "--yes"]);
      expect(up.output).toMatch(/revenue-report: published 6 rows into main\.revenue_report/);
      const outputs = await stack.outputs();
      expect(outputs.runtime).toEqual({ node: expect.stringMatching(new RegExp(`^${expectedNodeMajor}\\.`)), sdk: expectedSdk });
      expect(outputs.publishedRows).toBe(6);
      const unchanged = await stack.ok(["preview", "--expect-no-changes"]);
      expect(unchanged.output).toMatch(/4 unchanged/);
      const destroy = await stack.ok(["destroy", "--yes"]);
      expect(destroy.output).toMatch(/4 deleted/);
    });
  });

  describe("examples/postgres-to-mariadb", () => {
    const stack = new Workspace("examples/postgres-to-mariadb", runtime());
    const targetTable = uniqueName("lowest_orders");
    let sourceTable: string;

    beforeAll(async () => {
      sourceTable = await createPostgresOrders(sampleOrders(40));
      await createMysqlOrdersTable(targetTable);
      await stack.initStack(
        "dev",
        ...stackConfig(postgresStackConfig(), mysqlStackConfig(), { sourceTable, targetTable, action: "truncateAndLoad" }),
      );
    });

    afterAll(async () => {
      stack.dispose();
      await withPostgres((client) => client.query(`drop table if exists ${sourceTable}`));
      await withMysql((connection) => connection.query(`drop table if exists \`${mysql.database}\`.\`${targetTable}\``));
    });

    it("catches a bad password at preview, publishes on up and destroys", async () => {
      reportingRuntime(stack);
      await stack.setConfig("pgPassword", "not-the-password", true);
      const refused = await stack.run(["preview"]);
      expect(refused.code).not.toBe(0);
      expect(refused.output).toMatch(/password/i);
      expect(refused.output).not.toContain("not-the-password");
      await stack.setConfig("pgPassword", postgres.password, true);

      await stack.ok(["up", "--yes"]);
      const outputs = await stack.outputs();
      expect(outputs.runtime).toMatchObject({ sdk: expectedSdk });
      const [{ count }] = await withMysql(async (connection) => {
        const [rows] = await connection.query(`select count(*) as count from \`${mysql.database}\`.\`${targetTable}\``);
        return rows as Array<{ count: number }>;
      });
      expect(Number(count)).toBe(outputs.publishedRows);
      expect(Number(count)).toBeGreaterThan(0);
      await stack.ok(["destroy", "--yes"]);
    });
  });
});
