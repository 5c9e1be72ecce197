import { Transform, type TransformCallback } from "node:stream";
import { countRows } from "./copy-text";

const PROGRESS_INTERVAL_MS = 2000;

/** Passes COPY text through unchanged, counting rows and reporting them at most every 2 s. */
export class RowCounter extends Transform {
  rows = 0;
  private reportedAt = Date.now();

  constructor(private readonly onProgress?: (rowsSoFar: number) => void) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.rows += countRows(chunk);
    if (this.onProgress && Date.now() - this.reportedAt >= PROGRESS_INTERVAL_MS) {
      this.reportedAt = Date.now();
      this.onProgress(this.rows);
    }
    callback(null, chunk);
  }
}
