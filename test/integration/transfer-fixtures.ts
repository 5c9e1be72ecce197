/**
 * Shared by the transfer-*.test.ts files: connection targets for the services started by
 * scripts/setup.sh, and small per-vendor helpers that create, fill and read tables with
 * plain driver calls — independent of the transfer code under test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "pg";
import mysql from "mysql2/promise";
import type { DuckDBInstance, DuckDBConnection } from "@duckdb/node-api";
import type { Column, ColumnType, TableReference } from "../../provider/core/columns";
import { vendors, type VendorType } from "../../provider/vendors/registry";
import { instanceFor } from "../../provider/vendors/duckdb/handles";
import { mysql as mysqlService, postgres as postgresService } from "../support/services";
import { columnDdlType } from "../support/transfer-between";
import { loadFixtures, partition, type Endpoint } from "../support/vendors";

export type TestVendor = VendorType;
export type { Endpoint };

/**
 * The registered vendors whose fixture has a transfer profile, and their endpoints for `role`
 * (embedded files in `scratch`): the far sides of the round trips.
 */
export async function transferEndpoints(
  scratch: string,
  role: "source" | "destination",
): Promise<{ vendors: VendorType[]; endpoints: Record<VendorType, Endpoint> }> {
  const { covered } = partition(await loadFixtures(), (fixture) => fixture.transfer);
  const endpoints = Object.fromEntries(covered.map(([type, profile]) => [type, profile.endpoint(scratch, role)])) as Record<
    VendorType,
    Endpoint
  >;
  return { vendors: covered.map(([type]) => type), endpoints };
}

/** Gives up what this process holds on each endpoint (an embedded engine's file handle). */
export async function releaseEndpoints(endpoints: Record<string, Endpoint>): Promise<void> {
  for (const endpoint of Object.values(endpoints))
    await (await vendors[endpoint.type].load()).release?.(endpoint.target.configuration as never);
}

export function postgresEndpoint(database = postgresService.database): Endpoint {
  return {
    type: "postgres",
    target: {
      configuration: { host: postgresService.host, port: postgresService.port, database, user: postgresService.user, ssl: false },
      credentials: { password: postgresService.password },
    },
    path: ["public"],
  };
}

export function mysqlEndpoint(): Endpoint {
  return {
    type: "mysql",
    target: {
      configuration: {
        host: mysqlService.host,
        port: mysqlService.port,
        database: mysqlService.database,
        user: mysqlService.user,
        ssl: false,
      },
      credentials: { password: mysqlService.password },
    },
    path: [mysqlService.database],
  };
}

export function duckdbEndpoint(file: string): Endpoint {
  return { type: "duckdb", target: { configuration: { path: file, readOnly: false }, credentials: {} }, path: ["main"] };
}

export function temporaryDirectory(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), "dataplane-transfer-"));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

function quote(vendor: TestVendor, name: string): string {
  return vendor === "mysql" ? `\`${name}\`` : `"${name}"`;
}

function qualified(endpoint: Endpoint, table: string): string {
  const vendor = endpoint.type as TestVendor;
  return [...endpoint.path, table].map((part) => quote(vendor, part)).join(".");
}

export function tableOf(endpoint: Endpoint, table: string): TableReference {
  return { path: endpoint.path, table };
}

/** Runs statements on a fresh connection of the endpoint (the DuckDB one shares the provider's instance). */
export async function execute(endpoint: Endpoint, statements: string[], values?: unknown[][]): Promise<void> {
  await withConnection(endpoint, async (run) => {
    for (let index = 0; index < statements.length; index++) await run(statements[index], values?.[index]);
  });
}

type Run = (sql: string, values?: unknown[]) => Promise<Array<Array<unknown>>>;

export async function withConnection<T>(endpoint: Endpoint, work: (run: Run) => Promise<T>): Promise<T> {
  const configuration = endpoint.target.configuration as Record<string, unknown>;
  const password = (endpoint.target.credentials as { password?: string }).password;
  if (endpoint.type === "postgres") {
    const client = new Client({ ...(configuration as object), password });
    await client.connect();
    try {
      await client.query("set time zone 'UTC'; set datestyle = 'ISO, YMD'");
      return await work(async (sql, values) => (await client.query({ text: sql, values, rowMode: "array" })).rows);
    } finally {
      await client.end();
    }
  }
  if (endpoint.type === "mysql") {
    const connection = await mysql.createConnection({
      ...(configuration as object),
      ssl: undefined,
      password,
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      multipleStatements: false,
    });
    try {
      await connection.query("SET time_zone = '+00:00', NAMES utf8mb4");
      return await work(async (sql, values) => {
        const [rows] = await connection.query({ sql, values, rowsAsArray: true });
        return Array.isArray(rows) ? (rows as unknown[][]) : [];
      });
    } finally {
      await connection.end();
    }
  }
  const instance: DuckDBInstance = await instanceFor(configuration as { path: string; readOnly: boolean });
  const connection: DuckDBConnection = await instance.connect();
  try {
    await connection.run("SET SESSION TimeZone = 'UTC'");
    return await work(async (sql, values) => {
      const reader = await connection.runAndReadAll(sql, values as never);
      return reader.getRowsJS() as unknown[][];
    });
  } finally {
    connection.closeSync();
  }
}

