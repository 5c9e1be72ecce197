import { describe, expect, it } from "vitest";
import { DataplaneError } from "../../provider/core/failures";
import { classifyPostgresError } from "../../provider/vendors/postgres/driver";

/** Errors shaped like the ones `pg` and node's net module raise. */
function pgError(code: string | undefined, message: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe("classifyPostgresError", () => {
  const cases: Array<[string | undefined, string, string]> = [
    ["28P01", 'password authentication failed for user "app"', "authentication"],
    ["28000", 'no pg_hba.conf entry for host "10.0.0.1"', "authentication"],
    ["3D000", 'database "nope" does not exist', "databaseMissing"],
    ["42501", "permission denied for schema s", "privilegeMissing"],
    ["ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1", "unreachable"],
    ["ENOTFOUND", "getaddrinfo ENOTFOUND nowhere.invalid", "unreachable"],
    ["ECONNRESET", "read ECONNRESET", "unreachable"],
    [undefined, "The server does not support SSL connections", "tls"],
    ["DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate", "tls"],
    [undefined, "SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string", "authentication"],
    [undefined, "Connection terminated unexpectedly", "unreachable"],
    [undefined, "Query read timeout", "timedOut"],
    ["XX000", "something else", "unknown"],
  ];
  for (const [code, message, kind] of cases) {
    it(`${code ?? "no code"} "${message}" → ${kind}`, () => {
      expect(classifyPostgresError(pgError(code, message))).toBe(kind);
    });
  }

  it("keeps the kind of an already classified error", () => {
    expect(classifyPostgresError(new DataplaneError("timedOut", "x"))).toBe("timedOut");
  });

  it("copes with a non-error value", () => {
    expect(classifyPostgresError(undefined)).toBe("unknown");
    expect(classifyPostgresError("text")).toBe("unknown");
  });
});
