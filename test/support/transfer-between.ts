import type { Column, ColumnType, TableReference } from "../../provider/core/columns";
import { canonicalColumns, transferTable } from "../../provider/core/transfer";
import type { ConnectionTarget } from "../../provider/core/vendor-contract";
import { loadVendor, transferSide, vendors, type VendorType } from "../../provider/vendors/registry";

/** A transfer's side named by vendor type, as tests and benchmarks describe it. */
export interface TypedSide {
  type: VendorType;
  target: ConnectionTarget;
  table: TableReference;
}

export interface TransferBetweenOptions {
  source: TypedSide & { columns: Column[] };
  destination: TypedSide & { emptyFirst?: boolean };
  signal: AbortSignal;
  onProgress?: (rowsSoFar: number) => void;
}

/** core/transfer's transferTable with each side's runtime looked up in the registry. */
export async function transferBetween(options: TransferBetweenOptions): Promise<{ rowCount: number }> {
  const { source, destination } = options;
  return transferTable({
    source: { ...(await transferSide(source.type, source.target, source.table)), columns: source.columns },
    destination: { ...(await transferSide(destination.type, destination.target, destination.table)), emptyFirst: destination.emptyFirst },
    signal: options.signal,
    onProgress: options.onProgress,
  });
}

/** The native type a column of `type`'s database gets for a canonical column type. */
export function columnDdlType(type: VendorType, column: ColumnType): string {
  return vendors[type].columnTypes.toNative(column);
}

/** A table's columns as canonical types, through the vendor's one describeTable; undefined when it does not exist. */
export async function describeTable(
  type: VendorType,
  target: ConnectionTarget,
  table: TableReference,
  signal: AbortSignal,
): Promise<Column[] | undefined> {
  const vendor = await loadVendor(type);
  const session = await vendor.openData(target, signal);
  try {
    const columns = await session.describeTable(table);
    return columns && canonicalColumns(vendor.columnTypes, columns);
  } finally {
    await session.close();
  }
}
