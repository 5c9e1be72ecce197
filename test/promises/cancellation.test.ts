import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as jobGroup from "../../provider/resources/job-group";
import * as publication from "../../provider/resources/publication";
import { loadVendor, vendors, type VendorType } from "../../provider/vendors/registry";
import { uniqueName, withMysql, withPostgres } from "../support/admin";
import { mysql } from "../support/services";
import { openDataSessionFor } from "../support/data-session";
import { trinoConnection } from "../support/trino-connection";
import { ensureTrino, trinoAdmin } from "../support/trino-server";
import { scratchConnections } from "../integration/job-group-fixtures";

/**
 * Promise "Cancellation" (README): past `timeoutSeconds` the running statement is cancelled in
 * the database, and gone from the server *before* the error is reported. Every assertion on
 * the server runs at once after the rejection, with no waiting: a cancel fired and not awaited
 * fails here. Each vendor of the registry is either proven (TRIALS times) or excluded below
 * with the reason.
 */
const TRIALS = 5;
const TIMEOUT_SECONDS = 2;

const { scratch, connections } = scratchConnections("promise-cancel");
const trinoSchema = uniqueName("cancel");

/** How a vendor's server shows that a statement runs; `marker` is a name inside its SQL. */
interface Cancellable {
  connection: Record<string, unknown>;
  /** A statement that runs far longer than TIMEOUT_SECONDS, with `marker` in its text. */
  slowQuery(marker: string): string;
  /** How many statements with `marker` in their text the server runs now. */
  running(marker: string): Promise<number>;
  /** Where a publication into this vendor puts its table. */
  publishPath: string[];
  /** Tables in publishPath whose names start with `prefix` (the target, its staging tables). */
  tablesLike(prefix: string): Promise<string[]>;
}

async function postgresRunning(marker: string): Promise<number> {
  return withPostgres(async (client) => {
    const { rows } = await client.query("select count(*) as n from pg_stat_activity where state = 'active' and backend_type = 'client backend' and query like $1 and pid <> pg_backend_pid()", [`%${marker}%`]);
    return Number(rows[0].n);
  });
}

/** The statements with `marker` in their text that Postgres runs now, as `application: query`. */
async function postgresStatements(marker: string): Promise<string[]> {
  return withPostgres(async (client) => {
    const { rows } = await client.query<{ statement: string }>(
      "select application_name || ': ' || query as statement from pg_stat_activity where state = 'active' and backend_type = 'client backend' and query like $1 and pid <> pg_backend_pid()",
      [`%${marker}%`],
    );
    return rows.map((row) => row.statement);
  });
}

async function postgresTablesLike(prefix: string): Promise<string[]> {
  return withPostgres(async (client) => {
    const { rows } = await client.query<{ name: string }>("select table_name as name from information_schema.tables where table_schema = 'public' and table_name like $1", [`${prefix}%`]);
    return rows.map((row) => row.name);
  });
}

/**
 * DuckDB runs in this process; the proof that its statement no longer runs is the statement's
 * own promise having settled before the error (core: the session's cancel awaits it), seen
 * here as the process using no CPU for the query afterwards: a cross join still running keeps
 * both cores busy.
 */
async function duckdbCpuBusy(): Promise<number> {
  const before = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const used = process.cpuUsage(before);
  // More than half a core over the half second: the query still runs.
  return used.user + used.system > 250_000 ? 1 : 0;
}

