/**
 * The Snowflake, BigQuery and Trino configuration schemas: defaults filled in, two spellings of
 * one address normalised alike (so they diff and hash equal), and every rejection naming the
 * property and the fix without repeating the value, credentials above all.
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { check } from "../../provider/resources/connection";
import { connectionInputsSchema } from "../../provider/resources/connection-schema";

function parse(input: unknown) {
  const result = connectionInputsSchema.safeParse(input);
  if (!result.success) throw new Error(JSON.stringify(result.error.issues));
  return result.data;
}

/** A check that fails in validation, before any network call, with `dryRun` off as a guard. */
async function failures(input: Record<string, unknown>) {
  const result = await check({}, { dryRun: "off", ...input });
  return result.failures ?? [];
}

const rsa = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
});
const encryptedKey = generateKeyPairSync("rsa", {
  modulusLength: 2048,
  privateKeyEncoding: { type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "correct horse" },
  publicKeyEncoding: { type: "spki", format: "pem" },
}).privateKey;

describe("snowflake configuration", () => {
  it("defaults the address to the account's own host over https", () => {
    expect(parse({ type: "snowflake", configuration: { account: "myorg-acct", username: "loader" } }).configuration).toEqual({
      account: "myorg-acct",
      username: "loader",
      host: "myorg-acct.snowflakecomputing.com",
      port: 443,
      protocol: "https",
    });
  });

  it("reads accessUrl into the same fields as host, port and protocol", () => {
    const byUrl = parse({ type: "snowflake", configuration: { account: "a1", username: "u", accessUrl: "http://127.0.0.1:8085" } });
    const byFields = parse({
      type: "snowflake",
      configuration: { account: "a1", username: "u", host: "127.0.0.1", port: "8085", protocol: "http" },
    });
    expect(byUrl.configuration).toEqual(byFields.configuration);
  });

  it("refuses an address given twice, naming the field", async () => {
    expect(
      await failures({
        type: "snowflake",
        configuration: { account: "a1", username: "u", accessUrl: "https://x.example", host: "y.example" },
      }),
    ).toEqual([{ property: "configuration.host", reason: expect.stringContaining("both here and in accessUrl") }]);
  });

  it("refuses an accessUrl with a password in it, without repeating it", async () => {
    const [failure] = await failures({
      type: "snowflake",
      configuration: { account: "a1", username: "u", accessUrl: "https://u:hunter22@x.example" },
    });
    expect(failure.property).toBe("configuration.accessUrl");
    expect(failure.reason).not.toContain("hunter22");
  });

  it("accepts a PKCS#8 key, and an encrypted one with its passphrase", () => {
    expect(() =>
      parse({ type: "snowflake", configuration: { account: "a1", username: "u" }, credentials: { privateKey: rsa.privateKey } }),
    ).not.toThrow();
    expect(() =>
      parse({
        type: "snowflake",
        configuration: { account: "a1", username: "u" },
        credentials: { privateKey: encryptedKey, privateKeyPassphrase: "correct horse" },
      }),
    ).not.toThrow();
  });

  it("catches a malformed key in check, naming credentials.privateKey and never echoing it", async () => {
    const broken = rsa.privateKey.replace(/\n[A-Za-z0-9+/]{20}/, "\n!!notbase64!!");
    const [failure] = await failures({
      type: "snowflake",
      configuration: { account: "a1", username: "u" },
      credentials: { privateKey: broken },
    });
    expect(failure.property).toBe("credentials.privateKey");
    expect(failure.reason).toContain("PKCS#8 PEM");
    for (const line of rsa.privateKey.split("\n").filter((text) => text.length > 16 && !text.startsWith("-----"))) {
      expect(failure.reason).not.toContain(line);
    }
  });

  it("catches a truncated key whose PEM framing still looks right", async () => {
    const lines = rsa.privateKey.trim().split("\n");
    const truncated = [...lines.slice(0, 4), lines.at(-1)].join("\n");
    const [failure] = await failures({
      type: "snowflake",
      configuration: { account: "a1", username: "u" },
      credentials: { privateKey: truncated },
    });
    expect(failure).toEqual({ property: "credentials.privateKey", reason: expect.stringContaining("not a readable private key") });
  });

  it("needs the passphrase of an encrypted key, and says when it is wrong without repeating it", async () => {
    expect(
      await failures({ type: "snowflake", configuration: { account: "a1", username: "u" }, credentials: { privateKey: encryptedKey } }),
    ).toEqual([{ property: "credentials.privateKeyPassphrase", reason: expect.stringContaining("is required") }]);
    const [wrong] = await failures({
      type: "snowflake",
      configuration: { account: "a1", username: "u" },
      credentials: { privateKey: encryptedKey, privateKeyPassphrase: "battery staple" },
    });
    expect(wrong).toEqual({ property: "credentials.privateKeyPassphrase", reason: expect.stringContaining("does not decrypt") });
    expect(wrong.reason).not.toContain("battery staple");
  });

  it("refuses a password and a key together", async () => {
    expect(
      await failures({
        type: "snowflake",
        configuration: { account: "a1", username: "u" },
        credentials: { password: "pw", privateKey: rsa.privateKey },
      }),
    ).toEqual([{ property: "credentials.privateKey", reason: expect.stringContaining("keep one way to authenticate") }]);
  });
});

