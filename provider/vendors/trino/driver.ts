import { DataplaneError, isDataplaneError, UNREACHABLE_CODES, type FailureKind } from "../../core/failures";
import type { VendorSession } from "../../core/vendor-contract";
import { runQuery, rowObjects, TrinoConfigurationError, TrinoHttpError, TrinoQueryError, type TrinoTarget } from "./client";
import { hasPrivilege, listTables, PROBE_SQL, schemaProbeSql } from "./introspector";

/**
 * Trino keeps no connection: every request carries the user, catalog and schema. Opening
 * proves the coordinator answers, authenticates us and knows the configured catalog and schema.
 */
export async function openSession(target: TrinoTarget, signal: AbortSignal): Promise<VendorSession> {
  const [probe] = rowObjects<{ server_version: string }>(await runQuery(target, PROBE_SQL, { signal }));
  const { catalog, schema } = target.configuration;
  if (catalog !== undefined) {
    // A missing catalog fails this query itself (CATALOG_NOT_FOUND).
    const [{ found }] = rowObjects<{ found: number }>(
      await runQuery(target, schemaProbeSql(catalog, schema ?? "information_schema"), { signal }),
    );
    if (Number(found) === 0) throw new DataplaneError("databaseMissing", `the catalog "${catalog}" has no schema "${schema}"`);
  }
  return {
    serverVersion: `Trino ${probe.server_version}`,
    listTables: () => listTables(target, signal),
    hasPrivilege: (required) => hasPrivilege(target, required, signal),
    canPersist: () =>
      catalog === undefined || schema === undefined
        ? Promise.resolve(false)
        : hasPrivilege(target, { privilege: "createTable", schema: `${catalog}.${schema}` }, signal),
    close: async () => undefined,
  };
}

/** undici's (fetch's) codes for a dropped socket, beside Node's. */
const NETWORK_CODES = new Set([...UNREACHABLE_CODES, "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);
/**
 * The connection's catalog or schema missing. A schema the SQL names that does not exist is a
 * missing table's schema (tableMissing, as on every vendor): one an earlier step may create.
 * The configured schema is proven by openSession's own probe, which says databaseMissing.
 */
const MISSING = new Set(["CATALOG_NOT_FOUND", "MISSING_CATALOG_NAME", "MISSING_SCHEMA_NAME"]);

export function classifyTrinoError(error: unknown): FailureKind {
  if (isDataplaneError(error)) return error.kind;
  if (error instanceof TrinoConfigurationError) return "invalidConfiguration";
  if (error instanceof TrinoHttpError) {
    if (error.status === 401) return "authentication";
    if (error.status === 403) return "privilegeMissing";
    return "unknown";
  }
  if (error instanceof TrinoQueryError) {
    if (MISSING.has(error.errorName)) return "databaseMissing";
    if (error.errorName === "TABLE_NOT_FOUND" || error.errorName === "SCHEMA_NOT_FOUND") return "tableMissing";
    if (error.errorName === "PERMISSION_DENIED") return "privilegeMissing";
    if (error.errorName === "EXCEEDED_TIME_LIMIT") return "timedOut";
    if (error.errorType === "USER_ERROR") return "sqlError";
    return "unknown";
  }
  const { name, cause } = (error ?? {}) as { name?: string; cause?: { code?: string; message?: string } };
  if (name === "TimeoutError" || name === "AbortError") return "timedOut";
  const code = cause?.code ?? (error as { code?: string } | undefined)?.code ?? "";
  // fetch refuses a few ports outright (1, 6000, …: the Fetch standard's "bad port" list).
  if (NETWORK_CODES.has(code) || cause?.message === "bad port") return "unreachable";
  if (code.startsWith("ERR_TLS") || /CERT|SSL/.test(code) || /certificate|TLS|SSL/i.test(cause?.message ?? "")) return "tls";
  return "unknown";
}