const CANCELLABLE: Record<VendorType, Cancellable | { excluded: string }> = {
  postgres: { connection: connections.postgres, slowQuery: (marker) => `select 1 as ${marker} from pg_sleep(30)`, running: postgresRunning, publishPath: ["public"], tablesLike: postgresTablesLike },
  // Redshift is reached through the Postgres protocol; here it is the suite's Postgres server.
  redshift: {
    connection: { ...connections.postgres, connectionId: "redshift", type: "redshift" },
    slowQuery: (marker) => `select 1 as ${marker} from pg_sleep(30)`,
    running: postgresRunning,
    publishPath: ["public"],
    tablesLike: postgresTablesLike,
  },
  mysql: {
    connection: connections.mysql,
    slowQuery: (marker) => `select sleep(30) as ${marker}`,
    running: (marker) =>
      withMysql(async (connection) => {
        const [rows] = await connection.query("select count(*) as n from information_schema.processlist where info like ? and id <> connection_id()", [`%${marker}%`]);
        return Number((rows as Array<{ n: number }>)[0].n);
      }),
    publishPath: [mysql.database],
    tablesLike: (prefix) =>
      withMysql(async (connection) => {
        const [rows] = await connection.query("select table_name as name from information_schema.tables where table_schema = ? and table_name like ?", [mysql.database, `${prefix}%`]);
        return (rows as Array<{ name: string }>).map((row) => row.name);
      }),
  },
  duckdb: {
    connection: connections.duckdb,
    slowQuery: (marker) => `select sum(a.range * b.range) as ${marker} from range(100000000) a, range(100000000) b`,
    running: () => duckdbCpuBusy(),
    publishPath: ["main"],
    tablesLike: async (prefix) => {
      const session = await openDataSessionFor(connections.duckdb);
      try {
        const rows = await session.rows<{ name: string }>("select table_name as name from duckdb_tables() where schema_name = 'main' and table_name like $1", [`${prefix}%`]);
        return rows.map((row) => row.name);
      } finally {
        await session.close();
      }
    },
  },
  trino: {
    connection: trinoConnection(trinoSchema),
    slowQuery: (marker) => `select count(*) as ${marker} from unnest(sequence(1, 10000)) a(x) cross join unnest(sequence(1, 10000)) b(y) cross join unnest(sequence(1, 10000)) c(z)`,
    running: async (marker) => {
      const [row] = await trinoAdmin<{ n: number }>(
        `select count(*) as n from system.runtime.queries where state not in ('FINISHED', 'FAILED') and query like '%${marker}%' and query not like '%system.runtime.queries%'`,
      );
      return Number(row.n);
    },
    publishPath: ["memory", trinoSchema],
    tablesLike: async (prefix) =>
      (await trinoAdmin<{ name: string }>(`select table_name as name from memory.information_schema.tables where table_schema = '${trinoSchema}' and table_name like '${prefix}%'`)).map((row) => row.name),
  },
  snowflake: { excluded: "fakesnow acknowledges Snowflake's abort request and runs the query on: no emulator here can show a statement stopped (README, Snowflake note 8)" },
  bigquery: { excluded: "the BigQuery emulator runs each job synchronously and ignores jobs.cancel: nothing here can show a job stopped (README, BigQuery note 17)" },
};

const PROVEN = (Object.keys(vendors) as VendorType[]).filter((vendor) => !("excluded" in CANCELLABLE[vendor]));

