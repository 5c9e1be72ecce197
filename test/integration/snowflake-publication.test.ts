import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "pg";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { connectionReferences } from "../support/admin";
import { postgres } from "../support/services";
import { startFakeSnowflake, type FakeSnowflake } from "../support/snowflake-server";

/**
 * Publications on Snowflake (fakesnow on loopback): every action pushed down on Snowflake,
 * into Snowflake from Postgres (the bulk sink, a staging table, then apply), out of Snowflake
 * into Postgres (the streamed source), and a failed load leaving the target as it was.
 */
const suffix = randomBytes(3).toString("hex");
let server: FakeSnowflake;
const postgresConnection = connectionReferences("/nonexistent.duckdb").postgres;

function snowflakeConnection(): Record<string, unknown> {
  return { connectionId: "snow", type: "snowflake", configuration: server.configuration(), credentials: { password: "any-pw" } };
}

async function snowflakeRun(sql: string): Promise<Array<Record<string, unknown>>> {
  return server.admin((client) => client.query(sql));
}

async function snowflakePairs(table: string): Promise<Array<[number, string]>> {
  const found = await snowflakeRun(`select "id", "label" from PUBLIC."${table}" order by "id", "label"`);
  return found.map((row) => [Number(row.id), String(row.label)]);
}

async function postgresRun<T = Record<string, unknown>>(sql: string): Promise<T[]> {
  const client = new Client({ ...postgres });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function sourceJob(connection: Record<string, unknown>, sql: string, name: string) {
  const inputs = { resourceName: name, connection, steps: [{ name: "rows", sql }], output: { table: `${name}_${suffix}` } };
  const checked = await jobGroup.check({}, inputs);
  expect(checked.failures ?? []).toEqual([]);
  const job = await jobGroup.create(checked.inputs);
  return { job, source: { jobGroupId: job.id, runId: job.outs.runId, connection: job.outs.connection, result: job.outs.result } };
}

beforeAll(async () => {
  server = await startFakeSnowflake("PUBLISH_DB");
});
afterAll(async () => {
  await server?.close();
});

describe("publication actions on Snowflake (push-down)", () => {
  const table = `published_${suffix}`;
  let source: Record<string, unknown>;
  let job: { id: string; outs: Record<string, unknown> };

  function publish(action: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      resourceName: "publish-snowflake",
      source,
      connection: snowflakeConnection(),
      path: ["PUBLIC"],
      table,
      action,
      ...(action === "upsert" ? { keys: ["id"] } : {}),
      ...extra,
    };
  }

  beforeAll(async () => {
    ({ job, source } = await sourceJob(snowflakeConnection(), `select 1 as "id", 'one' as "label" union all select 2, 'two'`, "sf_source"));
  });
  afterAll(async () => {
    await jobGroup.remove(job.id, job.outs);
  });

  it("checks that each action fits what exists, then creates, appends, replaces, upserts, drops and loads", async () => {
    for (const action of ["load", "truncateAndLoad", "upsert"]) {
      const result = await publication.check({}, publish(action));
      expect(result.failures?.[0].reason, action).toMatch(new RegExp(`action ${action} needs the table .*${table}.*which does not exist`));
    }
    const created = await publication.create((await publication.check({}, publish("create"))).inputs);
    expect(created.outs.createdTable).toBe(true);
    expect(await snowflakePairs(table)).toEqual([
      [1, "one"],
      [2, "two"],
    ]);

    await publication.create(publish("load"));
    expect(await snowflakePairs(table)).toEqual([
      [1, "one"],
      [1, "one"],
      [2, "two"],
      [2, "two"],
    ]);

    await publication.create(publish("truncateAndLoad"));
    expect(await snowflakePairs(table)).toEqual([
      [1, "one"],
      [2, "two"],
    ]);

    await snowflakeRun(`update PUBLIC."${table}" set "label" = 'old' where "id" = 2`);
    await snowflakeRun(`insert into PUBLIC."${table}" ("id", "label") values (3, 'six')`);
    await publication.create(publish("upsert"));
    expect(await snowflakePairs(table)).toEqual([
      [1, "one"],
      [2, "two"],
      [3, "six"],
    ]);

    await publication.create(publish("dropAndLoad", { adopt: true }));
    expect(await snowflakePairs(table)).toEqual([
      [1, "one"],
      [2, "two"],
    ]);

    await publication.create(publish("createAndLoad", { adopt: true }));
    expect(await snowflakePairs(table)).toEqual([
      [1, "one"],
      [1, "one"],
      [2, "two"],
      [2, "two"],
    ]);
  });

  it("reports an emptied or dropped target as drift, and drops what it created on delete", async () => {
    await snowflakeRun(`drop table if exists PUBLIC."${table}"`);
    const { id, outs } = await publication.create(publish("create"));
    expect((await publication.read(id, outs)).props.status).toBe("PUBLISHED");
    await snowflakeRun(`delete from PUBLIC."${table}"`);
    expect((await publication.read(id, outs)).props.driftReason).toMatch(/was emptied/);
    await snowflakeRun(`drop table PUBLIC."${table}"`);
    expect((await publication.read(id, outs)).props.driftReason).toMatch(/was dropped/);
    const recreated = await publication.create(publish("create"));
    await publication.remove(recreated.id, recreated.outs);
    const left = await snowflakeRun(`select count(*) as "n" from information_schema.tables where table_name = '${table}'`);
    expect(Number(left[0].n)).toBe(0);
  });
});

