import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as connection from "../../provider/resources/connection";
import * as jobGroup from "../../provider/resources/job-group";
import { uniqueName, withPostgres } from "../support/admin";
import { postgres } from "../support/services";

/** A login that may use schema public but not read a table in it: each resource's fix must fit it. */
describe("a missing privilege names a fix the resource has (real Postgres)", () => {
  const login = { user: uniqueName("hint_role"), password: `pw-${randomBytes(6).toString("hex")}` };
  const table = uniqueName("hint_hidden");
  const reference = () => ({
    connectionId: "pg",
    type: "postgres",
    configuration: { host: postgres.host, port: postgres.port, database: postgres.database, user: login.user },
    credentials: { password: login.password },
  });

  beforeAll(async () => {
    await withPostgres(async (client) => {
      await client.query(`create role ${login.user} login password '${login.password}'`);
      await client.query(`grant usage on schema public to ${login.user}`);
      await client.query(`create table public.${table} (id int)`);
    });
  });

  afterAll(async () => {
    await withPostgres(async (client) => {
      await client.query(`drop table if exists public.${table}`);
      await client.query(`drop owned by ${login.user}`);
      await client.query(`drop role if exists ${login.user}`);
    });
  });

  it("a JobGroup reading a table it may not read fails without suggesting requirePrivileges", async () => {
    const { failures } = await jobGroup.check(
      {},
      {
        resourceName: "hinted",
        connection: reference(),
        steps: [{ name: "result", sql: `select id from public.${table}` }],
        output: { path: ["public"], table: uniqueName("hint_out") },
      },
    );
    expect(failures?.length).toBe(1);
    expect(failures![0].reason).toMatch(/privilege missing|permission denied/);
    expect(failures![0].reason).not.toContain("requirePrivileges");
    expect(failures![0].reason).not.toMatch(/above/);
  });

  it("a Connection proving requirePrivileges names requirePrivileges in its fix", async () => {
    const { type, configuration, credentials } = reference();
    const { failures } = await connection.check(
      {},
      { type, configuration, credentials, requirePrivileges: [{ privilege: "select", table: `public.${table}` }] },
    );
    expect(failures?.length).toBe(1);
    expect(failures![0].reason).toMatch(/^privilege missing: .*requirePrivileges/);
  });
});