/** Waits until the server shows the statement (so the trial cancels a statement that really ran); fails loudly otherwise. */
async function untilRunning(cancellable: Cancellable, marker: string, vendor: VendorType): Promise<void> {
  const until = performance.now() + TIMEOUT_SECONDS * 1000;
  while (performance.now() < until) {
    if ((await cancellable.running(marker)) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the slow statement never showed as running on ${vendor}`);
}

/** Rows of the publication source: enough that no load or push-down into any vendor ends within its deadline. */
const SOURCE_ROWS = 3_000_000;
const PUBLICATION_TIMEOUT_SECONDS = 1;
let source: { id: string; outs: Record<string, unknown> };

beforeAll(async () => {
  await ensureTrino();
  await trinoAdmin(`create schema memory.${trinoSchema}`);
  const inputs = {
    resourceName: "cancel-source",
    connection: connections.postgres,
    steps: [{ name: "rows", sql: `select n as id, md5(n::text) as label from generate_series(1, ${SOURCE_ROWS}) as n` }],
    output: { table: uniqueName("cancel_source") },
    timeoutSeconds: 120,
  };
  const checked = await jobGroup.check({}, inputs);
  expect(checked.failures ?? []).toEqual([]);
  source = await jobGroup.create(checked.inputs);
}, 300_000);

afterAll(async () => {
  if (source) await jobGroup.remove(source.id, source.outs);
  rmSync(scratch, { recursive: true, force: true });
  await trinoAdmin(`drop schema if exists memory.${trinoSchema} cascade`).catch(() => trinoAdmin(`drop schema if exists memory.${trinoSchema}`));
});

describe.each(PROVEN)("cancellation on %s", (vendor) => {
  const cancellable = CANCELLABLE[vendor] as Cancellable;

  it(`a job past timeoutSeconds: the statement is gone from the server when the error is reported (${TRIALS} trials)`, async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const marker = uniqueName("slow");
      const started = performance.now();
      const creating = jobGroup.create({
        resourceName: `cancel-${vendor}`,
        connection: cancellable.connection,
        steps: [{ name: "slow", sql: cancellable.slowQuery(marker) }],
        output: { table: uniqueName("cancel") },
        timeoutSeconds: TIMEOUT_SECONDS,
      });
      creating.catch(() => undefined);
      if (vendor !== "duckdb") await untilRunning(cancellable, marker, vendor);
      const error = (await creating.then(() => new Error("the job finished"), (caught: unknown) => caught)) as Error;
      // No waiting between the rejection and this look at the server.
      expect(await cancellable.running(marker), `trial ${trial + 1}`).toBe(0);
      expect(error.message).toMatch(/timed out: job cancel-\w+ did not finish within 2 s; the running statement was cancelled in the database, which shows it no longer running/);
      expect(performance.now() - started).toBeLessThan((TIMEOUT_SECONDS + 5) * 1000);
    }
  });

  it(`a preview past its deadline: a setup step it runs is gone from the server when check fails (${TRIALS} trials)`, async () => {
    const { dialect } = await loadVendor(vendor);
    // Only databases whose DDL rolls back run a job's earlier steps at preview; the others
    // compile them without running anything, so nothing runs to be cancelled.
    if (!dialect.transactionalDdl) {
      const checked = await jobGroup.check({}, { resourceName: "cancel-check", connection: cancellable.connection, steps: [{ name: "warm_up", sql: cancellable.slowQuery(uniqueName("slow")) }, { name: "result", sql: "select 1 as id" }], timeoutSeconds: TIMEOUT_SECONDS });
      expect(checked.failures ?? []).toEqual([]);
      return;
    }
    for (let trial = 0; trial < TRIALS; trial++) {
      const marker = uniqueName("slow_check");
      const checking = jobGroup.check({}, {
        resourceName: "cancel-check",
        connection: cancellable.connection,
        steps: [{ name: "warm_up", sql: cancellable.slowQuery(marker) }, { name: "result", sql: "select 1 as id" }],
        output: { table: uniqueName("cancel_check") },
        timeoutSeconds: TIMEOUT_SECONDS,
      });
      if (vendor !== "duckdb") await untilRunning(cancellable, marker, vendor);
      const { failures } = await checking;
      expect(await cancellable.running(marker), `trial ${trial + 1}`).toBe(0);
      expect(failures?.[0].reason).toMatch(/timed out: SQL check did not finish within 2 s; the running statement was cancelled in the database, which shows it no longer running/);
    }
  });

  it(`a publication past timeoutSeconds: no load or staging table is left when the error is reported (${TRIALS} trials)`, async () => {
    const sourceTable = (source.outs.result as { table: string }).table;
    for (let trial = 0; trial < TRIALS; trial++) {
      const table = uniqueName("cancel_pub");
      const started = performance.now();
      const error = (await publication
        .create({
          resourceName: `cancel-publish-${vendor}`,
          source: { jobGroupId: source.id, runId: source.outs.runId, connection: source.outs.connection, result: source.outs.result },
          connection: cancellable.connection,
          path: cancellable.publishPath,
          table,
          action: "create",
          timeoutSeconds: PUBLICATION_TIMEOUT_SECONDS,
        })
        .then(() => new Error("the publication finished"), (caught: unknown) => caught)) as Error;
      // No waiting between the rejection and these looks at the servers.
      expect(await cancellable.tablesLike(table), `trial ${trial + 1}`).toEqual([]);
      expect(await cancellable.running(table), `trial ${trial + 1}: a statement on the target still runs`).toBe(0);
      expect(await postgresStatements(sourceTable), `trial ${trial + 1}: the source's read still runs`).toEqual([]);
      expect(error.message).toMatch(new RegExp(`timed out: publication cancel-publish-${vendor} did not finish within ${PUBLICATION_TIMEOUT_SECONDS} s; `));
      expect(error.message).toMatch(/the running statement was cancelled in the database, which shows it no longer running/);
      expect(performance.now() - started).toBeLessThan((PUBLICATION_TIMEOUT_SECONDS + 5) * 1000);
    }
  });

  it("a job within its deadline is unaffected", async () => {
    const table = uniqueName("in_time");
    const inputs = { resourceName: "in-time", connection: cancellable.connection, steps: [{ name: "result", sql: "select 1 as id" }], output: { table }, timeoutSeconds: 30 };
    const checked = await jobGroup.check({}, inputs);
    expect(checked.failures ?? []).toEqual([]);
    const { id, outs } = await jobGroup.create(checked.inputs);
    expect(outs.status).toBe("COMPLETE");
    await jobGroup.remove(id, outs);
  });
});
