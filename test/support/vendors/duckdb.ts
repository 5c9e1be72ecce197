import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vendors } from "../../../provider/vendors/registry";
import { FULL_TABLE } from "../atomic-tables";
import { openDataSessionFor } from "../data-session";
import { duckdbEndpoint } from "../../integration/transfer-fixtures";
import { checksum, LEDGER_ROWS, listFiles, openFolder } from "../preview-snapshot";
import type { AtomicTarget, ConnectionReference, PreviewTarget, VendorFixture } from "./fixture";

/**
 * DuckDB runs inside this process on a file of the test's own. Only one handle per process may
 * open a file, so the administrator's SQL goes through a data session of the code under test.
 */
const doubleQuote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function connection(connectionId: string, path: string): ConnectionReference {
  return { connectionId, type: "duckdb", configuration: { path }, credentials: {} };
}

async function rows(reference: ConnectionReference, sql: string, parameters?: unknown[]): Promise<Array<Record<string, unknown>>> {
  const session = await openDataSessionFor(reference);
  try {
    return await session.rows(sql, parameters);
  } finally {
    await session.close();
  }
}

/** Closes the process's handle on the file, so another process (or a fresh open) may take it. */
async function release(reference: ConnectionReference): Promise<void> {
  await (await vendors.duckdb.load()).release?.({ ...reference.configuration, readOnly: false } as never);
}

/**
 * The proof that DuckDB's statement no longer runs is the statement's own promise having
 * settled before the error (the session's cancel awaits it), seen as the process using no CPU
 * for the query afterwards: a cross join still running keeps both cores busy.
 */
async function cpuBusy(): Promise<number> {
  const before = process.cpuUsage();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const used = process.cpuUsage(before);
  // More than half a core over the half second: the query still runs.
  return used.user + used.system > 250_000 ? 1 : 0;
}

