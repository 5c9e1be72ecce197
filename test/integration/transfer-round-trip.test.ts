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
import type { Column } from "../../provider/core/columns";
import { describeTable, transferTable } from "../../provider/core/transfer";
import { releaseInstance } from "../../provider/vendors/duckdb/handles";
import {
  createTable,
  dropTable,
  duckdbEndpoint,
  insertRows,
  mysqlEndpoint,
  normalize,
  postgresEndpoint,
  readRows,
  tableOf,
  temporaryDirectory,
  type Endpoint,
  type TestVendor,
} from "./transfer-fixtures";

const COLUMNS: Column[] = [
  { name: "id", type: { kind: "integer" }, nullable: false },
  { name: "small", type: { kind: "smallint" }, nullable: true },
  { name: "big", type: { kind: "bigint" }, nullable: true },
  { name: "amount", type: { kind: "numeric", precision: 38, scale: 10 }, nullable: true },
  { name: "price", type: { kind: "numeric", precision: 12, scale: 2 }, nullable: true },
  { name: "ratio", type: { kind: "real" }, nullable: true },
  { name: "measure", type: { kind: "double" }, nullable: true },
  { name: "flag", type: { kind: "boolean" }, nullable: true },
  { name: "note", type: { kind: "text" }, nullable: true },
  { name: "day", type: { kind: "date" }, nullable: true },
  { name: "clock", type: { kind: "time" }, nullable: true },
  { name: "local_at", type: { kind: "timestamp" }, nullable: true },
  { name: "happened_at", type: { kind: "timestamptz" }, nullable: true },
  { name: "payload", type: { kind: "json" }, nullable: true },
  { name: "bytes", type: { kind: "binary" }, nullable: true },
  { name: "uid", type: { kind: "uuid" }, nullable: true },
];

const TRICKY_TEXT = "héllo 😀 中文 e\u0301 \ttab\nnewline\r\nCRLF \\ backslash \\N 'single' \"double\" \f\v\b end\\";

/** Canonical text of each value (provider/core/transfer/canonical-text.md). */
const ROWS: Array<Array<string | null>> = [
  ["1", "12", "9223372036854775807", "12345678901234567890.0123456789", "9999999999.99", "0.1", "0.1", "t", TRICKY_TEXT,
    "2024-02-29", "23:59:59.999999", "2024-02-29 12:34:56.123456", "2024-02-29 12:34:56.123456+00",
    '{"a": [1, 2, {"b": null}], "s": "x\\ny \\\\ \\"q\\"", "u": "😀"}', "\\x00ff5c0a09000d", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"],
  ["2", "-32768", "-9223372036854775808", "-0.0000000001", "-0.01", "-3.4e+38", "1e+300", "f", "\\N",
    "1970-01-01", "00:00:00", "1999-12-31 23:59:59", "1969-12-31 23:59:59.999999+00",
    "[]", "\\x", "00000000-0000-0000-0000-000000000000"],
  ["3", "32767", "0", "0", "0", "1.5", "2.2250738585072014e-308", "t", "",
    "0001-01-01", "12:00:00.000001", "0001-01-01 00:00:00.000001", "0001-01-01 00:00:00+00",
    '"just a string"', "\\x5c4e", "ffffffff-ffff-ffff-ffff-ffffffffffff"],
  ["4", "-1", "-1", "99999999999999999999999999.9999999999", "-9999999999.99", "-0.1", "-1.7976931348623157e+308", "f", "\\",
    "9999-12-31", "23:59:59", "9999-12-31 23:59:59.999999", "9999-12-31 23:59:59.999999+00",
    '{"deep": {"deeper": [true, false, null, 1.5e10]}}', "\\x00", "12345678-1234-1234-1234-123456789abc"],
  ["5", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
];

const EXPECTED = ROWS.map((row) => row.map((value, index) => normalize(COLUMNS[index].type, value)));

const VENDORS: TestVendor[] = ["postgres", "mysql", "duckdb"];
const directory = temporaryDirectory();
const sources: Record<TestVendor, Endpoint> = {
  postgres: postgresEndpoint("dataplane"),
  mysql: mysqlEndpoint(),
  duckdb: duckdbEndpoint(`${directory.path}/source.duckdb`),
};
/** Another database (Postgres), another file (DuckDB); MariaDB has one test database. */
const destinations: Record<TestVendor, Endpoint> = {
  postgres: postgresEndpoint("dataplane_target"),
  mysql: mysqlEndpoint(),
  duckdb: duckdbEndpoint(`${directory.path}/destination.duckdb`),
};

const SOURCE_TABLE = "transfer_round_trip_source";

beforeAll(async () => {
  for (const vendor of VENDORS) {
    await createTable(sources[vendor], SOURCE_TABLE, COLUMNS);
    await insertRows(sources[vendor], SOURCE_TABLE, COLUMNS, ROWS);
  }
});

afterAll(async () => {
  for (const vendor of VENDORS) await dropTable(sources[vendor], SOURCE_TABLE).catch(() => undefined);
  for (const endpoint of [sources.duckdb, destinations.duckdb]) {
    await releaseInstance(endpoint.target.configuration as { path: string; readOnly: boolean });
  }
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
      const { rowCount } = await transferTable({
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
    const described = await describeTable(vendor, sources[vendor].target, tableOf(sources[vendor], SOURCE_TABLE), AbortSignal.timeout(10_000));
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
    expect(await describeTable(vendor, sources[vendor].target, tableOf(sources[vendor], "no_such_table_here"), AbortSignal.timeout(10_000))).toBeUndefined();
  });
});
