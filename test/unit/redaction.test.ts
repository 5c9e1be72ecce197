import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { errorMessage, redact, secretStrings } from "../../provider/core/redaction";

describe("redaction", () => {
  it("replaces a secret wherever it appears", () => {
    expect(redact("pw=hunter2, again hunter2", ["hunter2"])).toBe("pw=[secret], again [secret]");
  });

  it("replaces the URL-encoded form of a secret", () => {
    const secret = "p@ss w/rd";
    const text = `postgres://app:${encodeURIComponent(secret)}@h/db and raw ${secret}`;
    const redacted = redact(text, [secret]);
    expect(redacted).not.toContain(secret);
    expect(redacted).not.toContain(encodeURIComponent(secret));
    expect(redacted).toBe("postgres://app:[secret]@h/db and raw [secret]");
  });

  it("leaves text without secrets alone", () => {
    expect(redact("nothing here", ["hunter2"])).toBe("nothing here");
  });

  it("collects every non-empty string in credentials, longest first", () => {
    expect(secretStrings({ password: "abc", nested: { token: "abcdef" }, list: ["x"], empty: "" })).toEqual(["abcdef", "abc", "x"]);
  });

  it("redacts overlapping secrets fully when given longest first", () => {
    expect(redact("token abcdef", secretStrings({ a: "abc", b: "abcdef" }))).toBe("token [secret]");
  });

  it("redacts a single line of a PEM key, and a service-account key's private_key and its id", () => {
    const { privateKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    });
    const line = privateKey.split("\n")[5];
    const keyFile = JSON.stringify({
      type: "service_account",
      private_key_id: "0123456789abcdef0123",
      private_key: privateKey,
      client_email: "a@b",
    });
    for (const credentials of [{ privateKey }, { serviceAccountKeyJson: keyFile }]) {
      const redacted = redact(`driver said: bad line ${line}; key id 0123456789abcdef0123`, secretStrings(credentials));
      expect(redacted).not.toContain(line);
      if ("serviceAccountKeyJson" in credentials) expect(redacted).not.toContain("0123456789abcdef0123");
    }
    // Not every JSON value is secret: the client email stays readable in messages.
    expect(redact("as a@b", secretStrings({ serviceAccountKeyJson: keyFile }))).toBe("as a@b");
  });

  it("reads a message from errors and non-errors", () => {
    expect(errorMessage(new Error("boom"))).toBe("boom");
    expect(errorMessage("text")).toBe("text");
  });
});
