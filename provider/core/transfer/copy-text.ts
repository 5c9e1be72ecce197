/**
 * The interchange format of every transfer: the COPY text format (tab between fields,
 * newline after each row, `\N` for NULL, backslash escapes). Databases with a
 * COPY read and write it natively, a LOAD DATA default format is almost the same, so the
 * common pairs move bytes without parsing; sinks taking rows decode it (decoding-input.ts).
 */
export type TextRow = Array<string | null>;

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

/** One field in COPY text form; only the characters that would break framing are escaped. */
export function encodeCopyField(value: string | null): string {
  if (value === null) return "\\N";
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, (character) => ESCAPES[character]) : value;
}

/** Rows in COPY text form, each ending with a newline. */
export function encodeCopyRows(rows: readonly TextRow[]): string {
  let text = "";
  for (const row of rows) {
    for (let index = 0; index < row.length; index++) {
      if (index > 0) text += "\t";
      text += encodeCopyField(row[index]);
    }
    text += "\n";
  }
  return text;
}

const UNESCAPES: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };
const ESCAPE_SEQUENCE = /\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|([\s\S]))/g;

/** One field from COPY text form: `\N` is NULL; every escape COPY text accepts is undone. */
export function decodeCopyField(field: string): string | null {
  if (field === "\\N") return null;
  if (!field.includes("\\")) return field;
  return field.replace(ESCAPE_SEQUENCE, (_, octal: string | undefined, hex: string | undefined, other: string) => {
    if (octal !== undefined) return String.fromCharCode(parseInt(octal, 8));
    if (hex !== undefined) return String.fromCharCode(parseInt(hex, 16));
    return UNESCAPES[other] ?? other;
  });
}

export function decodeCopyLine(line: string): TextRow {
  const fields: TextRow = line.split("\t");
  for (let index = 0; index < fields.length; index++) fields[index] = decodeCopyField(fields[index] as string);
  return fields;
}

/**
 * Splits a stream of COPY text bytes into rows. Chunks may end inside a row or inside a
 * multi-byte character, so the bytes after the last newline wait for the next chunk.
 */
export class CopyTextDecoder {
  private rest: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): TextRow[] {
    const data = this.rest.length === 0 ? chunk : Buffer.concat([this.rest, chunk]);
    const lastNewline = data.lastIndexOf(0x0a);
    if (lastNewline < 0) {
      this.rest = data;
      return [];
    }
    this.rest = data.subarray(lastNewline + 1);
    const lines = data.toString("utf8", 0, lastNewline).split("\n");
    return lines.map(decodeCopyLine);
  }

  /** Throws if the stream ended in the middle of a row (a truncated source). */
  end(): void {
    if (this.rest.length > 0) throw new Error("the source ended in the middle of a row");
  }
}

/** Counts rows in COPY text bytes: escaped newlines never appear raw, so each 0x0a ends a row. */
export function countRows(chunk: Buffer): number {
  let count = 0;
  let position = chunk.indexOf(0x0a);
  while (position >= 0) {
    count++;
    position = chunk.indexOf(0x0a, position + 1);
  }
  return count;
}
