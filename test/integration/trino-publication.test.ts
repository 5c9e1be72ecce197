import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { connectionReferences, withPostgres } from "../support/admin";
import { trinoConnection } from "../support/trino-connection";
import { ensureTrino, trinoAdmin } from "../support/trino-server";

/**
 * Every publication action into Trino (memory catalog) from a Trino job (push-down) and from
 * a Postgres job (streamed through a staging table), and out of Trino into Postgres.
 * The memory connector cannot DELETE or MERGE: upsert into it rebuilds the target and swaps it in.
 */
const suffix = randomBytes(3).toString("hex");
const schema = `pub_${suffix}`;
const trino = trinoConnection(schema);
const postgres = connectionReferences("/nonexistent.duckdb").postgres;
type Origin = "trino" | "postgres";
const origins: Record<Origin, Record<string, unknown>> = { trino, postgres };
const jobs: Array<{ id: string; outs: Record<string, unknown> }> = [];

async function sourceJob(origin: Origin, rows: string, table: string): Promise<Record<string, unknown>> {
  const inputs = {
    resourceName: `source-${origin}-${suffix}`,
    connection: origins[origin],
    steps: [{ name: "rows", sql: rows }],
    output: { table },
  };
  const checked = await jobGroup.check({}, inputs);
  expect(checked.failures ?? []).toEqual([]);
  const job = await jobGroup.create(checked.inputs);
  jobs.push(job);
  return { jobGroupId: job.id, runId: job.outs.runId, connection: job.outs.connection, result: job.outs.result };
}

async function trinoRows(table: string): Promise<Array<[number, string]>> {
  const found = await trinoAdmin<{ id: number; label: string }>(`select id, label from memory.${schema}."${table}" order by id, label`);
  return found.map((row) => [Number(row.id), String(row.label)]);
}

async function trinoTables(): Promise<string[]> {
  const rows = await trinoAdmin<{ table_name: string }>(
    `select table_name from memory.information_schema.tables where table_schema = '${schema}' order by 1`,
  );
  return rows.map((row) => row.table_name);
}

beforeAll(async () => {
  await ensureTrino();
  await trinoAdmin(`create schema memory.${schema}`);
}, 300_000);

afterAll(async () => {
  for (const job of jobs) await jobGroup.remove(job.id, job.outs).catch(() => undefined);
  for (const table of await trinoTables()) await trinoAdmin(`drop table memory.${schema}."${table}"`);
  await trinoAdmin(`drop schema if exists memory.${schema}`);
});

describe.each<Origin>(["trino", "postgres"])("publication actions into Trino from a %s job", (origin) => {
  const table = `published_from_${origin}`;
  let source: Record<string, unknown>;

  function publish(action: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      resourceName: `publish-${origin}`,
      source,
      connection: trino,
      path: ["memory", schema],
      table,
      action,
      ...(action === "upsert" ? { keys: ["id"] } : {}),
      ...extra,
    };
  }

  beforeAll(async () => {
    source = await sourceJob(origin, "select 1 as id, 'one' as label union all select 2, 'two'", `source_${origin}_${suffix}`);
  });

  it("checks that each action fits what exists, before anything is created", async () => {
    for (const action of ["load", "truncateAndLoad", "upsert"]) {
      const result = await publication.check({}, publish(action));
      expect(result.failures?.[0].reason, action).toMatch(new RegExp(`action ${action} needs the table .*${table}.*which does not exist`));
    }
    expect((await publication.check({}, publish("create"))).failures ?? []).toEqual([]);
  });

  it("creates, appends, replaces rows, drops and loads, and leaves no staging table behind", async () => {
    const created = await publication.create((await publication.check({}, publish("create"))).inputs);
    expect(created.outs.createdTable).toBe(true);
    expect(created.outs.rowCount).toBe(2);
    expect(await trinoRows(table)).toEqual([
      [1, "one"],
      [2, "two"],
    ]);

    await publication.create(publish("load"));
    expect(await trinoRows(table)).toEqual([
      [1, "one"],
      [1, "one"],
      [2, "two"],
      [2, "two"],
    ]);

    await publication.create(publish("truncateAndLoad"));
    expect(await trinoRows(table)).toEqual([
      [1, "one"],
      [2, "two"],
    ]);

    await trinoAdmin(`insert into memory.${schema}.${table} values (3, 'six')`);
    await publication.create(publish("dropAndLoad", { adopt: true }));
    expect(await trinoRows(table)).toEqual([
      [1, "one"],
      [2, "two"],
    ]);

    await publication.create(publish("createAndLoad", { adopt: true }));
    expect(await trinoRows(table)).toEqual([
      [1, "one"],
      [1, "one"],
      [2, "two"],
      [2, "two"],
    ]);
    expect((await trinoTables()).filter((name) => name.startsWith(table.slice(0, 20)))).toEqual([table]);
  });

  it("upserts by rebuilding the target and swapping it in (the memory connector has no MERGE)", async () => {
    await trinoAdmin(`truncate table memory.${schema}.${table}`);
    await trinoAdmin(`insert into memory.${schema}.${table} values (1, 'old'), (3, 'six'), (null, 'nil')`);
    const { outs } = await publication.create(publish("upsert"));
    expect(outs.rowCount).toBe(2);
    // Ordered by id, NULL last (read as 0); the row keyed NULL matches no source row and stays.
    expect(await trinoRows(table)).toEqual([
      [1, "one"],
      [2, "two"],
      [3, "six"],
      [0, "nil"],
    ]);
    expect((await trinoTables()).filter((name) => name.startsWith(table.slice(0, 20)))).toEqual([table]);
  });

  it("fails a load whose columns do not fit before changing the target, and reports drift", async () => {
    await trinoAdmin(`drop table memory.${schema}.${table}`);
    await trinoAdmin(`create table memory.${schema}.${table} (id integer, label varchar(2))`);
    await trinoAdmin(`insert into memory.${schema}.${table} values (7, 'ok')`);
    for (const action of ["truncateAndLoad", "upsert"]) {
      await expect(publication.create(publish(action)), action).rejects.toThrow(/the target table is as it was before/);
      expect(await trinoRows(table), action).toEqual([[7, "ok"]]);
    }
    expect((await trinoTables()).filter((name) => name.startsWith(table.slice(0, 20)))).toEqual([table]);

    await trinoAdmin(`drop table memory.${schema}.${table}`);
    const { id, outs } = await publication.create(publish("create"));
    expect((await publication.read(id, outs)).props.status).toBe("PUBLISHED");
    await trinoAdmin(`truncate table memory.${schema}.${table}`);
    expect((await publication.read(id, outs)).props.driftReason).toMatch(/was emptied/);
    await publication.remove(id, outs);
    expect(await trinoTables()).not.toContain(table);
  });
});

