import { decodeCopyLine, type TextRow } from "../../core/transfer/copy-text";

/** What COPY reads as NULL in the parts (`NULL AS '\\N'`): unquoted, so a quoted "\N" stays text. */
export const NULL_TEXT = "\\N";

const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field: NULL unquoted, empty strings and anything CSV would misread quoted. */
function csvField(value: string | null): string {
  if (value === null) return NULL_TEXT;
  if (value === "" || value === NULL_TEXT || NEEDS_QUOTES.test(value)) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

/** Rows as CSV lines, each ending with a newline. */
export function csvRows(rows: readonly TextRow[]): string {
  let text = "";
  for (const row of rows) text += `${row.map(csvField).join(",")}\n`;
  return text;
}

/**
 * Where COPY text needs more than its tabs turned into commas: an escape (backslash, which also
 * marks NULL), a comma or quote CSV would misread, or an empty field CSV must quote.
 */
const NEEDS_DECODING = /[\\,"]|^\t|\t$|\t\t|^$/;
/** The same, over many lines at once (an empty field or line next to a newline). */
const WHOLE_TEXT_NEEDS_DECODING = /[\\,"]|^\t|^\n|\t\t|\t\n|\n\t|\n\n/;

/**
 * Whole lines of COPY text (each ending with a newline) as CSV lines. Most lines need only their
 * tabs replaced; the others are decoded and written field by field.
 */
export function copyTextToCsv(text: string): string {
  if (!WHOLE_TEXT_NEEDS_DECODING.test(text)) return text.replace(/\t/g, ",");
  let csv = "";
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf("\n", start);
    const line = text.slice(start, end);
    csv += NEEDS_DECODING.test(line) ? csvRows([decodeCopyLine(line)]) : `${line.replace(/\t/g, ",")}\n`;
    start = end + 1;
  }
  return csv;
}
