/**
 * Every ordered pair of warehouse peers (each fixture with a warehouse profile: Snowflake as fakesnow, BigQuery as its emulator, Trino
 * as the real server with its memory connector) moves the round-trip table of transfer-fixtures.ts
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
import { transferBetween } from "../support/transfer-between";
import type { VendorType } from "../../provider/vendors/registry";
import { emulatorBytes, numbersAsStrings, OUT_OF_EMULATOR_RANGE } from "../support/bigquery-tables";
import { loadFixtures, partition, type Warehouse } from "../support/vendors";
import {
  createTable,
  dropTable,
  insertRows,
  postgresEndpoint,
  ROUND_TRIP_COLUMNS as COLUMNS,
  ROUND_TRIP_EXPECTED as EXPECTED,
  ROUND_TRIP_ROWS as ROWS,
  tableOf,
} from "./transfer-fixtures";

const suffix = Math.random().toString(16).slice(2, 8);
const SOURCE_TABLE = `warehouse_source_${suffix}`;
const postgres = postgresEndpoint("dataplane");

/** Compares read-back rows with the expected ones, allowing what an emulator changes when it is on the way (its fixture's changesValues). */
function expectRows(actual: unknown[][], throughLossyEmulator: boolean): void {
  expect(actual).toHaveLength(EXPECTED.length);
  actual.forEach((row, rowIndex) =>
    row.forEach((value, columnIndex) => {
      const column = COLUMNS[columnIndex];
      const where = `row ${rowIndex + 1}, column ${column.name}`;
      const expected = EXPECTED[rowIndex][columnIndex];
      if (!throughLossyEmulator) return expect(value, where).toEqual(expected);
      if (OUT_OF_EMULATOR_RANGE.has(`${rowIndex + 1}:${column.name}`)) return;
      if (column.type.kind === "json") return expect(numbersAsStrings(value), where).toEqual(numbersAsStrings(expected));
      if (column.type.kind === "binary") return expect(emulatorBytes(value), where).toEqual(expected);
      expect(value, where).toEqual(expected);
    }),
  );
}

// Every registered vendor with a warehouse profile in its fixture (suites collect asynchronously).
describe("every registered warehouse peer", async () => {
  const { covered } = partition(await loadFixtures(), (fixture) => fixture.warehouse);
  const WAREHOUSES = covered.map(([type]) => type);
  const warehouses = {} as Record<VendorType, Warehouse>;

  beforeAll(async () => {
    const started = await Promise.all(covered.map(([, profile]) => profile.start("warehouse_round_trip")));
    for (const warehouse of started) warehouses[warehouse.type] = warehouse;

    await createTable(postgres, SOURCE_TABLE, COLUMNS);
    await insertRows(postgres, SOURCE_TABLE, COLUMNS, ROWS);
    for (const warehouse of started) {
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
    await Promise.all(Object.values(warehouses).map((warehouse) => warehouse.close().catch(() => undefined)));
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
        expectRows(await destination.read(table, COLUMNS), Boolean(source.changesValues || destination.changesValues));
      } finally {
        await destination.drop(table);
      }
    });
  });
});
