/**
 * The round-trip table (every canonical type, edge values, NULLs) between BigQuery (the
 * emulator) and each of Postgres, MariaDB and DuckDB, both directions, value by value:
 * into BigQuery through a load job into a table made with columnDdlType, read back with plain
 * client calls; out of BigQuery through the result pages, read back with plain driver calls.
 *
 * What BigQuery's types change, and the comparison therefore allows (see types.ts):
 * - real becomes FLOAT64 and reads back as a double holding the float's value (compared as floats).
 * - smallint and integer become INT64; uuid becomes STRING (compared as text).
 * - numeric(38,10) needs BIGNUMERIC(38,10) (NUMERIC's scale stops at 9).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transferBetween, columnDdlType, describeTable } from "../support/transfer-between";
import { startBigqueryEmulator, type BigqueryEmulator } from "../support/bigquery-emulator";
import { createDataset, query } from "../support/bigquery-admin";
import {
  createBigqueryTable as createTableIn,
  emulatorBytes,
  numbersAsStrings,
  OUT_OF_EMULATOR_RANGE,
  readBigqueryRows,
} from "../support/bigquery-tables";
import {
  createTable,
  dropTable,
  execute,
  insertRows,
  readRows,
  ROUND_TRIP_COLUMNS as COLUMNS,
  ROUND_TRIP_EXPECTED as EXPECTED,
  ROUND_TRIP_ROWS as ROWS,
  tableOf,
  releaseEndpoints,
  temporaryDirectory,
  transferEndpoints,
  WIDE_COLUMNS,
  wideRowsSql,
} from "./transfer-fixtures";

const directory = temporaryDirectory();
const suffix = Math.random().toString(16).slice(2, 8);
const SOURCE_TABLE = `bigquery_round_trip_source_${suffix}`;
let emulator: BigqueryEmulator;

function bigqueryTarget() {
  return { configuration: emulator.configuration(), credentials: {} };
}

function expectRows(actual: unknown[][]): void {
  expect(actual).toHaveLength(EXPECTED.length);
  actual.forEach((row, rowIndex) =>
    row.forEach((value, columnIndex) => {
      const column = COLUMNS[columnIndex];
      if (OUT_OF_EMULATOR_RANGE.has(`${rowIndex + 1}:${column.name}`)) return;
      const expected = column.type.kind === "json" ? numbersAsStrings(EXPECTED[rowIndex][columnIndex]) : EXPECTED[rowIndex][columnIndex];
      const read = column.type.kind === "json" ? numbersAsStrings(value) : column.type.kind === "binary" ? emulatorBytes(value) : value;
      expect(read, `row ${rowIndex + 1}, column ${column.name}`).toEqual(expected);
    }),
  );
}

const createBigqueryTable = (table: string): Promise<void> => createTableIn(emulator, "dataplane", table, COLUMNS);
const readBigquery = (table: string): Promise<unknown[][]> => readBigqueryRows(emulator, "dataplane", table, COLUMNS);

// Every registered vendor with a transfer profile in its fixture (suites collect asynchronously).
describe("every registered vendor with a transfer profile", async () => {
  const { vendors: VENDORS, endpoints } = await transferEndpoints(directory.path, "source");
  beforeAll(async () => {
    emulator = await startBigqueryEmulator();
    await createDataset(emulator, "dataplane");
    for (const vendor of VENDORS) {
      await createTable(endpoints[vendor], SOURCE_TABLE, COLUMNS);
      await insertRows(endpoints[vendor], SOURCE_TABLE, COLUMNS, ROWS);
    }
  }, 60_000);

  afterAll(async () => {
    for (const vendor of VENDORS) await dropTable(endpoints[vendor], SOURCE_TABLE).catch(() => undefined);
    await releaseEndpoints(endpoints);
    directory.remove();
    await emulator?.stop();
  });

  describe.each(VENDORS)("between BigQuery and %s", (vendor) => {
    it(`${vendor} → BigQuery → ${vendor}: every value survives both ways`, async () => {
      const inBigquery = `round_trip_from_${vendor}`;
      await createBigqueryTable(inBigquery);
      const into = await transferBetween({
        source: { type: vendor, target: endpoints[vendor].target, table: tableOf(endpoints[vendor], SOURCE_TABLE), columns: COLUMNS },
        destination: { type: "bigquery", target: bigqueryTarget(), table: { path: ["dataplane"], table: inBigquery } },
        signal: AbortSignal.timeout(60_000),
      });
      expect(into.rowCount).toBe(ROWS.length);
      expectRows(await readBigquery(inBigquery));

      const back = `round_trip_back_${vendor}_${suffix}`;
      await createTable(endpoints[vendor], back, COLUMNS);
      try {
        const out = await transferBetween({
          source: { type: "bigquery", target: bigqueryTarget(), table: { path: ["dataplane"], table: inBigquery }, columns: COLUMNS },
          destination: { type: vendor, target: endpoints[vendor].target, table: tableOf(endpoints[vendor], back) },
          signal: AbortSignal.timeout(60_000),
        });
        expect(out.rowCount).toBe(ROWS.length);
        expectRows(await readRows(endpoints[vendor], back, COLUMNS));
      } finally {
        await dropTable(endpoints[vendor], back);
      }
    });
  });

  describe("describeTable on BigQuery", () => {
    it("reports the created columns in order, as canonical types BigQuery can name", async () => {
      await createBigqueryTable("described");
      const described = await describeTable(
        "bigquery",
        bigqueryTarget(),
        { path: ["dataplane"], table: "described" },
        AbortSignal.timeout(10_000),
      );
      expect(described?.map((column) => column.name)).toEqual(COLUMNS.map((column) => column.name));
      expect(described?.map((column) => column.type.kind)).toEqual(
        COLUMNS.map(
          (column) =>
            (({ smallint: "bigint", integer: "bigint", real: "double", uuid: "text" }) as Record<string, string>)[column.type.kind] ??
            column.type.kind,
        ),
      );
      expect(
        await describeTable("bigquery", bigqueryTarget(), { path: ["dataplane"], table: "no_such_table" }, AbortSignal.timeout(10_000)),
      ).toBeUndefined();
    });
  });

  describe("aborting a transfer with BigQuery", () => {
    it("into BigQuery: rejects promptly with the abort reason, and the load job commits no row", async () => {
      const source = `bigquery_abort_source_${suffix}`;
      await createTable(endpoints.postgres, source, WIDE_COLUMNS);
      await execute(endpoints.postgres, [`insert into public.${source} ${wideRowsSql(300_000)}`]);
      const table = `abort_into_${suffix}`;
      await query(
        emulator,
        `create table dataplane.${table} (${WIDE_COLUMNS.map((column) => `\`${column.name}\` ${columnDdlType("bigquery", column.type)}`).join(", ")})`,
      );
      try {
        const controller = new AbortController();
        const running = transferBetween({
          source: {
            type: "postgres",
            target: endpoints.postgres.target,
            table: tableOf(endpoints.postgres, source),
            columns: WIDE_COLUMNS,
          },
          destination: { type: "bigquery", target: bigqueryTarget(), table: { path: ["dataplane"], table } },
          signal: controller.signal,
        });
        running.catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const since = Date.now();
        controller.abort(new Error("stop now"));
        await expect(running).rejects.toThrow(/stop now/);
        expect(Date.now() - since).toBeLessThan(1_000);
        // The upload's socket was destroyed, so the emulator dropped the half-sent load at once.
        const [{ n }] = await query(emulator, `select count(*) as n from dataplane.${table}`);
        expect(Number(String(n))).toBe(0);
      } finally {
        await dropTable(endpoints.postgres, source);
      }
    });
  });
});
