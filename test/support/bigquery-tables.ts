import type { Column } from "../../provider/core/columns";
import { normalize } from "../integration/transfer-fixtures";
import { query } from "./bigquery-admin";
import type { BigqueryEmulator } from "./bigquery-emulator";
import { columnDdlType } from "./transfer-between";

/**
 * BigQuery test tables created and read with plain client calls and SQL of the test's own
 * (not the provider's transfer code), and what the emulator changes in values it stores.
 */

/** A SELECT expression giving each type's text with BigQuery's own functions. */
function readExpression(column: Column): string {
  const name = `\`${column.name}\``;
  switch (column.type.kind) {
    // The emulator spells a DATETIME's text with a T; %Y leaves year 1 unpadded.
    case "timestamp":
      return `replace(cast(${name} as string), 'T', ' ')`;
    case "timestamptz":
      return `replace(replace(cast(${name} as string), 'T', ' '), 'Z', '+00')`;
    // TO_JSON_STRING crashes the emulator on NULL; the JSON column itself arrives as its text.
    case "json":
      return name;
    case "binary":
      return `to_hex(${name})`;
    default:
      return `cast(${name} as string)`;
  }
}

export async function createBigqueryTable(emulator: BigqueryEmulator, dataset: string, table: string, columns: Column[]): Promise<void> {
  const definitions = columns.map((column) => `\`${column.name}\` ${columnDdlType("bigquery", column.type)}`);
  await query(emulator, `create table ${dataset}.${table} (${definitions.join(", ")})`);
}

/** The table's rows ordered by `id`, each value normalised like transfer-fixtures' readRows. */
export async function readBigqueryRows(
  emulator: BigqueryEmulator,
  dataset: string,
  table: string,
  columns: Column[],
): Promise<unknown[][]> {
  const rows = await query(emulator, `select ${columns.map(readExpression).join(", ")} from ${dataset}.${table} order by id`);
  return rows.map((row) => Object.values(row).map((value, index) => normalize(columns[index].type, value === null ? null : String(value))));
}

/**
 * The emulator's load job keeps numbers inside a JSON document as strings (it decodes the
 * NDJSON with Go's json.Number and stores its text): `[1, 2]` reads back `["1", "2"]`. BigQuery
 * itself keeps them numbers; expected documents are adjusted the same way, and nothing else is.
 */
export function numbersAsStrings(value: unknown): unknown {
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.map(numbersAsStrings);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, numbersAsStrings(inner)]));
  return value;
}

/**
 * The emulator's load job stores a BYTES value's base64 text itself instead of the bytes it
 * spells (BigQuery decodes it): such a value is read back through one more base64 decoding.
 */
export function emulatorBytes(value: unknown): unknown {
  return typeof value === "string" ? Buffer.from(Buffer.from(value, "hex").toString("latin1"), "base64").toString("hex") : value;
}

/**
 * The emulator keeps a TIMESTAMP as int64 nanoseconds since 1970, so instants outside
 * 1677-09-21 … 2262-04-11 wrap around (0001-01-01 reads back as 1754-08-30): those two cells
 * (rows 3 and 4 of happened_at) are not compared. BigQuery holds years 1 to 9999.
 */
export const OUT_OF_EMULATOR_RANGE = new Set(["3:happened_at", "4:happened_at"]);
