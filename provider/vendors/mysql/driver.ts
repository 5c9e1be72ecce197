import { isDataplaneError, UNREACHABLE_CODES, type FailureKind } from "../../core/failures";
import type { VendorSession } from "../../core/vendor-contract";
import { connect, type MysqlTarget } from "./connection";
import { granteeOf, hasPrivilege, listTables, PROBE_SQL } from "./introspector";

/** Connects, authenticates and probes in one round trip; the socket dies with the signal. */
export async function openSession(target: MysqlTarget, signal: AbortSignal): Promise<VendorSession> {
  const connection = await connect(target, signal);
  try {
    const session = connection.promise();
    const [rows] = await session.query(PROBE_SQL);
    const { server_version: serverVersion, current_user_name: currentUser } = (
      rows as Array<{ server_version: string; current_user_name: string }>
    )[0];
    const grantee = granteeOf(currentUser);
    const database = target.configuration.database;
    return {
      serverVersion,
      listTables: () => listTables(session),
      hasPrivilege: (required) => hasPrivilege(session, grantee, required, database),
      canPersist: () =>
        database === undefined
          ? Promise.resolve(false)
          : hasPrivilege(session, grantee, { privilege: "createTable", schema: database }, database),
      close: () => session.end().catch(() => undefined),
    };
  } catch (error) {
    connection.destroy();
    throw error;
  }
}

/** mysql2's own code for a connection the server dropped, beside Node's. */
const NETWORK_CODES = new Set([...UNREACHABLE_CODES, "PROTOCOL_CONNECTION_LOST"]);

export function classifyMysqlError(error: unknown): FailureKind {
  if (isDataplaneError(error)) return error.kind;
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  if (code && NETWORK_CODES.has(code)) return "unreachable";
  if (code === "ER_ACCESS_DENIED_ERROR" || code === "ER_NOT_SUPPORTED_AUTH_MODE") return "authentication";
  if (code === "ER_BAD_DB_ERROR") return "databaseMissing";
  if (code === "ER_NO_SUCH_TABLE" || code === "ER_BAD_TABLE_ERROR") return "tableMissing";
  if (code === "ER_DBACCESS_DENIED_ERROR" || code === "ER_TABLEACCESS_DENIED_ERROR") return "privilegeMissing";
  if (code === "ETIMEDOUT") return "timedOut";
  if (
    /SSL|TLS|secure connection|certificate/i.test(message ?? "") ||
    (code ?? "").startsWith("ERR_TLS") ||
    code === "HANDSHAKE_NO_SSL_SUPPORT"
  ) {
    return "tls";
  }
  return "unknown";
}
