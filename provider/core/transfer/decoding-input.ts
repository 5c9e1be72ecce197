import { Writable } from "node:stream";
import { CopyTextDecoder, type TextRow } from "./copy-text";

export interface RowHandlers {
  /** Takes one decoded row; a returned promise holds the source back until it settles (a batch being sent). */
  row(row: TextRow): void | Promise<void>;
  /** After the last row: flush what is buffered and commit. */
  end(): void | Promise<void>;
}

/**
 * The input side of a sink for databases that take rows rather than COPY text (an embedded
 * appender, batched INSERTs): decodes the COPY text, hands each row on with back-pressure,
 * and settles `finished` with the row count once `end` has committed.
 */
export function decodingInput(fieldCount: number, handlers: RowHandlers): { input: Writable; finished: Promise<number> } {
  const decoder = new CopyTextDecoder();
  let rowCount = 0;
  let resolveFinished!: (rows: number) => void;
  let rejectFinished!: (error: unknown) => void;
  const finished = new Promise<number>((resolve, reject) => {
    resolveFinished = resolve;
    rejectFinished = reject;
  });
  finished.catch(() => undefined);

  /** Hands rows on, awaiting only where a handler returned a promise (most rows are buffered synchronously). */
  async function handOn(rows: TextRow[]): Promise<void> {
    for (const row of rows) {
      if (row.length !== fieldCount) throw new Error(`a row has ${row.length} fields, expected ${fieldCount}`);
      const pending = handlers.row(row);
      rowCount++;
      if (pending) await pending;
    }
  }

  const input = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      handOn(decoder.push(chunk)).then(
        () => callback(),
        (error: Error) => callback(error),
      );
    },
    final(callback) {
      Promise.resolve()
        .then(() => decoder.end())
        .then(() => handlers.end())
        .then(
          () => {
            resolveFinished(rowCount);
            callback();
          },
          (error: Error) => callback(error),
        );
    },
  });
  input.on("error", rejectFinished);
  return { input, finished };
}
