import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { connectionReferences, withMysql, withPostgres } from "../support/admin";
import { trinoConnection } from "../support/trino-connection";
import { ensureTrino, trinoAdmin } from "../support/trino-server";

/**
 * Publications whose rows Trino moves (`engine`): a Postgres job's result into MariaDB (catalog
 * `mysql`) and into Postgres (catalog `postgresql`), every action, the target read back by the
 * databases' own clients before and after. Trino's own query log proves the rows moved inside
 * it (an INSERT … SELECT by the engine's user); failures leave the target as it was and no
 * staging table; preview names the catalog that reaches the wrong database.
 */
const suffix = randomBytes(3).toString("hex");
const schema = `mover_${suffix}`;
const engineUser = `mover_${suffix}`;
const references = connectionReferences("/nonexistent.duckdb");
const engineConnection = {
  ...trinoConnection("unused", engineUser),
  configuration: { server: trinoConnection("x").configuration.server, user: engineUser },
};
const jobs: Array<{ id: string; outs: Record<string, unknown> }> = [];

type TargetName = "mariadb" | "postgres";
interface Target {
  connection: Record<string, unknown>;
  catalog: string;
  /** The target's rows in id order, each as text, read by the database's own client. */
  rows(table: string): Promise<string[]>;
  tables(): Promise<string[]>;
  admin(sql: string): Promise<void>;
  qualified(table: string): string;
}

const targets: Record<TargetName, Target> = {
  mariadb: {
    // Another connection id than the job's: the engine, not push-down, must move the rows.
    connection: { ...references.mysql, connectionId: "maria-target" },
    catalog: "mysql",
    rows: (table) =>
      withMysql(async (connection) => {
        const [rows] = await connection.query(
          `select concat_ws('|', id, label, amount, date_format(at, '%Y-%m-%d %H:%i:%s'), flag) as line from \`${schema}\`.\`${table}\` order by id, label`,
        );
        return (rows as Array<{ line: string }>).map((row) => row.line);
      }),
    tables: () =>
      withMysql(async (connection) => {
        const [rows] = await connection.query(
          "select table_name as name from information_schema.tables where table_schema = ? order by 1",
          [schema],
        );
        return (rows as Array<{ name: string }>).map((row) => row.name);
      }),
    admin: (sql) =>
      withMysql(async (connection) => {
        await connection.query(sql);
      }),
    qualified: (table) => `\`${schema}\`.\`${table}\``,
  },
  postgres: {
    connection: { ...references.postgres, connectionId: "pg-target" },
    catalog: "postgresql",
    rows: (table) =>
      withPostgres(async (client) => {
        const { rows } = await client.query(
          `select concat_ws('|', id, label, amount, to_char(at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS'), case when flag then 1 else 0 end) as line from "${schema}"."${table}" order by id, label`,
        );
        return rows.map((row: { line: string }) => row.line);
      }),
    tables: () =>
      withPostgres(async (client) => {
        const { rows } = await client.query("select table_name as name from information_schema.tables where table_schema = $1 order by 1", [
          schema,
        ]);
        return rows.map((row: { name: string }) => row.name);
      }),
    admin: (sql) =>
      withPostgres(async (client) => {
        await client.query(sql);
      }),
    qualified: (table) => `"${schema}"."${table}"`,
  },
};

/** A Postgres job whose result is `rows` (a select of id, label, amount, at, flag). */
async function sourceJob(name: string, rows: string): Promise<Record<string, unknown>> {
  const inputs = {
    resourceName: `mover-source-${name}-${suffix}`,
    connection: references.postgres,
    steps: [{ name: "rows", sql: rows }],
    output: { path: [schema], table: `source_${name}_${suffix}` },
  };
  const checked = await jobGroup.check({}, inputs);
  expect(checked.failures ?? []).toEqual([]);
  const job = await jobGroup.create(checked.inputs);
  jobs.push(job);
  return { jobGroupId: job.id, runId: job.outs.runId, connection: job.outs.connection, result: job.outs.result };
}

const row = (id: number, label: string, amount: string, at: string, flag: boolean): string =>
  `select ${id}::integer as id, '${label}'::text as label, ${amount}::numeric(10,2) as amount, '${at}+00'::timestamptz as at, ${flag} as flag`;
