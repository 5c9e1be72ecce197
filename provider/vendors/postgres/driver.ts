import { isDataplaneError, UNREACHABLE_CODES, type FailureKind } from "../../core/failures";
import type { VendorSession } from "../../core/vendor-contract";
import { connect, destroySocket, type PostgresTarget } from "./connection";
import { hasPrivilege, listTables, PROBE_SQL } from "./introspector";

/** Connects, authenticates and probes in one round trip; the socket dies with the signal. */
export async function openSession(target: PostgresTarget, signal: AbortSignal): Promise<VendorSession> {
  const client = await connect(target, signal);
  try {
    const probe = await client.query<{ server_version: string; can_persist: boolean }>(PROBE_SQL);
    const { server_version: serverVersion, can_persist: canPersist } = probe.rows[0];
    return {
      serverVersion,
      listTables: () => listTables(client),
      hasPrivilege: (required) => hasPrivilege(client, required),
      canPersist: async () => canPersist,
      close: () => client.end().catch(() => undefined),
    };
  } catch (error) {
    destroySocket(client);
    throw error;
  }
}

const AUTHENTICATION_STATES = new Set(["28P01", "28000"]);

export function classifyPostgresError(error: unknown): FailureKind {
  if (isDataplaneError(error)) return error.kind;
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code && UNREACHABLE_CODES.has(code)) return "unreachable";
  if (code && AUTHENTICATION_STATES.has(code)) return "authentication";
  if (code === "3D000") return "databaseMissing";
  if (code === "42501") return "privilegeMissing";
  // undefined_table, invalid_schema_name
  if (code === "42P01" || code === "3F000") return "tableMissing";
  const text = message ?? "";
  if (/SSL|TLS|certificate|self[- ]signed/i.test(text) || (code ?? "").startsWith("ERR_TLS") || /CERT/.test(code ?? "")) {
    return "tls";
  }
  if (/password|SASL|SCRAM/i.test(text)) return "authentication";
  if (/timeout/i.test(text)) return "timedOut";
  if (/Connection terminated/i.test(text)) return "unreachable";
  return "unknown";
}
