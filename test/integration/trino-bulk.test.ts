/**
 * Volume and edge values through the Trino endpoints: many rows in several INSERT batches
 * and result pages, NaN and ±Infinity floats with Postgres (MariaDB has none), and a source
 * abandoned half way, whose query the coordinator then kills.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Column } from "../../provider/core/columns";
import { transferBetween } from "../support/transfer-between";
import { trinoTransfer } from "../../provider/vendors/trino/transfer";
import { withPostgres } from "../support/admin";
import { createTrinoTable, trinoEndpoint } from "../support/trino-tables";
import { ensureTrino, trinoAdmin } from "../support/trino-server";
import { bulkFill, createTable, dropTable, postgresEndpoint, tableOf, WIDE_COLUMNS, wideRowsSql } from "./transfer-fixtures";

const suffix = randomBytes(3).toString("hex");
const schema = `bulk_${suffix}`;
const trino = trinoEndpoint(schema);
const postgres = postgresEndpoint("dataplane");
const ROWS = 12_345;
const wide = `bulk_wide_${suffix}`;

beforeAll(async () => {
  await ensureTrino();
  await trinoAdmin(`create schema if not exists memory.${schema}`);
  await createTable(postgres, wide, WIDE_COLUMNS);
  await bulkFill(postgres, wide, wideRowsSql(ROWS));
}, 300_000);

afterAll(async () => {
  await dropTable(postgres, wide).catch(() => undefined);
  await dropTable(postgres, `${wide}_back`).catch(() => undefined);
  const tables = await trinoAdmin<{ table_name: string }>(
    `select table_name from memory.information_schema.tables where table_schema = '${schema}'`,
  );
  for (const { table_name: table } of tables) await trinoAdmin(`drop table memory.${schema}."${table}"`);
  await trinoAdmin(`drop schema if exists memory.${schema}`);
});

/** Order-independent fingerprint of the wide table, computed by each engine. */
const TRINO_SUMMARY = `select count(*) as n, cast(sum(id) as varchar) as ids, cast(sum(amount) as varchar) as amounts,
  count_if(flag) as flags, max(length(note)) as longest, cast(max(created_at) at time zone 'UTC' as varchar) as latest`;

it("loads many rows into Trino in several INSERT batches and streams them back out page by page", async () => {
  await createTrinoTable(trino, wide, WIDE_COLUMNS);
  const progress: number[] = [];
  const into = await transferBetween({
    source: { type: "postgres", target: postgres.target, table: tableOf(postgres, wide), columns: WIDE_COLUMNS },
    destination: { type: "trino", target: trino.target, table: tableOf(trino, wide) },
    signal: AbortSignal.timeout(120_000),
    onProgress: (rows) => progress.push(rows),
  });
  expect(into.rowCount).toBe(ROWS);
  const [summary] = await trinoAdmin(`${TRINO_SUMMARY} from memory.${schema}.${wide}`);
  const expected = await withPostgres(
    async (client) =>
      (
        await client.query(`select count(*)::int as n, sum(id)::text as ids, sum(amount)::text as amounts, count(*) filter (where flag)::int as flags,
      max(length(note)) as longest from public.${wide}`)
      ).rows[0],
  );
  expect(summary).toMatchObject({
    n: expected.n,
    ids: expected.ids,
    amounts: expected.amounts,
    flags: expected.flags,
    longest: expected.longest,
  });
  expect(summary.latest).toBe(`2024-01-01 03:25:45.000000 UTC`);

  await createTable(postgres, `${wide}_back`, WIDE_COLUMNS);
  const out = await transferBetween({
    source: { type: "trino", target: trino.target, table: tableOf(trino, wide), columns: WIDE_COLUMNS },
    destination: { type: "postgres", target: postgres.target, table: tableOf(postgres, `${wide}_back`) },
    signal: AbortSignal.timeout(120_000),
  });
  expect(out.rowCount).toBe(ROWS);
  const differences = await withPostgres(
    async (client) =>
      (
        await client.query(
          `select count(*)::int as n from ((table public.${wide} except all table public.${wide}_back) union all (table public.${wide}_back except all table public.${wide})) d`,
        )
      ).rows[0].n,
  );
  expect(differences).toBe(0);
}, 180_000);

