/**
 * Every ordered pair of warehouses — Snowflake (fakesnow), BigQuery (its emulator) and Trino
 * (the real server, memory connector) — moves the round-trip table of transfer-fixtures.ts
 * value by value. Each warehouse's source table is filled from Postgres through the provider
 * (that path is proven by each warehouse's own round-trip test), then every pair transfers
 * it into a table created with columnDdlType and the destination is read back with the
 * test's own SQL.
 *
 * What a pair through BigQuery's emulator changes, and the comparison therefore allows (see
 * test/support/bigquery-tables.ts): numbers inside JSON documents become strings; BYTES are
 * stored as their base64 text; timestamps with zone outside 1677–2262 wrap (two cells).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Column, TableReference } from "../../provider/core/columns";
import { transferBetween } from "../support/transfer-between";
import type { VendorType } from "../../provider/vendors/registry";
import type { ConnectionTarget } from "../../provider/core/vendor-contract";
import { createDataset, dropTable as dropBigqueryTable } from "../support/bigquery-admin";
import { startBigqueryEmulator, type BigqueryEmulator } from "../support/bigquery-emulator";
import { createBigqueryTable, emulatorBytes, numbersAsStrings, OUT_OF_EMULATOR_RANGE, readBigqueryRows } from "../support/bigquery-tables";
import { startFakeSnowflake, type FakeSnowflake } from "../support/snowflake-server";
import { createSnowflakeTable, dropSnowflakeTable, readSnowflakeRows, snowflakeEndpoint } from "../support/snowflake-tables";
import { ensureTrino, trinoAdmin } from "../support/trino-server";
import { createTrinoTable, dropTrinoTable, readTrinoRows, trinoEndpoint } from "../support/trino-tables";
import {
  createTable,
  dropTable,
  insertRows,
  normalize,
  postgresEndpoint,
  ROUND_TRIP_COLUMNS as COLUMNS,
  ROUND_TRIP_EXPECTED as EXPECTED,
  ROUND_TRIP_ROWS as ROWS,
  tableOf,
} from "./transfer-fixtures";

type Warehouse = "snowflake" | "bigquery" | "trino";
const WAREHOUSES: Warehouse[] = ["snowflake", "bigquery", "trino"];

/** One warehouse as this test uses it: where tables live, and plain SQL of the test's own to make and read them. */
interface TestWarehouse {
  type: VendorType;
  target: ConnectionTarget;
  table(name: string): TableReference;
  create(name: string, columns: Column[]): Promise<void>;
  read(name: string, columns: Column[]): Promise<unknown[][]>;
  drop(name: string): Promise<void>;
}

const suffix = Math.random().toString(16).slice(2, 8);
const SOURCE_TABLE = `warehouse_source_${suffix}`;
const trinoSchema = `warehouse_round_trip_${suffix}`;
const postgres = postgresEndpoint("dataplane");
let snowflakeServer: FakeSnowflake;
let bigqueryEmulator: BigqueryEmulator;
let warehouses: Record<Warehouse, TestWarehouse>;

function snowflakeWarehouse(server: FakeSnowflake): TestWarehouse {
  return {
    type: "snowflake",
    target: snowflakeEndpoint(server).target,
    table: (name) => ({ path: ["PUBLIC"], table: name }),
    create: (name, columns) => createSnowflakeTable(server, name, columns),
    read: async (name, columns) =>
      (await readSnowflakeRows(server, name, columns)).map((row) => row.map((value, index) => normalize(columns[index].type, value))),
    drop: (name) => dropSnowflakeTable(server, name),
  };
}

function bigqueryWarehouse(emulator: BigqueryEmulator): TestWarehouse {
  return {
    type: "bigquery",
    target: { configuration: emulator.configuration(), credentials: {} },
    table: (name) => ({ path: ["dataplane"], table: name }),
    create: (name, columns) => createBigqueryTable(emulator, "dataplane", name, columns),
    read: (name, columns) => readBigqueryRows(emulator, "dataplane", name, columns),
    drop: (name) => dropBigqueryTable(emulator, "dataplane", name),
  };
}

