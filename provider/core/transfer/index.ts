import type { Column, ColumnType, TableReference } from "../columns";
import { errorMessage, redact, secretStrings } from "../redaction";
import { isDataplaneError } from "../failures";
import { abortReason } from "../deadline";
import type { ColumnTypes, ConnectionTarget, VendorRuntime } from "../vendor-contract";
import type { TextSink, TextSource } from "./endpoints";
import { runTransfer } from "./run-transfer";

/** One side of a transfer: the vendor's loaded runtime, named for messages. */
export interface TransferSide {
  name: string;
  runtime: Pick<VendorRuntime, "transfer">;
  target: ConnectionTarget;
  table: TableReference;
}

export interface TransferOptions {
  source: TransferSide & { columns: Column[] };
  /** `emptyFirst`: empty the table in the load's own transaction (sinks that load straight in). */
  destination: TransferSide & { emptyFirst?: boolean };
  /** Abort => sockets destroyed / queries cancelled at once, and the promise rejects. */
  signal: AbortSignal;
  /** Rows moved so far, at most every 2 s, and once at the end. */
  onProgress?: (rowsSoFar: number) => void;
}

/**
 * Fills the (existing, empty) destination table with every row of the source table,
 * streaming through each database's bulk path. On failure it closes everything and throws
 * a message with every credential redacted; rows may have reached the destination only if
 * its bulk path is not one transaction, so the caller drops the staging table.
 */
export async function transferTable(options: TransferOptions): Promise<{ rowCount: number }> {
  const { source, destination, signal, onProgress } = options;
  const secrets = [...secretStrings(source.target.credentials), ...secretStrings(destination.target.credentials)];
  let reader: TextSource | undefined;
  let writer: TextSink | undefined;
  try {
    throwIfAborted(signal);
    reader = await source.runtime.transfer.openSource({ target: source.target, table: source.table, columns: source.columns, signal });
    // Until the pipeline reads the source, nothing hears its stream's errors: an abort while the
    // sink opens closes the source's connection, and the stream's error would end the process
    // (seen in CI: a sink slow to open, publications past their deadline). The pipeline hears
    // every error once it runs.
    reader.stream.on("error", () => undefined);
    throwIfAborted(signal);
    writer = await destination.runtime.transfer.openSink({
      target: destination.target,
      table: destination.table,
      columns: source.columns,
      signal,
      emptyFirst: destination.emptyFirst,
    });
    const rowCount = await runTransfer(reader, writer, signal, onProgress);
    return { rowCount };
  } catch (error) {
    reader?.destroy();
    writer?.destroy();
    // Deadline and abort reasons are already safe to show.
    if (isDataplaneError(error)) throw error;
    throw new Error(redact(`transfer from ${source.name} to ${destination.name} failed: ${errorMessage(error)}`, secrets));
  }
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortReason(signal, new Error("the transfer was aborted"));
}

/**
 * Result columns as a session describes them (native type names) → canonical columns; a
 * column that already carries a canonical type keeps it.
 */
export function canonicalColumns(
  columnTypes: ColumnTypes,
  columns: ReadonlyArray<{ name: string; nativeType: string; type?: ColumnType; nullable?: boolean }>,
): Column[] {
  return columns.map((column) => ({
    name: column.name,
    type: column.type ?? columnTypes.fromNative(column.nativeType),
    nullable: column.nullable ?? true,
  }));
}