async function previewTarget(): Promise<PreviewTarget> {
  const folder = openFolder("preview-promise-duckdb");
  const reference = connection("duck", join(folder, "warehouse.duckdb"));
  const schema = "promise";
  const run = async <T>(work: (session: Awaited<ReturnType<typeof openDataSessionFor>>) => Promise<T>): Promise<T> => {
    const session = await openDataSessionFor(reference);
    try {
      return await work(session);
    } finally {
      await session.close();
    }
  };
  await run(async (session) => {
    await session.execute(`create schema ${schema}`);
    await session.execute(`create table ${schema}.ledger (x integer primary key, note varchar)`);
    await session.execute(`insert into ${schema}.ledger values ${LEDGER_ROWS}`);
    await session.execute(`create table ${schema}.victim as select x from ${schema}.ledger where x <= 5`);
    await session.execute("checkpoint");
  });
  return {
    connection: reference,
    outputPath: [schema],
    ledger: `${schema}.ledger`,
    victim: `${schema}.victim`,
    schema,
    newSchema: `${schema}_new`,
    newTable: `${schema}.created`,
    integerType: "integer",
    folder,
    extraHostile: [
      { name: "copy_to_file", sql: `copy ${schema}.ledger to '${folder}/copied.csv'` },
      { name: "copy_query_to_parquet", sql: `copy (select * from ${schema}.ledger) to '${folder}/copied.parquet' (format parquet)` },
      { name: "attach", sql: `attach '${folder}/attached.duckdb' as attached_db` },
      { name: "export_database", sql: `export database '${folder}/exported'` },
      { name: "copy_from_database", sql: `copy from database warehouse to memory` },
      { name: "checkpoint", sql: "checkpoint" },
      { name: "vacuum", sql: "vacuum" },
      { name: "detach", sql: "detach warehouse" },
      { name: "create_sequence", sql: `create sequence ${schema}.created_sequence` },
      { name: "create_macro", sql: `create macro ${schema}.created_macro(a) as a` },
      { name: "set_and_use", sql: "use memory" },
      { name: "prepare", sql: `prepare hostile as delete from ${schema}.ledger` },
    ],
    snapshot: () =>
      run(async (session) => {
        const tables = await session.rows<{ name: string }>(
          "select table_name as name from duckdb_tables() where database_name = current_database() and schema_name = $1 order by 1",
          [schema],
        );
        const tableRows: Record<string, string> = {};
        for (const { name } of tables) tableRows[name] = checksum(await session.rows(`select * from ${schema}."${name}"`));
        const schemas = await session.rows<{ name: string }>("select schema_name as name from duckdb_schemas() order by 1");
        const databases = await session.rows<{ name: string }>("select database_name as name from duckdb_databases() order by 1");
        const sequences = await session.rows<{ name: string }>("select sequence_name as name from duckdb_sequences() order by 1");
        return {
          tables: tableRows,
          schemas: [...schemas, ...databases, ...sequences].map((row) => row.name),
          files: listFiles(folder).filter((name) => !name.endsWith(".wal")),
        };
      }),
    close: async () => {
      await release(reference);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

function atomicTarget(): AtomicTarget {
  let directory = "";
  const reference = () => connection("duck-target", join(directory, "atomic.duckdb"));
  return {
    start: async () => {
      directory = mkdtempSync(join(tmpdir(), "atomic-publish-"));
    },
    stop: async () => {
      await release(reference()).catch(() => undefined);
      rmSync(directory, { recursive: true, force: true });
    },
    connection: reference,
    path: () => ["main"],
    createTableSql: (qualified, q) => FULL_TABLE(qualified, q),
    engineCatalog: { excluded: "the DuckDB file lives inside the provider's process: no Trino connector reaches it" },
    excludedFaults: {
      valueTooLong:
        "DuckDB accepts VARCHAR(n) but never enforces the length, and no wider source type narrows into a target column (the preview refuses it)",
      targetKilled: "DuckDB runs inside the provider process: it has no loading connection apart from the process itself (providerKilled)",
    },
    excludedActions: {},
    killRows: 200_000,
    providerKillTrials: 1,
    releaseForChild: () => release(reference()),
  };
}

export const fixture: VendorFixture = {
  type: "duckdb",
  sample: { configuration: { path: ":memory:" }, credentials: {} },
  placeEngineCatalog: { excluded: "the DuckDB file lives inside the provider's process: no Trino connector reaches it" },
  place: async () => {
    const scratch = mkdtempSync(join(tmpdir(), "promise-duckdb-"));
    const reference = connection("duck", join(scratch, "promise.duckdb"));
    return {
      connection: reference,
      path: ["main"],
      quote: doubleQuote,
      qualified: (table) => `main.${doubleQuote(table)}`,
      admin: (sql) => rows(reference, sql),
      informationSchema: "information_schema",
      textType: "varchar",
      close: async () => rmSync(scratch, { recursive: true, force: true }),
    };
  },
  previewTarget,
  atomicTarget,
  cancellation: {
    start: async () => {
      const scratch = mkdtempSync(join(tmpdir(), "promise-cancel-duckdb-"));
      const reference = connection("duck", join(scratch, "cancel.duckdb"));
      return {
        connection: reference,
        slowQuery: (marker) => `select sum(a.range * b.range) as ${marker} from range(100000000) a, range(100000000) b`,
        running: () => cpuBusy(),
        listsStatements: false,
        publishPath: ["main"],
        tablesLike: async (prefix) =>
          (
            await rows(reference, "select table_name as name from duckdb_tables() where schema_name = 'main' and table_name like $1", [
              `${prefix}%`,
            ])
          ).map((row) => String(row.name)),
        close: async () => {
          await release(reference).catch(() => undefined);
          rmSync(scratch, { recursive: true, force: true });
        },
      };
    },
  },
  pushdown: {
    connection: (scratch) => connection("duck", join(scratch, "test.duckdb")),
    schema: "main",
    jobSchema: "dataplane",
    admin: (reference, sql) => rows(reference, sql),
    tableExistsSql: (schema, table) => `select 1 from duckdb_tables() where schema_name = '${schema}' and table_name = '${table}'`,
    textLiteral: (text) => `'${text.replace(/'/g, "''")}'`,
    nullText: "cast(null as varchar(20))",
    integerCast: (expression) => `cast(${expression} as integer)`,
    typedSelect: {
      sql: "select 1::integer as id, 'x'::varchar as label, 2.5::decimal(10,2) as amount, date '2026-01-02' as day",
      nativeTypes: ["INTEGER", "VARCHAR", "DECIMAL(10,2)", "DATE"],
    },
    // DuckDB has no users, so no grants: no reader.
    arrayLiteral: (items) => `[${items.join(", ")}]`,
  },
  transfer: { endpoint: (scratch, role) => duckdbEndpoint(join(scratch, `${role}.duckdb`)) },
  warehouse: {
    excluded: "not a warehouse peer: its transfers with each warehouse run in that warehouse's own round trip (its transfer profile)",
  },
  leastPrivilege: { excluded: "DuckDB has no users to grant to" },
  isolation: {
    connection: (prefix) => connection(`${prefix}-duck`, join(mkdtempSync(join(tmpdir(), `${prefix}-`)), "promises.duckdb")),
    numbersSql: (first, count) =>
      `select g::bigint as id, 'row-' || g as label from generate_series(${first}, ${first + count - 1}) as t(g)`,
    tablesSql: (path) => `select table_name from duckdb_tables() where schema_name = '${path[path.length - 1]}'`,
    quote: doubleQuote,
  },
};
