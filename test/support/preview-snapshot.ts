import { createHash } from "node:crypto";
import { chmodSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Helpers the vendor fixtures share to arrange and snapshot a "preview changes nothing" database. */

/** An md5 over every row (keys lower-cased, values as text), independent of row order. */
export function checksum(rows: Array<Record<string, unknown>>): string {
  const lines = rows.map((row) =>
    JSON.stringify(
      Object.entries(row).map(([key, value]) => [key.toLowerCase(), value === null || value === undefined ? null : String(value)]),
    ),
  );
  return createHash("md5").update(lines.sort().join("\n")).digest("hex");
}

export function listFiles(folder: string): string[] {
  return (readdirSync(folder, { recursive: true }) as string[]).map(String).sort();
}

/** A folder anyone may write into, so a database server's own process could write there too. */
export function openFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), `${prefix}-`));
  chmodSync(folder, 0o777);
  return folder;
}

/** The ledger's 100 rows as a VALUES list. */
export const LEDGER_ROWS = Array.from({ length: 100 }, (_, index) => `(${index + 1}, 'entry ${index + 1}')`).join(", ");