describe("publication out of Trino into Postgres", () => {
  const table = `from_trino_${suffix}`;
  let source: Record<string, unknown>;

  function publish(action: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      resourceName: "publish-out",
      source,
      connection: postgres,
      path: ["public"],
      table,
      action,
      ...(action === "upsert" ? { keys: ["id"] } : {}),
      ...extra,
    };
  }

  async function postgresRows(): Promise<Array<[number, string]>> {
    const rows = await withPostgres(
      async (client) => (await client.query(`select id, label from public.${table} order by id, label`)).rows,
    );
    return rows.map((row) => [Number(row.id), String(row.label)]);
  }

  beforeAll(async () => {
    source = await sourceJob("trino", "select 1 as id, 'one' as label union all select 2, 'two'", `out_source_${suffix}`);
  });

  afterAll(async () => {
    await withPostgres((client) => client.query(`drop table if exists public.${table}`));
  });

  it("creates, loads, truncates and loads, and upserts", async () => {
    const created = await publication.create((await publication.check({}, publish("create"))).inputs);
    expect(created.outs.createdTable).toBe(true);
    expect(await postgresRows()).toEqual([
      [1, "one"],
      [2, "two"],
    ]);
    await publication.create(publish("load"));
    expect(await postgresRows()).toEqual([
      [1, "one"],
      [1, "one"],
      [2, "two"],
      [2, "two"],
    ]);
    await publication.create(publish("truncateAndLoad"));
    expect(await postgresRows()).toEqual([
      [1, "one"],
      [2, "two"],
    ]);
    await withPostgres((client) =>
      client.query(`update public.${table} set label = 'old' where id = 2; insert into public.${table} values (3, 'six')`),
    );
    await publication.create(publish("upsert"));
    expect(await postgresRows()).toEqual([
      [1, "one"],
      [2, "two"],
      [3, "six"],
    ]);
    await publication.remove(created.id, created.outs);
  });
});

describe("upsert into a connector with MERGE (Trino's PostgreSQL connector, catalog postgresql)", () => {
  const pgSchema = `trino_merge_${suffix}`;
  const table = "accounts";
  let source: Record<string, unknown>;

  function publish(action: string): Record<string, unknown> {
    return {
      resourceName: "publish-merge",
      source,
      connection: trino,
      path: ["postgresql", pgSchema],
      table,
      action,
      keys: ["id"],
      adopt: true,
    };
  }

  async function postgresRows(): Promise<Array<[number, string]>> {
    const rows = await withPostgres(async (client) => (await client.query(`select id, label from ${pgSchema}.${table} order by id`)).rows);
    return rows.map((row) => [Number(row.id), String(row.label)]);
  }

  beforeAll(async () => {
    source = await sourceJob("trino", "select 1 as id, 'one' as label union all select 2, 'two'", `merge_source_${suffix}`);
    await withPostgres((client) =>
      client.query(
        `create schema ${pgSchema}; create table ${pgSchema}.${table} (id integer primary key, label varchar(10)); insert into ${pgSchema}.${table} values (1, 'old'), (3, 'six')`,
      ),
    );
  });

  afterAll(async () => {
    await withPostgres((client) => client.query(`drop schema if exists ${pgSchema} cascade`));
  });

  it("runs one MERGE: rows updated and inserted, the table (and its primary key) kept", async () => {
    const { outs } = await publication.create(publish("upsert"));
    expect(outs.rowCount).toBe(2);
    expect(await postgresRows()).toEqual([
      [1, "one"],
      [2, "two"],
      [3, "six"],
    ]);
    const [constraint] = await withPostgres(
      async (client) =>
        (
          await client.query(
            `select count(*)::int as n from information_schema.table_constraints where table_schema = '${pgSchema}' and constraint_type = 'PRIMARY KEY'`,
          )
        ).rows,
    );
    expect(constraint.n).toBe(1);
    const merges = await trinoAdmin<{ state: string }>(
      `select state from system.runtime.queries where query like 'merge into "postgresql"."${pgSchema}"%'`,
    );
    expect(merges).toEqual([{ state: "FINISHED" }]);
  });

  it("fails a MERGE that PostgreSQL refuses half way and leaves the target as it was", async () => {
    await withPostgres((client) =>
      client.query(
        `update ${pgSchema}.${table} set label = 'older' where id = 1; delete from ${pgSchema}.${table} where id = 2; alter table ${pgSchema}.${table} add constraint no_two check (label <> 'two')`,
      ),
    );
    await expect(publication.create(publish("upsert"))).rejects.toThrow(/no_two[\s\S]*the target table is as it was before/);
    expect(await postgresRows()).toEqual([
      [1, "older"],
      [3, "six"],
    ]);
  });
});
