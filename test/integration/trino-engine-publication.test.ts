import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { connectionReferences, withMysql, withPostgres } from "../support/admin";
import { trinoConnection } from "../support/trino-connection";
import { ensureTrino, trinoAdmin } from "../support/trino-server";
import {
  createTable,
  dropTable,
  insertRows,
  mysqlEndpoint,
  postgresEndpoint,
  readRows,
  ROUND_TRIP_COLUMNS,
  ROUND_TRIP_ROWS,
  type Endpoint,
} from "./transfer-fixtures";
import { captureStderr } from "../support/capture-stderr";

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
  /** A table whose id is a primary key and whose label holds at most 8 characters, holding one row (id 2). */
  constrainedSql(table: string): string[];
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
    constrainedSql: (table) => [
      `create table \`${schema}\`.\`${table}\` (id integer primary key, label varchar(8) not null, amount decimal(10,2), at datetime(6), flag boolean)`,
      `insert into \`${schema}\`.\`${table}\` values (2, 'kept', 9.99, '2020-01-01 00:00:00', true)`,
    ],
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
    constrainedSql: (table) => [
      `create table "${schema}"."${table}" (id integer primary key, label varchar(8) not null, amount numeric(10,2), at timestamptz, flag boolean)`,
      `insert into "${schema}"."${table}" values (2, 'kept', 9.99, '2020-01-01 00:00:00+00', true)`,
    ],
  },
};

