import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPostgresDatabase,
  dropPostgresDatabase,
  createMysqlLogin,
  createPostgresLogin,
  dropMysqlLogin,
  dropPostgresLogin,
  mysqlConnectionCount,
  postgresSessionCount,
  withPostgres,
  type TestLogin,
} from "./support/databases";
import { startSilentServer } from "../support/silent-server";
import { Workspace } from "../support/pulumi-workspace";
import { mysqlStackConfig, postgresStackConfig, stackConfig } from "./support/stack-config";

function connectionsConfig(
  pgLogin: TestLogin,
  mysqlLogin: TestLogin,
  pgDatabase: string,
): [Record<string, string>, Record<string, string>] {
  return stackConfig(postgresStackConfig({ database: pgDatabase, login: pgLogin }), mysqlStackConfig({ login: mysqlLogin }));
}

describe("the connections example with the real pulumi CLI", () => {
  let pgLogin: TestLogin;
  let mysqlLogin: TestLogin;
  let database: string;
  const workspaces: Workspace[] = [];

  function workspace(): Workspace {
    const created = new Workspace("examples/connections");
    workspaces.push(created);
    return created;
  }

  beforeAll(async () => {
    database = await createPostgresDatabase();
    pgLogin = await createPostgresLogin(database);
    mysqlLogin = await createMysqlLogin();
    // Switches MariaDB's per-user statistics on before the provider first logs in.
    await mysqlConnectionCount(mysqlLogin.user);
  });

  afterAll(async () => {
    for (const created of workspaces) created.dispose();
    await dropPostgresDatabase(database);
    await dropPostgresLogin(pgLogin);
    await dropMysqlLogin(mysqlLogin);
  });

  it("fails preview on a wrong password, naming the resource and the failure, and creates nothing", async () => {
    const stack = workspace();
    const [config, secrets] = connectionsConfig(pgLogin, mysqlLogin, database);
    const wrongPassword = "definitely-not-the-password-4711";
    await stack.initStack("dev", config, { ...secrets, pgPassword: wrongPassword });

    const preview = await stack.run(["preview"]);

    expect(preview.code).not.toBe(0);
    expect(preview.output).toMatch(/warehouse.*authentication failed|authentication failed[\s\S]*warehouse/);
    expect(preview.output).not.toContain(wrongPassword);
    const exported = await stack.stackExport();
    expect(exported.resources.filter((resource) => resource.type.includes("dataplane"))).toEqual([]);
  });

  it("fails preview against a port that accepts and never answers within testTimeoutSeconds + 2 s", async () => {
    const silent = await startSilentServer();
    try {
      const stack = workspace();
      const [config, secrets] = connectionsConfig(pgLogin, mysqlLogin, database);
      const timeoutSeconds = 2;
      await stack.initStack("dev", { ...config, testTimeoutSeconds: String(timeoutSeconds) }, secrets);

      // The same preview against the live server: what the CLI, the program, the engine and the
      // live tests (drivers loaded, connections opened) cost without a silent port. (A baseline
      // without live tests loaded no driver: on a busy machine that alone took the 2 s margin.)
      const baseline = await stack.run(["preview"]);
      expect(baseline.code, baseline.output).toBe(0);

      await stack.setConfig("pgPort", String(silent.port));
      const hanging = await stack.run(["preview"], { timeoutSeconds: 60 });

      expect(hanging.code).not.toBe(0);
      expect(hanging.output).toContain("timed out");
      expect(hanging.output).toContain("warehouse");
      expect(hanging.seconds - baseline.seconds).toBeLessThan(timeoutSeconds + 2);
    } finally {
      await silent.close();
    }
  });

  describe("a stack brought up", () => {
    let stack: Workspace;

    beforeAll(async () => {
      stack = workspace();
      const [config, secrets] = connectionsConfig(pgLogin, mysqlLogin, database);
      await stack.initStack("dev", config, secrets);
      await withPostgres(async (client) => {
        await client.query(`create table if not exists public.e2e_orders (id int)`);
        // Indexing lists only the tables the connection's user may see.
        await client.query(`grant select on public.e2e_orders to ${pgLogin.user}`);
      }, database);
    });

    it("is created by up, with outputs from the live servers", async () => {
      const up = await stack.ok(["up", "--yes"]);
      expect(up.output).toContain("warehouse: connected");
      const outputs = await stack.outputs();
      expect(outputs.warehouseStatus).toBe("OK");
      expect(outputs.shopStatus).toBe("OK");
      expect(outputs.warehouseTables).toContain("public.e2e_orders");
      expect(String(outputs.warehouseServerVersion)).toMatch(/^15\./);
    });

    it("previews no changes a second time without opening a database connection", async () => {
      const postgresBefore = await postgresSessionCount(database);
      const mysqlBefore = await mysqlConnectionCount(mysqlLogin.user);

      const preview = await stack.ok(["preview", "--expect-no-changes"]);

      const postgresAfter = await postgresSessionCount(database);
      const mysqlAfter = await mysqlConnectionCount(mysqlLogin.user);
      expect(preview.output).not.toMatch(/~\s+update|\+\s+create|replace/);
      // Each Postgres reading opens two sessions of its own in the test's database; MariaDB's
      // counter is the connection's user's, which only the provider logs in as.
      expect(postgresAfter - postgresBefore).toBe(2);
      expect(mysqlAfter - mysqlBefore).toBe(0);
    });

    it("proves the counters see the provider: a changed configuration tests again", async () => {
      const postgresBefore = await postgresSessionCount(database);
      const mysqlBefore = await mysqlConnectionCount(mysqlLogin.user);
      await stack.setConfig("testTimeoutSeconds", "11");

      const preview = await stack.ok(["preview"]);

      expect(preview.output).toMatch(/~\s+.*warehouse|warehouse.*update/);
      expect((await postgresSessionCount(database)) - postgresBefore).toBeGreaterThan(2);
      expect((await mysqlConnectionCount(mysqlLogin.user)) - mysqlBefore).toBeGreaterThan(0);
      await stack.ok(["up", "--yes"]);
      await stack.ok(["preview", "--expect-no-changes"]);
    });

    it("shows a rotated password as drift on refresh", async () => {
      await withPostgres(async (client) => {
        await client.query(`alter role ${pgLogin.user} password 'rotated-${pgLogin.password}'`);
      });

      const refresh = await stack.run(["refresh", "--yes"]);

      expect(refresh.output).toContain("authentication");
      expect((await stack.resourceOutputs("warehouse")).status).toBe("authentication");
      // Preview knows up would fail: it tests again (no cached success) and fails with the reason.
      const preview = await stack.run(["preview"]);
      expect(preview.code, preview.output).not.toBe(0);
      expect(preview.output).toMatch(/warehouse.*authentication failed/);
      const failedUp = await stack.run(["up", "--yes"]);
      expect(failedUp.code).not.toBe(0);
      expect(failedUp.output).toContain("authentication failed");
      await withPostgres(async (client) => {
        await client.query(`alter role ${pgLogin.user} password '${pgLogin.password}'`);
      });
      await stack.ok(["up", "--yes"]);
      await stack.ok(["preview", "--expect-no-changes"]);
    });

    it("keeps every password out of the exported state and destroys everything", async () => {
      const exported = await stack.stackExport();
      expect(exported.text).not.toContain(pgLogin.password);
      expect(exported.text).not.toContain(mysqlLogin.password);
      expect(exported.resources.filter((resource) => resource.type.includes("dataplane")).length).toBe(2);

      await stack.ok(["destroy", "--yes"]);

      const afterDestroy = await stack.stackExport();
      expect(afterDestroy.resources.filter((resource) => resource.type.includes("dataplane"))).toEqual([]);
    });
  });
});