function serviceAccountKey(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: "service_account",
    project_id: "my-project-123",
    private_key_id: "0123456789abcdef0123456789abcdef01234567",
    private_key: rsa.privateKey,
    client_email: "loader@my-project-123.iam.gserviceaccount.com",
    ...overrides,
  });
}

describe("bigquery configuration", () => {
  it("defaults the location to US and the query timeout to 10 minutes, and reads numbers given as text", () => {
    expect(
      parse({ type: "bigquery", configuration: { projectId: "my-project-123", maximumBytesBilled: "1000000000" } }).configuration,
    ).toEqual({
      projectId: "my-project-123",
      location: "US",
      maximumBytesBilled: 1_000_000_000,
      queryTimeoutMilliseconds: 600_000,
    });
  });

  it("treats an endpoint with and without a trailing slash as one", () => {
    const withSlash = parse({ type: "bigquery", configuration: { projectId: "my-project-123", apiEndpoint: "http://127.0.0.1:9050/" } });
    const without = parse({ type: "bigquery", configuration: { projectId: "my-project-123", apiEndpoint: "http://127.0.0.1:9050" } });
    expect(withSlash.configuration).toEqual(without.configuration);
  });

  it("names a bad project id, dataset and byte limit", async () => {
    const found = await failures({ type: "bigquery", configuration: { projectId: "My Project", dataset: "a-b", maximumBytesBilled: 1.5 } });
    expect(found.map((failure) => failure.property).sort()).toEqual([
      "configuration.dataset",
      "configuration.maximumBytesBilled",
      "configuration.projectId",
    ]);
  });

  it("accepts a service-account key file", () => {
    expect(() =>
      parse({
        type: "bigquery",
        configuration: { projectId: "my-project-123" },
        credentials: { serviceAccountKeyJson: serviceAccountKey() },
      }),
    ).not.toThrow();
  });

  const malformed: Array<[string, string, string]> = [
    ["text that is not JSON", `${serviceAccountKey().slice(0, 120)} oops`, "is not valid JSON"],
    ["a key file of another kind", serviceAccountKey({ type: "authorized_user" }), "type"],
    ["a key file without its client_email", serviceAccountKey({ client_email: undefined }), "client_email"],
    [
      "a private_key that is not a key",
      serviceAccountKey({ private_key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" }),
      "not a readable PEM key",
    ],
  ];
  it.each(malformed)("catches %s in check, naming the property and never echoing the file", async (_what, text, expected) => {
    const [failure] = await failures({
      type: "bigquery",
      configuration: { projectId: "my-project-123" },
      credentials: { serviceAccountKeyJson: text },
    });
    expect(failure.property).toBe("credentials.serviceAccountKeyJson");
    expect(failure.reason).toContain(expected);
    expect(failure.reason).not.toContain("0123456789abcdef");
    expect(failure.reason).not.toContain("BEGIN PRIVATE KEY");
    expect(failure.reason).not.toContain("loader@");
  });
});

describe("trino configuration", () => {
  it("normalises the server URL to its origin", () => {
    const spellings = ["http://Trino.Internal:8080/", "http://trino.internal:8080"].map(
      (server) => parse({ type: "trino", configuration: { server, user: "etl", catalog: "memory" } }).configuration,
    );
    expect(spellings[0]).toEqual({ server: "http://trino.internal:8080", user: "etl", catalog: "memory" });
    expect(spellings[1]).toEqual(spellings[0]);
  });

  it("names a server that is no URL, has a path, or carries a password (not repeated)", async () => {
    for (const server of ["trino.internal:8080", "http://trino.internal:8080/v1/statement", "https://etl:s3cret-pw@trino.internal"]) {
      const [failure] = await failures({ type: "trino", configuration: { server, user: "etl" } });
      expect(failure.property).toBe("configuration.server");
      expect(failure.reason).not.toContain("s3cret-pw");
    }
  });

  it("needs a catalog for a schema, and a user", async () => {
    expect(await failures({ type: "trino", configuration: { server: "http://h:8080", user: "etl", schema: "s" } })).toEqual([
      { property: "configuration.catalog", reason: expect.stringContaining("is required when configuration.schema is set") },
    ]);
    expect(await failures({ type: "trino", configuration: { server: "http://h:8080" } })).toEqual([
      { property: "configuration.user", reason: expect.stringContaining("required") },
    ]);
  });
});