export async function createTable(endpoint: Endpoint, table: string, columns: Column[]): Promise<void> {
  const vendor = endpoint.type as TestVendor;
  const definitions = columns.map((column) => `${quote(vendor, column.name)} ${columnDdlType(endpoint.type, column.type)}`);
  await execute(endpoint, [
    `DROP TABLE IF EXISTS ${qualified(endpoint, table)}`,
    `CREATE TABLE ${qualified(endpoint, table)} (${definitions.join(", ")})`,
  ]);
}

export async function dropTable(endpoint: Endpoint, table: string): Promise<void> {
  await execute(endpoint, [`DROP TABLE IF EXISTS ${qualified(endpoint, table)}`]);
}

/** Inserts rows given in canonical text (see provider/core/transfer/canonical-text.md), one INSERT per row. */
export async function insertRows(endpoint: Endpoint, table: string, columns: Column[], rows: Array<Array<string | null>>): Promise<void> {
  const vendor = endpoint.type as TestVendor;
  const placeholders = columns.map((column, index) => {
    const parameter = vendor === "mysql" ? "?" : `$${index + 1}`;
    if (vendor === "postgres") return parameter;
    if (vendor === "mysql") {
      if (column.type.kind === "boolean") return `${parameter} = 't'`;
      if (column.type.kind === "binary") return `UNHEX(SUBSTRING(${parameter}, 3))`;
      if (column.type.kind === "timestamptz") return `SUBSTRING_INDEX(${parameter}, '+', 1)`;
      return parameter;
    }
    if (column.type.kind === "binary") return `unhex(substr(${parameter}, 3))`;
    return `CAST(${parameter} AS ${columnDdlType("duckdb", column.type)})`;
  });
  const sql = `INSERT INTO ${qualified(endpoint, table)} VALUES (${placeholders.join(", ")})`;
  await withConnection(endpoint, async (run) => {
    for (const row of rows) await run(sql, row);
  });
}

export async function bulkFill(endpoint: Endpoint, table: string, sql: string): Promise<void> {
  await execute(endpoint, [`INSERT INTO ${qualified(endpoint, table)} ${sql}`]);
}

export async function countRows(endpoint: Endpoint, table: string): Promise<number> {
  return withConnection(endpoint, async (run) => Number((await run(`SELECT count(*) FROM ${qualified(endpoint, table)}`))[0][0]));
}

/** A SELECT expression giving a text (or number) each vendor's driver returns unambiguously. */
function readExpression(vendor: TestVendor, column: Column): string {
  const name = quote(vendor, column.name);
  const kind = column.type.kind;
  if (vendor === "postgres") {
    if (kind === "binary") return `encode(${name}, 'hex')`;
    return `${name}::text`;
  }
  if (vendor === "mysql") {
    if (kind === "binary") return `LOWER(HEX(${name}))`;
    if (kind === "boolean") return `${name} + 0`;
    // FLOAT's text has 6 digits; its double widening is exact.
    if (kind === "real") return `CAST(${name} AS DOUBLE)`;
    return `CAST(${name} AS CHAR)`;
  }
  if (kind === "binary") return `lower(hex(${name}))`;
  return `CAST(${name} AS VARCHAR)`;
}

/** Reads a table back, ordered by its first column, with every value normalised by `normalize`. */
export async function readRows(endpoint: Endpoint, table: string, columns: Column[]): Promise<unknown[][]> {
  const vendor = endpoint.type as TestVendor;
  const sql = `SELECT ${columns.map((column) => readExpression(vendor, column)).join(", ")} FROM ${qualified(endpoint, table)} ORDER BY 1`;
  const rows = await withConnection(endpoint, (run) => run(sql));
  return rows.map((row) => row.map((value, index) => normalize(columns[index].type, value === null ? null : String(value))));
}

function padFraction(text: string): string {
  const [whole, fraction = ""] = text.split(".");
  return `${whole}.${fraction.padEnd(6, "0")}`;
}

