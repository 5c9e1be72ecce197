import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { Client } from "pg";
import mysqlDriver from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as connection from "../../provider/resources/connection";
import { redshiftServices } from "../support/redshift-services";
import { startSilentServer } from "../support/silent-server";
import { mysql, postgres } from "../support/services";

/**
 * The Connection resource's provider functions against the real servers: live tests and
 * their classified failures, the hash cache proven by the servers' own counters, indexing,
 * and drift on read.
 */
const suffix = randomBytes(4).toString("hex");
const database = `conn_live_${suffix}`;
const role = `conn_role_${suffix}`;
const password = `pw-${randomBytes(8).toString("hex")}`;

async function admin<T>(work: (client: Client) => Promise<T>, on = postgres.database): Promise<T> {
  const client = new Client({ ...postgres, database: on });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function mariaAdmin<T>(work: (connection: mysqlDriver.Connection) => Promise<T>): Promise<T> {
  const connection = await mysqlDriver.createConnection({ ...mysql });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

function postgresInputs(overrides: Record<string, unknown> = {}, configuration: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceName: "warehouse",
    type: "postgres",
    configuration: { host: postgres.host, port: String(postgres.port), database, user: role, ...configuration },
    credentials: { password },
    ...overrides,
  };
}

function mysqlInputs(user: string, secret: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    resourceName: "shop",
    type: "mysql",
    configuration: { host: mysql.host, port: mysql.port, database: mysql.database, user },
    credentials: { password: secret },
    ...overrides,
  };
}

/** Sessions established to the test's own database, by Postgres's statistics (flushed first). */
async function sessionCount(): Promise<number> {
  await admin((client) => client.query("select pg_stat_force_next_flush()"), database);
  await new Promise((resolve) => setTimeout(resolve, 1200));
  return admin(async (client) => {
    await client.query("select pg_stat_clear_snapshot()");
    return Number((await client.query("select sessions from pg_stat_database where datname = current_database()")).rows[0].sessions);
  }, database);
}

