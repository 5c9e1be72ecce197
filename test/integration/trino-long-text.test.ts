/**
 * Rows travel into Trino as SQL text, and Trino refuses a statement longer than
 * query.max-length (1,000,000 characters by default). A value longer than that still loads:
 * it is sent in pieces and assembled in the engine. Checked with a checksum of every value
 * on both sides.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Column } from "../../provider/core/columns";
import { transferTable } from "../../provider/core/transfer";
import { createTrinoTable, dropTrinoTable, trinoEndpoint } from "../support/trino-tables";
import { ensureTrino, trinoAdmin } from "../support/trino-server";
import { createTable, dropTable, insertRows, postgresEndpoint, tableOf, withConnection } from "./transfer-fixtures";

const suffix = randomBytes(3).toString("hex");
const schema = `long_text_${suffix}`;
const trino = trinoEndpoint(schema);
const postgres = postgresEndpoint();
const TABLE = `long_text_${suffix}`;
const COLUMNS: Column[] = [
  { name: "id", type: { kind: "integer" }, nullable: false },
  { name: "body", type: { kind: "text" }, nullable: true },
];

/** `count` code points of a pattern with quotes, backslashes, accents, CJK, an emoji (two UTF-16 units) and newlines. */
function text(count: number, unit = "a'b\"c\\d é漢🚀\n\t"): string {
  const points = Array.from(unit);
  return Array.from({ length: count }, (_, index) => points[index % points.length]).join("");
}

const ROWS: Array<Array<string | null>> = [
  ["1", text(2_000_000)],
  ["2", "short"],
  ["3", null],
  // Every quote doubles in a SQL literal: 1.2M quotes become 2.4M characters of SQL.
  ["4", "'".repeat(1_200_000)],
  ["5", text(999_990, "x")],
];

beforeAll(async () => {
  await ensureTrino();
  await trinoAdmin(`create schema if not exists memory.${schema}`);
  await createTable(postgres, TABLE, COLUMNS);
  await insertRows(postgres, TABLE, COLUMNS, ROWS);
}, 120_000);

afterAll(async () => {
  await dropTable(postgres, TABLE).catch(() => undefined);
  const tables = await trinoAdmin<{ table_name: string }>(`select table_name from memory.information_schema.tables where table_schema = '${schema}'`);
  for (const { table_name: table } of tables) await dropTrinoTable(trino, table);
  await trinoAdmin(`drop schema if exists memory.${schema}`);
});

it("a 2,000,000-character value (and one of 1,200,000 quotes) round-trips Postgres → Trino, checksums equal", async () => {
  const expected = await withConnection(postgres, (run) =>
    run(`select id, md5(body) as sum, char_length(body) as length from public.${TABLE} order by id`),
  );
  const normalised = (rows: unknown[][]) => rows.map(([id, sum, length]) => [Number(id), sum ?? null, length === null || length === undefined ? null : Number(length)]);
  expect(normalised(expected).map((row) => row[2])).toEqual([2_000_000, 5, null, 1_200_000, 999_990]);

  await createTrinoTable(trino, TABLE, COLUMNS);
  const { rowCount } = await transferTable({
    source: { type: "postgres", target: postgres.target, table: tableOf(postgres, TABLE), columns: COLUMNS },
    destination: { type: "trino", target: trino.target, table: tableOf(trino, TABLE) },
    signal: AbortSignal.timeout(180_000),
  });
  expect(rowCount).toBe(ROWS.length);

  const actual = await trinoAdmin<{ id: number; sum: string | null; length: number | null }>(
    `select id, lower(to_hex(md5(to_utf8(body)))) as sum, length(body) as length from memory.${schema}.${TABLE} order by id`,
  );
  expect(normalised(actual.map((row) => [row.id, row.sum, row.length]))).toEqual(normalised(expected));
  // No piece table is left behind.
  const tables = await trinoAdmin<{ table_name: string }>(`select table_name from memory.information_schema.tables where table_schema = '${schema}'`);
  expect(tables.map((row) => row.table_name)).toEqual([TABLE]);
}, 240_000);
