/**
 * Rows travel into Trino as SQL text, and Trino refuses a statement longer than
 * query.max-length (1,000,000 characters by default). A value longer than that still loads:
 * it is sent in pieces and assembled in the engine. Checked with a checksum of every value
 * on both sides.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Column } from "../../provider/core/columns";
import { transferBetween } from "../support/transfer-between";
import { createTrinoTable, dropTrinoTable, trinoEndpoint } from "../support/trino-tables";
import { ensureTrino, trinoAdmin } from "../support/trino-server";
import { createTable, dropTable, insertRows, postgresEndpoint, tableOf, withConnection } from "./transfer-fixtures";

const suffix = randomBytes(3).toString("hex");
const schema = `long_text_${suffix}`;
const trino = trinoEndpoint(schema);
const postgres = postgresEndpoint();
const TABLE = `long_text_${suffix}`;
const BACK = `long_text_back_${suffix}`;
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
  await dropTable(postgres, BACK).catch(() => undefined);
  const tables = await trinoAdmin<{ table_name: string }>(
    `select table_name from memory.information_schema.tables where table_schema = '${schema}'`,
  );
  for (const { table_name: table } of tables) await dropTrinoTable(trino, table);
  await trinoAdmin(`drop schema if exists memory.${schema}`);
});

it("a 2,000,000-character value (and one of 1,200,000 quotes) round-trips Postgres → Trino → Postgres, checksums equal", async () => {
  const expected = await withConnection(postgres, (run) =>
    run(`select id, md5(body) as sum, char_length(body) as length from public.${TABLE} order by id`),
  );
  const normalised = (rows: unknown[][]) =>
    rows.map(([id, sum, length]) => [Number(id), sum ?? null, length === null || length === undefined ? null : Number(length)]);
  expect(normalised(expected).map((row) => row[2])).toEqual([2_000_000, 5, null, 1_200_000, 999_990]);

  await createTrinoTable(trino, TABLE, COLUMNS);
  const { rowCount } = await transferBetween({
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
  const tables = await trinoAdmin<{ table_name: string }>(
    `select table_name from memory.information_schema.tables where table_schema = '${schema}'`,
  );
  expect(tables.map((row) => row.table_name)).toEqual([TABLE]);

  // And back out of Trino into a new Postgres table: the same checksums.
  await createTable(postgres, BACK, COLUMNS);
  await transferBetween({
    source: { type: "trino", target: trino.target, table: tableOf(trino, TABLE), columns: COLUMNS },
    destination: { type: "postgres", target: postgres.target, table: tableOf(postgres, BACK) },
    signal: AbortSignal.timeout(180_000),
  });
  const back = await withConnection(postgres, (run) =>
    run(`select id, md5(body) as sum, char_length(body) as length from public.${BACK} order by id`),
  );
  expect(normalised(back)).toEqual(normalised(expected));
}, 240_000);

it("a load that fails after a long row leaves no piece table behind", async () => {
  // The source holds a date column as text; its second row is no date, so Trino's cast fails
  // in the last batch, after the long row went through the piece table.
  const failing = `long_text_failing_${suffix}`;
  await withConnection(postgres, async (run) => {
    await run(`drop table if exists public.${failing}`);
    await run(`create table public.${failing} (id integer, body text, day text)`);
    await run(`insert into public.${failing} values (1, $1, '2026-01-01'), (2, 'short', 'not a date')`, [text(1_500_000)]);
  });
  const columns: Column[] = [...COLUMNS, { name: "day", type: { kind: "date" }, nullable: true }];
  await createTrinoTable(trino, failing, columns);
  try {
    await expect(
      transferBetween({
        source: { type: "postgres", target: postgres.target, table: tableOf(postgres, failing), columns },
        destination: { type: "trino", target: trino.target, table: tableOf(trino, failing) },
        signal: AbortSignal.timeout(120_000),
      }),
    ).rejects.toThrow(/not a date|cannot be cast|Value cannot be cast/i);
    // The long row went through the piece table before the failure (each INSERT commits on
    // its own in Trino, which is why publications load a staging table).
    const loaded = await trinoAdmin<{ id: number; length: number }>(`select id, length(body) as length from memory.${schema}.${failing}`);
    expect(loaded.map((row) => [Number(row.id), Number(row.length)])).toEqual([[1, 1_500_000]]);
    // The side table is dropped in the background once the load failed.
    const pieceTables = async () =>
      (await trinoAdmin<{ table_name: string }>(`select table_name from memory.information_schema.tables where table_schema = '${schema}'`))
        .map((row) => row.table_name)
        .filter((name) => name.includes("__pieces_"));
    const deadline = Date.now() + 15_000;
    while ((await pieceTables()).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await pieceTables()).toEqual([]);
  } finally {
    await withConnection(postgres, (run) => run(`drop table if exists public.${failing}`));
  }
}, 180_000);
