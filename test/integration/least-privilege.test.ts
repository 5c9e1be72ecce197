import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { uniqueName, withMysql, withPostgres } from "../support/admin";
import { mysql, postgres } from "../support/services";

/**
 * Defect 10 of issue 8: a user holding only what a job and a publication need — no right to
 * create schemas (databases on MariaDB) — runs a job whose result goes into an existing schema,
 * and publishes with every action. The privileges granted here are the ones the README lists.
 * Trino: the suite's access rules (scripts/services/trino.sh) give every user but denied_*
 * schema ownership and deny denied_* every write, so no Trino user holds table rights without
 * schema rights; DuckDB has no users; the Snowflake and BigQuery emulators enforce no grants.
 */
const ROWS = "select 1 as id, 'one' as label union all select 2, 'two' union all select 3, 'three'";

interface Server {
  /** Runs SQL as the administrator. */
  admin(sql: string): Promise<Array<Record<string, unknown>>>;
  /** The least-privileged user's connection, as the resources receive it. */
  connection: Record<string, unknown>;
  schema: string;
  qualified(table: string): string;
  /** Grants for a table the user did not create, per action. */
  tableGrants: Record<"load" | "truncateAndLoad" | "upsert", string>;
  grantOnTable(grants: string, table: string): string;
  drop(): Promise<void>;
}

async function checksum(server: Server, table: string): Promise<string> {
  const rows = await server.admin(`select id, label from ${server.qualified(table)} order by id`);
  return createHash("md5").update(rows.map((row) => `${Number(row.id)}\t${String(row.label)}`).join("\n")).digest("hex");
}

async function postgresServer(): Promise<Server> {
  const schema = uniqueName("least");
  const user = uniqueName("least_role");
  const password = `pw-${randomBytes(9).toString("hex")}`;
  const admin = (sql: string) => withPostgres(async (client) => (await client.query(sql)).rows);
  await admin(`create schema ${schema}`);
  await admin(`create role ${user} login password '${password}'`);
  // On an existing schema only: no CREATE on the database (so no CREATE SCHEMA).
  await admin(`grant usage, create on schema ${schema} to ${user}`);
  return {
    admin,
    schema,
    connection: { connectionId: "pg-least", type: "postgres", configuration: { host: postgres.host, port: postgres.port, database: postgres.database, user }, credentials: { password } },
    qualified: (table) => `${schema}.${table}`,
    tableGrants: { load: "insert", truncateAndLoad: "insert, truncate", upsert: "select, insert, delete" },
    grantOnTable: (grants, table) => `grant ${grants} on ${schema}.${table} to ${user}`,
    drop: async () => {
      await admin(`drop schema ${schema} cascade`);
      await admin(`drop owned by ${user}`);
      await admin(`drop role ${user}`);
    },
  };
}

async function mariadbServer(): Promise<Server> {
  const schema = uniqueName("least");
  const user = uniqueName("least_user");
  const password = `pw-${randomBytes(9).toString("hex")}`;
  const admin = (sql: string) => withMysql(async (connection) => (await connection.query(sql))[0] as Array<Record<string, unknown>>);
  await admin(`create database ${schema}`);
  for (const host of ["%", "localhost"]) {
    await admin(`create user '${user}'@'${host}' identified by '${password}'`);
    // On the one database only; no global privileges.
    await admin(`grant select, insert, delete, create, drop, alter on \`${schema}\`.* to '${user}'@'${host}'`);
  }
  return {
    admin,
    schema,
    connection: { connectionId: "maria-least", type: "mysql", configuration: { host: mysql.host, port: mysql.port, database: schema, user }, credentials: { password } },
    qualified: (table) => `${schema}.${table}`,
    // The database-wide grants above already hold what each action needs on any table in it.
    tableGrants: { load: "insert", truncateAndLoad: "insert, delete", upsert: "select, insert, delete" },
    grantOnTable: () => "select 1",
    drop: async () => {
      await admin(`drop database ${schema}`);
      for (const host of ["%", "localhost"]) await admin(`drop user '${user}'@'${host}'`);
    },
  };
}

const SERVERS: Record<string, () => Promise<Server>> = { postgres: postgresServer, mysql: mariadbServer };

describe.each(Object.keys(SERVERS))("least privileges on %s", (vendor) => {
  let server: Server;
  let job: { id: string; outs: Record<string, unknown> };
  let source: Record<string, unknown>;
  let sourceSum: string;

  beforeAll(async () => {
    server = await SERVERS[vendor]();
  });

  afterAll(async () => {
    if (job) await jobGroup.remove(job.id, job.outs).catch(() => undefined);
    await server?.drop();
  });

  it("runs a job whose result goes into an existing schema", async () => {
    const checked = await jobGroup.check({}, { resourceName: "least-job", connection: server.connection, steps: [{ name: "rows", sql: ROWS }], output: { path: [server.schema], table: "numbers" } });
    expect(checked.failures ?? []).toEqual([]);
    job = await jobGroup.create(checked.inputs);
    source = { jobGroupId: job.id, runId: job.outs.runId, connection: job.outs.connection, result: job.outs.result };
    sourceSum = await checksum(server, "numbers");
    expect(job.outs.result).toMatchObject({ rowCount: 3 });
  });

  it("publishes into a table it creates with every action", async () => {
    const inputs = (action: string) => ({ resourceName: "least-pub", source, connection: server.connection, path: [server.schema], table: "published", action, ...(action === "upsert" ? { keys: ["id"] } : {}) });
    let olds: Record<string, unknown> = {};
    let state: Record<string, unknown> | undefined;
    let id = "";
    for (const action of ["createAndLoad", "truncateAndLoad", "upsert", "dropAndLoad", "create"]) {
      const checked = await publication.check(olds, inputs(action));
      expect(checked.failures ?? [], action).toEqual([]);
      if (state) state = (await publication.update(id, state, checked.inputs)).outs;
      else ({ id, outs: state } = await publication.create(checked.inputs));
      olds = checked.inputs;
      expect(await checksum(server, "published"), action).toBe(sourceSum);
    }
    await publication.remove(id, state as Record<string, unknown>);
  });

  it.each(["load", "truncateAndLoad", "upsert"] as const)("%s into a table someone else created, with only the table grants it needs", async (action) => {
    const table = uniqueName(`theirs_${action.toLowerCase()}`);
    await server.admin(`create table ${server.qualified(table)} (id integer, label varchar(20))`);
    await server.admin(server.grantOnTable(server.tableGrants[action], table));
    const checked = await publication.check({}, { resourceName: "least-theirs", source, connection: server.connection, path: [server.schema], table, action, ...(action === "upsert" ? { keys: ["id"] } : {}) });
    expect(checked.failures ?? []).toEqual([]);
    await publication.create(checked.inputs);
    expect(await checksum(server, table)).toBe(sourceSum);
  });
});