it("moves NaN and ±Infinity floats between Postgres and Trino", async () => {
  const columns: Column[] = [
    { name: "id", type: { kind: "integer" }, nullable: false },
    { name: "ratio", type: { kind: "real" }, nullable: true },
    { name: "measure", type: { kind: "double" }, nullable: true },
  ];
  const table = `floats_${suffix}`;
  await createTable(postgres, table, columns);
  try {
    await withPostgres((client) =>
      client.query(`insert into public.${table} values (1, 'NaN', 'NaN'), (2, 'Infinity', '-Infinity'), (3, '-Infinity', 'Infinity')`),
    );
    await createTrinoTable(trino, table, columns);
    await transferBetween({
      source: { type: "postgres", target: postgres.target, table: tableOf(postgres, table), columns },
      destination: { type: "trino", target: trino.target, table: tableOf(trino, table) },
      signal: AbortSignal.timeout(30_000),
    });
    const inTrino = await trinoAdmin(
      `select id, cast(ratio as varchar) as ratio, cast(measure as varchar) as measure from memory.${schema}.${table} order by id`,
    );
    expect(inTrino).toEqual([
      { id: 1, ratio: "NaN", measure: "NaN" },
      { id: 2, ratio: "Infinity", measure: "-Infinity" },
      { id: 3, ratio: "-Infinity", measure: "Infinity" },
    ]);
    await withPostgres((client) => client.query(`truncate public.${table}`));
    await transferBetween({
      source: { type: "trino", target: trino.target, table: tableOf(trino, table), columns },
      destination: { type: "postgres", target: postgres.target, table: tableOf(postgres, table) },
      signal: AbortSignal.timeout(30_000),
    });
    const back = await withPostgres(
      async (client) => (await client.query(`select id, ratio::text, measure::text from public.${table} order by id`)).rows,
    );
    expect(back).toEqual([
      { id: 1, ratio: "NaN", measure: "NaN" },
      { id: 2, ratio: "Infinity", measure: "-Infinity" },
      { id: 3, ratio: "-Infinity", measure: "Infinity" },
    ]);
  } finally {
    await dropTable(postgres, table);
  }
});

it("kills the source query in the coordinator when the reader stops half way", async () => {
  const table = `many_${suffix}`;
  await trinoAdmin(
    `create table memory.${schema}.${table} as select x as id from unnest(sequence(1, 10000)) a(x) cross join unnest(sequence(1, 50)) b(y)`,
  );
  const columns: Column[] = [{ name: "id", type: { kind: "integer" }, nullable: false }];
  const source = await trinoTransfer.openSource({
    target: trino.target,
    table: tableOf(trino, table),
    columns,
    signal: AbortSignal.timeout(30_000),
  });
  const iterator = source.stream[Symbol.asyncIterator]();
  const first = await iterator.next();
  expect(first.done).toBe(false);
  source.destroy();

  // The same through the transfer's signal (a deadline or a failed sink aborts it).
  const controller = new AbortController();
  const aborted = await trinoTransfer.openSource({
    target: trino.target,
    table: tableOf(trino, table),
    columns,
    signal: controller.signal,
  });
  expect((await aborted.stream[Symbol.asyncIterator]().next()).done).toBe(false);
  controller.abort();

  await new Promise((resolve) => setTimeout(resolve, 1000));
  const queries = await trinoAdmin<{ state: string; error_code: string | null }>(
    `select state, error_code from system.runtime.queries where query like 'SELECT CAST("id" AS VARCHAR) FROM "memory"."${schema}"."${table}"%'`,
  );
  expect(queries).toEqual([
    { state: "FAILED", error_code: "USER_CANCELED" },
    { state: "FAILED", error_code: "USER_CANCELED" },
  ]);
});
