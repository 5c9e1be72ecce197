/**
 * S3 credentials are secrets. A user puts the S3 secret key where the `s3` block
 * makes it look at home (configuration.s3.secretAccessKey, .sessionToken), at the top of
 * configuration, under credentials.s3, into the endpoint's URL, or as a non-string; or puts a
 * secret-looking value into iamRole or prefix. The connection's check refuses each, naming the
 * property (and where secrets belong), and the value appears in no failure and in nothing the
 * provider prints.
 */
import { describe, expect, it } from "vitest";
import * as connection from "../../provider/resources/connection";
import { redshiftConnection } from "../support/redshift-publication-inputs";

const CANARY = "CANARY-S3-SECRET-7f3a";

type Inputs = { configuration: { s3: Record<string, unknown> } & Record<string, unknown>; credentials: Record<string, unknown> };

const CASES: Array<{ where: string; misplace: (inputs: Inputs) => void; named: RegExp }> = [
  {
    where: "configuration.s3.secretAccessKey",
    misplace: (inputs) => {
      inputs.configuration.s3.secretAccessKey = CANARY;
    },
    named: /configuration\.s3\.secretAccessKey[\s\S]*credentials/,
  },
  {
    where: "configuration.s3.sessionToken",
    misplace: (inputs) => {
      inputs.configuration.s3.sessionToken = CANARY;
    },
    named: /configuration\.s3\.sessionToken[\s\S]*credentials/,
  },
  {
    where: "configuration.secretAccessKey",
    misplace: (inputs) => {
      inputs.configuration.secretAccessKey = CANARY;
    },
    named: /configuration\.secretAccessKey[\s\S]*credentials/,
  },
  {
    where: "credentials.s3",
    misplace: (inputs) => {
      inputs.credentials.s3 = { secretAccessKey: CANARY };
    },
    named: /credentials\.s3/,
  },
  {
    where: "credentials.secretAccessKey as a list",
    misplace: (inputs) => {
      inputs.credentials.secretAccessKey = [CANARY];
    },
    named: /credentials\.secretAccessKey/,
  },
  {
    where: "configuration.s3.iamRole",
    misplace: (inputs) => {
      inputs.configuration.s3.iamRole = CANARY;
    },
    named: /configuration\.s3\.iamRole/,
  },
  {
    where: "configuration.s3.prefix",
    misplace: (inputs) => {
      inputs.configuration.s3.prefix = `${CANARY}'x`;
    },
    named: /configuration\.s3\.prefix/,
  },
  {
    where: "configuration.s3.endpoint (key and secret in the URL)",
    misplace: (inputs) => {
      inputs.configuration.s3.endpoint = `http://AKIAEXAMPLE:${CANARY}@127.0.0.1:1`;
    },
    named: /configuration\.s3\.endpoint/,
  },
];

/** Runs `work` with everything written to stdout and stderr captured. */
async function capturingOutput<T>(work: () => Promise<T>): Promise<{ result: T; printed: string }> {
  let printed = "";
  const writes = { out: process.stdout.write, err: process.stderr.write };
  const capture = (chunk: unknown): boolean => ((printed += String(chunk)), true);
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    return { result: await work(), printed };
  } finally {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
  }
}

describe("Redshift S3 secrets in the wrong field", () => {
  it.each(CASES)("$where: refused at check naming the property, the secret echoed nowhere", async ({ misplace, named }) => {
    const { connectionId: _id, ...valid } = redshiftConnection("hostile-misplaced");
    const inputs = structuredClone(valid) as unknown as Inputs;
    misplace(inputs);
    const { result, printed } = await capturingOutput(() => connection.check({}, { resourceName: "rs", ...inputs }));
    const failures = result.failures ?? [];
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.map((failure) => `${failure.property} ${failure.reason}`).join("\n")).toMatch(named);
    expect(JSON.stringify(failures) + printed).not.toContain(CANARY);
  });
});
