import { spawn } from "node:child_process";
import { join } from "node:path";
import { Client } from "pg";
import mysqlDriver from "mysql2/promise";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as publication from "../../provider/resources/publication";
import { mysql, postgres } from "../support/services";

/**
 * A failure at any point of a publication leaves the target exactly as it was, and a re-run
 * succeeds: a constraint violated by row 900,001, the target's server process killed
 * mid-load, and the provider process itself killed mid-load.
 */
const SOURCE_ROWS = 1_000_000;
const suffix = Math.random().toString(16).slice(2, 8);
const sourceTable = `atomic_source_${suffix}`;

const pgSource = {
  connectionId: "source",
  type: "postgres",
  configuration: { host: postgres.host, port: postgres.port, database: postgres.database, user: postgres.user },
  credentials: { password: postgres.password },
};
const pgTarget = { ...pgSource, connectionId: "pg-target", configuration: { ...pgSource.configuration, database: "dataplane_target" } };
const mysqlTarget = {
  connectionId: "maria-target",
  type: "mysql",
  configuration: { host: mysql.host, port: mysql.port, database: mysql.database, user: mysql.user },
  credentials: { password: mysql.password },
};

function inputsFor(target: typeof pgTarget | typeof mysqlTarget, path: string[], table: string): Record<string, unknown> {
  return {
    resourceName: `atomic-${table}`,
    source: { jobGroupId: "job", runId: "run-1", connection: pgSource, result: { path: ["public"], table: sourceTable } },
    connection: target,
    path,
    table,
    action: "truncateAndLoad",
    timeoutSeconds: 600,
  };
}

async function withPg<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ ...postgres, database });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function withMaria<T>(work: (connection: mysqlDriver.Connection) => Promise<T>): Promise<T> {
  const connection = await mysqlDriver.createConnection({ ...mysql });
  try {
    return await work(connection);
  } finally {
    await connection.end();
  }
}

/** The rows a target holds, as one fingerprint: count and a checksum over every value. */
async function pgFingerprint(table: string): Promise<string> {
  return withPg("dataplane_target", async (client) => {
    const result = await client.query(`select count(*) || ':' || coalesce(sum(id * 7 + amount::bigint), 0) as f from public.${table}`);
    return String(result.rows[0].f);
  });
}

async function mariaFingerprint(table: string): Promise<string> {
  return withMaria(async (connection) => {
    const [rows] = await connection.query(`select concat(count(*), ':', coalesce(sum(id * 7 + cast(amount as signed)), 0)) as f from \`${table}\``);
    return String((rows as Array<{ f: string }>)[0].f);
  });
}

async function createPgTarget(table: string, check = ""): Promise<void> {
  await withPg("dataplane_target", async (client) => {
    await client.query(`drop table if exists public.${table}`);
    await client.query(`create table public.${table} (id bigint, amount numeric(14,2)${check})`);
    await client.query(`insert into public.${table} values (-1, 1), (-2, 2), (-3, 3)`);
  });
}

async function createMariaTarget(table: string, check = ""): Promise<void> {
  await withMaria(async (connection) => {
    await connection.query(`drop table if exists \`${table}\``);
    await connection.query(`create table \`${table}\` (id bigint, amount decimal(14,2)${check}) engine=InnoDB`);
    await connection.query(`insert into \`${table}\` values (-1, 1), (-2, 2), (-3, 3)`);
  });
}

/** Waits until `probe` finds the load running, then runs `kill`. */
async function whenLoading(probe: () => Promise<boolean>, kill: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await probe()) return kill();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("the load never started");
}

const pgLoadRunning = () =>
  withPg("dataplane_target", async (client) => {
    const result = await client.query("select count(*) as n from pg_stat_activity where application_name = 'pulumi-dataplane-load' and state = 'active'");
    return Number(result.rows[0].n) > 0;
  });

