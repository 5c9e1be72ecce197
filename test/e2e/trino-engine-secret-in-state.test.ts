import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniqueName, withMysql, withPostgres } from "../support/admin";
import { Workspace } from "../support/pulumi-workspace";
import { requireTrino } from "../integration/trino-engine-support";
import { mysql, postgres, trino } from "../support/services";

/**
 * README: credentials are secrets, never repeated in plain text. A hostile user gives the
 * engine a Trino connection over https with a password (stack secret config, like the source's
 * and the target's) and looks for any of the three passwords in the stack's exported state,
 * where a Trino-moved publication records its engine.
 */
const schema = uniqueName("hx_mover_secret");
let workspace: Workspace;
let previousTls: string | undefined;

beforeAll(async () => {
  await requireTrino();
  await withPostgres((client) => client.query(`create schema "${schema}"`));
  await withMysql((connection) => connection.query(`create database \`${schema}\``));
  // The suite's Trino presents a self-signed certificate: trusted for the CLI's provider only.
  previousTls = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
  workspace = new Workspace("test/e2e/programs/engine-secret");
}, 120_000);

afterAll(async () => {
  if (workspace) {
    await workspace.run(["destroy", "--yes", "--skip-preview"]).catch(() => undefined);
    workspace.dispose();
  }
  if (previousTls === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  else process.env.NODE_TLS_REJECT_UNAUTHORIZED = previousTls;
  await withPostgres((client) => client.query(`drop schema if exists "${schema}" cascade`));
  await withMysql((connection) => connection.query(`drop database if exists \`${schema}\``));
});

describe("a Trino-moved publication's state", () => {
  it("holds no password in plain text", async () => {
    await workspace.initStack(
      "dev",
      {
        schema,
        pgHost: postgres.host,
        pgPort: String(postgres.port),
        pgDatabase: postgres.database,
        pgUser: postgres.user,
        mysqlHost: mysql.host,
        mysqlPort: String(mysql.port),
        mysqlDatabase: mysql.database,
        mysqlUser: mysql.user,
        trinoServer: trino.secureServer,
        trinoUser: trino.passwordUser,
      },
      { pgPassword: postgres.password, mysqlPassword: mysql.password, trinoPassword: trino.password },
    );
    const up = await workspace.run(["up", "--yes", "--skip-preview"], { timeoutSeconds: 240 });
    expect(up.code, up.output).toBe(0);
    expect(up.output).toMatch(/the engine moved 5 rows/);
    const { text } = await workspace.stackExport();
    expect(text).toContain("orders_report");
    for (const password of [trino.password, postgres.password, mysql.password]) expect(text).not.toContain(password);
    expect(up.output).not.toContain(trino.password);
  }, 300_000);
});
