import { mysql as mysqlService } from "../../support/services";
import { uniqueName, withMysql, withPostgres } from "./databases";

export interface OrderRow {
  order_id: number;
  customer: string;
  amount: string;
  paid: boolean;
  note: string | null;
}

/** Orders with the awkward values a real table holds: Unicode, tabs, quotes, backslashes, NULLs. */
export function sampleOrders(count: number, amountOffset = 0): OrderRow[] {
  const notes = ["plain", "ümlaut & 漢字 🚀", "tab\there", "quote \" and ' both", "back\\slash", "\\N", "", null];
  return Array.from({ length: count }, (_, index) => ({
    order_id: index + 1,
    customer: `customer-${String(index % 17).padStart(3, "0")}`,
    amount: (((index * 37) % 10_000) / 100 + amountOffset).toFixed(2),
    paid: index % 3 === 0,
    note: notes[index % notes.length],
  }));
}

/** A Postgres source table of orders, in the given database; returns its qualified name. */
export async function createPostgresOrders(rows: OrderRow[], database?: string, table = uniqueName("e2e_orders")): Promise<string> {
  await withPostgres(async (client) => {
    await client.query(`drop table if exists public.${table}`);
    await client.query(
      `create table public.${table} (order_id bigint primary key, customer text not null, amount numeric(12,2), ordered_at timestamptz not null default '2026-03-01T10:00:00Z', paid boolean, note text)`,
    );
    await insertPostgresOrders(table, rows, database);
  }, database);
  return `public.${table}`;
}

export async function insertPostgresOrders(table: string, rows: OrderRow[], database?: string): Promise<void> {
  await withPostgres(async (client) => {
    for (const row of rows) {
      await client.query(
        `insert into public.${table.replace(/^public\./, "")} (order_id, customer, amount, paid, note) values ($1, $2, $3, $4, $5)
         on conflict (order_id) do update set amount = excluded.amount, customer = excluded.customer, paid = excluded.paid, note = excluded.note`,
        [row.order_id, row.customer, row.amount, row.paid, row.note],
      );
    }
  }, database);
}

export async function createMysqlOrdersTable(table: string): Promise<void> {
  await withMysql(async (connection) => {
    await connection.query(`drop table if exists \`${mysqlService.database}\`.\`${table}\``);
    await connection.query(
      `create table \`${mysqlService.database}\`.\`${table}\` (order_id bigint primary key, customer varchar(100) not null, amount decimal(12,2), ordered_at datetime(6), paid tinyint(1), note text)`,
    );
  });
}

export async function readMysqlOrders(table: string): Promise<OrderRow[]> {
  return withMysql(async (connection) => {
    const [rows] = await connection.query(
      `select order_id, customer, amount, paid, note from \`${mysqlService.database}\`.\`${table}\` order by order_id`,
    );
    return (rows as Array<Record<string, unknown>>).map((row) => ({
      order_id: Number(row.order_id),
      customer: String(row.customer),
      amount: String(row.amount),
      paid: Number(row.paid) === 1,
      note: row.note === null ? null : String(row.note),
    }));
  });
}