describe("publications between Postgres and Snowflake", () => {
  const intoSnowflake = `from_postgres_${suffix}`;
  const intoPostgres = `from_snowflake_${suffix}`;
  const jobs: Array<{ id: string; outs: Record<string, unknown> }> = [];
  let postgresSource: Record<string, unknown>;
  let snowflakeSource: Record<string, unknown>;

  beforeAll(async () => {
    const fromPostgres = await sourceJob(
      postgresConnection,
      "select g as id, 'label ' || g as label from generate_series(1, 1500) g",
      "pg_source",
    );
    const fromSnowflake = await sourceJob(
      snowflakeConnection(),
      `select 1 as "id", 'one' as "label" union all select 2, 'two' union all select 3, null`,
      "sf_out",
    );
    jobs.push(fromPostgres.job, fromSnowflake.job);
    postgresSource = fromPostgres.source;
    snowflakeSource = fromSnowflake.source;
  });
  afterAll(async () => {
    for (const job of jobs) await jobGroup.remove(job.id, job.outs);
    await postgresRun(`drop table if exists public.${intoPostgres}`);
  });

  it("publishes 1,500 Postgres rows into Snowflake, then upserts, and a failed load leaves the target as it was", async () => {
    const into = (action: string, extra: Record<string, unknown> = {}) => ({
      resourceName: "into-snowflake",
      source: postgresSource,
      connection: snowflakeConnection(),
      path: ["PUBLIC"],
      table: intoSnowflake,
      action,
      ...extra,
    });
    const created = await publication.create((await publication.check({}, into("createAndLoad"))).inputs);
    expect(created.outs.createdTable).toBe(true);
    const counted = await snowflakeRun(`select count(*) as "n", max("label") as "top" from PUBLIC."${intoSnowflake}"`);
    expect(Number(counted[0].n)).toBe(1500);
    expect(counted[0].top).toBe("label 999");

    await snowflakeRun(`delete from PUBLIC."${intoSnowflake}" where "id" > 10`);
    await snowflakeRun(`update PUBLIC."${intoSnowflake}" set "label" = 'stale' where "id" = 5`);
    await publication.create(into("upsert", { keys: ["id"] }));
    const upserted = await snowflakeRun(
      `select count(*) as "n", count(distinct "id") as "ids" from PUBLIC."${intoSnowflake}" where "label" = 'label ' || "id"`,
    );
    expect(Number(upserted[0].n)).toBe(1500);
    expect(Number(upserted[0].ids)).toBe(1500);

    // A target whose label column cannot hold text: the load fails, the target keeps its rows.
    await snowflakeRun(`drop table PUBLIC."${intoSnowflake}"`);
    await snowflakeRun(`create table PUBLIC."${intoSnowflake}" ("id" number(10,0), "label" number(10,0))`);
    await snowflakeRun(`insert into PUBLIC."${intoSnowflake}" values (7, 7), (8, 8)`);
    await expect(publication.create(into("truncateAndLoad"))).rejects.toThrow(/label/i);
    const kept = await snowflakeRun(`select "id", "label" from PUBLIC."${intoSnowflake}" order by "id"`);
    expect(kept.map((row) => [Number(row.id), Number(row.label)])).toEqual([
      [7, 7],
      [8, 8],
    ]);
    await snowflakeRun(`drop table PUBLIC."${intoSnowflake}"`);
  });

  it("publishes Snowflake rows into Postgres (streamed out), nulls included", async () => {
    await postgresRun(`drop table if exists public.${intoPostgres}`);
    const checked = await publication.check(
      {},
      {
        resourceName: "out-of-snowflake",
        source: snowflakeSource,
        connection: postgresConnection,
        path: ["public"],
        table: intoPostgres,
        action: "createAndLoad",
      },
    );
    expect(checked.failures ?? []).toEqual([]);
    await publication.create(checked.inputs);
    const rows = await postgresRun<{ id: number; label: string | null }>(`select id, label from public.${intoPostgres} order by id`);
    expect(rows.map((row) => [Number(row.id), row.label])).toEqual([
      [1, "one"],
      [2, "two"],
      [3, null],
    ]);
  });
});
