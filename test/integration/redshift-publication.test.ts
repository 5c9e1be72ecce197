/**
 * Publications into and out of Redshift, through the Redshift proxy (test/support/redshift-proxy.ts,
 * started here so its log of served S3 copies and refusals can be read): every action from
 * Postgres and from DuckDB lands exactly the expected rows (a checksum over every row, compared
 * with the same rows computed in Postgres), large loads go as gzip CSV parts in S3 read by one
 * COPY, small ones as INSERTs, no statement Redshift refuses is sent, no S3 object stays behind
 * (also after a refused value or a killed connection, which leave the target as it was), and
 * Redshift as a source is read through a cursor.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as publication from "../../provider/resources/publication";
import { uniqueName, withPostgres } from "../support/admin";
import { openDataSessionFor } from "../support/data-session";
import { startRedshiftProxy, type RedshiftProxy } from "../support/redshift-proxy";
import { redshiftCredentials, redshiftServices, s3Staging } from "../support/redshift-services";
import { keysUnder, S3_TEST_CREDENTIALS, S3_TEST_REGION } from "../support/s3-emulator";
import { postgres } from "../support/services";

const ACTIONS = ["create", "load", "createAndLoad", "truncateAndLoad", "dropAndLoad", "upsert"] as const;
type Action = (typeof ACTIONS)[number];

/** More rows than INSERT_BELOW_ROWS (provider/vendors/redshift/load.ts): the load goes through S3. */
const ROWS = 1500;

/** The same rows in Postgres and DuckDB SQL: text CSV must quote (comma, quote, newline, empty, a literal \N), NULLs. */
function rowsSql(count: number, first = 1): string {
  return `select cast(g as bigint) as id,
    case g % 6 when 0 then 'a,b "q"' when 1 then 'line' || chr(10) || 'break' when 2 then '' when 3 then null when 4 then '\\N' else 'name ' || g end as name,
    cast(g * 1.25 as decimal(12,2)) as amount,
    date '2024-01-01' + cast(g as integer) as day,
    g % 2 = 0 as flag,
    timestamp '2024-01-01 00:00:00' + g * interval '1 second' as at
    from generate_series(${first}, ${first + count - 1}) as t(g)`;
}

const schema = uniqueName("redshift_pub");
const prefix = `${schema}/loads`;
const scratch = mkdtempSync(join(tmpdir(), "redshift-pub-"));
const duckdbFile = join(scratch, "source.duckdb");
let proxy: RedshiftProxy;

const postgresConnection = {
  connectionId: "rs-pg-source",
  type: "postgres",
  configuration: { host: postgres.host, port: postgres.port, database: postgres.database, user: postgres.user },
  credentials: { password: postgres.password },
};
const duckdbConnection = { connectionId: "rs-duck-source", type: "duckdb", configuration: { path: duckdbFile }, credentials: {} };

function redshiftConnection(s3 = true): Record<string, unknown> {
  return {
    connectionId: "rs-target",
    type: "redshift",
    configuration: {
      host: postgres.host,
      port: proxy.port,
      database: postgres.database,
      user: postgres.user,
      ...(s3 ? { s3: s3Staging(redshiftServices().s3Endpoint, prefix) } : {}),
    },
    credentials: redshiftCredentials(),
  };
}

function inputs(source: Record<string, unknown>, sourceTable: string, target: Record<string, unknown>, table: string, action: Action) {
  return {
    resourceName: `rs-${table}`,
    pulumiStack: { project: "redshift", stack: "test" },
    source: { jobGroupId: "job", runId: "run-1", connection: source, result: { path: [schema], table: sourceTable } },
    connection: target,
    path: [schema],
    table,
    action,
    ...(action === "upsert" ? { keys: ["id"] } : {}),
    ...(["create", "createAndLoad", "dropAndLoad"].includes(action) ? { adopt: true } : {}),
    timeoutSeconds: 300,
  };
}

const admin = (sql: string) => withPostgres(async (client) => (await client.query(sql)).rows);

