/**
 * Every edge value of the transfer round trip (test/integration/transfer-fixtures.ts: extreme
 * integers and decimals, floats, tricky text with tabs, newlines, quotes, backslashes and a
 * literal \N, times, JSON, UUIDs) goes from Postgres into Redshift and back out unchanged:
 * in through gzip CSV parts and COPY (more rows than the INSERT threshold) or through INSERTs
 * (fewer), out through the cursor. Binary is left out: Redshift columns cannot take it here
 * (refused at preview, see provider/vendors/redshift/types.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vendors } from "../../provider/vendors/registry";
import { INSERT_BELOW_ROWS } from "../../provider/vendors/redshift/load";
import { redshiftDdlType } from "../../provider/vendors/redshift/types";
import { uniqueName, withPostgres } from "../support/admin";
import { redshiftCredentials, redshiftServices, s3Staging } from "../support/redshift-services";
import { keysUnder } from "../support/s3-emulator";
import { postgres } from "../support/services";
import { transferBetween } from "../support/transfer-between";
import {
  createTable,
  dropTable,
  insertRows,
  postgresEndpoint,
  readRows,
  ROUND_TRIP_COLUMNS,
  ROUND_TRIP_ROWS,
  tableOf,
} from "./transfer-fixtures";

const binary = ROUND_TRIP_COLUMNS.findIndex((column) => column.type.kind === "binary");
const COLUMNS = ROUND_TRIP_COLUMNS.filter((_, index) => index !== binary);
const BASE_ROWS = ROUND_TRIP_ROWS.map((row) => row.filter((_, index) => index !== binary));
/** The edge rows repeated with ids apart, so a load has more rows than go as INSERTs. */
const MANY_ROWS = Array.from({ length: Math.ceil((INSERT_BELOW_ROWS + 1) / BASE_ROWS.length) }, (_, copy) =>
  BASE_ROWS.map((row) => [String(Number(row[0]) + copy * 1000), ...row.slice(1)]),
).flat();

const source = postgresEndpoint();
const back = postgresEndpoint("dataplane_target");
const prefix = uniqueName("round_trip");
const redshift = () => ({
  type: "redshift" as const,
  target: {
    configuration: vendors.redshift.configuration.parse({
      host: postgres.host,
      port: redshiftServices().proxyPort,
      database: postgres.database,
      user: postgres.user,
      s3: s3Staging(redshiftServices().s3Endpoint, prefix),
    }),
    credentials: vendors.redshift.credentials.parse(redshiftCredentials()),
  },
  path: ["public"],
});
const tables: string[] = [];

afterAll(async () => {
  for (const table of tables) {
    await dropTable(source, table).catch(() => undefined);
    await dropTable(back, table).catch(() => undefined);
  }
});

describe.each([
  ["gzip CSV parts in S3 and COPY", MANY_ROWS],
  ["INSERTs", BASE_ROWS],
])("Postgres → Redshift (%s) → Postgres", (_path, rows) => {
  const table = uniqueName("rs_round_trip");
  tables.push(table);

  beforeAll(async () => {
    await createTable(source, table, COLUMNS);
    await insertRows(source, table, COLUMNS, rows);
    await createTable(back, table, COLUMNS);
    const definitions = COLUMNS.map((column) => `"${column.name}" ${redshiftDdlType(column.type)}`);
    await withPostgres((client) => client.query(`create table public.${table}_rs (${definitions.join(", ")})`));
    tables.push(`${table}_rs`);
  }, 120_000);

  it("every value survives both ways, and no S3 object stays", async () => {
    const target = redshift();
    const into = await transferBetween({
      source: { type: "postgres", target: source.target, table: tableOf(source, table), columns: COLUMNS },
      destination: { type: "redshift", target: target.target, table: { path: ["public"], table: `${table}_rs` } },
      signal: AbortSignal.timeout(60_000),
    });
    expect(into.rowCount).toBe(rows.length);
    const out = await transferBetween({
      source: { type: "redshift", target: target.target, table: { path: ["public"], table: `${table}_rs` }, columns: COLUMNS },
      destination: { type: "postgres", target: back.target, table: tableOf(back, table) },
      signal: AbortSignal.timeout(60_000),
    });
    expect(out.rowCount).toBe(rows.length);
    const expected = await readRows(source, table, COLUMNS);
    const actual = await readRows(back, table, COLUMNS);
    expect(actual).toHaveLength(expected.length);
    actual.forEach((row, rowIndex) =>
      row.forEach((value, columnIndex) =>
        expect(value, `row ${rowIndex + 1}, column ${COLUMNS[columnIndex].name}`).toEqual(expected[rowIndex][columnIndex]),
      ),
    );
    expect(await keysUnder(redshiftServices().s3Endpoint, prefix)).toEqual([]);
  });
});
