import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { check } from "../../provider/resources/connection";
import { secretStrings } from "../../provider/core/redaction";

/**
 * credentials.serviceAccountKeyJson is checked before any network call: malformed JSON, a
 * file of the wrong shape and an unreadable private key each fail the check at that property,
 * and no part of the pasted text comes back.
 */
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();

function keyFile(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: "service_account",
    project_id: "dataplane-test",
    private_key_id: "4f1c2b3a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a",
    private_key: pem,
    client_email: "loader@dataplane-test.iam.gserviceaccount.com",
    client_id: "123456789012345678901",
    ...overrides,
  });
}

function inputs(serviceAccountKeyJson: string): Record<string, unknown> {
  return {
    type: "bigquery",
    // dryRun off: these failures must come from validation alone, before any connection.
    dryRun: "off",
    configuration: { projectId: "dataplane-test" },
    credentials: { serviceAccountKeyJson },
  };
}

/** Pieces of the pasted text that must never appear in a failure. */
function fragments(text: string): string[] {
  const pieces = [text.slice(0, 24), text.slice(-24), "MII", "loader@dataplane-test", "4f1c2b3a9d8e"];
  return pieces.filter((piece) => text.includes(piece));
}

const PROPERTY = "credentials.serviceAccountKeyJson";

describe("BigQuery service-account key validation", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["malformed JSON", keyFile().slice(0, -7), /not valid JSON/],
    ["JSON that is not an object", JSON.stringify([pem]), /not a service-account key file/],
    ["the wrong type of key file", keyFile({ type: "authorized_user" }), /not a service-account key file: type/],
    ["no client_email", keyFile({ client_email: undefined }), /client_email/],
    [
      "a private_key that is not PEM",
      keyFile({ private_key: pem.replace(/MII[A-Za-z0-9+/]{40}/, "MIIbroken!!") }),
      /not a readable PEM key/,
    ],
    ["a private_key cut short", keyFile({ private_key: pem.slice(0, 200) }), /not a readable PEM key/],
  ];

  it.each(cases)("fails the check for %s, named, without echoing the key", async (_, text, message) => {
    const { failures } = await check({}, inputs(text));

    const failure = failures?.find((entry) => entry.property === PROPERTY);
    expect(failure, JSON.stringify(failures)).toBeDefined();
    expect(failure!.reason).toContain(PROPERTY);
    expect(failure!.reason).toMatch(message);
    const shown = JSON.stringify(failures);
    for (const piece of fragments(text)) expect(shown).not.toContain(piece);
  });

  it("accepts a real key file (generated here) and checks nothing else without a dry run", async () => {
    const { failures, inputs: checked } = await check({}, inputs(keyFile()));
    expect(failures ?? []).toEqual([]);
    expect((checked.configuration as Record<string, unknown>).location).toBe("US");
  });

  it("lists the key's PEM lines and private_key_id among the strings redacted everywhere", () => {
    const secrets = secretStrings({ serviceAccountKeyJson: keyFile() });
    expect(secrets).toContain("4f1c2b3a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a");
    const bodyLine = pem.split("\n")[1];
    expect(secrets.some((secret) => secret.includes(bodyLine))).toBe(true);
  });
});
