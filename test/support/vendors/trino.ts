import { rmSync } from "node:fs";
import { uniqueName } from "../admin";
import { checksum, LEDGER_ROWS, listFiles, openFolder } from "../preview-snapshot";
import { trinoConnection } from "../trino-connection";
import { ensureTrino, trinoAdmin } from "../trino-server";
import { createTrinoTable, dropTrinoTable, readTrinoRows, trinoEndpoint } from "../trino-tables";
import { tableOf } from "../../integration/transfer-fixtures";
import type { AtomicTarget, ConnectionInputs, ConnectionReference, PreviewTarget, VendorFixture } from "./fixture";

/** Trino, the one-node server scripts/services/trino.sh starts, with its memory connector. */
const doubleQuote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function reference(schema: string, connectionId = "trino"): ConnectionReference {
  return { ...trinoConnection(schema), connectionId, type: "trino" };
}

async function dropSchema(schema: string): Promise<void> {
  for (const { table_name } of await trinoAdmin<{ table_name: string }>(
    `select table_name from memory.information_schema.tables where table_schema = '${schema}'`,
  )) {
    await trinoAdmin(`drop table if exists memory.${schema}.${doubleQuote(table_name)}`);
  }
  await trinoAdmin(`drop schema if exists memory.${schema}`);
}

