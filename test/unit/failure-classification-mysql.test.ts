import { describe, expect, it } from "vitest";
import { DataplaneError } from "../../provider/core/failures";
import { classifyMysqlError } from "../../provider/vendors/mysql/driver";

/** Errors shaped like the ones `mysql2` raises (code, errno, sqlState). */
function mysqlError(code: string, message: string, errno?: number): Error {
  return Object.assign(new Error(message), { code, errno, fatal: true });
}

describe("classifyMysqlError", () => {
  const cases: Array<[string, string, number | undefined, string]> = [
    ["ER_ACCESS_DENIED_ERROR", "Access denied for user 'app'@'localhost' (using password: YES)", 1045, "authentication"],
    ["ER_NOT_SUPPORTED_AUTH_MODE", "Client does not support authentication protocol", 1251, "authentication"],
    ["ER_BAD_DB_ERROR", "Unknown database 'nope'", 1049, "databaseMissing"],
    ["ER_DBACCESS_DENIED_ERROR", "Access denied for user 'app'@'%' to database 'x'", 1044, "privilegeMissing"],
    ["ER_TABLEACCESS_DENIED_ERROR", "SELECT command denied", 1142, "privilegeMissing"],
    ["ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1", undefined, "unreachable"],
    ["PROTOCOL_CONNECTION_LOST", "Connection lost: The server closed the connection.", undefined, "unreachable"],
    ["ETIMEDOUT", "connect ETIMEDOUT", undefined, "timedOut"],
    ["HANDSHAKE_NO_SSL_SUPPORT", "Server does not support secure connection", undefined, "tls"],
    ["ER_UNKNOWN", "something else", 1105, "unknown"],
  ];
  for (const [code, message, errno, kind] of cases) {
    it(`${code} → ${kind}`, () => {
      expect(classifyMysqlError(mysqlError(code, message, errno))).toBe(kind);
    });
  }

  it("keeps the kind of an already classified error", () => {
    expect(classifyMysqlError(new DataplaneError("privilegeMissing", "x"))).toBe("privilegeMissing");
  });

  it("copes with a non-error value", () => {
    expect(classifyMysqlError(null)).toBe("unknown");
  });
});
