import type { Column } from "../../core/columns";
import type { TextRow } from "../../core/transfer/copy-text";

/**
 * Canonical text → one NEWLINE_DELIMITED_JSON value for a load job. Integers and doubles go
 * as JSON numbers (their text is valid JSON), NUMERIC as strings (a JSON number would pass
 * through a double on the way in), JSON columns as the document itself, BYTES as base64.
 */
type ValueWriter = (text: string) => string;

const asString: ValueWriter = (text) => JSON.stringify(text);

function timestamptz(text: string): string {
  // `…+00` / `…+05:30` → an ISO offset BigQuery's parser reads.
  const zone = /([+-])(\d\d)(?::?(\d\d))?$/.exec(text);
  if (!zone) return JSON.stringify(`${text}+00:00`);
  return JSON.stringify(`${text.slice(0, zone.index)}${zone[1]}${zone[2]}:${zone[3] ?? "00"}`);
}

function double(text: string): string {
  return /^[+-]?(Infinity|NaN)$/i.test(text) ? JSON.stringify(text) : JSON.stringify(Number(text));
}

export function valueWriter(column: Column): ValueWriter {
  switch (column.type.kind) {
    case "boolean":
      return (text) => (text === "t" || text === "true" ? "true" : "false");
    case "smallint":
    case "integer":
    case "bigint":
      return (text) => String(BigInt(text));
    case "real":
    case "double":
      return double;
    case "json":
      return (text) => JSON.stringify(JSON.parse(text));
    case "binary":
      return (text) => JSON.stringify(Buffer.from(text.slice(2), "hex").toString("base64"));
    case "timestamptz":
      return timestamptz;
    default:
      return asString;
  }
}

/** Writes rows of canonical text as NDJSON lines, one object per row keyed by column name. */
export function ndjsonWriter(columns: readonly Column[]): (row: TextRow) => string {
  const writers = columns.map(valueWriter);
  const keys = columns.map((column) => JSON.stringify(column.name));
  return (row) => {
    if (row.length !== writers.length) throw new Error(`a row has ${row.length} fields, expected ${writers.length}`);
    const parts: string[] = [];
    for (let index = 0; index < row.length; index++) {
      const value = row[index];
      if (value !== null) parts.push(`${keys[index]}:${writers[index](value)}`);
    }
    return `{${parts.join(",")}}\n`;
  };
}
