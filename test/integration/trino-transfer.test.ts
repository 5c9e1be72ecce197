/**
 * Round trip of every canonical type between Trino (memory catalog) and each of Postgres,
 * MariaDB and DuckDB, both directions, value by value (ROUND_TRIP_ROWS of transfer-fixtures).
 * Trino holds every value of the table; see the Trino notes in the final assertions.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transferBetween, describeTable } from "../support/transfer-between";
import { createTrinoTable, dropTrinoTable, insertTrinoRows, readTrinoRows, trinoEndpoint } from "../support/trino-tables";
import { ensureTrino, trinoAdmin } from "../support/trino-server";
import {
  createTable,
  dropTable,
  ROUND_TRIP_COLUMNS as COLUMNS,
  ROUND_TRIP_EXPECTED as EXPECTED,
  ROUND_TRIP_ROWS as ROWS,
  insertRows,
  readRows,
  tableOf,
  releaseEndpoints,
  temporaryDirectory,
  transferEndpoints,
} from "./transfer-fixtures";

const suffix = randomBytes(3).toString("hex");
const schema = `transfer_${suffix}`;
const directory = temporaryDirectory();
const trino = trinoEndpoint(schema);
const SOURCE_TABLE = `trino_round_trip_source_${suffix}`;

function expectSameValues(actual: unknown[][]): void {
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
    await ensureTrino();
    await trinoAdmin(`create schema if not exists memory.${schema}`);
    await createTrinoTable(trino, SOURCE_TABLE, COLUMNS);
    await insertTrinoRows(trino, SOURCE_TABLE, COLUMNS, ROWS);
    for (const vendor of OTHERS) {
      await createTable(others[vendor], SOURCE_TABLE, COLUMNS);
      await insertRows(others[vendor], SOURCE_TABLE, COLUMNS, ROWS);
    }
  }, 300_000);

  afterAll(async () => {
    for (const vendor of OTHERS) await dropTable(others[vendor], SOURCE_TABLE).catch(() => undefined);
    const tables = await trinoAdmin<{ table_name: string }>(
      `select table_name from memory.information_schema.tables where table_schema = '${schema}'`,
    );
    for (const { table_name: table } of tables) await dropTrinoTable(trino, table);
    await trinoAdmin(`drop schema if exists memory.${schema}`);
    await releaseEndpoints(others);
    directory.remove();
  });

  it("the Trino source table holds the expected values", async () => {
    expectSameValues(await readTrinoRows(trino, SOURCE_TABLE, COLUMNS));
  });

  describe.each(OTHERS)("between Trino and %s", (other) => {
    it("from Trino, every value survives", async () => {
      const table = `from_trino_${suffix}`;
      await createTable(others[other], table, COLUMNS);
      try {
        const { rowCount } = await transferBetween({
          source: { type: "trino", target: trino.target, table: tableOf(trino, SOURCE_TABLE), columns: COLUMNS },
          destination: { type: other, target: others[other].target, table: tableOf(others[other], table) },
          signal: AbortSignal.timeout(60_000),
        });
        expect(rowCount).toBe(ROWS.length);
        expectSameValues(await readRows(others[other], table, COLUMNS));
      } finally {
        await dropTable(others[other], table);
      }
    });

    it("into Trino, every value survives", async () => {
      const table = `into_trino_from_${other}`;
      await createTrinoTable(trino, table, COLUMNS);
      const { rowCount } = await transferBetween({
        source: { type: other, target: others[other].target, table: tableOf(others[other], SOURCE_TABLE), columns: COLUMNS },
        destination: { type: "trino", target: trino.target, table: tableOf(trino, table) },
        signal: AbortSignal.timeout(60_000),
      });
      expect(rowCount).toBe(ROWS.length);
      expectSameValues(await readTrinoRows(trino, table, COLUMNS));
    });
  });

  it("describeTable reports the created columns in order as canonical types, and a missing table as undefined", async () => {
    const described = await describeTable("trino", trino.target, tableOf(trino, SOURCE_TABLE), AbortSignal.timeout(10_000));
    expect(described?.map((column) => column.name)).toEqual(COLUMNS.map((column) => column.name));
    expect(described?.map((column) => column.type)).toEqual(COLUMNS.map((column) => column.type));
    expect(await describeTable("trino", trino.target, tableOf(trino, "no_such_table_here"), AbortSignal.timeout(10_000))).toBeUndefined();
  });
});
