import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as connection from "../../provider/resources/connection";
import { classifySnowflakeError } from "../../provider/vendors/snowflake/driver";
import { DataplaneError } from "../../provider/core/failures";

/** Validation of Snowflake credentials in check, and sorting the driver's errors into failure kinds. */
function inputs(credentials: Record<string, unknown>): Record<string, unknown> {
  return {
    resourceName: "warehouse",
    type: "snowflake",
    // dryRun off: these checks must fail on validation alone, before any network call.
    dryRun: "off",
    configuration: { account: "myorg-myaccount", username: "loader" },
    credentials,
  };
}

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pkcs8 = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const encrypted = privateKey.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "right-phrase" }).toString();

describe("Snowflake key-pair credentials in check", () => {
  it("accepts a PKCS#8 key, and an encrypted one with its passphrase", async () => {
    expect((await connection.check({}, inputs({ privateKey: pkcs8 }))).failures ?? []).toEqual([]);
    expect((await connection.check({}, inputs({ privateKey: encrypted, privateKeyPassphrase: "right-phrase" }))).failures ?? []).toEqual(
      [],
    );
  });

  it.each([
    ["text that is no PEM", "not-a-key-QmFzZTY0U2VjcmV0", "credentials.privateKey"],
    ["a PEM whose body is damaged", pkcs8.replace(/\n[A-Za-z0-9+/]{20}/, "\nAAAAAAAAAAAAAAAAAAAA"), "credentials.privateKey"],
    ["an encrypted key with a wrong passphrase", encrypted, "credentials.privateKeyPassphrase"],
  ])("fails %s, naming the property without echoing the key", async (_, key, property) => {
    const result = await connection.check(
      {},
      inputs({ privateKey: key, ...(key === encrypted ? { privateKeyPassphrase: "wrong-phrase" } : {}) }),
    );
    expect(result.failures).toHaveLength(1);
    const text = JSON.stringify(result.failures);
    expect(text).toContain(property);
    for (const line of key.split("\n").filter((part) => part.length > 16 && !part.startsWith("-----"))) expect(text).not.toContain(line);
    expect(text).not.toContain("wrong-phrase");
  });

  it("rejects a password and a private key together", async () => {
    const result = await connection.check({}, inputs({ password: "pw-12345", privateKey: pkcs8 }));
    expect(JSON.stringify(result.failures)).toContain("credentials.privateKey");
  });
});

describe("classifySnowflakeError", () => {
  it.each([
    [{ code: 390100, message: "Incorrect username or password was specified." }, "authentication"],
    [{ code: 390144, message: "JWT token is invalid." }, "authentication"],
    [{ code: 390201, message: "The requested database does not exist or not authorized." }, "databaseMissing"],
    [{ code: "003001", sqlState: "42501", message: "SQL access control error: Insufficient privileges" }, "privilegeMissing"],
    [{ code: 401001, message: "connect ECONNREFUSED", cause: { code: "ECONNREFUSED" } }, "unreachable"],
    [{ code: 401001, message: "Network error", cause: { code: "ENOTFOUND" } }, "unreachable"],
    [{ code: 401001, message: "timeout of 60000ms exceeded", cause: { code: "ECONNABORTED" } }, "timedOut"],
    [{ code: 401001, message: "unable to verify the first certificate", cause: { code: "UNABLE_TO_VERIFY_LEAF_SIGNATURE" } }, "tls"],
    [{ code: "002003", sqlState: "42S02", message: "Object 'X' does not exist" }, "tableMissing"],
    [new DataplaneError("timedOut", "did not finish"), "timedOut"],
  ])("sorts %o as %s", (error, kind) => {
    expect(classifySnowflakeError(error)).toBe(kind);
  });
});