/** md5 over every row's text in key order: equal checksums, equal rows. */
async function checksum(sql: string): Promise<{ count: number; md5: string }> {
  const [row] = await admin(
    `select count(*)::int as count, md5(coalesce(string_agg(r::text, '|' order by r.id), '')) as md5 from (${sql}) r`,
  );
  return { count: row.count as number, md5: row.md5 as string };
}

/** What the target holds after `action` given its rows before (`before`) and the source's (`source`). */
function expectedSql(action: Action, before: string, source: string): string {
  if (action === "load" || action === "createAndLoad") return `select * from ${before} union all select * from ${source}`;
  if (action === "upsert") return `select * from ${before} where id not in (select id from ${source}) union all select * from ${source}`;
  return `select * from ${source}`;
}

beforeAll(async () => {
  proxy = await startRedshiftProxy({
    upstream: { host: postgres.host, port: postgres.port },
    s3: { endpoint: redshiftServices().s3Endpoint, region: S3_TEST_REGION, credentials: S3_TEST_CREDENTIALS },
  });
  await admin(`create schema ${schema}`);
  // The reference rows both sources hold, in Postgres.
  await admin(`create table ${schema}.reference as ${rowsSql(ROWS)}`);
  const duck = await openDataSessionFor(duckdbConnection);
  try {
    await duck.execute(`create schema if not exists ${schema}`);
    await duck.execute(`create table ${schema}.reference as ${rowsSql(ROWS)}`);
  } finally {
    await duck.close();
  }
});

afterAll(async () => {
  await proxy?.close();
  await admin(`drop schema if exists ${schema} cascade`);
  rmSync(scratch, { recursive: true, force: true });
});

describe.each([
  ["postgres", () => postgresConnection],
  ["duckdb", () => duckdbConnection],
])("publishing from %s into Redshift through the proxy", (_name, sourceConnection) => {
  it.each(ACTIONS)("%s lands exactly the expected rows through S3 parts and one COPY, leaving no object behind", async (action) => {
    const table = uniqueName(`rs_${action.toLowerCase()}`);
    const before = `${schema}.${table}_before`;
    // Rows already there: ids 1–3 (which the source replaces on upsert) and -1 (kept).
    await admin(`create table ${before} as ${rowsSql(3)} union all ${rowsSql(1, -1)}`);
    await admin(`update ${before} set name = 'old'`);
    if (action !== "create") {
      await admin(
        `create table ${schema}.${table} (id bigint, name varchar(65535), amount numeric(12,2), day date, flag boolean, at timestamp)`,
      );
      await admin(`insert into ${schema}.${table} select * from ${before}`);
    }
    const copies = proxy.s3Copies.length;
    const { outs } = await publication.create(inputs(sourceConnection(), "reference", redshiftConnection(), table, action));
    expect(outs.rowCount).toBe(ROWS);
    const expectedBefore = action === "create" ? `(select * from ${before} where false) as none` : before;
    expect(await checksum(`select * from ${schema}.${table}`)).toEqual(
      await checksum(expectedSql(action, expectedBefore, `${schema}.reference`)),
    );
    expect(proxy.s3Copies.length).toBe(copies + 1);
    expect(proxy.s3Copies[copies].keys.every((key) => key.startsWith(`${prefix}/`) && key.endsWith(".csv.gz"))).toBe(true);
    expect(proxy.refusals).toEqual([]);
    expect(await keysUnder(redshiftServices().s3Endpoint, prefix)).toEqual([]);
  });
});

