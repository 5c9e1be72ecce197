import { createHash } from "node:crypto";
import type { Place } from "./vendors";

/** Reads of a table in a vendor fixture's Place, as its administrator sees it. */

/** md5 over every (id, label) row in id order: equal checksums mean equal tables, not only equal counts. */
export async function checksum(place: Place, table: string): Promise<string> {
  const rows = await place.admin(
    `select ${place.quote("id")} as id, ${place.quote("label")} as label from ${place.qualified(table)} order by 1`,
  );
  const text = rows
    .map((row) => `${Number(String(row.id))}\t${row.label === null || row.label === undefined ? "\\N" : String(row.label)}`)
    .join("\n");
  return `${rows.length}:${createHash("md5").update(text).digest("hex")}`;
}

/** A table's column names, from the database's information schema. */
export async function columnNames(place: Place, table: string): Promise<string[]> {
  if (place.columnNames) return place.columnNames(table);
  const rows = await place.admin(
    `select column_name as ${place.quote("name")} from ${place.informationSchema}.columns where table_schema = '${place.path[place.path.length - 1]}' and table_name = '${table}'`,
  );
  return rows.map((row) => String(row.name)).sort();
}
