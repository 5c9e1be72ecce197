/**
 * Every ordered pair of Postgres, MariaDB and DuckDB: a table holding every canonical type,
 * edge values and NULLs is transferred into a table created with columnDdlType, and both
 * sides read back (with plain driver calls) equal the expected values, value by value.
 *
 * What a vendor cannot hold is left out of the rows for every pair, with the reason:
 * - text containing U+0000: Postgres text cannot store it.
 * - NaN / ±Infinity floats: MariaDB has none.
 * - numerics beyond 38 digits: DuckDB DECIMAL stops at 38.
 * - years before 0001 / after 9999: MariaDB DATE/DATETIME and Postgres ISO text differ there.
 * MariaDB specifics that still pass: JSON is LONGTEXT with a json_valid() check (compared
 * parsed); timestamptz is DATETIME(6) holding the UTC wall clock (compared as instants).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transferBetween, describeTable } from "../support/transfer-between";
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

const directory = temporaryDirectory();

const SOURCE_TABLE = "transfer_round_trip_source";

// Every registered vendor with a transfer profile in its fixture (suites collect asynchronously).
describe("every registered vendor with a transfer profile", async () => {
  const { vendors: VENDORS, endpoints: sources } = await transferEndpoints(directory.path, "source");
  /** Another database (Postgres), another file (DuckDB); MariaDB has one test database. */
  const { endpoints: destinations } = await transferEndpoints(directory.path, "destination");
  beforeAll(async () => {
    for (const vendor of VENDORS) {
      await createTable(sources[vendor], SOURCE_TABLE, COLUMNS);
      await insertRows(sources[vendor], SOURCE_TABLE, COLUMNS, ROWS);
    }
  });

  afterAll(async () => {
    for (const vendor of VENDORS) await dropTable(sources[vendor], SOURCE_TABLE).catch(() => undefined);
    await releaseEndpoints(sources);
    await releaseEndpoints(destinations);
    directory.remove();
  });

  describe("source tables", () => {
    it.each(VENDORS)("%s holds the expected values", async (vendor) => {
      expect(await readRows(sources[vendor], SOURCE_TABLE, COLUMNS)).toEqual(EXPECTED);
    });
  });

  describe.each(VENDORS)("from %s", (from) => {
    it.each(VENDORS)(`to %s, every value survives`, async (to) => {
      const table = `transfer_round_trip_${from}_to_${to}`;
      await createTable(destinations[to], table, COLUMNS);
      try {
        const progress: number[] = [];
        const { rowCount } = await transferBetween({
          source: { type: from, target: sources[from].target, table: tableOf(sources[from], SOURCE_TABLE), columns: COLUMNS },
          destination: { type: to, target: destinations[to].target, table: tableOf(destinations[to], table) },
          signal: AbortSignal.timeout(30_000),
          onProgress: (rows) => progress.push(rows),
        });
        expect(rowCount).toBe(ROWS.length);
        expect(progress.at(-1)).toBe(ROWS.length);
        const actual = await readRows(destinations[to], table, COLUMNS);
        expect(actual).toHaveLength(EXPECTED.length);
        actual.forEach((row, rowIndex) =>
          row.forEach((value, columnIndex) =>
            expect(value, `row ${rowIndex + 1}, column ${COLUMNS[columnIndex].name}`).toEqual(EXPECTED[rowIndex][columnIndex]),
          ),
        );
      } finally {
        await dropTable(destinations[to], table);
      }
    });
  });

  describe("describeTable", () => {
    it.each(VENDORS)("%s reports the created columns in order, as canonical types", async (vendor) => {
      const described = await describeTable(
        vendor,
        sources[vendor].target,
        tableOf(sources[vendor], SOURCE_TABLE),
        AbortSignal.timeout(10_000),
      );
      // MariaDB has no zoned timestamp (DATETIME(6) in UTC reads back as timestamp) and no uuid type here (CHAR(36)).
      const expected = COLUMNS.map((column) => {
        if (vendor === "mysql" && column.type.kind === "timestamptz") return { kind: "timestamp" };
        if (vendor === "mysql" && column.type.kind === "uuid") return { kind: "text" };
        return column.type;
      });
      expect(described?.map((column) => column.name)).toEqual(COLUMNS.map((column) => column.name));
      expect(described?.map((column) => column.type)).toEqual(expected);
    });

    it.each(VENDORS)("%s reports a missing table as undefined", async (vendor) => {
      expect(
        await describeTable(vendor, sources[vendor].target, tableOf(sources[vendor], "no_such_table_here"), AbortSignal.timeout(10_000)),
      ).toBeUndefined();
    });
  });
});
