/**
 * Postgres COPY text and MySQL LOAD DATA (default FIELDS/LINES options) share framing, `\N`
 * and the escapes `\\ \t \n \r \b`; Postgres also writes `\f` and `\v`, which MySQL would
 * read as the letters f and v. This rewrites just those two into the raw bytes, which
 * LOAD DATA takes literally, so a Postgres COPY stream can feed LOAD DATA unparsed.
 */
const BACKSLASH = 0x5c;
/** The escaped letter (f, v) → the raw byte it stands for (form feed, vertical tab). */
const RAW_BYTE: ReadonlyMap<number, number> = new Map([
  [0x66, 0x0c],
  [0x76, 0x0b],
]);

export class LoadDataEscapeRewriter {
  /** A trailing lone backslash whose escaped byte is in the next chunk. */
  private carry: Buffer | undefined;

  push(chunk: Buffer): Buffer {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    let pieces: Buffer[] | undefined;
    let from = 0;
    let position = data.indexOf(BACKSLASH);
    while (position >= 0) {
      if (position === data.length - 1) {
        this.carry = data.subarray(position);
        break;
      }
      const raw = RAW_BYTE.get(data[position + 1]);
      if (raw !== undefined) {
        pieces ??= [];
        pieces.push(data.subarray(from, position), Buffer.of(raw));
        from = position + 2;
      }
      // Skip the escaped byte, so `\\f` (a backslash, then f) stays as it is.
      position = data.indexOf(BACKSLASH, position + 2);
    }
    const end = this.carry ? data.length - 1 : data.length;
    if (!pieces) return from === 0 && end === data.length ? data : data.subarray(from, end);
    pieces.push(data.subarray(from, end));
    return Buffer.concat(pieces);
  }

  end(): Buffer {
    const rest = this.carry ?? Buffer.alloc(0);
    this.carry = undefined;
    return rest;
  }
}
