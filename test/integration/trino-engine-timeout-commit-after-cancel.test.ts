import { createConnection } from "mysql2/promise";
import { Client } from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as publication from "../../provider/resources/publication";
import { uniqueName, withMysql, withPostgres } from "../support/admin";
import { mysql, postgres } from "../support/services";
import {
  engineInputs,
  mariadbConnection,
  mariadbRows,
  mariadbTables,
  postgresConnection,
  postgresRows,
  postgresTables,
  references,
  removeJob,
  runJob,
  type Snapshot,
  type SourceJob,
  requireTrino,
} from "./trino-engine-support";

/**
 * README: "a failure (duplicate key, value too long, `timeoutSeconds`: Trino's query is
 * cancelled with `DELETE` on its `nextUri` and confirmed gone, the staging table dropped) leaves
 * the target as it was. `load` into an existing table is Trino's `INSERT` straight into the
 * target: … all or nothing too."
 *
 * A hostile user's `load` meets a reader holding a lock on the target (a report's
 * `SELECT … FOR UPDATE` on MariaDB, `LOCK TABLE … IN SHARE MODE` on Postgres): Trino's connector
 * writes its temporary tables, then its final `INSERT INTO target SELECT … FROM tmp_trino_…`
 * waits for the lock past `timeoutSeconds`. The publication fails saying the statement was
 * cancelled and the target is as it was; the reader then ends its transaction, and the target
 * is read again a few seconds later. On MariaDB the "cancelled" insert is still waiting in the
 * server and lands every row after the error: a failed `up` (no state) whose rows are in the
 * target, so the next `up` loads them a second time.
 */
const schema = uniqueName("hx_mover_lock");
const engineUser = uniqueName("hx_mover_user");
let source: SourceJob;
const SOURCE_ROWS = 1000;

beforeAll(async () => {
  await requireTrino();
  await withPostgres((client) => client.query(`create schema "${schema}"`));
  await withMysql((connection) => connection.query(`create database \`${schema}\``));
  source = await runJob(
    references.postgres,
    schema,
    "source_rows",
    `select n::integer as id, md5(n::text) as label from generate_series(1, ${SOURCE_ROWS}) as n`,
  );
}, 120_000);

afterAll(async () => {
  await removeJob(source);
  await withPostgres((client) => client.query(`drop schema if exists "${schema}" cascade`));
  await withMysql((connection) => connection.query(`drop database if exists \`${schema}\``));
});

interface Target {
  connection: Record<string, unknown>;
  catalog: string;
  admin(sql: string): Promise<void>;
  qualified(table: string): string;
  rows(table: string): Promise<Snapshot>;
  tables(): Promise<string[]>;
  /** Opens a session holding a lock that lets readers in but makes any insert into `table` wait; returns its release. */
  holdLock(table: string): Promise<() => Promise<void>>;
}

const targets: Record<"mariadb" | "postgres", Target> = {
  mariadb: {
    connection: mariadbConnection("maria-target"),
    catalog: "mysql",
    admin: (sql) => withMysql(async (connection) => void (await connection.query(sql))),
    qualified: (table) => `\`${schema}\`.\`${table}\``,
    rows: (table) => mariadbRows(schema, table),
    tables: () => mariadbTables(schema),
    holdLock: async (table) => {
      const holder = await createConnection({ ...mysql });
      await holder.query("begin");
      // A scan without an index locks every row and the gap after the last: inserts wait.
      await holder.query(`select * from \`${schema}\`.\`${table}\` for update`);
      return async () => {
        await holder.query("commit");
        await holder.end();
      };
    },
  },
  postgres: {
    connection: postgresConnection("pg-target"),
    catalog: "postgresql",
    admin: (sql) => withPostgres(async (client) => void (await client.query(sql))),
    qualified: (table) => `"${schema}"."${table}"`,
    rows: (table) => postgresRows(schema, table),
    tables: () => postgresTables(schema),
    holdLock: async (table) => {
      const holder = new Client({ ...postgres });
      await holder.connect();
      await holder.query("begin");
      await holder.query(`lock table "${schema}"."${table}" in share mode`);
      return async () => {
        await holder.query("commit");
        await holder.end();
      };
    },
  },
};

// `load` is Trino's INSERT straight into the target (its commit waits on the lock); the others
// fill a staging table in Trino and wait in the target connection's apply, which holds.
const cases = (["mariadb", "postgres"] as const).flatMap((targetName) =>
  (["load", "truncateAndLoad", "upsert"] as const).map((action) => [targetName, action] as const),
);

describe.each(cases)("%s: a %s whose write into the target waits on a reader's lock past timeoutSeconds", (targetName, action) => {
  const target = targets[targetName];

  it("fails leaving the target as it was, also once the lock is released", async () => {
    const table = `locked_${targetName}_${action.toLowerCase()}`;
    await target.admin(`create table ${target.qualified(table)} (id integer primary key, label varchar(40))`);
    await target.admin(`insert into ${target.qualified(table)} values (0, 'kept')`);
    const before = await target.rows(table);
    const properties = engineInputs({
      name: `hostile-${table}`,
      source: source.source,
      connection: target.connection,
      schema,
      table,
      action,
      engineUser,
      sourceCatalog: "postgresql",
      targetCatalog: target.catalog,
      extra: { timeoutSeconds: 8, ...(action === "upsert" ? { keys: ["id"] } : {}) },
    });
    const release = await target.holdLock(table);
    let failure = "";
    try {
      await publication.create((await publication.check({}, properties)).inputs);
    } catch (error) {
      failure = String(error);
    } finally {
      await release();
    }
    expect(failure).toMatch(/did not finish within 8 s.*cancelled in the database.*the target table is as it was before/s);
    // What the error claims must stay true once the reader lets go.
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const after = await target.rows(table);
    // Fails today on MariaDB with load: 1,001 rows (the 1,000 source rows landed after the error).
    expect({ count: after.rows.length, checksum: after.checksum }).toEqual({ count: before.rows.length, checksum: before.checksum });
    expect((await target.tables()).filter((name) => name.startsWith("tmp_trino_") || name.startsWith(`${table}__`))).toEqual([]);
  }, 120_000);
});
