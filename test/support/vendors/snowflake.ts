import { rmSync } from "node:fs";
import { uniqueName } from "../admin";
import { NO_CHECK, NO_CONSTRAINTS } from "../atomic-tables";
import { checksum, LEDGER_ROWS, listFiles, openFolder } from "../preview-snapshot";
import { startFakeSnowflake, type FakeSnowflake } from "../snowflake-server";
import { normalize } from "../../integration/transfer-fixtures";
import { createSnowflakeTable, dropSnowflakeTable, readSnowflakeRows, snowflakeEndpoint } from "../snowflake-tables";
import type { AtomicTarget, PreviewTarget, VendorFixture } from "./fixture";

/** Snowflake, as the fakesnow emulator each test file starts for itself (test/support/snowflake-server.ts). */
const doubleQuote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

async function previewTarget(): Promise<PreviewTarget> {
  const database = uniqueName("PROMISE").toUpperCase();
  const server = await startFakeSnowflake(database);
  const folder = openFolder("preview-promise-snowflake");
  await server.admin(async (client) => {
    await client.query("create table PUBLIC.LEDGER (X integer, NOTE varchar)");
    await client.query(`insert into PUBLIC.LEDGER values ${LEDGER_ROWS}`);
    await client.query("create table PUBLIC.VICTIM as select X from PUBLIC.LEDGER where X <= 5");
  });
  return {
    connection: { connectionId: "snow", type: "snowflake", configuration: server.configuration(), credentials: { password: "any-pw" } },
    outputPath: ["PUBLIC"],
    ledger: "PUBLIC.LEDGER",
    victim: "PUBLIC.VICTIM",
    schema: "PUBLIC",
    newSchema: "PROMISE_NEW",
    newTable: "PUBLIC.CREATED",
    integerType: "integer",
    folder,
    extraHostile: [
      { name: "execute_immediate", sql: "execute immediate 'delete from PUBLIC.LEDGER'" },
      { name: "script_block", sql: "begin delete from PUBLIC.LEDGER; end" },
      { name: "copy_into_stage", sql: "copy into @~/preview from PUBLIC.LEDGER" },
    ],
    snapshot: () =>
      server.admin(async (client) => {
        const tables = await client.query<{ NAME: string }>(
          "select table_name as name from information_schema.tables where table_schema = 'PUBLIC' order by 1",
        );
        const rows: Record<string, string> = {};
        for (const { NAME } of tables) rows[NAME] = checksum(await client.query(`select * from PUBLIC."${NAME}"`));
        const schemas = await client.query<{ NAME: string }>("select schema_name as name from information_schema.schemata order by 1");
        return { tables: rows, schemas: schemas.map((row) => row.NAME), files: listFiles(folder) };
      }),
    close: async () => {
      await server.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

function atomicTarget(): AtomicTarget {
  let server: FakeSnowflake | undefined;
  return {
    start: async () => {
      server = await startFakeSnowflake("ATOMIC");
    },
    stop: async () => server?.close(),
    connection: () => ({
      connectionId: "snow-target",
      type: "snowflake",
      configuration: server!.configuration(),
      credentials: { password: "any-pw" },
    }),
    path: () => ["PUBLIC"],
    engineCatalog: {
      excluded: "the suite's Trino has no Snowflake catalog: its connector calls Snowflake's service, which fakesnow is not",
    },
    createTableSql: (qualified, q) =>
      `create table ${qualified} (${q("id")} bigint primary key, ${q("name")} varchar(8) not null, ${q("amount")} bigint)`,
    excludedFaults: {
      duplicateKey: NO_CONSTRAINTS("Snowflake"),
      checkViolation: NO_CHECK("Snowflake"),
      valueTooLong:
        "fakesnow (DuckDB underneath) never enforces a VARCHAR(n) length; Snowflake does, failing the INSERT inside the apply transaction",
      notNull:
        "fakesnow answers a NOT NULL violation with HTTP 500, which snowflake-sdk retries for over a minute per statement (measured 66 s; the load, truncateAndLoad and upsert trials passed, slowly)",
      targetKilled:
        "fakesnow serves every session from one process holding its tables in memory: there is no loading connection of its own to kill",
      sourceKilled:
        "the source's rows are read into socket buffers while the fakesnow session still opens, so a kill rarely lands mid-read without a source far larger than fakesnow takes in test time (about 2,000 rows/s); measured over two runs: 9 kills landed mid-read with 0 partial tables, but for two of the six actions every one of 4 attempts came too late",
    },
    excludedActions: {},
    killRows: 20_000,
    providerKillTrials: 1,
  };
}

export const fixture: VendorFixture = {
  type: "snowflake",
  // One integer type, NUMBER(p, 0), read back as the narrowest kind holding all its values; one FLOAT.
  typeReadBack: {
    smallint: { kind: "integer" },
    integer: { kind: "bigint" },
    bigint: { kind: "numeric", precision: 19, scale: 0 },
    real: { kind: "double" },
    uuid: { kind: "text" },
  },
  sample: {
    configuration: { account: "xy12345", username: "app", database: "SHOP", accessUrl: "http://127.0.0.1:1" },
    credentials: { password: "pw" },
  },
  placeEngineCatalog: {
    excluded: "the suite's Trino has no Snowflake catalog: its connector calls Snowflake's service, which fakesnow is not",
  },
  place: async () => {
    const server = await startFakeSnowflake(uniqueName("PROMISE").toUpperCase());
    return {
      connection: { connectionId: "snow", type: "snowflake", configuration: server.configuration(), credentials: { password: "any-pw" } },
      path: ["PUBLIC"],
      quote: doubleQuote,
      qualified: (table) => `PUBLIC.${doubleQuote(table)}`,
      admin: (sql) => server.admin((client) => client.query(sql)) as Promise<Array<Record<string, unknown>>>,
      informationSchema: "information_schema",
      textType: "varchar",
      close: () => server.close(),
    };
  },
  previewTarget,
  atomicTarget,
  cancellation: {
    excluded:
      "fakesnow acknowledges Snowflake's abort request and runs the query on: no emulator here can show a statement stopped (README, Snowflake note 8)",
  },
  pushdown: {
    excluded:
      "its jobs and publications are proven against fakesnow in test/integration/snowflake-job-group.test.ts and snowflake-publication.test.ts, which start the emulator they need",
  },
  transfer: {
    excluded:
      "the round trips run from and to Snowflake against each vendor with a transfer profile in test/integration/snowflake-round-trip.test.ts and warehouse-round-trip.test.ts",
  },
  warehouse: {
    start: async (prefix) => {
      const server = await startFakeSnowflake(prefix.toUpperCase());
      return {
        type: "snowflake",
        connection: { connectionId: "sf", type: "snowflake", configuration: server.configuration(), credentials: { password: "any-pw" } },
        target: snowflakeEndpoint(server).target,
        path: ["PUBLIC"],
        table: (name) => ({ path: ["PUBLIC"], table: name }),
        create: (name, columns) => createSnowflakeTable(server, name, columns),
        read: async (name, columns) =>
          (await readSnowflakeRows(server, name, columns)).map((row) => row.map((value, index) => normalize(columns[index].type, value))),
        drop: (name) => dropSnowflakeTable(server, name),
        alias: doubleQuote,
        close: () => server.close(),
      };
    },
  },
  leastPrivilege: { excluded: "fakesnow enforces no grants: a least-privileged user cannot be shown here" },
  isolation: {
    excluded:
      "records no owner (fakesnow cannot prove table comments) and has no writer lock: its isolation is the per-run staging name alone, and the README says so",
  },
};
