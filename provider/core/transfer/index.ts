import type { Column, ColumnType, TableReference } from "../columns";
import { errorMessage, redact, secretStrings } from "../redaction";
import { isDataplaneError } from "../failures";
import { abortReason } from "../deadline";
import type { VendorType } from "../../vendors/registry";
import type { ConnectionTarget } from "../../vendors/vendor";
import type { TextSink, TextSource } from "./endpoints";
import { runTransfer } from "./run-transfer";
import { vendorTransfers } from "./vendor-transfers";
import { ddlTypes, nativeTypes } from "./ddl-types";

export interface TransferOptions {
  source: { type: VendorType; target: ConnectionTarget; table: TableReference; columns: Column[] };
  /** `emptyFirst`: empty the table in the load's own transaction (Postgres and MySQL sinks). */
  destination: { type: VendorType; target: ConnectionTarget; table: TableReference; emptyFirst?: boolean };
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
    const [from, to] = await Promise.all([vendorTransfers[source.type](), vendorTransfers[destination.type]()]);
    // An abort that landed while the drivers loaded or the source connected opens nothing more.
    throwIfAborted(signal);
    reader = await from.openSource({ ...source, signal });
    throwIfAborted(signal);
    writer = await to.openSink({ target: destination.target, table: destination.table, columns: source.columns, signal, emptyFirst: destination.emptyFirst });
    const rowCount = await runTransfer(reader, writer, signal, onProgress);
    return { rowCount };
  } catch (error) {
    reader?.destroy();
    writer?.destroy();
    // Deadline and abort reasons are already safe to show.
    if (isDataplaneError(error)) throw error;
    throw new Error(
      redact(`transfer from ${source.type} to ${destination.type} failed: ${errorMessage(error)}`, secrets),
    );
  }
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortReason(signal, new Error("the transfer was aborted"));
}

/** Whether `type`'s sink loads straight into an existing table (see VendorTransfer.loadsStraightIn). */
export async function loadsStraightIn(type: VendorType): Promise<boolean> {
  return (await vendorTransfers[type]()).loadsStraightIn;
}

/** The native type a destination column gets for a canonical column type. */
export function columnDdlType(type: VendorType, column: ColumnType): string {
  return ddlTypes[type](column);
}

/** The table's columns in ordinal order, as canonical types; undefined when it does not exist. */
export async function describeTable(
  type: VendorType,
  target: ConnectionTarget,
  table: TableReference,
  signal: AbortSignal,
): Promise<Column[] | undefined> {
  try {
    return await (await vendorTransfers[type]()).describeTable(target, table, signal);
  } catch (error) {
    if (isDataplaneError(error)) throw error;
    throw new Error(redact(`describing ${table.table} failed: ${errorMessage(error)}`, secretStrings(target.credentials)));
  }
}

/**
 * Result columns as a session describes them (native type names) → canonical columns; a
 * column that already carries a canonical type keeps it.
 */
export function canonicalColumns(
  type: VendorType,
  columns: ReadonlyArray<{ name: string; nativeType: string; type?: ColumnType; nullable?: boolean }>,
): Column[] {
  return columns.map((column) => ({
    name: column.name,
    type: column.type ?? nativeTypes[type](column.nativeType),
    nullable: column.nullable ?? true,
  }));
}
