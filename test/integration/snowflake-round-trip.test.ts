/**
 * Snowflake (fakesnow on loopback) ↔ each of Postgres, MariaDB and DuckDB: the round-trip
 * table of transfer-fixtures.ts is transferred both ways into tables created with
 * columnDdlType, and read back value by value with plain driver calls.
 *
 * Beyond the rows every pair leaves out (see transfer-round-trip.test.ts), Snowflake
 * specifics that still pass: integer kinds are NUMBER(5|10|19,0), read back one kind wider;
 * real is FLOAT (a double, compared after rounding to single precision like every real); uuid
 * is VARCHAR(36), read back as text.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ColumnType } from "../../provider/core/columns";
import { transferBetween, describeTable } from "../support/transfer-between";
import {
  createTable,
  dropTable,
  ROUND_TRIP_COLUMNS as COLUMNS,
  ROUND_TRIP_EXPECTED as EXPECTED,
  ROUND_TRIP_ROWS as ROWS,
  insertRows,
  normalize,
  readRows,
  tableOf,
  releaseEndpoints,
  temporaryDirectory,
  transferEndpoints,
} from "./transfer-fixtures";
import { startFakeSnowflake, type FakeSnowflake } from "../support/snowflake-server";
import {
  createSnowflakeTable,
  dropSnowflakeTable,
  insertSnowflakeRows,
  readSnowflakeRows,
  snowflakeEndpoint,
} from "../support/snowflake-tables";

const directory = temporaryDirectory();
const SOURCE_TABLE = "snowflake_round_trip_source";
let server: FakeSnowflake;

function snowflakeTable(table: string) {
  return { path: ["PUBLIC"], table };
}

async function snowflakeRows(table: string): Promise<unknown[][]> {
  const rows = await readSnowflakeRows(server, table, COLUMNS);
  return rows.map((row) => row.map((value, index) => normalize(COLUMNS[index].type, value)));
}

function expectRows(actual: unknown[][]): void {
  expect(actual).toHaveLength(EXPECTED.length);
  actual.forEach((row, rowIndex) =>
    row.forEach((value, columnIndex) =>
      expect(value, `row ${rowIndex + 1}, column ${COLUMNS[columnIndex].name}`).toEqual(EXPECTED[rowIndex][columnIndex]),
    ),
  );
}

// Every registered vendor with a transfer profile in its fixture (suites collect asynchronously).
describe("every registered vendor with a transfer profile", async () => {
  const { vendors: OTHERS, endpoints: others } = await transferEndpoints(directory.path, "source");
  beforeAll(async () => {
    server = await startFakeSnowflake("ROUND_TRIP");
    await createSnowflakeTable(server, SOURCE_TABLE, COLUMNS);
    await insertSnowflakeRows(server, SOURCE_TABLE, COLUMNS, ROWS);
    for (const vendor of OTHERS) {
      await createTable(others[vendor], SOURCE_TABLE, COLUMNS);
      await insertRows(others[vendor], SOURCE_TABLE, COLUMNS, ROWS);
    }
  });

  afterAll(async () => {
    for (const vendor of OTHERS) await dropTable(others[vendor], SOURCE_TABLE).catch(() => undefined);
    await releaseEndpoints(others);
    directory.remove();
    await server?.close();
  });

  describe("Snowflake round trip", () => {
    it("the Snowflake source table holds the expected values", async () => {
      expectRows(await snowflakeRows(SOURCE_TABLE));
    });

    it.each(OTHERS)("from %s into Snowflake, every value survives", async (from) => {
      const table = `round_trip_from_${from}`;
      await createSnowflakeTable(server, table, COLUMNS);
      try {
        const { rowCount } = await transferBetween({
          source: { type: from, target: others[from].target, table: tableOf(others[from], SOURCE_TABLE), columns: COLUMNS },
          destination: { type: "snowflake", target: snowflakeEndpoint(server).target, table: snowflakeTable(table) },
          signal: AbortSignal.timeout(30_000),
        });
        expect(rowCount).toBe(ROWS.length);
        expectRows(await snowflakeRows(table));
      } finally {
        await dropSnowflakeTable(server, table);
      }
    });

    it.each(OTHERS)("from Snowflake into %s, every value survives", async (to) => {
      const table = `snowflake_round_trip_to_${to}`;
      await createTable(others[to], table, COLUMNS);
      try {
        const { rowCount } = await transferBetween({
          source: { type: "snowflake", target: snowflakeEndpoint(server).target, table: snowflakeTable(SOURCE_TABLE), columns: COLUMNS },
          destination: { type: to, target: others[to].target, table: tableOf(others[to], table) },
          signal: AbortSignal.timeout(30_000),
        });
        expect(rowCount).toBe(ROWS.length);
        expectRows(await readRows(others[to], table, COLUMNS));
      } finally {
        await dropTable(others[to], table);
      }
    });

    it("describeTable reports the created columns in order as canonical types, and a missing table as undefined", async () => {
      const target = snowflakeEndpoint(server).target;
      const described = await describeTable("snowflake", target, snowflakeTable(SOURCE_TABLE), AbortSignal.timeout(10_000));
      expect(described?.map((column) => column.name)).toEqual(COLUMNS.map((column) => column.name));
      // FLOAT is a double; integers read back as the narrowest kind holding NUMBER(p,0); a uuid's VARCHAR(36) as text.
      const widened: Record<string, ColumnType> = {
        real: { kind: "double" },
        smallint: { kind: "integer" },
        integer: { kind: "bigint" },
        bigint: { kind: "numeric", precision: 19, scale: 0 },
        uuid: { kind: "text" },
      };
      expect(described?.map((column) => column.type)).toEqual(COLUMNS.map((column) => widened[column.type.kind] ?? column.type));
      expect(await describeTable("snowflake", target, snowflakeTable("no_such_table_here"), AbortSignal.timeout(10_000))).toBeUndefined();
    });
  });
});
