import type { Readable, Writable } from "node:stream";
import type { Column, TableReference } from "../columns";
import type { ConnectionTarget } from "../connection-target";

/** One side of a transfer: where the table is and which columns move (same names and order on both sides). */
export interface EndpointRequest {
  target: ConnectionTarget;
  table: TableReference;
  columns: Column[];
  signal: AbortSignal;
  /**
   * Sinks only: empty the table in the same transaction as the load, so readers see the old
   * rows until the new ones commit (a publication's truncateAndLoad straight into its target).
   */
  emptyFirst?: boolean;
}

/**
 * Rows leaving a database as COPY text bytes (copy-text.ts) whose fields hold each column's
 * canonical text (see canonical-text.md in this folder).
 */
export interface TextSource {
  readonly stream: Readable;
  /** Releases the connection after the stream ended. */
  close(): Promise<void>;
  /** Kills the connection at once (failure or abort); never throws. */
  destroy(): void;
}

/** Rows entering a database: write COPY text bytes into `input`, end it, await `finished`. */
export interface TextSink {
  readonly input: Writable;
  /** Resolves with the row count the database reports once the rows are committed. */
  readonly finished: Promise<number>;
  close(): Promise<void>;
  destroy(): void;
}

/** What each vendor's transfer.ts provides; the orchestration in this folder does the rest. */
export interface VendorTransfer {
  /**
   * The sink loads straight into an existing table, all rows or none, and honours
   * `emptyFirst` in the same transaction (a COPY, a LOAD DATA, a load job).
   * Otherwise publications load a staging table and apply it.
   */
  readonly loadsStraightIn: boolean;
  openSource(request: EndpointRequest): Promise<TextSource>;
  openSink(request: EndpointRequest): Promise<TextSink>;
}