/** One comparable form per kind: JSON parsed, timestamps as microsecond UTC text, floats as numbers. */
export function normalize(type: ColumnType, text: string | null): unknown {
  if (text === null) return null;
  switch (type.kind) {
    case "boolean":
      if (["t", "true", "1"].includes(text)) return true;
      if (["f", "false", "0"].includes(text)) return false;
      throw new Error(`not a boolean: ${text}`);
    case "smallint":
    case "integer":
    case "bigint":
      return BigInt(text).toString();
    case "numeric": {
      let value = text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
      if (value === "-0") value = "0";
      return value;
    }
    case "real":
      return Math.fround(Number(text));
    case "double":
      return Number(text);
    case "time":
    case "timestamp":
      return padFraction(text);
    case "timestamptz": {
      // Every session is UTC: an offset other than +00 would mean a shifted instant.
      const offset = /([+-]\d\d(?::?\d\d)?)$/.exec(text);
      if (offset && !/^\+00(:?00)?$/.test(offset[1])) throw new Error(`not in UTC: ${text}`);
      return padFraction(offset ? text.slice(0, -offset[1].length) : text);
    }
    case "json":
      return JSON.parse(text);
    case "binary":
      return text.replace(/^\\x/, "").toLowerCase();
    case "uuid":
      return text.toLowerCase();
    default:
      return text;
  }
}

/** The representative table of the fault tests and benchmarks. */
export const WIDE_COLUMNS: Column[] = [
  { name: "id", type: { kind: "bigint" }, nullable: false },
  { name: "customer", type: { kind: "text" }, nullable: true },
  { name: "amount", type: { kind: "numeric", precision: 12, scale: 2 }, nullable: true },
  { name: "created_at", type: { kind: "timestamptz" }, nullable: true },
  { name: "flag", type: { kind: "boolean" }, nullable: true },
  { name: "note", type: { kind: "text" }, nullable: true },
];

/** Postgres SELECT producing `rows` rows of WIDE_COLUMNS. */
export function wideRowsSql(rows: number): string {
  return `select g, 'customer ' || (g % 1000), (g % 100000) / 100.0,
      timestamptz '2024-01-01 00:00:00+00' + g * interval '1 second', g % 2 = 0, 'note ' || g
    from generate_series(1, ${rows}) g`;
}

/**
 * The round-trip table: every canonical type, edge values and NULLs, in canonical text. See
 * transfer-round-trip.test.ts for what each vendor cannot hold and so is left out here.
 */
export const ROUND_TRIP_COLUMNS: Column[] = [
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

/** Canonical text of each value of the round-trip table (provider/core/transfer/canonical-text.md). */
export const ROUND_TRIP_ROWS: Array<Array<string | null>> = [
  [
    "1",
    "12",
    "9223372036854775807",
    "12345678901234567890.0123456789",
    "9999999999.99",
    "0.1",
    "0.1",
    "t",
    TRICKY_TEXT,
    "2024-02-29",
    "23:59:59.999999",
    "2024-02-29 12:34:56.123456",
    "2024-02-29 12:34:56.123456+00",
    '{"a": [1, 2, {"b": null}], "s": "x\\ny \\\\ \\"q\\"", "u": "😀"}',
    "\\x00ff5c0a09000d",
    "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
  ],
  [
    "2",
    "-32768",
    "-9223372036854775808",
    "-0.0000000001",
    "-0.01",
    "-3.4e+38",
    "1e+300",
    "f",
    "\\N",
    "1970-01-01",
    "00:00:00",
    "1999-12-31 23:59:59",
    "1969-12-31 23:59:59.999999+00",
    "[]",
    "\\x",
    "00000000-0000-0000-0000-000000000000",
  ],
  [
    "3",
    "32767",
    "0",
    "0",
    "0",
    "1.5",
    "2.2250738585072014e-308",
    "t",
    "",
    "0001-01-01",
    "12:00:00.000001",
    "0001-01-01 00:00:00.000001",
    "0001-01-01 00:00:00+00",
    '"just a string"',
    "\\x5c4e",
    "ffffffff-ffff-ffff-ffff-ffffffffffff",
  ],
  [
    "4",
    "-1",
    "-1",
    "99999999999999999999999999.9999999999",
    "-9999999999.99",
    "-0.1",
    "-1.7976931348623157e+308",
    "f",
    "\\",
    "9999-12-31",
    "23:59:59",
    "9999-12-31 23:59:59.999999",
    "9999-12-31 23:59:59.999999+00",
    '{"deep": {"deeper": [true, false, null, 1.5e10]}}',
    "\\x00",
    "12345678-1234-1234-1234-123456789abc",
  ],
  ["5", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
];

export const ROUND_TRIP_EXPECTED = ROUND_TRIP_ROWS.map((row) =>
  row.map((value, index) => normalize(ROUND_TRIP_COLUMNS[index].type, value)),
);