const FIRST = [row(1, "one", "1.50", "2024-01-02 03:04:05", true), row(2, "two", "2.25", "2024-06-30 23:59:59", false)].join(" union all ");
const SECOND = [row(2, "deux", "20.00", "2025-02-03 04:05:06", true), row(3, "trois", "3.00", "2025-03-04 05:06:07", false)].join(
  " union all ",
);
const FIRST_LINES = ["1|one|1.50|2024-01-02 03:04:05|1", "2|two|2.25|2024-06-30 23:59:59|0"];
const SECOND_LINES = ["2|deux|20.00|2025-02-03 04:05:06|1", "3|trois|3.00|2025-03-04 05:06:07|0"];

/** Queries the engine's user ran that inserted rows: the proof no row passed through the provider. */
async function engineInserts(): Promise<number> {
  const [found] = await trinoAdmin<{ n: number }>(
    `select count(*) as n from system.runtime.queries where "user" = '${engineUser}' and state = 'FINISHED' and starts_with(query, 'insert into')`,
  );
  return Number(found.n);
}

let first: Record<string, unknown>;
let second: Record<string, unknown>;

beforeAll(async () => {
  await ensureTrino();
  await withPostgres((client) => client.query(`create schema "${schema}"`));
  await withMysql((connection) => connection.query(`create database \`${schema}\``));
  first = await sourceJob("first", FIRST);
  second = await sourceJob("second", SECOND);
}, 300_000);

afterAll(async () => {
  for (const job of jobs) await jobGroup.remove(job.id, job.outs).catch(() => undefined);
  await withPostgres((client) => client.query(`drop schema if exists "${schema}" cascade`));
  await withMysql((connection) => connection.query(`drop database if exists \`${schema}\``));
});

function inputs(target: TargetName, table: string, source: Record<string, unknown>, action: string, extra: Record<string, unknown> = {}) {
  return {
    resourceName: `mover-${target}-${table}`,
    source,
    connection: targets[target].connection,
    path: [schema],
    table,
    action,
    ...(action === "upsert" ? { keys: ["id"] } : {}),
    engine: { connection: engineConnection, sourceCatalog: "postgresql", targetCatalog: targets[target].catalog },
    ...extra,
  };
}

async function checked(properties: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const result = await publication.check(olds, properties);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs;
}

describe.each<TargetName>(["mariadb", "postgres"])("Trino moves a Postgres job's rows into %s", (targetName) => {
  const target = targets[targetName];

  it("runs every action inside Trino, the target holding what a streamed publish leaves", async () => {
    const table = `every_action_${targetName}`;
    const inserts = await engineInserts();
    const created = await publication.create(await checked(inputs(targetName, table, first, "create")));
    expect(await target.rows(table)).toEqual(FIRST_LINES);
    expect(created.outs.createdTable).toBe(true);
    expect(created.outs.rowCount).toBe(2);

    let olds = created.outs;
    const step = async (source: Record<string, unknown>, action: string): Promise<void> => {
      const news = await checked(inputs(targetName, table, source, action), olds);
      olds = (await publication.update(created.id, olds, news)).outs;
    };
    await step(second, "load");
    expect(await target.rows(table)).toEqual([...FIRST_LINES, ...SECOND_LINES].sort());
    await step(first, "truncateAndLoad");
    expect(await target.rows(table)).toEqual(FIRST_LINES);
    await step(second, "upsert");
    expect(await target.rows(table)).toEqual([FIRST_LINES[0], ...SECOND_LINES]);
    await step(first, "createAndLoad");
    expect(await target.rows(table)).toEqual([...FIRST_LINES, FIRST_LINES[0], ...SECOND_LINES].sort());
    await step(second, "dropAndLoad");
    expect(await target.rows(table)).toEqual(SECOND_LINES);
    // One INSERT … SELECT by the engine's user per publish: the rows moved inside Trino.
    expect((await engineInserts()) - inserts).toBe(6);
    expect(await target.tables()).toEqual(expect.arrayContaining([table]));
    expect((await target.tables()).filter((name) => name.startsWith(table.slice(0, 24)) && name !== table)).toEqual([]);

    // Drift, repair and destroy as for any publication: the table it created is read, published
    // again once dropped, then dropped by destroy.
    expect((await publication.read(created.id, olds)).props.status).toBe("PUBLISHED");
    await target.admin(`drop table ${target.qualified(table)}`);
    const drifted = await publication.read(created.id, olds);
    expect(drifted.props.status).toBe("DRIFTED");
    const repaired = await publication.update(
      created.id,
      drifted.props,
      await checked(inputs(targetName, table, second, "dropAndLoad"), drifted.inputs),
    );
    expect(await target.rows(table)).toEqual(SECOND_LINES);
    await publication.remove(created.id, repaired.outs);
    expect(await target.tables()).not.toContain(table);
  }, 180_000);
});
