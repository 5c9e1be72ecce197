import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import { withMysql, withPostgres } from "../support/admin";
import { postgres } from "../support/services";
import { checked, scratchConnections, uniqueName } from "./job-group-fixtures";

/**
 * A second check with unchanged inputs (olds = the first check's inputs) makes no database
 * connection, measured with the servers' own connection counters.
 */
const { scratch, connections } = scratchConnections("job-cache");
// A database of this file's own: its pg_stat_database row counts only this file's sessions.
const database = uniqueName("dp_cache");
const postgresConnection = { ...connections.postgres, configuration: { ...connections.postgres.configuration, database } };

beforeAll(async () => {
  await withPostgres((client) => client.query(`create database ${database}`));
});

afterAll(async () => {
  await withPostgres((client) => client.query(`drop database if exists ${database} with (force)`));
  rmSync(scratch, { recursive: true, force: true });
});

async function postgresSessions(): Promise<number> {
  // A session's count reaches pg_stat_database when its backend ends; give it a moment.
  await new Promise((resolve) => setTimeout(resolve, 700));
  return withPostgres(async (client) => {
    await client.query("select pg_stat_force_next_flush()");
    await client.query("select pg_stat_clear_snapshot()");
    const result = await client.query("select sessions from pg_stat_database where datname = $1", [database]);
    return Number(result.rows[0].sessions);
  });
}

function job(connection: Record<string, unknown>): Record<string, unknown> {
  return { resourceName: "cached", connection, steps: [{ name: "result", sql: "select 1 as id" }], output: { table: "cached_result" } };
}

describe("JobGroup check cache", () => {
  it("Postgres: the first check opens a session, the second with olds opens none", async () => {
    const before = await postgresSessions();
    const first = await checked(job(postgresConnection));
    const afterFirst = await postgresSessions();
    expect(afterFirst).toBeGreaterThan(before);

    const second = await checked(job(postgresConnection), first);
    expect(await postgresSessions()).toBe(afterFirst);
    expect(second.result).toEqual(first.result);
    expect(second.__testedConfigurationHash).toBe(first.__testedConfigurationHash);

    // Another statement is another dry run.
    await checked({ ...job(postgresConnection), steps: [{ name: "result", sql: "select 2 as id" }] }, first);
    expect(await postgresSessions()).toBeGreaterThan(afterFirst);
    expect(postgres.database).not.toBe(database);
  });

  it("MariaDB: the second check adds nothing to the Connections counter", async () => {
    await withMysql(async (admin) => {
      const connectionsCounter = async (): Promise<number> => {
        const [rows] = await admin.query("show global status like 'Connections'");
        return Number((rows as Array<{ Value: string }>)[0].Value);
      };
      const before = await connectionsCounter();
      const first = await checked(job(connections.mysql));
      expect(await connectionsCounter()).toBeGreaterThan(before);

      // The counter is server-wide and other test files connect too: a check that connected
      // would add one in every attempt, a cached one in none of them.
      const deltas: number[] = [];
      for (let attempt = 0; attempt < 5 && !deltas.includes(0); attempt += 1) {
        const start = await connectionsCounter();
        const again = await checked(job(connections.mysql), first);
        expect(again.__testedConfigurationHash).toBe(first.__testedConfigurationHash);
        deltas.push((await connectionsCounter()) - start);
      }
      expect(deltas).toContain(0);

      // Changed credentials are tested again, even with the same hash.
      const start = await connectionsCounter();
      const wrong = await jobGroup.check(first, job({ ...connections.mysql, credentials: { password: "not-the-password" } }));
      expect(wrong.failures?.[0].reason).toMatch(/authentication|denied/i);
      expect((await connectionsCounter()) - start).toBeGreaterThan(0);
    });
  });
});