function trinoWarehouse(): TestWarehouse {
  const endpoint = trinoEndpoint(trinoSchema);
  return {
    type: "trino",
    target: endpoint.target,
    table: (name) => tableOf(endpoint, name),
    create: (name, columns) => createTrinoTable(endpoint, name, columns),
    read: (name, columns) => readTrinoRows(endpoint, name, columns),
    drop: (name) => dropTrinoTable(endpoint, name),
  };
}

/** Compares read-back rows with the expected ones, allowing what BigQuery's emulator changes when it is on the way. */
function expectRows(actual: unknown[][], throughBigquery: boolean): void {
  expect(actual).toHaveLength(EXPECTED.length);
  actual.forEach((row, rowIndex) =>
    row.forEach((value, columnIndex) => {
      const column = COLUMNS[columnIndex];
      const where = `row ${rowIndex + 1}, column ${column.name}`;
      const expected = EXPECTED[rowIndex][columnIndex];
      if (!throughBigquery) return expect(value, where).toEqual(expected);
      if (OUT_OF_EMULATOR_RANGE.has(`${rowIndex + 1}:${column.name}`)) return;
      if (column.type.kind === "json") return expect(numbersAsStrings(value), where).toEqual(numbersAsStrings(expected));
      if (column.type.kind === "binary") return expect(emulatorBytes(value), where).toEqual(expected);
      expect(value, where).toEqual(expected);
    }),
  );
}

beforeAll(async () => {
  await ensureTrino();
  await trinoAdmin(`create schema if not exists memory.${trinoSchema}`);
  [snowflakeServer, bigqueryEmulator] = await Promise.all([startFakeSnowflake("WAREHOUSE_ROUND_TRIP"), startBigqueryEmulator()]);
  await createDataset(bigqueryEmulator, "dataplane");
  warehouses = { snowflake: snowflakeWarehouse(snowflakeServer), bigquery: bigqueryWarehouse(bigqueryEmulator), trino: trinoWarehouse() };

  await createTable(postgres, SOURCE_TABLE, COLUMNS);
  await insertRows(postgres, SOURCE_TABLE, COLUMNS, ROWS);
  for (const warehouse of Object.values(warehouses)) {
    await warehouse.create(SOURCE_TABLE, COLUMNS);
    await transferBetween({
      source: { type: "postgres", target: postgres.target, table: tableOf(postgres, SOURCE_TABLE), columns: COLUMNS },
      destination: { type: warehouse.type, target: warehouse.target, table: warehouse.table(SOURCE_TABLE) },
      signal: AbortSignal.timeout(60_000),
    });
  }
}, 120_000);

afterAll(async () => {
  await dropTable(postgres, SOURCE_TABLE).catch(() => undefined);
  await trinoAdmin(`select table_name from memory.information_schema.tables where table_schema = '${trinoSchema}'`)
    .then((tables) => Promise.all(tables.map((row) => trinoAdmin(`drop table if exists memory.${trinoSchema}."${String(row.table_name)}"`))))
    .then(() => trinoAdmin(`drop schema if exists memory.${trinoSchema}`))
    .catch(() => undefined);
  await Promise.all([snowflakeServer?.close(), bigqueryEmulator?.stop()]);
});

describe.each(WAREHOUSES)("from %s", (from) => {
  it.each(WAREHOUSES.filter((to) => to !== from))(`to %s, every value survives`, async (to) => {
    const source = warehouses[from];
    const destination = warehouses[to];
    const table = `warehouse_${from}_to_${to}_${suffix}`;
    await destination.create(table, COLUMNS);
    try {
      const progress: number[] = [];
      const { rowCount } = await transferBetween({
        source: { type: source.type, target: source.target, table: source.table(SOURCE_TABLE), columns: COLUMNS },
        destination: { type: destination.type, target: destination.target, table: destination.table(table) },
        signal: AbortSignal.timeout(60_000),
        onProgress: (rows) => progress.push(rows),
      });
      expect(rowCount).toBe(ROWS.length);
      expect(progress.at(-1)).toBe(ROWS.length);
      expectRows(await destination.read(table, COLUMNS), from === "bigquery" || to === "bigquery");
    } finally {
      await destination.drop(table);
    }
  });
});