describe("publication atomicity under real faults", () => {
  beforeAll(async () => {
    await withPg(postgres.database, async (client) => {
      await client.query(`create table public.${sourceTable} as select g::bigint as id, (g % 100000)::numeric(14,2) as amount from generate_series(1, ${SOURCE_ROWS}) g`);
    });
  });

  afterAll(async () => {
    await withPg(postgres.database, (client) => client.query(`drop table if exists public.${sourceTable}`));
  });

  it("rolls back a Postgres target when row 900,001 violates a constraint, and a re-run succeeds", async () => {
    const table = `atomic_pg_check_${suffix}`;
    await createPgTarget(table, ", constraint not_that_row check (id <> 900001)");
    const before = await pgFingerprint(table);

    await expect(publication.create(inputsFor(pgTarget, ["public"], table))).rejects.toThrow(/not_that_row/);

    expect(await pgFingerprint(table)).toBe(before);
    await withPg("dataplane_target", (client) => client.query(`alter table public.${table} drop constraint not_that_row`));
    const { outs } = await publication.create(inputsFor(pgTarget, ["public"], table));
    expect(outs.rowCount).toBe(SOURCE_ROWS);
    expect(await pgFingerprint(table)).toMatch(new RegExp(`^${SOURCE_ROWS}:`));
  });

  it("rolls back a MariaDB target when row 900,001 violates a constraint, and a re-run succeeds", async () => {
    const table = `atomic_maria_check_${suffix}`;
    await createMariaTarget(table, ", constraint not_that_row check (id <> 900001)");
    const before = await mariaFingerprint(table);

    await expect(publication.create(inputsFor(mysqlTarget, [mysql.database], table))).rejects.toThrow(/not_that_row|CONSTRAINT/i);

    expect(await mariaFingerprint(table)).toBe(before);
    await withMaria((connection) => connection.query(`alter table \`${table}\` drop constraint not_that_row`));
    await publication.create(inputsFor(mysqlTarget, [mysql.database], table));
    expect(await mariaFingerprint(table)).toMatch(new RegExp(`^${SOURCE_ROWS}:`));
  });

  it("leaves a Postgres target untouched when its server process is killed mid-load", async () => {
    const table = `atomic_pg_kill_${suffix}`;
    await createPgTarget(table);
    const before = await pgFingerprint(table);

    const running = publication.create(inputsFor(pgTarget, ["public"], table));
    running.catch(() => undefined);
    await whenLoading(pgLoadRunning, () =>
      withPg("dataplane_target", async (client) => {
        await client.query("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'pulumi-dataplane-load'");
      }),
    );

    await expect(running).rejects.toThrow();
    expect(await pgFingerprint(table)).toBe(before);
    await publication.create(inputsFor(pgTarget, ["public"], table));
    expect(await pgFingerprint(table)).toMatch(new RegExp(`^${SOURCE_ROWS}:`));
  });

  it("leaves a MariaDB target untouched when its connection is killed mid-load", async () => {
    const table = `atomic_maria_kill_${suffix}`;
    await createMariaTarget(table);
    const before = await mariaFingerprint(table);

    const running = publication.create(inputsFor(mysqlTarget, [mysql.database], table));
    running.catch(() => undefined);
    await whenLoading(
      () => withMaria(async (connection) => {
        const [rows] = await connection.query("select count(*) as n from information_schema.processlist where info like 'LOAD DATA%'");
        return Number((rows as Array<{ n: number }>)[0].n) > 0;
      }),
      () => withMaria(async (connection) => {
        const [rows] = await connection.query("select id from information_schema.processlist where info like 'LOAD DATA%'");
        for (const row of rows as Array<{ id: number }>) await connection.query(`kill ${Number(row.id)}`);
      }),
    );

    await expect(running).rejects.toThrow();
    expect(await mariaFingerprint(table)).toBe(before);
    await publication.create(inputsFor(mysqlTarget, [mysql.database], table));
    expect(await mariaFingerprint(table)).toMatch(new RegExp(`^${SOURCE_ROWS}:`));
  });

  it("leaves the target untouched when the provider process is killed mid-load, and a re-run succeeds", async () => {
    const table = `atomic_provider_kill_${suffix}`;
    await createPgTarget(table);
    const before = await pgFingerprint(table);

    const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", join(__dirname, "support/publish-child.ts"), JSON.stringify(inputsFor(pgTarget, ["public"], table))], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code, signal) => resolve(signal === "SIGKILL" ? -9 : code)));
    await whenLoading(pgLoadRunning, async () => {
      child.kill("SIGKILL");
    });

    expect(await exited).toBe(-9);
    // The server notices the dead client and rolls its COPY back.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await pgFingerprint(table)).toBe(before);
    const { outs } = await publication.create(inputsFor(pgTarget, ["public"], table));
    expect(outs.rowCount).toBe(SOURCE_ROWS);
    expect(await pgFingerprint(table)).toMatch(new RegExp(`^${SOURCE_ROWS}:`));
  });
});