async function previewTarget(): Promise<PreviewTarget> {
  await ensureTrino();
  const schema = uniqueName("promise_trino");
  const folder = openFolder("preview-promise-trino");
  await trinoAdmin(`create schema memory.${schema}`);
  await trinoAdmin(`create table memory.${schema}.ledger (x integer, note varchar)`);
  await trinoAdmin(`insert into memory.${schema}.ledger values ${LEDGER_ROWS}`);
  await trinoAdmin(`create table memory.${schema}.victim as select x from memory.${schema}.ledger where x <= 5`);
  return {
    connection: reference(schema),
    outputPath: [schema],
    ledger: `memory.${schema}.ledger`,
    victim: `memory.${schema}.victim`,
    schema: `memory.${schema}`,
    newSchema: `memory.${schema}_new`,
    newTable: `memory.${schema}.created`,
    integerType: "integer",
    folder,
    extraHostile: [
      { name: "execute_immediate_insert", sql: `execute immediate 'insert into memory.${schema}.ledger values (2000, ''smuggled'')'` },
      { name: "execute_immediate_drop", sql: `execute immediate 'drop table memory.${schema}.victim'` },
      { name: "drop_schema", sql: `drop schema memory.${schema} cascade` },
      { name: "set_session", sql: "set session query_max_run_time = '1s'" },
    ],
    snapshot: async () => {
      const tables = await trinoAdmin<{ name: string }>(
        `select table_name as name from memory.information_schema.tables where table_schema = '${schema}' order by 1`,
      );
      const rows: Record<string, string> = {};
      for (const { name } of tables) rows[name] = checksum(await trinoAdmin(`select * from memory.${schema}."${name}"`));
      const schemas = await trinoAdmin<{ name: string }>(
        `select schema_name as name from memory.information_schema.schemata where schema_name like '${schema}%'`,
      );
      return { tables: rows, schemas: schemas.map((row) => row.name).sort(), files: listFiles(folder) };
    },
    close: async () => {
      for (const table of ["ledger", "victim", "created"]) await trinoAdmin(`drop table if exists memory.${schema}.${table}`);
      await trinoAdmin(`drop schema if exists memory.${schema}`);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

function atomicTarget(): AtomicTarget {
  const schema = `atomic_${process.pid}`;
  return {
    start: async () => {
      await ensureTrino();
      await trinoAdmin(`create schema if not exists memory.${schema}`);
    },
    stop: () => dropSchema(schema),
    connection: () => reference(schema),
    path: () => ["memory", schema],
    engineCatalog: { excluded: "the target is Trino itself: its rows are written by Trino already, whichever mover reads the source" },
    createTableSql: (qualified, q) =>
      `create table ${qualified} (${q("id")} bigint, ${q("name")} varchar(8) not null, ${q("amount")} bigint)`,
    excludedFaults: {
      duplicateKey: "Trino's memory connector has no primary keys",
      checkViolation: "Trino's memory connector has no CHECK constraints",
      targetKilled: "each INSERT batch is a query of its own on the memory connector; killing one is the same as the source failing",
      sourceKilled:
        "the Postgres source is read into socket buffers faster than Trino takes rows as SQL text, so a kill rarely lands mid-read: on a loaded 2-core machine three of six actions saw every attempt come too late; source kills are proven on the Postgres, MariaDB and DuckDB targets, and a failed Trino load leaves the target as the value faults show",
    },
    excludedActions: {},
    // About 2,000 rows/s go in as SQL text: enough rows that the source is still being read.
    killRows: 20_000,
    providerKillTrials: 1,
  };
}

export const fixture: VendorFixture = {
  type: "trino",
  sample: { configuration: { server: "http://127.0.0.1:1", catalog: "memory", user: "app" }, credentials: {} },
  placeEngineCatalog: { excluded: "the place is Trino itself: its rows are written by Trino already, whichever mover reads the source" },
  place: async () => {
    await ensureTrino();
    const schema = uniqueName("promise");
    await trinoAdmin(`create schema memory.${schema}`);
    return {
      connection: reference(schema),
      path: ["memory", schema],
      quote: doubleQuote,
      qualified: (table) => `memory.${schema}.${doubleQuote(table)}`,
      admin: (sql) => trinoAdmin(sql),
      informationSchema: "memory.information_schema",
      textType: "varchar",
      // The memory connector cannot DELETE.
      emptySql: (qualified) => `truncate table ${qualified}`,
      close: () => dropSchema(schema),
    };
  },
  previewTarget,
  atomicTarget,
  cancellation: {
    start: async () => {
      await ensureTrino();
      const schema = uniqueName("cancel");
      await trinoAdmin(`create schema memory.${schema}`);
      return {
        connection: reference(schema),
        slowQuery: (marker) =>
          `select count(*) as ${marker} from unnest(sequence(1, 10000)) a(x) cross join unnest(sequence(1, 10000)) b(y) cross join unnest(sequence(1, 10000)) c(z)`,
        running: async (marker) => {
          const [row] = await trinoAdmin<{ n: number }>(
            `select count(*) as n from system.runtime.queries where state not in ('FINISHED', 'FAILED') and query like '%${marker}%' and query not like '%system.runtime.queries%'`,
          );
          return Number(row.n);
        },
        listsStatements: true,
        // A loaded suite (4 files at once on 2 cores) slows the coordinator's planning: a 2 s
        // deadline passed before the statement was listed in 7 of 10 attempts in one CI run.
        deadlineSeconds: 6,
        publishPath: ["memory", schema],
        tablesLike: async (prefix) =>
          (
            await trinoAdmin<{ name: string }>(
              `select table_name as name from memory.information_schema.tables where table_schema = '${schema}' and table_name like '${prefix}%'`,
            )
          ).map((row) => row.name),
        close: () => dropSchema(schema),
      };
    },
  },
  pushdown: {
    excluded:
      "its jobs and publications are proven in test/integration/trino-job-group.test.ts and trino-publication.test.ts (the memory connector has none of the constraints, DELETE or grants these files use)",
  },
  transfer: {
    excluded:
      "the round trips run from and to Trino against each vendor with a transfer profile in test/integration/trino-transfer.test.ts and warehouse-round-trip.test.ts",
  },
  warehouse: {
    start: async (prefix) => {
      await ensureTrino();
      const schema = uniqueName(prefix.toLowerCase());
      await trinoAdmin(`create schema if not exists memory.${schema}`);
      const endpoint = trinoEndpoint(schema);
      return {
        type: "trino",
        connection: { connectionId: "tr", type: "trino", ...(endpoint.target as ConnectionInputs) },
        target: endpoint.target,
        path: ["memory", schema],
        table: (name) => tableOf(endpoint, name),
        create: (name, columns) => createTrinoTable(endpoint, name, columns),
        read: (name, columns) => readTrinoRows(endpoint, name, columns),
        drop: (name) => dropTrinoTable(endpoint, name),
        alias: (name) => name,
        close: () => dropSchema(schema),
      };
    },
  },
  leastPrivilege: {
    excluded:
      "the suite's access rules (scripts/services/trino.sh) give every user but denied_* schema ownership and deny denied_* every write, so no Trino user holds table rights without schema rights",
  },
  isolation: {
    connection: (prefix) => reference("promises", `${prefix}-trino`),
    numbersSql: (first, count) =>
      `select id, concat('row-', cast(id as varchar)) as label from unnest(sequence(${first}, ${first + count - 1})) as t(id)`,
    tablesSql: (path) =>
      `select table_name from ${path.length > 1 ? `"${path[0]}".` : ""}information_schema.tables where table_schema = '${path[path.length - 1]}'`,
    quote: doubleQuote,
    noWriterLock: "Trino has no lock a client can take: concurrent replaces of one table may fail (never mix), as the README says",
  },
};
