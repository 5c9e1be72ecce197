import { loadVendor, type VendorType } from "../../provider/vendors/registry";
import type { DataSession } from "../../provider/core/vendor-contract";

/** A data session on a connection as the resources receive it, for arranging and reading test data. */
export async function openDataSessionFor(connection: Record<string, unknown>): Promise<DataSession> {
  const vendor = await loadVendor(connection.type as VendorType);
  return vendor.openData({ configuration: connection.configuration, credentials: connection.credentials }, new AbortController().signal);
}