describe("Redshift loads that fail", () => {
  it("a value the target refuses mid-way (row 1400 of 1500) leaves the target as it was and no object in S3", async () => {
    const table = uniqueName("rs_refused");
    const source = uniqueName("rs_bad_source");
    await admin(`create table ${schema}.${source} as ${rowsSql(ROWS)}`);
    await admin(`update ${schema}.${source} set name = 'far too long for eight' where id = 1400`);
    await admin(`create table ${schema}.${table} (id bigint, name varchar(8), amount numeric(12,2), day date, flag boolean, at timestamp)`);
    await admin(`insert into ${schema}.${table} select id, 'kept', amount, day, flag, at from (${rowsSql(3)}) r`);
    const before = await checksum(`select * from ${schema}.${table}`);
    await expect(publication.create(inputs(postgresConnection, source, redshiftConnection(), table, "truncateAndLoad"))).rejects.toThrow(
      /value too long[\s\S]*target table is as it was before/,
    );
    expect(await checksum(`select * from ${schema}.${table}`)).toEqual(before);
    expect(await keysUnder(redshiftServices().s3Endpoint, prefix)).toEqual([]);
  });

  it("a load whose connection is killed during its COPY leaves the target as it was and no object in S3", async () => {
    const table = uniqueName("rs_killed");
    const source = uniqueName("rs_big_source");
    await admin(`create table ${schema}.${source} as ${rowsSql(400_000)}`);
    await admin(`create table ${schema}.${table} as ${rowsSql(3)}`);
    const before = await checksum(`select * from ${schema}.${table}`);
    const running = publication.create(inputs(postgresConnection, source, redshiftConnection(), table, "truncateAndLoad"));
    running.catch(() => undefined);
    let killed = false;
    const deadline = Date.now() + 120_000;
    while (!killed && Date.now() < deadline) {
      const rows = await admin(
        `select pg_terminate_backend(a.pid) from pg_stat_activity a join pg_stat_progress_copy p using (pid)
           where a.application_name = 'pulumi-dataplane-load' and position('${table}' in a.query) > 0 and p.tuples_processed > 0`,
      );
      killed = rows.length > 0;
      if (!killed) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(killed, "the COPY was never seen running").toBe(true);
    await expect(running).rejects.toThrow(/target table is as it was before/);
    expect(await checksum(`select * from ${schema}.${table}`)).toEqual(before);
    expect(await keysUnder(redshiftServices().s3Endpoint, prefix)).toEqual([]);
  }, 180_000);
});

describe("Redshift loads and reads without S3", () => {
  it("a small result goes as INSERTs, with no S3 copy", async () => {
    const table = uniqueName("rs_small");
    const source = uniqueName("rs_small_source");
    await admin(`create table ${schema}.${source} as ${rowsSql(40)}`);
    const copies = proxy.s3Copies.length;
    await publication.create(inputs(postgresConnection, source, redshiftConnection(), table, "create"));
    expect(await checksum(`select * from ${schema}.${table}`)).toEqual(await checksum(`select * from ${schema}.${source}`));
    expect(proxy.s3Copies.length).toBe(copies);
  });

  it("without configuration.s3 a large result goes as INSERT batches in one transaction", async () => {
    const table = uniqueName("rs_no_s3");
    const copies = proxy.s3Copies.length;
    await publication.create(inputs(postgresConnection, "reference", redshiftConnection(false), table, "create"));
    expect(await checksum(`select * from ${schema}.${table}`)).toEqual(await checksum(`select * from ${schema}.reference`));
    expect(proxy.s3Copies.length).toBe(copies);
    expect(proxy.refusals).toEqual([]);
  });

  it("Redshift as a source is read through a cursor (no COPY TO STDOUT) into Postgres", async () => {
    const table = uniqueName("rs_out");
    const source = { ...redshiftConnection(), connectionId: "rs-source" };
    await publication.create(inputs(source, "reference", postgresConnection, table, "create"));
    expect(await checksum(`select * from ${schema}.${table}`)).toEqual(await checksum(`select * from ${schema}.reference`));
    expect(proxy.refusals).toEqual([]);
  });
});

describe("Redshift's column types at preview", () => {
  it.each([
    ["bytea", "binary values"],
    ["numeric", "NUMERIC without precision"],
  ])("a %s source column is refused at check, naming the column and the fix", async (nativeType, reason) => {
    const result = await publication.check(
      {},
      {
        ...inputs(postgresConnection, "reference", redshiftConnection(), uniqueName("rs_types"), "create"),
        source: {
          jobGroupId: "job",
          runId: "run-1",
          connection: postgresConnection,
          result: { path: [schema], table: "reference", columns: [{ name: "payload", nativeType }] },
        },
      },
    );
    expect(result.failures?.[0]?.reason).toContain(`column "payload": `);
    expect(result.failures?.[0]?.reason).toContain(reason);
    expect(result.failures?.[0]?.reason).toContain("in the job's SQL");
  });
});
