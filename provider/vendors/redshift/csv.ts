import type { TextRow } from "../../core/transfer/copy-text";

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
