import type { Column } from "../../core/columns";
import { DataplaneError } from "../../core/failures";
import { decodeCopyLine } from "../../core/transfer/copy-text";
import { WIDEST_TEXT_BYTES } from "./types";

/** A UTF-16 code unit takes at most 3 bytes of UTF-8 (a surrogate pair, 2 units, takes 4). */
const MOST_BYTES_PER_UNIT = 3;
/** A line shorter than this cannot hold a value longer than VARCHAR(65535)'s bytes. */
const SHORTEST_LINE_TO_CHECK = Math.floor(WIDEST_TEXT_BYTES / MOST_BYTES_PER_UNIT) + 1;

/**
 * Refuses a row whose text value is longer than Redshift's VARCHAR(65535) holds, naming the
 * column. Redshift counts bytes, not characters, so a value of fewer than 65535 multi-byte
 * characters can overflow it; checking here fails the load before anything is sent, the same
 * way whatever the database counts. Only lines long enough to hold such a value are decoded.
 */
export function checkTextWidths(text: string, columns: readonly Column[]): void {
  const textColumns = columns.flatMap((column, index) => (column.type.kind === "text" || column.type.kind === "json" ? [index] : []));
  if (textColumns.length === 0 || text.length < SHORTEST_LINE_TO_CHECK) return;
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf("\n", start);
    const stop = end < 0 ? text.length : end;
    if (stop - start >= SHORTEST_LINE_TO_CHECK) {
      const row = decodeCopyLine(text.slice(start, stop));
      for (const index of textColumns) {
        const value = row[index];
        const bytes = typeof value === "string" ? Buffer.byteLength(value) : 0;
        if (bytes > WIDEST_TEXT_BYTES) {
          throw new DataplaneError(
            "invalidConfiguration",
            `column "${columns[index].name}": a value of ${bytes} bytes (UTF-8) is longer than Redshift's VARCHAR(${WIDEST_TEXT_BYTES}) holds, which counts bytes, not characters: shorten it in the job's SQL (for example left(column, 16383) always fits)`,
          );
        }
      }
    }
    start = stop + 1;
  }
}