describe("Connection against live servers", () => {
  const mariaUser = `conn_user_${suffix}`;
  let silent: Awaited<ReturnType<typeof startSilentServer>>;
  let silentPort: number;

  beforeAll(async () => {
    await admin(async (client) => {
      await client.query(`create role ${role} login password '${password}'`);
      await client.query(`create database ${database}`);
    });
    await admin(async (client) => {
      await client.query(`create schema sales; create schema finance; create schema locked`);
      await client.query(
        `create table sales.orders (id int); create table sales.tmp_orders (id int); create table finance.ledger (id int)`,
      );
      await client.query(`grant usage on schema sales, finance to ${role}; grant select on all tables in schema sales, finance to ${role}`);
      await client.query(`grant create on schema sales to ${role}`);
    }, database);
    await mariaAdmin(async (connection) => {
      await connection.query("set global userstat = 1");
      for (const host of ["%", "localhost"]) {
        await connection.query(`create user '${mariaUser}'@'${host}' identified by '${password}'`);
        await connection.query(`grant select, insert on \`${mysql.database}\`.* to '${mariaUser}'@'${host}'`);
      }
    });
    silent = await startSilentServer();
    silentPort = silent.port;
  });

  afterAll(async () => {
    await silent.close();
    await admin(async (client) => {
      await client.query(`drop database if exists ${database} with (force)`);
      await client.query(`drop role if exists ${role}`);
    });
    await mariaAdmin(async (connection) => {
      for (const host of ["%", "localhost"]) await connection.query(`drop user if exists '${mariaUser}'@'${host}'`);
    });
  });

  it("tests a Postgres connection once and remembers it: the second check opens no session", async () => {
    const first = await connection.check({}, postgresInputs());
    expect(first.failures ?? []).toEqual([]);
    expect(first.inputs.__testedConfigurationHash).toMatch(/^[0-9a-f]{64}$/);

    const before = await sessionCount();
    const second = await connection.check(first.inputs, postgresInputs());
    const after = await sessionCount();

    expect(second.failures ?? []).toEqual([]);
    // Each reading opens two sessions of its own; the check opened none.
    expect(after - before).toBe(2);
    const changed = await connection.check(first.inputs, postgresInputs({ testTimeoutSeconds: 11 }));
    expect(changed.failures ?? []).toEqual([]);
    expect((await sessionCount()) - after).toBe(3);
  });

  it("tests a MariaDB connection once and remembers it, by the user's own connection count", async () => {
    const count = () =>
      mariaAdmin(async (connection) => {
        const [rows] = await connection.query("select total_connections as n from information_schema.user_statistics where user = ?", [
          mariaUser,
        ]);
        return Number((rows as Array<{ n: number }>)[0]?.n ?? 0);
      });
    const first = await connection.check({}, mysqlInputs(mariaUser, password));
    expect(first.failures ?? []).toEqual([]);
    const before = await count();

    await connection.check(first.inputs, mysqlInputs(mariaUser, password));

    expect(await count()).toBe(before);
    // The counter does see the provider: a changed configuration is tested again.
    await connection.check(first.inputs, mysqlInputs(mariaUser, password, { testTimeoutSeconds: 12 }));
    expect(await count()).toBe(before + 1);
  });

  it.each([
    ["a wrong password", () => postgresInputs({ credentials: { password: "not-it-12345" } }), "authentication failed", "not-it-12345"],
    ["a closed port", () => postgresInputs({}, { port: 1 }), "server unreachable", password],
    ["a missing database", () => postgresInputs({}, { database: `missing_${suffix}` }), "database missing", password],
    [
      "a missing privilege",
      () => postgresInputs({ requirePrivileges: [{ privilege: "createTable", schema: "locked" }] }),
      "privilege missing",
      password,
    ],
    ["a MariaDB wrong password", () => mysqlInputs(mariaUser, "not-it-67890"), "authentication failed", "not-it-67890"],
    [
      "a MariaDB missing privilege",
      () => mysqlInputs(mariaUser, password, { requirePrivileges: [{ privilege: "createTable", schema: mysql.database }] }),
      "privilege missing",
      password,
    ],
  ])("fails the preview for %s, classified and without the secret", async (_, inputs, classification, secret) => {
    const result = await connection.check({}, inputs());

    expect(result.failures).toHaveLength(1);
    expect(result.failures?.[0].reason).toContain(classification);
    expect(JSON.stringify(result.failures)).not.toContain(secret);
  });

  it("times out against a port that accepts and never answers, within the deadline", async () => {
    const started = performance.now();
    const result = await connection.check({}, postgresInputs({ testTimeoutSeconds: 1 }, { port: silentPort }));

    expect(result.failures?.[0].reason).toContain("timed out");
    expect(performance.now() - started).toBeLessThan(1_800);
  });

  it("only warns with dryRun warn, and makes no connection with dryRun off", async () => {
    const warned = await connection.check({}, postgresInputs({ dryRun: "warn", credentials: { password: "wrong-pw-1" } }));
    expect(warned.failures ?? []).toEqual([]);
    expect(warned.inputs.__testedConfigurationHash).toBeUndefined();
    const started = performance.now();
    const off = await connection.check({}, postgresInputs({ dryRun: "off", testTimeoutSeconds: 5 }, { port: silentPort }));
    expect(off.failures ?? []).toEqual([]);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("indexes the tables the patterns select, reports attributes, and keeps the password out of other outputs", async () => {
    const checked = await connection.check(
      {},
      postgresInputs({ includeTables: ["sales.*", "finance.ledger"], excludeTables: ["sales.tmp_*", "sales.tmp_orders"] }),
    );
    const created = await connection.create(checked.inputs);
    const { id } = created;
    const outs: Record<string, unknown> = { ...created.outs };

    expect(outs.connectionId).toBe(id);
    expect(outs.tables).toEqual(["finance.ledger", "sales.orders"]);
    expect(outs.indexingStatus).toBe("INDEXED");
    expect(outs.serverVersion).toMatch(/^15\./);
    expect(outs.attributes).toEqual({ dialectName: "postgres", canPersist: false, canStream: true });
    expect(outs.stateVersion).toBe(1);
    const { credentials: _credentials, ...others } = outs;
    expect(JSON.stringify(others)).not.toContain(password);

    await admin((client) => client.query(`create table sales.returns (id int); grant select on sales.returns to ${role}`), database);
    const refreshed = { props: { ...(await connection.read(id, outs)).props } as Record<string, unknown> };
    expect(refreshed.props.tables).toEqual(["finance.ledger", "sales.orders", "sales.returns"]);

    await admin((client) => client.query(`alter role ${role} password 'rotated-${password}'`));
    try {
      const revoked = { props: { ...(await connection.read(id, refreshed.props)).props } as Record<string, unknown> };
      expect(revoked.props.status).toBe("authentication");
      expect(revoked.props.statusMessage).toContain("authentication failed");
      expect((await connection.diff(id, revoked.props, checked.inputs)).changes).toBe(true);
    } finally {
      await admin((client) => client.query(`alter role ${role} password '${password}'`));
    }
  });

  it("skips indexing with excludeAllTables", async () => {
    const checked = await connection.check({}, postgresInputs({ excludeAllTables: true }));
    const { outs } = await connection.create(checked.inputs);
    expect(outs.indexingStatus).toBe("SKIPPED");
    expect(outs.tables).toEqual([]);
  });

  it("reaches Redshift (the Redshift proxy in front of Postgres) with its own dialect name, and indexes its tables", async () => {
    const inputs = postgresInputs({ type: "redshift" }, { port: redshiftServices().proxyPort });
    const checked = await connection.check({}, inputs);
    expect(checked.failures ?? []).toEqual([]);
    const { outs } = await connection.create(checked.inputs);
    expect(outs.attributes).toMatchObject({ dialectName: "redshift" });
    expect(outs.indexingStatus).toBe("INDEXED");
    expect((outs.tables as unknown[]).length).toBeGreaterThan(0);
  });

  it("shares one DuckDB instance between connections to the same file, and delete releases it", async () => {
    const directory = mkdtempSync(join(tmpdir(), "conn-live-duckdb-"));
    try {
      const inputs = { resourceName: "embedded", type: "duckdb", configuration: { path: join(directory, "shared.duckdb") } };
      const create = async (properties: Record<string, unknown>) => {
        const { id, outs } = await connection.create((await connection.check({}, properties)).inputs);
        return { id, outs: { ...outs } as Record<string, unknown> };
      };
      const first = await create(inputs);
      const second = await create({ ...inputs, resourceName: "embedded-2" });
      expect(first.outs.status).toBe("OK");
      expect(second.outs.status).toBe("OK");
      expect(first.outs.attributes).toEqual({ dialectName: "duckdb", canPersist: true, canStream: true });
      await connection.remove(first.id, first.outs);
      const reopened = await connection.read(second.id, second.outs);
      expect(reopened.props.status).toBe("OK");
      await connection.remove(second.id, { ...reopened.props });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