/** A Postgres job whose result is `rows` (a select of id, label, amount, at, flag). */
async function sourceJob(name: string, rows: string): Promise<Record<string, unknown>> {
  const inputs = {
    resourceName: `mover-source-${name}-${suffix}`,
    // As the sdk passes it: the job then stamps its run, which the engine's source catalog reads back.
    pulumiStack: { project: "trino-engine", stack: "test" },
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

const everyType = `every_type_${suffix}`;
let first: Record<string, unknown>;
let second: Record<string, unknown>;
let tooLong: Record<string, unknown>;
let large: Record<string, unknown>;
const KEPT_LINES = ["2|kept|9.99|2020-01-01 00:00:00|1"];
// Enough that the move outlasts the cancelled test's 8 s deadline on an idle machine too (1,000,000 rows moved in 6 s).
const LARGE_ROWS = 5_000_000;

beforeAll(async () => {
  await ensureTrino();
  await withPostgres((client) => client.query(`create schema "${schema}"`));
  await withMysql((connection) => connection.query(`create database \`${schema}\``));
  first = await sourceJob("first", FIRST);
  second = await sourceJob("second", SECOND);
  await createTable(postgresEndpoint(), everyType, ROUND_TRIP_COLUMNS);
  await insertRows(postgresEndpoint(), everyType, ROUND_TRIP_COLUMNS, ROUND_TRIP_ROWS);
  tooLong = await sourceJob("too_long", row(7, "much-too-long-for-eight", "7.00", "2025-07-07 07:07:07", true));
  large = await sourceJob(
    "large",
    `select n::integer as id, md5(n::text) as label, (n % 1000)::numeric(10,2) as amount, now() as at, n % 2 = 0 as flag from generate_series(1, ${LARGE_ROWS}) as n`,
  );
}, 300_000);

afterAll(async () => {
  await dropTable(postgresEndpoint(), everyType).catch(() => undefined);
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
  const endpoint: Endpoint = { ...(targetName === "mariadb" ? mysqlEndpoint() : postgresEndpoint()), path: [schema] };

  it("loads into a narrower existing column as a publish without the engine does (the target converts, not the engine)", async () => {
    // A zone-less, fraction-less timestamp column: MariaDB cuts 23:59:59.999999 to 23:59:59,
    // Postgres rounds it; Trino's cast to timestamp(0) rounded to the next day on MariaDB.
    const column = targetName === "mariadb" ? "datetime" : "timestamp(0) with time zone";
    const [moved, without] = [`narrow_moved_${targetName}`, `narrow_without_${targetName}`];
    for (const table of [moved, without])
      await target.admin(
        `create table ${target.qualified(table)} (id integer, label varchar(40), amount numeric(10,2), at ${column}, flag boolean)`,
      );
    const late = await sourceJob(`late_${targetName}`, row(9, "late", "9.00", "2024-12-31 23:59:59.999999", true));
    await publication.create(await checked(inputs(targetName, moved, late, "load")));
    const { engine: _engine, ...streamed } = inputs(targetName, without, late, "load");
    await publication.create(await checked(streamed));
    const publishedWithout = await target.rows(without);
    expect(publishedWithout).toHaveLength(1);
    expect(await target.rows(moved)).toEqual(publishedWithout);
  }, 120_000);

  it("leaves every canonical type as a publish without the engine does", async () => {
    const source = { connection: references.postgres, result: { path: ["public"], table: everyType } };
    const moved = `every_type_moved_${targetName}`;
    const without = `every_type_without_${targetName}`;
    await publication.create(await checked(inputs(targetName, moved, source, "create")));
    const { engine: _engine, ...streamed } = inputs(targetName, without, source, "create");
    await publication.create(await checked(streamed));
    expect(await readRows(endpoint, moved, ROUND_TRIP_COLUMNS)).toEqual(await readRows(endpoint, without, ROUND_TRIP_COLUMNS));
  }, 120_000);

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

  it("changing only the engine publishes nothing again: the target's rows are the same whichever mover", async () => {
    const table = `engine_only_${targetName}`;
    const created = await publication.create(await checked(inputs(targetName, table, first, "create")));
    const { engine: _engine, ...streamed } = inputs(targetName, table, first, "create");
    const news = await checked(streamed, created.outs);
    expect(await publication.diff(created.id, created.outs, news)).toMatchObject({ changes: true, replaces: [] });
    const updated = await publication.update(created.id, created.outs, news);
    expect(updated.outs.durationMilliseconds).toBe(created.outs.durationMilliseconds);
    expect(updated.outs.engine).toBeUndefined();
    // The second up shows no changes.
    expect((await publication.diff(created.id, updated.outs, news)).changes).toBe(false);
    expect(await target.rows(table)).toEqual(FIRST_LINES);
    await publication.remove(created.id, updated.outs);
  }, 60_000);

  describe("a failure part way leaves the target as it was and no staging table", () => {
    const cases: Array<[string, string, () => Record<string, unknown>]> = [
      ["a duplicate key, loading", "load", () => first],
      ["an over-long value, loading", "load", () => tooLong],
      ["an over-long value, truncating and loading", "truncateAndLoad", () => tooLong],
      ["an over-long value, upserting", "upsert", () => tooLong],
      ["a duplicate key, creating and loading into the existing (adopted) table", "createAndLoad", () => first],
    ];
    it.each(cases.map(([title, action, source], index) => [title, action, source, index] as const))(
      "%s",
      async (_, action, source, index) => {
        const table = `constrained_${index}_${targetName}`;
        for (const statement of target.constrainedSql(table)) await target.admin(statement);
        const before = await target.rows(table);
        expect(before).toEqual(KEPT_LINES);
        const properties = await checked(inputs(targetName, table, source(), action, action === "createAndLoad" ? { adopt: true } : {}));
        await expect(publication.create(properties)).rejects.toThrow(/the target table is as it was before/);
        expect(await target.rows(table)).toEqual(before);
        expect(await target.tables()).not.toContainEqual(expect.stringMatching(new RegExp(`^${table.slice(0, 24)}__`)));
      },
      120_000,
    );
  });

  describe("preview proves the catalogs reach the right databases", () => {
    it("names engine.sourceCatalog when that catalog does not see the job's result", async () => {
      const properties = inputs(targetName, "wrong_source", first, "create");
      const result = await publication.check({}, { ...properties, engine: { ...properties.engine, sourceCatalog: "memory" } });
      expect(result.failures?.map((failure) => failure.reason).join("\n")).toMatch(
        /engine\.sourceCatalog: the engine's catalog memory sees no table/,
      );
    }, 60_000);

    it("names engine.targetCatalog when that catalog lists other tables in the target's schema (a schema of that name in another database)", async () => {
      const other = targetName === "mariadb" ? "postgresql" : "mysql";
      const properties = inputs(targetName, "wrong_target", first, "create");
      const result = await publication.check({}, { ...properties, engine: { ...properties.engine, targetCatalog: other } });
      expect(result.failures?.map((failure) => failure.reason).join("\n")).toMatch(
        new RegExp(`engine\\.targetCatalog: the engine's catalog ${other} does not reach the target's database`),
      );
    }, 60_000);

    it("names engine.connection when the engine's user may not write the target (Trino's access rules: denied_* users only read)", async () => {
      const table = `refused_${targetName}`;
      await publication.create(await checked(inputs(targetName, table, first, "create")));
      const properties = inputs(targetName, table, second, "load");
      const engine = {
        ...properties.engine,
        connection: { ...engineConnection, configuration: { ...engineConnection.configuration, user: "denied_mover" } },
      };
      const result = await publication.check({}, { ...properties, engine });
      expect(result.failures?.map((failure) => failure.reason).join("\n")).toMatch(
        /engine\.connection: the engine cannot write the job's rows into .* \(a write compiled, not run\): .*Access Denied/,
      );
      expect(await target.rows(table)).toEqual(FIRST_LINES);
      // A new table too: the engine's user may create nothing there either.
      const fresh = await publication.check({}, { ...inputs(targetName, `refused_new_${targetName}`, second, "create"), engine });
      expect(fresh.failures?.map((failure) => failure.reason).join("\n")).toMatch(/engine\.connection: .*Access Denied/);
    }, 60_000);

    it("up refuses, before any row moves, a target catalog that does not see the table it just created", async () => {
      const other = targetName === "mariadb" ? "postgresql" : "mysql";
      const table = `unreached_${targetName}`;
      const properties = await checked(inputs(targetName, table, first, "create"));
      const engine = properties.engine as Record<string, unknown>;
      await expect(publication.create({ ...properties, engine: { ...engine, targetCatalog: other } })).rejects.toThrow(
        new RegExp(`engine\\.targetCatalog: the engine's catalog ${other} does not see the table`),
      );
      expect(await target.tables()).not.toContainEqual(expect.stringMatching(new RegExp(`^${table}`)));
    }, 60_000);
  });

  it("reports the engine's progress while it moves, and past timeoutSeconds cancels its query in Trino and drops the staging table", async () => {
    const table = `cancelled_${targetName}`;
    // 8 s: on a loaded machine the publish's own set-up (staging table, the catalogs' proofs)
    // takes seconds before the move starts; the move of LARGE_ROWS takes far longer.
    const properties = await checked(inputs(targetName, table, large, "create", { timeoutSeconds: 8 }));
    const started = performance.now();
    // The lines the provider writes for `pulumi up` (stderr), read as they are written.
    const stderr = captureStderr();
    process.env.DATAPLANE_PROGRESS_SECONDS = "1";
    const outcome = publication.create(properties).finally(() => {
      stderr.restore();
      delete process.env.DATAPLANE_PROGRESS_SECONDS;
    });
    await expect(outcome).rejects.toThrow(/did not finish within 8 s.*cancelled in the database.*staging table .* was dropped/s);
    expect(performance.now() - started).toBeLessThan(25_000);
    expect(stderr.text()).toMatch(new RegExp(`mover-${targetName}-${table}: the engine moves the rows: running, \\d+ s`));
    const [running] = await trinoAdmin<{ n: number }>(
      `select count(*) as n from system.runtime.queries where "user" = '${engineUser}' and state not in ('FINISHED', 'FAILED')`,
    );
    expect(Number(running.n)).toBe(0);
    expect(await target.tables()).not.toContainEqual(expect.stringMatching(new RegExp(`^${table}`)));
  }, 120_000);
});
